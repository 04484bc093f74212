"""Reads of the ground app: the working-day calendar."""

from django.conf import settings
from django.core.cache import caches

from extraction.workdays import Calendar

from .models import Holiday

_CACHE_KEY = "dtsystem:working-calendar:v1"


def _cache():
    return caches[settings.WORKDAYS_CACHE]


def working_calendar() -> Calendar:
    """The working-day calendar with the administrator's edits (Holiday rows), as the pure engine's Calendar.

    Cached (settings.WORKDAYS_CACHE, DT_CALENDAR_CACHE_SECONDS): a page, the API, an import and a reminder
    run get the same calendar without a query each; a change through the admin drops it at once."""
    cache = _cache()
    found = cache.get(_CACHE_KEY)
    if isinstance(found, Calendar):
        return found
    days_off, working = set(), set()
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (working if kind == Holiday.Kind.WORKING_DAY else days_off).add(day)
    calendar = Calendar(days_off=frozenset(days_off), working_days=frozenset(working))
    cache.set(_CACHE_KEY, calendar, settings.DT_CALENDAR_CACHE_SECONDS)
    return calendar


def working_calendar_invalidate() -> None:
    _cache().delete(_CACHE_KEY)
