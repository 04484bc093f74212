"""The page flow of every import: upload → preview (every row, every error; nothing saved) → confirm,
on one page template (includes/import_page.html)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dtsystem.common.forms import ImportFileForm
from dtsystem.common.imports import RowSpec, read_dataset, rows_import

TEMPLATE = "includes/import_page.html"


@dataclass
class ImportPage:
    """What an import page says around the common flow."""

    title: str  # the window's title
    heading: str
    help: str  # after the list of columns
    crumb: str  # the page's own breadcrumb
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (url, label) before it
    sample_url: str = ""  # a file to start from (an export)
    sample_label: str = ""
    hidden: dict = field(default_factory=dict)  # posted again with both forms (the plan: ?plan=)
    show_changes: bool = False  # the preview lists each row's changes, before → after (update imports)


def import_flow(
    request,
    *,
    spec: type[RowSpec],
    page: ImportPage,
    success_url: str,
    done_message: str,
    form_class=ImportFileForm,
    options: Callable[[dict], dict] | None = None,
):
    """Upload → preview (every row, every error with its row and column; nothing saved) → confirm, for
    the users `spec.authorize` lets in.
    `spec.from_options(**options)` checks the rows, with the `options` taken from the form (JSON-able:
    ids). The rows read and the options wait in the session (one key per spec) between the two steps;
    the confirmation runs the import again, permission check included, and saves it if every row is
    still valid."""
    spec.authorize(request.user)
    session_key = f"import:{spec.__name__}"
    form = form_class(request.POST or None, request.FILES or None)
    context = {"form": form, "page": page, "columns": spec.columns}
    if request.method == "POST" and request.POST.get("token"):
        stored = request.session.get(session_key) or {}
        if stored.get("token") != request.POST["token"]:
            messages.error(request, _("Phiên nhập đã hết hạn. Hãy tải tệp lên lại."))
            return redirect(request.get_full_path())
        rows_spec = spec.from_options(**stored.get("options", {}))
        report = rows_import(spec=rows_spec, user=request.user, rows=stored["rows"], commit=True)
        if report.saved:
            request.session.pop(session_key, None)
            messages.success(request, done_message % {"created": report.created, "updated": report.updated})
            return redirect(success_url)
        context.update(report=report, filename=stored.get("filename"))
        return render(request, TEMPLATE, context, status=400)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        chosen = options(form.cleaned_data) if options else {}
        rows_spec = spec.from_options(**chosen)
        try:
            rows = rows_spec.read(read_dataset(upload))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            report = rows_import(spec=rows_spec, user=request.user, rows=rows, commit=False)
            token = secrets.token_urlsafe(16)
            if report.ok:
                request.session[session_key] = {
                    "token": token,
                    "rows": rows,
                    "filename": upload.name,
                    "options": chosen,
                }
            context.update(report=report, token=token, filename=upload.name)
            return render(request, TEMPLATE, context, status=200 if report.ok else 400)
    return render(request, TEMPLATE, context, status=400 if request.method == "POST" else 200)
