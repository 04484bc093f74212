"""The page flow of every import: upload → preview (every row, every error; nothing saved) → confirm."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dtsystem.common.forms import ImportFileForm
from dtsystem.common.imports import read_dataset


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
