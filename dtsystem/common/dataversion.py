"""A version number of the programme's data, for caches that must stay exact (the dashboard's figures).

Every write statement that reaches a table of the watched apps (tasks and documents, plans and budget,
KPIs, the organisation), whichever code sends it (a service, a bulk import, the nightly recount, the
admin), bumps the version once its transaction commits; a rolled-back write bumps nothing. A cache keyed
by the version is therefore never read after a write has committed: the writer's next request already
sees the new version. The version lives in the shared cache (Redis with several processes); `enabled()`
says whether caches may rely on it (a per-process cache cannot tell one process of another's writes).

Installed on every database connection when Django starts (CoreConfig.ready → install())."""

from __future__ import annotations

import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

KEY = "dt:data-version"
WATCHED_TABLES = re.compile(r'(?:^|[\s"`(,])(?:directives|plans|kpis|units)_\w+', re.IGNORECASE)
WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|COPY|MERGE)\b", re.IGNORECASE)
# A write's target names its table within its first few hundred characters (INSERT INTO t, UPDATE t,
# DELETE FROM t, TRUNCATE t); a SELECT that only reads them never bumps.
HEAD = 400


def enabled() -> bool:
    """May a cache rely on the version? Only when the cache is shared by every process that writes."""
    if getattr(settings, "DT_DATA_VERSION_CACHE", None) is not None:
        return bool(settings.DT_DATA_VERSION_CACHE)
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _fresh() -> int:
    """A starting value no earlier version had (the clock in microseconds): if the cache lost the key,
    entries cached under an old version can never be read again."""
    return time.time_ns() // 1000


def current() -> int:
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _fresh(), timeout=None)
        version = cache.get(KEY) or _fresh()
    return int(version)


def bump() -> None:
    """Runs after the commit: a cache that is down must not turn a saved write into an error (the
    cached pages then live out their timeout: DT_DASHBOARD_CACHE_SECONDS)."""
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # the cache lost the key (or never had it)
            cache.set(KEY, _fresh(), timeout=None)
    except Exception:
        logger.warning("data version: the cache did not take the new version", exc_info=True)


def is_watched_write(sql: str) -> bool:
    head = sql[:HEAD]
    return bool(WRITE.match(head)) and bool(WATCHED_TABLES.search(head))


def _watch(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # once per transaction: a callback discarded with a rolled-back savepoint is no longer listed
        if (
            isinstance(sql, str)
            and is_watched_write(sql)
            and not any(entry[1] is bump for entry in connection.run_on_commit)
        ):
            transaction.on_commit(bump, using=connection.alias)
        return result

    return wrapper


def _on_connection_created(sender, connection, **kwargs):
    if not any(getattr(w, "_dt_data_version", False) for w in connection.execute_wrappers):
        wrapper = _watch(connection)
        wrapper._dt_data_version = True
        connection.execute_wrappers.append(wrapper)


def install() -> None:
    connection_created.connect(_on_connection_created, dispatch_uid="dt-data-version")
