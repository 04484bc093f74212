"""The permission matrix of the iCal feeds: anyone holding a live token reads that feed (no session);
signed-in users create their own feeds (a unit's only as its member or the office) and revoke or
regenerate only their own: someone else's feed is not found (404)."""

from types import SimpleNamespace

import pytest

from calendars.models import CalendarFeed
from calendars.services import calendar_feed_create
from tests.factories import UserFactory
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix, own_and_others
from tests.support.personas import PERSONA_KEYS


def _own(w):
    w.feed = calendar_feed_create(user=w.actor or w.stranger)


def _strangers(w):
    w.feed = calendar_feed_create(user=w.stranger)


def _personal_created(w):
    return CalendarFeed.objects.filter(owner=w.actor, unit=None, revoked_at__isnull=True).exists()


def _unit_created(w):
    return CalendarFeed.objects.filter(owner=w.actor, unit=w.other_unit, revoked_at__isnull=True).exists()


def _revoked(w):
    w.feed.refresh_from_db()
    return w.feed.revoked_at is not None


ACTIONS = (
    Action(
        "read a feed by its token",
        "calendars:feed",
        PERSONA_KEYS,
        method="get",
        args=lambda w: [w.feed.token],
        setup=_strangers,
    ),
    Action("create own feed", "calendars:feed_create", SIGNED_IN, data={}, effect=_personal_created),
    Action(
        "create a unit's feed",
        "calendars:feed_create",
        {"office", "admin", "other_lead"},
        data=lambda w: {"unit": w.other_unit.pk},
        effect=_unit_created,
    ),
    *own_and_others(
        "revoke a feed",
        "calendars:feed_revoke",
        own=_own,
        others=_strangers,
        args=lambda w: [w.feed.pk],
        effect=_revoked,
    ),
    *own_and_others(
        "regenerate a feed",
        "calendars:feed_regenerate",
        own=_own,
        others=_strangers,
        args=lambda w: [w.feed.pk],
        effect=_revoked,
    ),
)


class TestCalendarPermissions(PermissionMatrix):
    actions = ACTIONS
    observe = (CalendarFeed,)

    @pytest.fixture
    def world(self, db, other_unit):
        return SimpleNamespace(stranger=UserFactory(username="nguoi_la_lich"), other_unit=other_unit)
