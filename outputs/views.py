"""Pages of the outputs. Thin: parse the form, read through selectors, draft or record through services.

- /outputs/scorecards/?period=2022-Q1: the unit scorecards (table, chart), with xlsx and PDF downloads;
- /outputs/chase/?unit=<id|all>&day=dd/mm/yyyy: the chase letter's preview, DOCX/PDF downloads and
  "Đánh dấu đã gửi" (office only)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dtsystem import policy

from . import charts, exports, selectors, services
from .forms import ALL_LATE, ChaseForm, ScorecardForm
from .periods import period_containing

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(content: bytes, *, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _scorecard_form(request, today):
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = period_containing(today, "quarter").code
    form = ScorecardForm(data, today=today)
    return form, form.is_valid()


@login_required
@require_GET
def scorecards(request):
    policy.require(request.user, policy.VIEW_DASHBOARD)
    today = timezone.localdate()
    form, valid = _scorecard_form(request, today)
    card = None
    chart = ""
    if valid:
        card = selectors.scorecard(user=request.user, period=form.cleaned_data["period"], today=today)
        chart = charts.on_time_bars(
            card.rows,
            title=_("Tỷ lệ hoàn thành đúng hạn theo đơn vị, %(period)s") % {"period": card.period.label},
        )
    return render(
        request,
        "outputs/scorecards.html",
        {
            "form": form,
            "card": card,
            "chart": chart,
            "columns": exports.columns(),
            "may_chase": policy.may(request.user, policy.CHASE_UNITS),
            "today": today,
        },
    )


@login_required
@require_GET
def scorecards_export(request, fmt: str):
    policy.require(request.user, policy.VIEW_DASHBOARD)
    today = timezone.localdate()
    form, valid = _scorecard_form(request, today)
    if not valid:
        for error in form.errors.get("period", []):
            messages.error(request, error)
        return redirect(
            f"{reverse('outputs:scorecards')}?{urlencode({'period': request.GET.get('period', '')})}"
        )
    card = selectors.scorecard(user=request.user, period=form.cleaned_data["period"], today=today)
    content = exports.scorecard_xlsx(card) if fmt == "xlsx" else exports.scorecard_pdf(card, today=today)
    return _download(content, filename=exports.scorecard_filename(card, fmt), fmt=fmt)


def _chase_form(request, data):
    today = timezone.localdate()
    if not data.get("unit") and not data.get("day"):
        return ChaseForm(today=today), False
    form = ChaseForm(data, today=today)
    return form, form.is_valid()


@login_required
@require_GET
def chase(request):
    policy.require(request.user, policy.CHASE_UNITS)
    form, valid = _chase_form(request, request.GET)
    drafts, refusal = [], None
    if valid:
        try:
            drafts = services.chase_letters_draft(
                today=form.cleaned_data["day"], unit=form.cleaned_data["unit"]
            )
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
    day = form.cleaned_data["day"] if valid else timezone.localdate()
    sent = {
        letter.unit_id: letter
        for letter in selectors.chase_letters_sent().filter(
            letter_date=day, unit__in=[d.unit for d in drafts]
        )
    }
    for draft in drafts:
        draft.sent = sent.get(draft.unit.pk)
    query = urlencode({"unit": request.GET.get("unit", ""), "day": request.GET.get("day", "")})
    return render(
        request,
        "outputs/chase.html",
        {
            "form": form,
            "drafts": drafts,
            "refusal": refusal,
            "query": query,
            "all_late": request.GET.get("unit") == ALL_LATE,
            "task_total": sum(len(d.items) for d in drafts),
            "unsent": [d for d in drafts if not d.sent],
            "recent": selectors.chase_letters_sent()[:10],
        },
    )


@login_required
@require_GET
def chase_download(request, fmt: str):
    policy.require(request.user, policy.CHASE_UNITS)
    form, valid = _chase_form(request, request.GET)
    if valid:
        try:
            drafts = services.chase_letters_draft(
                today=form.cleaned_data["day"], unit=form.cleaned_data["unit"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            content = services.chase_letter_render(drafts=drafts, fmt=fmt)
            return _download(
                content, filename=services.chase_letter_filename(drafts=drafts, fmt=fmt), fmt=fmt
            )
    else:
        messages.error(request, _("Hãy chọn đơn vị và nhập ngày văn bản hợp lệ."))
    return redirect(f"{reverse('outputs:chase')}?{request.GET.urlencode()}")


@login_required
@require_POST
def chase_mark_sent(request):
    policy.require(request.user, policy.CHASE_UNITS)
    form, valid = _chase_form(request, request.POST)
    back = f"{reverse('outputs:chase')}?{urlencode({'unit': request.POST.get('unit', ''), 'day': request.POST.get('day', '')})}"
    if not valid:
        messages.error(request, _("Hãy chọn đơn vị và nhập ngày văn bản hợp lệ."))
        return redirect(back)
    try:
        letters = services.chase_letters_mark_sent(
            user=request.user, today=form.cleaned_data["day"], unit=form.cleaned_data["unit"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã ghi nhận gửi %(n)s văn bản đôn đốc; %(t)s nhiệm vụ được ghi vào lịch sử.")
            % {"n": len(letters), "t": sum(letter.task_count for letter in letters)},
        )
    return redirect(back)
