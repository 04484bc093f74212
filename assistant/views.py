"""The notice-text assistant page (office staff): paste or upload a notice → review the header and
the proposed tasks → one click saves the units accepted as new, the document and its tasks through
services.document_create_from_extraction (which ends in directives' document_create, the same
service as manual entry). Nothing is written before that click; the review screen carries its state
in the page itself (the text and each row's source spans travel in hidden fields)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.forms import UnitChoices
from dtsystem import policy
from dtsystem.common.exceptions import DomainError
from dtsystem.core.workdays import working_calendar
from extraction import NoticeFileError, extract_notice

from . import presenters, selectors, services
from .forms import (
    TASKS_PREFIX,
    NoticeHeaderForm,
    NoticeInputForm,
    ProposedTaskFormSet,
    deadline_preview,
    initial_rows_from,
    notice_file_error,
    parse_spans,
    review_threshold,
    source_snippets,
)

STEP_READ = "read"
STEP_SAVE = "save"


@login_required
def start(request):
    """Step 1 (GET, or POST step=read) and step 2 (POST step=save) on one URL."""
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    if request.method != "POST":
        return render(request, "assistant/start.html", {"form": NoticeInputForm()})
    if request.POST.get("step") == STEP_SAVE:
        return _save(request)
    form = NoticeInputForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "assistant/start.html", {"form": form}, status=400)
    text = form.cleaned_data["notice_text"]
    try:
        extraction = extract_notice(text, units=selectors.known_units(), calendar=working_calendar)
    except NoticeFileError as exc:  # nothing readable (a table without a header, a text too long)
        form.add_error("file" if request.FILES.get("file") else "text", notice_file_error(exc))
        return render(request, "assistant/start.html", {"form": form}, status=400)
    units = UnitChoices()
    header = NoticeHeaderForm(initial=NoticeHeaderForm.initial_from(extraction, text), units=units)
    formset = ProposedTaskFormSet(
        prefix=TASKS_PREFIX, form_kwargs={"units": units}, initial_rows=initial_rows_from(extraction)
    )
    return _review(
        request,
        header,
        formset,
        units,
        text=text,
        ref_year=extraction.reference_year,
        warnings=extraction.warnings,
    )


def _save(request):
    units = UnitChoices()
    header = NoticeHeaderForm(request.POST, units=units)
    formset = ProposedTaskFormSet(request.POST, prefix=TASKS_PREFIX, form_kwargs={"units": units})
    error = ""
    if header.is_valid() and formset.is_valid():
        rows = formset.filled_forms()
        try:
            document = services.document_create_from_extraction(
                user=request.user,
                header=header.service_data(),
                rows=[row.cleaned_data for row in rows],
                proposal=header.cleaned_data.get("proposal"),
                shape=header.cleaned_data.get("shape") or "",
            )
        except ValidationError as exc:
            by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, errors in by_field.items():
                header.add_error(field if field in header.fields else None, errors)
            error = " ".join(exc.messages)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Đã tạo văn bản %(code)s với %(count)s nhiệm vụ từ văn bản đã dán.")
                % {"code": document.code, "count": len(rows)},
            )
            return redirect("directives:document_detail", pk=document.pk)
    text = header.data.get("source_text", "")
    if hasattr(header, "cleaned_data") and "source_text" in header.cleaned_data:
        text = header.cleaned_data["source_text"]
    return _review(
        request, header, formset, units, text=text, ref_year=header.ref_year(), error=error, status=400
    )


def _review(
    request, header, formset, units, *, text: str, ref_year, error: str = "", status: int = 200, warnings=()
):
    rows = formset.filled_forms()
    for form in rows:
        form.snippets = source_snippets(text, parse_spans(form.value_of("source")))
        form.preview = deadline_preview(form.value_of("deadline_text") or "", ref_year)
    invalid = sum(1 for form in rows if form.errors)
    if not error and (header.errors or invalid or formset.non_form_errors()):
        error = _("Chưa lưu: hãy sửa các ô được đánh dấu (%(count)s nhiệm vụ cần sửa).") % {"count": invalid}
    return render(
        request,
        "assistant/review.html",
        {
            "form": header,
            "formset": formset,
            "rows": rows,
            "to_check": [form for form in rows if form.needs_review],
            "threshold": review_threshold(),
            "warnings": warnings,
            "error": error,
            "unit_search": units.search,
        },
        status=status,
    )


@login_required
@require_GET
def quality(request):
    """The assistant's acceptance rate per field and month, from what the clerks saved (FieldReview)."""
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    return render(
        request,
        "assistant/quality.html",
        presenters.quality_page(
            selectors.acceptance_by_month(), selectors.recent_corrections(), selectors.acceptance_by_shape()
        ),
    )
