"""Issue 14, memory: the report reads its long lists a chunk at a time (keyset pages, each one complete
query) and lays its pages out a chunk of rows at a time (reports/pdf.py), and the PDF still reads as one
document: every task once, pages numbered straight through."""

import re
import subprocess
from datetime import date
from unittest import mock

from django.db.models import F

from directives.models import Task
from reports import selectors, services
from reports.choices import ReportStatus
from tests.support.world import bulk_tasks, dated_document, make_document


def _plain_order(qs):
    return list(
        qs.order_by(
            F("document__issue_date").asc(nulls_last=True), "document_id", "position", "id"
        ).values_list("pk", flat=True)
    )


def test_the_appendix_read_in_chunks_is_the_whole_list_in_its_order(own_unit, other_unit):
    # two documents of the same day, one without an issue date (last), tasks sharing positions
    first = dated_document(number="1", issue_year=2022, issue_month=1, issue_day=5)
    same_day = dated_document(number="2", issue_year=2022, issue_month=1, issue_day=5)
    undated = make_document(number="3")
    for document in (undated, same_day, first):
        bulk_tasks(7, [own_unit, other_unit], document=document)
    Task.objects.filter(document=same_day).update(position=1)  # ties broken by id
    tasks = selectors.report_tasks(as_of=date(2022, 6, 30))
    expected = _plain_order(tasks)
    assert len(expected) == 21
    for size in (1, 2, 5, 7, 20, 500):
        assert [t.pk for t in selectors.appendix_tasks(tasks, chunk=size)] == expected, size


def test_a_chunk_is_one_query_and_never_more_rows_than_the_chunk(own_unit, django_assert_num_queries):
    bulk_tasks(25, [own_unit])
    tasks = selectors.report_tasks(as_of=date(2022, 6, 30))
    sizes = []
    real = selectors.keyset_chunks

    def spy(*args, **kwargs):
        for chunk in real(*args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    with mock.patch.object(selectors, "keyset_chunks", side_effect=spy), django_assert_num_queries(3):
        assert len(list(selectors.appendix_tasks(tasks, chunk=10))) == 25
    assert sizes == [10, 10, 5]


def test_the_overdue_list_in_chunks_is_most_late_first(own_unit, other_unit):
    bulk_tasks(30, [own_unit, other_unit])
    as_of = date(2022, 3, 31)
    tasks = selectors.report_tasks(as_of=as_of)
    whole = list(selectors.overdue_tasks(tasks, as_of, chunk=1000))
    assert len(whole) == selectors.overdue_figures(tasks)["count"] > 5
    assert [t.pk for t in selectors.overdue_tasks(tasks, as_of, chunk=3)] == [t.pk for t in whole]
    assert [t.days_late for t in whole] == sorted((t.days_late for t in whole), reverse=True)


def test_a_long_report_is_laid_out_in_chunks_and_reads_as_one(own_unit, other_unit, coord_unit, settings):
    from weasyprint import HTML

    settings.REPORT_PDF_CHUNK_ROWS = 40
    bulk_tasks(300, [own_unit, other_unit, coord_unit])
    report = services.report_create(period="2022-Q2", today=date(2022, 6, 30))
    real_render = HTML.render
    rendered = []

    def spy(self, *args, **kwargs):
        document = real_render(self, *args, **kwargs)
        rendered.append(len(document.pages))
        return document

    with mock.patch.object(HTML, "render", autospec=True, side_effect=spy):
        services.report_build(report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.task_count == 300
    assert len(rendered) > 5  # several documents, none holding the whole report
    assert max(rendered) < report.page_count
    text = re.sub(r"\s+", " ", _pdftotext(report.file.path))
    for n in range(1, 301):  # every task of the appendix exactly once, none lost or doubled at a seam
        assert len(
            re.findall(rf"Nhiệm vụ tổng hợp số {n}: triển khai nền tảng số dùng chung của Tỉnh", text)
        ) == (2 if _overdue(n) else 1), n
    assert "Tổng số nhiệm vụ được giao là 300 nhiệm vụ" in text and "PHỤ LỤC" in text
    # the number in the top margin (20 mm) of each page: none on the first, then straight through the seams
    margins = _pdftotext(report.file.path, "-x", "0", "-y", "0", "-W", "596", "-H", "56").split("\f")
    assert [m.strip() for m in margins[: report.page_count]] == [""] + [
        str(page) for page in range(2, report.page_count + 1)
    ]


def _pdftotext(path, *args) -> str:
    from tests.live import require_tool

    return subprocess.run(
        [require_tool("pdftotext"), *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _overdue(n: int) -> bool:
    """bulk_tasks: task n is due on 01/01/2022 + (n-1) % 180 days; every third is done; as of 30/06/2022
    the open ones due before then are overdue (listed in section I.3 as well as in the appendix)."""
    due = date(2022, 1, 1).toordinal() + (n - 1) % 180
    return (n - 1) % 3 != 2 and due < date(2022, 6, 30).toordinal()
