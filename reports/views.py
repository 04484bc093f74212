"""Report pages: the list with the request form, a progress fragment polled by htmx while a report is
being built, and the permission-checked download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dtsystem import policy

from . import presenters, selectors, services
from .choices import ReportStatus
from .forms import ReportForm


@login_required
def report_list(request):
    policy.require(request.user, policy.VIEW_REPORTS)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(
                user=request.user,
                period=form.cleaned_data["period"],
                plan=form.cleaned_data["plan"],
                number=form.cleaned_data["number"],
                email_committee=form.cleaned_data["email_committee"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã yêu cầu tạo báo cáo %(period)s.") % {"period": report.period})
            return redirect("reports:report_list")
    reports = list(selectors.report_list(user=request.user)[:100])
    for report in reports:
        report.state = presenters.report_state(report)
    return render(request, "reports/report_list.html", {"form": form, "reports": reports})


@login_required
@require_GET
def report_status(request, pk: int):
    """The status cell of one report; it keeps polling itself (hx-trigger every 1s) while building."""
    policy.require(request.user, policy.VIEW_REPORTS)
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    report.state = presenters.report_state(report)
    return render(request, "reports/_report_status.html", {"report": report})


@login_required
@require_GET
def report_download(request, pk: int):
    policy.require(request.user, policy.VIEW_REPORTS)
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404(_("Báo cáo chưa tạo xong."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp báo cáo.")) from exc
    return FileResponse(
        handle, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )


@login_required
@require_POST
def report_retry(request, pk: int):
    policy.require(request.user, policy.VIEW_REPORTS)
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    if services.report_retry(report=report):
        messages.success(request, _("Đã yêu cầu tạo lại báo cáo %(period)s.") % {"period": report.period})
    else:
        report.refresh_from_db()
        messages.info(
            request, services.report_retry_refusal(report) or _("Báo cáo đã được xếp hàng tạo lại.")
        )
    return redirect("reports:report_list")
