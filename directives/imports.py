"""Excel (xlsx) / CSV export of the task list (as shown: TaskFilterSet and ?as_of=) and the import of new
tasks into an existing document (office staff), through dtsystem.common.import_flow."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtsystem.common.as_of import default_as_of
from dtsystem.common.exports import stream_export
from dtsystem.common.filters import request_as_of
from dtsystem.common.forms import ImportFileForm
from dtsystem.common.import_flow import ImportPage, import_flow

from . import selectors
from .filters import TaskFilterSet
from .models import Document


class TaskImportForm(ImportFileForm):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Nhập vào văn bản"),
        queryset=Document.objects.order_by("-issue_date", "-id"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    field_order = ["document", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].label_from_instance = lambda d: f"{d.code} — {d.title[:80]}"


def task_export_queryset(request):
    base = selectors.task_list(user=request.user, as_of=request_as_of(request) or default_as_of(request))
    # Units' tasks: a group order is exported as its children (one row per member unit), never twice.
    return TaskFilterSet(request.GET, queryset=base).qs.countable()


@login_required
def task_export(request):
    """The tasks the list shows, with its filters and timeliness at ?as_of= (default today)."""
    from .resources import TaskResource

    return stream_export(
        TaskResource(),
        task_export_queryset(request),
        basename="nhiem-vu",
        fmt=request.GET.get("format", "xlsx"),
    )


@login_required
def task_import(request):
    """Import new tasks into a document chosen on the page (office staff): upload → preview → confirm."""
    from .resources import TaskImport

    initial = request.GET.get("document")
    form_class = TaskImportForm
    if initial and initial.isdigit() and request.method == "GET":

        class form_class(TaskImportForm):  # noqa: N801  (the document the page was opened for)
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["document"].initial = int(initial)

    page = ImportPage(
        title=_("Nhập nhiệm vụ từ Excel"),
        heading=_("Nhập nhiệm vụ mới vào một văn bản từ Excel / CSV"),
        help=_(
            "Đơn vị ghi theo tên, tên viết tắt hoặc tên gọi khác; các đơn vị phối hợp cách nhau bởi dấu “;”. Hạn hoàn thành ghi dd/mm/yyyy, hoặc để trống và ghi thời hạn bằng lời (“trước ngày 25 tháng 01 năm 2022”, “Quý I năm 2022”, “hằng tháng”). Cột “Văn bản” và “Tình trạng” chỉ để tham khảo. Không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Nhập từ Excel"),
        breadcrumbs=[(reverse("directives:task_list"), _("Nhiệm vụ"))],
        sample_url=reverse("task_imports:task_export"),
        sample_label=_("Tải tệp mẫu (danh sách hiện có)"),
    )
    return import_flow(
        request,
        spec=TaskImport,
        page=page,
        success_url=reverse("directives:task_list"),
        done_message=_("Đã nhập %(created)s nhiệm vụ mới."),
        form_class=form_class,
        options=lambda data: {"document": data["document"].pk},
    )


@login_required
def task_update_import(request):
    """The Excel round trip: an exported list comes back with progress, status and notes changed; each task
    is updated by its id through the services (directives/update_import.py): upload → preview of every
    change → confirm."""
    from .update_import import TaskUpdateImport

    page = ImportPage(
        title=_("Cập nhật nhiệm vụ từ Excel"),
        heading=_("Cập nhật tiến độ, trạng thái và ghi chú của nhiệm vụ từ tệp Excel / CSV đã xuất"),
        help=_(
            "Tải danh sách nhiệm vụ xuống (nút “Xuất Excel” trên trang Nhiệm vụ, với bộ lọc bạn cần), sửa cột “Tiến độ (%)”, “Trạng thái” và ghi lý do hoặc nội dung báo cáo ở cột “Ghi chú”, rồi tải lên. Mỗi nhiệm vụ được tìm theo “Mã nhiệm vụ”; các cột khác chỉ để tham khảo. Trước khi lưu, trang cho xem từng thay đổi; không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Cập nhật từ Excel"),
        breadcrumbs=[(reverse("directives:task_list"), _("Nhiệm vụ"))],
        sample_url=reverse("task_imports:task_export"),
        sample_label=_("Tải danh sách nhiệm vụ (tệp để sửa)"),
        show_changes=True,
    )
    return import_flow(
        request,
        spec=TaskUpdateImport,
        page=page,
        success_url=reverse("directives:task_list"),
        done_message=_("Đã cập nhật %(updated)s nhiệm vụ."),
    )
