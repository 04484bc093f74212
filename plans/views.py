"""Plan pages: list, and detail with tabs (objectives & KPI targets, tasks, budget, legal bases);
disbursement entry for office staff; Excel/CSV export of budget lines and the import flow shared by
the budget line and KPI imports (office staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from directives import presenters as task_presenters
from directives import selectors as task_selectors
from dtsystem import policy
from dtsystem.common.exports import stream_export
from dtsystem.common.filters import request_as_of
from dtsystem.common.forms import form_add_service_errors
from dtsystem.common.import_flow import ImportPage, import_flow
from kpis.selectors import attainment_counts, kpi_target_tree

from . import presenters, selectors, services
from .filters import BudgetLineFilterSet, PlanFilterSet
from .forms import DisbursementForm
from .models import Plan

TABS = ["kpis", "tasks", "budget", "legal"]
TASKS_PER_PAGE = 50


@login_required
def plan_list(request):
    filterset = PlanFilterSet(request.GET, queryset=selectors.plan_list(user=request.user))
    return render(request, "plans/plan_list.html", {"filter": filterset, "plans": list(filterset.qs)})


@login_required
def plan_detail(request, pk: int):
    try:
        plan = selectors.plan_detail(user=request.user, pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "kpis"
    if "task_page" in request.GET and "tab" not in request.GET:
        tab = "tasks"
    targets = kpi_target_tree(user=request.user, plan=plan)
    tasks = (
        task_selectors.task_list(user=request.user, as_of=request_as_of(request))
        .filter(document=plan.document)
        .order_by("position", "id")
    )
    # The plan's tasks, one page at a time (a plan may hold thousands).
    task_page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("task_page"))
    task_page.object_list = task_presenters.label_timeliness(list(task_page.object_list))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "document": plan.document,
            "tab": tab,
            "target_groups": presenters.target_groups(request.user, targets),
            "attainment_counts": attainment_counts(targets),
            "target_count": len(targets),
            "objectives": presenters.objectives(plan),
            "tasks": task_page,
            **presenters.budget_tables(selectors.budget_line_list(user=request.user, plan=plan)),
            "totals": selectors.plan_budget_totals(plan),
            "breakdown": selectors.plan_budget_breakdown(plan),
            "disbursement": selectors.plan_disbursement_summary(plan),
            "legal_bases": list(plan.legal_basis_links.all()),
            "sections": list(plan.sections.all()),
            "may_disburse": policy.may(request.user, policy.RECORD_DISBURSEMENT),
            "may_import": policy.may(request.user, policy.IMPORT_DATA),
        },
    )


@login_required
def disbursement_create(request, pk: int):
    """Record a disbursement on a budget line (office staff only: others get 403)."""
    line = get_object_or_404(selectors.budget_line_list(user=request.user), pk=pk)
    policy.require(request.user, policy.RECORD_DISBURSEMENT)
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_record(user=request.user, budget_line=line, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận giải ngân."))
            return redirect(reverse("plans:plan_detail", args=[line.plan_id]) + "?tab=budget")
    presenters.with_rates([line])
    disbursements = list(line.disbursements.select_related("entered_by").order_by("date", "id"))
    return render(
        request,
        "plans/disbursement_form.html",
        {"line": line, "form": form, "disbursements": disbursements, "plan_id": line.plan_id},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def budget_line_export(request):
    """The budget lines the list shows (BudgetLineFilterSet: ?plan=&line_type=&pillar_code=&unit=)."""
    from .resources import BudgetLineResource

    filterset = BudgetLineFilterSet(request.GET, queryset=selectors.budget_line_list(user=request.user))
    return stream_export(
        BudgetLineResource(), filterset.qs, basename="kinh-phi", fmt=request.GET.get("format", "xlsx")
    )


def import_view(
    request,
    *,
    spec,
    page: ImportPage,
    tab: str,
    tab_label: str,
    sample: str,
    done_message: str,
):
    """The common import flow (dtsystem.common.import_flow) for the imports opened from a plan or the
    plan list: the plan's tab in the breadcrumbs, its rows as the sample file (`sample`: the export's
    URL name), and back to the tab (?plan=) or to the list once saved."""
    plan_id = request.GET.get("plan") or request.POST.get("plan")
    plan_id = plan_id if str(plan_id or "").isdigit() else None
    page.breadcrumbs = [(reverse("plans:plan_list"), _("Kế hoạch"))]
    success_url = reverse("plans:plan_list")
    if plan_id:
        success_url = reverse("plans:plan_detail", args=[plan_id]) + f"?tab={tab}"
        page.breadcrumbs.append((success_url, tab_label))
        page.sample_url = reverse(sample) + f"?plan={plan_id}"
        page.hidden = {"plan": plan_id}
    return import_flow(
        request,
        spec=spec,
        page=page,
        success_url=success_url,
        done_message=done_message,
    )


@login_required
def budget_line_import(request):
    """Import budget lines (office staff): lines are matched by plan, kind and Stt (updated), others added."""
    from .resources import BudgetLineImport

    page = ImportPage(
        title=_("Nhập kinh phí từ Excel"),
        heading=_("Nhập dòng kinh phí từ Excel / CSV"),
        help=_(
            "Số tiền tính bằng triệu đồng, viết kiểu Việt Nam (177.510 hoặc 1,5). Dòng có cùng kế hoạch, loại vốn và số thứ tự được cập nhật; các dòng khác được thêm mới. Không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Nhập kinh phí"),
        sample_label=_("Tải tệp mẫu (kinh phí hiện có)"),
    )
    return import_view(
        request,
        spec=BudgetLineImport,
        page=page,
        tab="budget",
        tab_label=_("Kinh phí của kế hoạch"),
        sample="plans:budget_line_export",
        done_message=_("Đã nhập %(created)s dòng kinh phí mới, cập nhật %(updated)s dòng."),
    )
