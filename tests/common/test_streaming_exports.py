"""Issue 14, memory: every list export streams (dtsystem/common/exports.py). CSV is a StreamingHttpResponse
written a row at a time, XLSX a FileResponse over openpyxl's write-only workbook; the rows are read with
QuerySet.iterator (prefetches per chunk), so the number of queries does not grow with the rows, and the
list's scope is the user's, as before."""

import io
from unittest import mock

import pytest
from django.db.models.query import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives.models import Task
from dtsystem.common import exports
from tests.support.world import bulk_tasks, dated_document

EXPORTS = [
    "task_imports:task_export",
    "unit_imports:unit_export",
    "kpis:target_export",
    "kpis:measurement_export",
    "plans:budget_line_export",
]


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_streams(name, fmt, office, client):
    client.force_login(office)
    response = client.get(reverse(name), {"format": fmt})
    assert response.status_code == 200
    assert response.streaming and isinstance(response, StreamingHttpResponse)
    assert f'.{fmt}"' in response["Content-Disposition"] and "attachment" in response["Content-Disposition"]
    body = response.getvalue()
    if fmt == "csv":
        assert body.startswith("\ufeff".encode())
    else:
        assert isinstance(response, FileResponse) and body.startswith(b"PK")  # a zip: the .xlsx


def _tasks(n, units):
    bulk_tasks(n, units, document=dated_document(number=str(n), issue_year=2022, issue_month=1, issue_day=3))


def _queries(client, url) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        client.get(url).getvalue()  # the body is read inside: a streamed export queries as it is read
    return len(captured.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_task_export_runs_the_same_queries_for_10_and_200_rows(fmt, office, own_unit, other_unit, client):
    client.force_login(office)
    url = reverse("task_imports:task_export") + f"?format={fmt}"
    _queries(client, url)  # caches (calendar, units) warmed
    _tasks(10, [own_unit, other_unit])
    few = _queries(client, url)
    _tasks(190, [own_unit, other_unit])
    many = _queries(client, url)
    assert many == few
    body = client.get(url).getvalue()
    if fmt == "csv":
        assert body.decode("utf-8-sig").count("Nhiệm vụ tổng hợp số") == 200
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        assert sum(1 for _ in sheet.iter_rows(min_row=2)) == 200


def test_the_unit_export_runs_the_same_queries_for_10_and_200_rows(office, client):
    from dtsystem.units.models import Unit

    client.force_login(office)
    url = reverse("unit_imports:unit_export") + "?format=csv"
    _queries(client, url)
    Unit.objects.bulk_create([Unit(code=f"u-a{i}", name=f"Đơn vị thử A{i}") for i in range(10)])
    few = _queries(client, url)
    Unit.objects.bulk_create([Unit(code=f"u-b{i}", name=f"Đơn vị thử B{i}") for i in range(190)])
    assert _queries(client, url) == few


def test_rows_are_read_through_the_iterator_never_as_one_list(office, own_unit, client):
    """The export never evaluates the queryset whole (QuerySet._fetch_all): it iterates it a chunk at a
    time, and a chunk smaller than the rows gives the same file."""
    _tasks(30, [own_unit])
    client.force_login(office)
    url = reverse("task_imports:task_export") + "?format=csv"
    whole = client.get(url).getvalue()
    chunks = []
    real_iterator, real_fetch_all = QuerySet.iterator, QuerySet._fetch_all

    def spy(self, chunk_size=None):
        if self.model is Task:
            chunks.append(chunk_size)
        return real_iterator(self, chunk_size=chunk_size)

    def fetch_all(self):
        assert self.model is not Task or self._result_cache is not None, "the whole list was read"
        return real_fetch_all(self)

    with (
        mock.patch.object(exports, "EXPORT_CHUNK", 7),
        mock.patch.object(QuerySet, "iterator", spy),
        mock.patch.object(QuerySet, "_fetch_all", fetch_all),
    ):
        response = client.get(url)
        assert response.streaming
        body = response.getvalue()
    assert chunks == [7] and body == whole


def test_the_export_keeps_the_users_scope(lead, own_unit, other_unit, client):
    """A unit lead exports the tasks the list shows them (their unit's), not everyone's."""
    _tasks(6, [own_unit, other_unit])
    client.force_login(lead)
    text = client.get(reverse("task_imports:task_export"), {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert text.count("Nhiệm vụ tổng hợp số") == 3 and "Sở Y tế" not in text
