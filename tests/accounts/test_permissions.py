"""The permission matrix of accounts (tests/support/permissions.py): every signed-in user sees the home
page and their profile, and regenerates or revokes their own API token, never anyone else's."""

from types import SimpleNamespace

import pytest
from rest_framework.authtoken.models import Token

from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix


def _only_own_token(changed):
    """The actor's token changed as `changed(old, new)` says, and every other user's token is as it was."""

    def effect(w):
        if w.actor is None:
            return False
        now = dict(Token.objects.values_list("user_id", "key"))
        others_kept = all(
            now.get(user_id) == key for user_id, key in w.tokens.items() if user_id != w.actor.pk
        )
        return others_kept and changed(w.tokens[w.actor.pk], now.get(w.actor.pk))

    return effect


ACTIONS = (
    Action("home page", "home", SIGNED_IN, method="get"),
    Action("profile", "accounts:profile", SIGNED_IN, method="get"),
    Action(
        "regenerate token",
        "accounts:token_regenerate",
        SIGNED_IN,
        effect=_only_own_token(lambda old, new: new is not None and new != old),
    ),
    Action(
        "revoke token",
        "accounts:token_revoke",
        SIGNED_IN,
        effect=_only_own_token(lambda old, new: new is None),
    ),
)


class TestAccountWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Token,)

    @pytest.fixture
    def world(self, personas):
        """Every persona holds a token already."""
        users = [user for user in personas.values() if user is not None]
        return SimpleNamespace(tokens={user.pk: Token.objects.create(user=user).key for user in users})
