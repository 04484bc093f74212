"""The permission matrix of the inbox: every signed-in user reads and marks their OWN items, on the page
and through the API; someone else's item is not even found (404), for every persona."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from inbox.choices import InboxKind
from inbox.models import InboxItem
from inbox.services import inbox_notify
from tests.factories import UserFactory
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix

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
    Action(
        "mark own item read",
        "inbox:mark_read",
        SIGNED_IN,
        args=lambda w: [w.item.pk],
        setup=_own,
        effect=_own_read,
    ),
    Action(
        "mark someone else's item read",
        "inbox:mark_read",
        (),
        args=lambda w: [w.item.pk],
        setup=_strangers,
        hidden=SIGNED_IN,
        effect=_own_read,
    ),
    Action("mark all read", "inbox:mark_all_read", SIGNED_IN, setup=_own, effect=_all_read),
    Action("API list", "api:inbox-list", SIGNED_IN, method="get", setup=_own),
    Action("API item", "api:inbox-detail", SIGNED_IN, method="get", args=lambda w: [w.item.pk], setup=_own),
    Action(
        "API item of someone else",
        "api:inbox-detail",
        (),
        method="get",
        args=lambda w: [w.item.pk],
        setup=_strangers,
        hidden=SIGNED_IN,
    ),
    Action(
        "API mark own read",
        "api:inbox-read",
        SIGNED_IN,
        args=lambda w: [w.item.pk],
        data={},
        setup=_own,
        effect=_own_read,
    ),
    Action(
        "API mark someone else's read",
        "api:inbox-read",
        (),
        args=lambda w: [w.item.pk],
        data={},
        setup=_strangers,
        hidden=SIGNED_IN,
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
