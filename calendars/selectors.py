"""Reads for the iCal feeds: a live feed by its token, a user's feeds, and the deadlines a feed shows."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from directives.choices import TaskStatus
from directives.models import Task
from directives.selectors import in_scope
from dtsystem import policy
from dtsystem.units.models import Unit

from .models import CalendarFeed

PAST_DAYS = 366  # deadlines older than a year are left out
MAX_EVENTS = 2000  # a feed is bounded whatever the data size


def live_feed(token: str) -> CalendarFeed | None:
    """The feed of this token, if not revoked and its owner still active (else None: the URL is 404)."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.select_related("owner", "unit")
        .filter(token=token, revoked_at__isnull=True, owner__is_active=True)
        .first()
    )


def feeds_of(*, user) -> list[CalendarFeed]:
    return list(CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).select_related("unit"))


def feed_units(*, user) -> list[Unit]:
    """Units whose feed the user may create: the units they are a member of (lead or staff)."""
    actor = policy.actor_for(user)
    if not actor.member_unit_ids:
        return []
    return list(Unit.objects.filter(pk__in=actor.member_unit_ids, is_active=True).order_by("name"))


def feed_tasks(*, feed: CalendarFeed, today: date | None = None) -> QuerySet[Task]:
    """The deadlines of a feed: tasks led by the feed's unit, or by the owner's units (as the owner's
    memberships are NOW: a user who left a unit stops seeing its deadlines), with a due date, not cancelled:
    every unfinished one, and the finished ones due from a year ago on; at most MAX_EVENTS, by deadline."""
    today = today or timezone.localdate()
    unit_ids = {feed.unit_id} if feed.unit_id else policy.actor_for(feed.owner).member_unit_ids
    return (
        in_scope(Task.objects.filter(lead_unit_id__in=unit_ids))
        .filter(due_date__isnull=False)
        .filter(Q(due_date__gte=today - timedelta(days=PAST_DAYS)) | ~Q(status=TaskStatus.DONE))
        .select_related("document", "lead_unit")
        .order_by("due_date", "id")[:MAX_EVENTS]
    )
