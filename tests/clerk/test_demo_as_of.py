"""The demo opens at a day inside the demo data (settings.DEMO_AS_OF, 31/03/2022 under `make run`) with a
visible switch to today; without the setting (production, tests) nothing changes: today applies."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from directives import services
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix

DEMO_DAY = date(2022, 3, 31)


@pytest.fixture
def demo(settings):
    settings.DEMO_AS_OF = DEMO_DAY
    return DEMO_DAY


@pytest.fixture
def late_and_due(office, own_unit):
    """One task due 15/03/2022 (overdue at the demo's day) and one due 30/04/2022 (on track then; both
    overdue today)."""
    from tests.support.directives import make_notice

    rows = [
        {
            "item": "1",
            "content": "Việc hạn giữa tháng 3",
            "lead_unit": own_unit,
            "deadline_text": "trước ngày 15/03/2022",
        },
        {
            "item": "2",
            "content": "Việc hạn cuối tháng 4",
            "lead_unit": own_unit,
            "deadline_text": "trước ngày 30/04/2022",
        },
    ]
    return make_notice(office, own_unit, tasks=rows)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_without_the_setting_there_is_no_banner_and_today_applies(client, office, late_and_due):
    client.force_login(office)
    response = client.get(reverse("directives:task_list"))
    assert 'id="demo-as-of"' not in response.content.decode()
    assert response.context["as_of"] == date.today()
    assert client.post(reverse("as_of_switch"), {"to": "today"}).status_code == 404


def test_the_demo_opens_at_its_day_and_the_banner_switches_to_today_and_back(
    client, office, demo, late_and_due
):
    client.force_login(office)
    url = reverse("directives:task_list")
    response = client.get(url)
    html = response.content.decode()
    assert response.context["as_of"] == DEMO_DAY
    assert "số liệu được tính đến ngày 31/03/2022" in _text(html) and "Xem theo hôm nay" in html
    assert 'value="31/03/2022"' in html  # the as-of field of the filters shows it too
    home = _text(client.get("/").content.decode())
    assert "Quá hạn 1" in home  # the home panel counts at 31/03/2022: one overdue of two

    response = client.post(reverse("as_of_switch"), {"to": "today", "next": url})
    assert response.status_code == 302 and response.url == url
    response = client.get(url)
    assert response.context["as_of"] == date.today()
    assert "Trở lại ngày 31/03/2022" in response.content.decode()
    assert "Quá hạn 2" in _text(client.get("/").content.decode())

    client.post(reverse("as_of_switch"), {"to": "demo", "next": url})
    assert client.get(url).context["as_of"] == DEMO_DAY


def test_an_explicit_as_of_wins_over_the_demo_day(client, office, demo, late_and_due):
    client.force_login(office)
    response = client.get(reverse("directives:task_list"), {"as_of": "01/03/2022"})
    assert response.context["as_of"] == date(2022, 3, 1)


def test_the_dashboard_and_my_tasks_count_at_the_demo_day(client, lead, demo, late_and_due):
    client.force_login(lead)
    dashboard = client.get(reverse("dashboard:index"))
    assert dashboard.status_code == 200 and 'value="31/03/2022"' in dashboard.content.decode()
    task = late_and_due.tasks.get(item="2")
    services.task_transition(task=task, user=lead, to="in_progress")
    mine = _text(client.get(reverse("directives:my_tasks")).content.decode())
    assert "Việc hạn cuối tháng 4" in mine


def test_switching_goes_back_only_to_this_site(client, office, demo):
    client.force_login(office)
    response = client.post(reverse("as_of_switch"), {"to": "today", "next": "https://example.com/"})
    assert response.url == "/"


class TestDemoSwitch(PermissionMatrix):
    """The switch changes the visitor's own session: every signed-in persona may use it."""

    actions = (
        Action(
            "switch the demo to today",
            "as_of_switch",
            SIGNED_IN,
            data={"to": "today", "next": "/"},
        ),
    )
    observe = (Session,)

    @pytest.fixture
    def world(self, demo):
        return SimpleNamespace()
