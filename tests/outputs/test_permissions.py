"""The permission matrix of the outputs (tests/support/permissions.py): the scorecards are read by everyone
who may see the dashboard (a unit's people see their own units; the API's anonymous caller gets 401/403);
chase letters are the office's: preview, download and 'Đánh dấu đã gửi'."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine

from directives.models import TaskEvent
from outputs.models import ChaseLetter
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix

from .world import build

DASHBOARD_READERS = SIGNED_IN  # every persona of the matrix is a member of a unit, the committee or an admin
DAY = "31/03/2022"


def _chase_query(w):
    return f"?unit={w.unit.pk}&day={DAY}"


ACTIONS = (
    Action("scorecards page", "outputs:scorecards", DASHBOARD_READERS, method="get", query="?period=2022-Q1"),
    Action(
        "scorecards xlsx",
        "outputs:scorecards_export",
        DASHBOARD_READERS,
        method="get",
        args=lambda w: ["xlsx"],
        query="?period=2022-Q1",
    ),
    Action(
        "scorecards pdf",
        "outputs:scorecards_export",
        DASHBOARD_READERS,
        method="get",
        args=lambda w: ["pdf"],
        query="?period=2022-Q1",
        answer=lambda w: w.response.content.startswith(b"%PDF"),
    ),
    Action("scorecards api", "api:scorecards", DASHBOARD_READERS, method="get", query="?period=2022-Q1"),
    Action("chase page", "outputs:chase", OFFICE, method="get", query=f"?unit=all&day={DAY}"),
    Action(
        "chase docx",
        "outputs:chase_download",
        OFFICE,
        method="get",
        args=lambda w: ["docx"],
        query=f"?unit=all&day={DAY}",
        answer=lambda w: w.response.content.startswith(b"PK"),
    ),
    Action(
        "mark sent",
        "outputs:chase_mark_sent",
        OFFICE,
        data=lambda w: {"unit": str(w.unit.pk), "day": DAY},
        effect=lambda w: ChaseLetter.objects.filter(unit=w.unit).exists(),
    ),
)


class TestOutputsPermissions(PermissionMatrix):
    actions = ACTIONS
    observe = (ChaseLetter, TaskEvent)

    @pytest.fixture(autouse=True)
    def frozen_day(self):
        """The scorecard of 2022-Q1 is asked on 15/04/2022 (a period in the future would be refused)."""
        with time_machine.travel("2022-04-15 09:00 +0700", tick=False):
            yield

    @pytest.fixture
    def world(self, office, own_unit, other_unit, lead):
        world = build(office, own_unit, other_unit, lead)
        return SimpleNamespace(unit=own_unit, day=date(2022, 3, 31), **vars(world))
