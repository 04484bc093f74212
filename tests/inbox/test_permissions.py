"""The permission matrix of the inbox: every signed-in user reads and marks their OWN items, on the page
and through the API; someone else's item is not even found (404), for every persona."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from inbox.choices import InboxKind
from inbox.models import InboxItem
from inbox.services import inbox_notify
from tests.factories import UserFactory
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix, own_and_others

User = get_user_model()


def _own(w):
    """An unread item of the actor (of the stranger for the anonymous visitor)."""
    owner = w.actor or w.stranger
    inbox_notify(
        users=[owner], kind=InboxKind.TASK_ASSIGNED, key="perm:own", title="Việc thử quyền", email=False
    )
    w.item = InboxItem.objects.get(user=owner, key="perm:own")


def _own_read(w):
    w.item.refresh_from_db()
    return w.item.read_at is not None


def _strangers(w):
    inbox_notify(
        users=[w.stranger],
        kind=InboxKind.TASK_ASSIGNED,
        key="perm:other",
        title="Việc của người khác",
        email=False,
    )
    w.item = InboxItem.objects.get(user=w.stranger, key="perm:other")


def _all_read(w):
    return w.actor is not None and not InboxItem.objects.filter(user=w.actor, read_at__isnull=True).exists()


ACTIONS = (
    Action("inbox page", "inbox:index", SIGNED_IN, method="get"),
    *own_and_others(
        "mark an item read",
        "inbox:mark_read",
        own=_own,
        others=_strangers,
        args=lambda w: [w.item.pk],
        effect=_own_read,
    ),
    Action("mark all read", "inbox:mark_all_read", SIGNED_IN, setup=_own, effect=_all_read),
    Action("API list", "api:inbox-list", SIGNED_IN, method="get", setup=_own),
    *own_and_others(
        "API item", "api:inbox-detail", own=_own, others=_strangers, method="get", args=lambda w: [w.item.pk]
    ),
    *own_and_others(
        "API mark read",
        "api:inbox-read",
        own=_own,
        others=_strangers,
        args=lambda w: [w.item.pk],
        data={},
        effect=_own_read,
    ),
    Action("API mark all read", "api:inbox-read-all", SIGNED_IN, data={}, setup=_own, effect=_all_read),
)


class TestInboxPermissions(PermissionMatrix):
    actions = ACTIONS
    observe = (InboxItem, User)

    @pytest.fixture
    def world(self, db):
        return SimpleNamespace(stranger=UserFactory(username="nguoi_la", email="nguoi.la@example.vn"))
