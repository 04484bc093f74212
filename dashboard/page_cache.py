"""The dashboard's rendered figures, shared by everyone who would see the same page, until the data
changes (dtsystem.common.dataversion: any committed write to tasks, documents, plans, KPIs or units).

The key holds what the page depends on: the data version, the as-of date, the language, the GET
parameters (filters, sort, "all units") and the user's scope (everything, or the units they belong to),
never the user: the committee's members and the office share one rendering. Entries also expire after
DT_DASHBOARD_CACHE_SECONDS, for writes made outside the application (psql, a restore). With a cache of
one process only (no Redis: `make run`) nothing is cached, so several processes never disagree."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dtsystem import policy
from dtsystem.common import dataversion

logger = logging.getLogger(__name__)


def scope_of(user) -> str:
    actor = policy.actor_for(user)
    if actor.sees_everything:
        return "all" if policy.may(user, policy.VIEW_ALL) else "everything"
    return "units:" + ",".join(map(str, sorted(actor.member_unit_ids)))


def content_key(request, as_of: date) -> str | None:
    """The cache key of the figures `request` asks for, or None when they must not be cached."""
    seconds = getattr(settings, "DT_DASHBOARD_CACHE_SECONDS", 300)
    if not seconds or not dataversion.enabled():
        return None
    params = sorted((k, v) for k, values in request.GET.lists() for v in values)
    raw = repr((scope_of(request.user), as_of.isoformat(), get_language(), params))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    try:
        version = dataversion.current()
    except Exception:  # the cache is down: compute the page, as without a cache
        logger.warning("dashboard: no data version from the cache", exc_info=True)
        return None
    return f"dt:dashboard:{version}:{digest}"


def cached_html(key: str | None, build: Callable[[], str]) -> SafeString:
    if key is None:
        return mark_safe(build())  # noqa: S308 (a template's output)
    try:
        html = cache.get(key)
    except Exception:
        logger.warning("dashboard: the cache did not answer", exc_info=True)
        return mark_safe(build())  # noqa: S308 (a template's output)
    if html is None:
        html = build()
        try:
            cache.set(key, html, getattr(settings, "DT_DASHBOARD_CACHE_SECONDS", 300))
        except Exception:
            logger.warning("dashboard: the cache did not keep the page", exc_info=True)
    return mark_safe(html)  # noqa: S308 (a template's output, ours)
