"""'Chờ xác nhận' on the approvals page: what waits, grouped by lead unit, with the counts of each kind."""

import re
from datetime import date

from django.urls import reverse

from directives import services
from directives.choices import TaskStatus
from tests.support.directives import FUTURE, make_notice


def _rows(unit, n):
    return [
        {
            "item": str(i),
            "content": f"Việc {i} của {unit.short_name}",
            "lead_unit": unit,
            "deadline_text": f"năm {FUTURE}",
        }
        for i in range(1, n + 1)
    ]


def _waiting(office, lead, other_lead, own_unit, other_unit, *, own=(2, 1), other=(1, 0)):
    """own_unit: own[0] completion reports and own[1] extension requests; other_unit likewise."""
    for unit, user, (reports, extensions) in ((own_unit, lead, own), (other_unit, other_lead, other)):
        document = make_notice(office, unit, tasks=_rows(unit, reports + extensions), number=unit.code)
        tasks = list(document.tasks.order_by("position"))
        for task in tasks[:reports]:
            services.task_transition(task=task, user=user, to=TaskStatus.REPORTED_DONE)
        for task in tasks[reports:]:
            services.task_request_extension(
                task=task, user=user, new_due_date=date(FUTURE + 1, 3, 31), reason="Chờ vốn"
            )


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_queue_groups_what_waits_by_unit_with_counts(
    client, office, lead, other_lead, own_unit, other_unit
):
    _waiting(office, lead, other_lead, own_unit, other_unit)
    client.force_login(office)
    html = client.get(reverse("directives:approval_queue")).content.decode()
    summary = html.split('id="waiting-summary"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr class="waiting-unit" data-unit="(\d+)">(.*?)</tr>', summary, re.S)
    assert [int(pk) for pk, _ in rows] == [own_unit.pk, other_unit.pk]  # the unit with most waiting first
    assert _text(rows[0][1]).split()[-3:] == ["2", "1", "3"]
    assert _text(rows[1][1]).split()[-3:] == ["1", "0", "1"]
    assert "Chờ xác nhận" in summary and "4 việc" in _text(summary)
    reports = html.split('id="completion-reports"', 1)[1].split("</section>", 1)[0]
    headings = re.findall(r'id="reports-unit-(\d+)">([^<]+)<span[^>]*>(\d+)</span>', reports)
    assert [(int(pk), int(n)) for pk, _name, n in headings] == [(own_unit.pk, 2), (other_unit.pk, 1)]
    # each report sits under its unit's heading
    own_part = reports.split(f'id="reports-unit-{other_unit.pk}"')[0]
    assert own_part.count('class="card shadow-sm mb-2 completion-report"') == 2
    extensions = html.split('id="extension-requests"', 1)[1]
    assert re.findall(r'id="extensions-unit-(\d+)"', extensions) == [str(own_unit.pk)]


def test_the_queue_runs_the_same_queries_whatever_it_holds(
    client, office, lead, other_lead, own_unit, other_unit, django_assert_max_num_queries
):
    _waiting(office, lead, other_lead, own_unit, other_unit, own=(1, 1), other=(0, 0))
    client.force_login(office)
    url = reverse("directives:approval_queue")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _waiting(office, lead, other_lead, own_unit, other_unit, own=(3, 2), other=(4, 3))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_an_empty_queue_says_so(client, office):
    client.force_login(office)
    html = _text(client.get(reverse("directives:approval_queue")).content.decode())
    assert "Không có việc nào chờ xác nhận." in html


def test_the_summary_shows_the_units_with_most_waiting_first_and_the_rest_on_request(
    client, office, lead, other_lead, own_unit, other_unit, monkeypatch
):
    """A province has hundreds of units with something waiting: the summary lists the first WAITING_ROWS
    (here 1), says how many more there are, and lists every unit when asked; the totals count them all."""
    from directives import presenters

    monkeypatch.setattr(presenters, "WAITING_ROWS", 1)
    _waiting(office, lead, other_lead, own_unit, other_unit)
    client.force_login(office)
    url = reverse("directives:approval_queue")

    def summary_of(html):
        part = html.split('id="waiting-summary"', 1)[1].split("</section>", 1)[0]
        return part, [int(pk) for pk in re.findall(r'<tr class="waiting-unit" data-unit="(\d+)">', part)]

    part, units = summary_of(client.get(url).content.decode())
    assert units == [own_unit.pk]
    assert "Xem thêm 1 đơn vị" in _text(part) and "4 việc" in _text(part)
    link = re.search(r'href="\?([^"#]+)#waiting-summary" id="waiting-show-all"', part).group(1)
    part, units = summary_of(client.get(f"{url}?{link.replace('&amp;', '&')}").content.decode())
    assert units == [own_unit.pk, other_unit.pk]
    assert "Xem thêm" not in _text(part)
