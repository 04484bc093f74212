"""Writes for the iCal feeds: create, revoke, regenerate (revoke + new token). Only the owner changes a
feed; a unit's feed is created by a member of the unit (or the office)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dtsystem import policy

from .models import CalendarFeed


def _may_use_unit(user, unit) -> bool:
    actor = policy.actor_for(user)
    return unit.pk in actor.member_unit_ids or actor.is_office


@transaction.atomic
def calendar_feed_create(*, user, unit=None) -> CalendarFeed:
    """A new live feed for the user (personal) or for `unit`; an existing live one is kept (returned)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bạn cần đăng nhập."))
    if unit is not None and not _may_use_unit(user, unit):
        raise policy.Refused(_("Bạn chỉ tạo được lịch của đơn vị mình."), action="calendar.create", obj=unit)
    existing = CalendarFeed.objects.filter(owner=user, unit=unit, revoked_at__isnull=True).first()
    if existing:
        return existing
    feed = CalendarFeed(owner=user, unit=unit)
    feed.full_clean()
    try:
        with transaction.atomic():
            feed.save()
    except IntegrityError as exc:  # a concurrent request created it
        raise ValidationError(_("Liên kết lịch này vừa được tạo; hãy tải lại trang.")) from exc
    return feed


def _own(user, feed: CalendarFeed) -> None:
    if feed.owner_id != getattr(user, "pk", None):
        raise CalendarFeed.DoesNotExist


@transaction.atomic
def calendar_feed_revoke(*, user, feed: CalendarFeed) -> CalendarFeed:
    """The URL stops working at once (404)."""
    _own(user, feed)
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    feed.refresh_from_db()
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user, feed: CalendarFeed) -> CalendarFeed:
    """Revoke the feed and issue a new token for the same scope (a leaked URL is replaced)."""
    _own(user, feed)
    calendar_feed_revoke(user=user, feed=feed)
    return calendar_feed_create(user=user, unit=feed.unit)
