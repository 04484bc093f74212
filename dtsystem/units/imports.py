"""Excel (xlsx) / CSV export and import of units (office staff import), and the upload → preview →
confirm flow that the unit and task imports share (the same steps as plans.views.import_view, with a
success page of their own and extra choices kept between the steps, such as the task import's document)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dtsystem import policy
from plans.forms import ImportFileForm
from plans.views import export_response

from . import services
from .filters import UnitFilterSet
from .models import Unit


def import_flow(
    request,
    *,
    template: str,
    session_key: str,
    columns: list[str],
    parse_rows: Callable,
    run_import: Callable,
    success_url: str,
    done_message: str,
    form_class=ImportFileForm,
    options: Callable[[dict], dict] | None = None,
    context: dict | None = None,
):
    """Upload → preview (every row, every error with its row and column; nothing saved) → confirm.
    The rows read, and the `options` taken from the form (JSON-able: ids), wait in the session between
    the two steps; `run_import(user=, rows=, commit=, **options)` checks the permission again."""
    from plans.imports import read_dataset

    form = form_class(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": columns, **(context or {})}
    if request.method == "POST" and request.POST.get("token"):
        stored = request.session.get(session_key) or {}
        if stored.get("token") != request.POST["token"]:
            messages.error(request, _("Phiên nhập đã hết hạn. Hãy tải tệp lên lại."))
            return redirect(request.get_full_path())
        report = run_import(user=request.user, rows=stored["rows"], commit=True, **stored.get("options", {}))
        if report.saved:
            request.session.pop(session_key, None)
            messages.success(request, done_message % {"created": report.created, "updated": report.updated})
            return redirect(success_url)
        context.update(report=report, filename=stored.get("filename"))
        return render(request, template, context, status=400)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        chosen = options(form.cleaned_data) if options else {}
        try:
            rows = parse_rows(read_dataset(upload))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            report = run_import(user=request.user, rows=rows, commit=False, **chosen)
            token = secrets.token_urlsafe(16)
            if report.ok:
                request.session[session_key] = {
                    "token": token,
                    "rows": rows,
                    "filename": upload.name,
                    "options": chosen,
                }
            context.update(report=report, token=token, filename=upload.name)
            return render(request, template, context, status=200 if report.ok else 400)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def unit_export_queryset(request):
    """The units the unit list shows, with its filters (?q=&kind=&is_active=)."""
    return UnitFilterSet(
        request.GET, queryset=Unit.objects.select_related("parent").order_by("kind", "name")
    ).qs


@login_required
def unit_export(request):
    from .resources import UnitResource

    dataset = UnitResource().export(queryset=unit_export_queryset(request))
    return export_response(dataset, basename="don-vi", fmt=request.GET.get("format", "xlsx"))


@login_required
def unit_import(request):
    """Import units (office staff): matched by code (updated), others added."""
    from django.urls import reverse

    from .resources import UNIT_COLUMNS, unit_rows

    policy.require(request.user, policy.IMPORT_DATA)
    return import_flow(
        request,
        template="units/unit_import.html",
        session_key="unit_import",
        columns=UNIT_COLUMNS,
        parse_rows=unit_rows,
        run_import=services.units_import,
        success_url=reverse("units:unit_list"),
        done_message=_("Đã nhập %(created)s đơn vị mới, cập nhật %(updated)s đơn vị."),
    )
