"""Downloads of the list pages' exports (.xlsx, .csv), streamed: the rows are read from the database a
chunk at a time (`QuerySet.iterator(chunk_size=EXPORT_CHUNK)`, prefetches done per chunk) and written out
as they come, so an export holds one chunk of rows in Python whatever its length, in a constant number of
queries. CSV goes out as it is written (StreamingHttpResponse); XLSX is written by openpyxl's write-only
workbook (rows spooled to disk) into a temporary file that is then sent (FileResponse)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

EXPORT_CHUNK = 2000  # rows read a query at a time (and a prefetch query each)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SPOOL_BYTES = 4 * 1024 * 1024  # an .xlsx bigger than this is written to a file on disk, not kept in memory


def resource_rows(resource, queryset) -> tuple[list[str], Iterator[list]]:
    """(headers, rows) of an import-export resource over `queryset`, the rows produced one at a time
    (the resource's own `export()` collects them all in a tablib dataset first)."""
    resource.before_export(queryset)
    queryset = resource.filter_export(queryset)
    headers = resource.get_export_headers()

    def rows() -> Iterator[list]:
        for obj in queryset.iterator(chunk_size=EXPORT_CHUNK):
            yield resource.export_resource(obj)

    return headers, rows()


def stream_export(resource, queryset, *, basename: str, fmt: str) -> StreamingHttpResponse:
    """The export of `resource` over `queryset` as an .xlsx (default) or .csv download, streamed."""
    headers, rows = resource_rows(resource, queryset)
    return stream_rows(headers, rows, basename=basename, fmt=fmt)


def stream_rows(
    headers: list[str], rows: Iterable[list], *, basename: str, fmt: str
) -> StreamingHttpResponse:
    fmt = fmt if fmt in ("xlsx", "csv") else "xlsx"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(headers, rows), content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{basename}.csv"'
        return response
    return FileResponse(
        _xlsx_file(headers, rows, title=basename),
        as_attachment=True,
        filename=f"{basename}.xlsx",
        content_type=XLSX_TYPE,
    )


class _Line:
    """A file-like object whose write() returns what it is given (csv.writer writes one line at a time)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM (Excel opens it with the right characters), one line at a time."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(headers)).encode("utf-8")
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row]).encode("utf-8")


_PLAIN = (str, int, float, Decimal, date, datetime, time, bool)


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, _PLAIN):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _xlsx_file(headers: list[str], rows: Iterable[list], *, title: str):
    """An .xlsx (header row bold and frozen) written row by row into a temporary file, rewound."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    handle.seek(0)
    return handle
