"""Downloads of tablib datasets (the list pages' exports)."""

from django.http import HttpResponse


def export_response(dataset, *, basename: str, fmt: str) -> HttpResponse:
    """A tablib dataset as an .xlsx (default) or .csv download (CSV in UTF-8 with BOM, for Excel)."""
    fmt = fmt if fmt in ("xlsx", "csv") else "xlsx"
    if fmt == "csv":
        content = "\ufeff" + dataset.csv
        content_type = "text/csv; charset=utf-8"
    else:
        content = dataset.xlsx
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response
