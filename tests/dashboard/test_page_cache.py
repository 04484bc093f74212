"""The dashboard's rendered figures are cached per scope, filters and data version (dashboard.page_cache,
dtsystem.common.dataversion): a second look costs no figure query, and a committed write to tasks shows
at once — the figures stay exact. The test settings use a per-process cache, which caches nothing
unless DT_DATA_VERSION_CACHE says the cache is shared (as Redis is in production)."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directives import services
from directives.models import Task
from dtsystem.common import dataversion
from tests.support.worlds import AS_OF_1

pytestmark = pytest.mark.django_db

# session, user, memberships (policy), the data version (cache, no query): what a cached look costs
CACHED_PAGE = 3


@pytest.fixture
def shared_cache(settings):
    settings.DT_DATA_VERSION_CACHE = True
    settings.DT_DASHBOARD_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.clear()
    return settings


def _total(client, **params) -> int:
    html = client.get("/dashboard/", params).content.decode()
    found = re.search(r'data-figure="total">.*?data-count>([\d.]+)<', html, re.S)
    return int(found.group(1).replace(".", ""))


def test_a_second_look_runs_no_figure_query(
    client, committee, world, shared_cache, django_assert_num_queries
):
    client.force_login(committee)
    params = {"as_of": AS_OF_1.isoformat()}
    first = client.get("/dashboard/", params)
    with django_assert_num_queries(CACHED_PAGE):
        second = client.get("/dashboard/", params)
    assert second.context["content"] == first.context["content"]  # the page around it has its own nonce
    assert _total(client, as_of=AS_OF_1.isoformat()) == 10


def test_without_a_shared_cache_nothing_is_cached(client, committee, world, settings):
    settings.DT_DATA_VERSION_CACHE = None  # the per-process cache of the test settings
    assert not dataversion.enabled()
    client.force_login(committee)
    client.get("/dashboard/", {"as_of": AS_OF_1.isoformat()})
    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/", {"as_of": AS_OF_1.isoformat()})
    assert len(queries) > CACHED_PAGE + 5  # every figure computed again


@pytest.fixture
def bumps(monkeypatch):
    """Counts the version's bumps (the connection's wrapper registers whatever `bump` is)."""
    calls = []
    real = dataversion.bump

    def counting():
        calls.append(1)
        real()

    monkeypatch.setattr(dataversion, "bump", counting)
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_shows_at_once(client, committee, office, world, own_unit, shared_cache, bumps):
    client.force_login(committee)
    before = _total(client, as_of=AS_OF_1.isoformat())
    version = dataversion.current()
    bumps.clear()
    with transaction.atomic():
        services.task_create(
            user=office,
            document=world["docs"]["plan"],
            content="Việc mới sau lần xem đầu",
            lead_unit=own_unit,
            deadline_text="trước ngày 30/06/2024",
        )
        assert not bumps  # not before the commit
    assert len(bumps) == 1  # once for the transaction, however many statements it wrote
    assert dataversion.current() == version + 1
    assert _total(client, as_of=AS_OF_1.isoformat()) == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_changes_nothing(world, shared_cache, bumps):
    task = world["tasks"][1]
    version = dataversion.current()
    bumps.clear()
    with transaction.atomic():
        sid = transaction.savepoint()
        Task.objects.filter(pk=task.pk).update(content="đổi rồi bỏ")
        transaction.savepoint_rollback(sid)  # takes its callback with it
        Task.objects.filter(pk=task.pk).update(content="đổi thật")  # registers again
    assert len(bumps) == 1 and dataversion.current() == version + 1
    bumps.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(content="bỏ cả giao dịch")
        raise RuntimeError
    assert not bumps and dataversion.current() == version + 1


def test_scopes_do_not_share_a_rendering(client, committee, lead, world, shared_cache):
    client.force_login(committee)
    everything = _total(client, as_of=AS_OF_1.isoformat())
    client.force_login(lead)
    own = _total(client, as_of=AS_OF_1.isoformat())
    assert own < everything
    client.force_login(committee)
    assert _total(client, as_of=AS_OF_1.isoformat()) == everything


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "directives_task" ("content") VALUES (%s)', True),
        ('UPDATE "kpis_kpitarget" SET "value" = %s', True),
        ('DELETE FROM "units_unit" WHERE "id" = %s', True),
        ('  update "plans_budgetline" set "amount" = 1', True),
        ('TRUNCATE "directives_taskrollup"', True),
        ('SELECT "id" FROM "directives_task"', False),
        ('INSERT INTO "inbox_inboxitem" ("title") VALUES (%s)', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "reminders_delivery" ("task_id") SELECT id FROM "x_directives"', False),
    ],
)
def test_which_statements_move_the_version(sql, watched):
    assert dataversion.is_watched_write(sql) is watched


class _DownCache:
    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("cache down")

        return refuse


def test_a_cache_that_is_down_neither_loses_a_write_nor_breaks_the_page(
    client, committee, world, own_unit, shared_cache, monkeypatch
):
    from dashboard import page_cache

    monkeypatch.setattr(dataversion, "cache", _DownCache())
    monkeypatch.setattr(page_cache, "cache", _DownCache())
    dataversion.bump()  # after a commit: logged, not raised
    client.force_login(committee)
    assert _total(client, as_of=AS_OF_1.isoformat()) == 10
