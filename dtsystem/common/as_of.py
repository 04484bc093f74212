"""The day the pages derive timeliness at when no ?as_of= is given: today, or in the demo (settings.DEMO_AS_OF,
set by `make run` to a day inside the demo data, 31/03/2022) that day, until the visitor switches to today
with the banner's button (kept in the session; the button switches back)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

SESSION_KEY = "as_of_today"  # True: this session left the demo's date for today


def demo_as_of(request) -> date | None:
    """The demo's day if it applies to this request (DEMO_AS_OF set and not switched to today)."""
    demo_day = getattr(settings, "DEMO_AS_OF", None)
    if demo_day is None:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY):
        return None
    return demo_day


def default_as_of(request) -> date:
    return demo_as_of(request) or timezone.localdate()


def banner(request) -> dict | None:
    """What the demo banner says (None: not a demo)."""
    demo_day = getattr(settings, "DEMO_AS_OF", None)
    if demo_day is None:
        return None
    active = demo_as_of(request) is not None
    return {"demo_day": demo_day, "active": active, "today": timezone.localdate()}
