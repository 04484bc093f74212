"""The generic permission test, in the manner of NetBox's ViewTestCases: an app declares its actions
(each write of its pages and API, and the reads worth guarding) with the personas allowed to do each,
and PermissionMatrix runs every action for every persona, each pair its own test id:

- allowed: the answer is the action's success status (a page's redirect must not be the login page),
  the database changed (or, for a read, did not), and the action's `effect` now holds;
- refused: 403, or 404 where the persona may not even see the object, or the login page for an
  anonymous visitor of a page (401/403 for the API, with the {"message", "errors"} body of every API
  refusal), and every row of the observed models is exactly as it was.

A subclass (named Test...) gives `actions`, `observe` (the models whose rows any of its actions may
change: every concrete field of every row is compared) and a `world` fixture (a SimpleNamespace with the
objects the actions need). The base adds to the world: `personas`, `persona` (the key), `actor` (the
user, None when anonymous) and, once sent, `response`. It also checks that the actions and `reads`
declare every route of the URL conf that tests/support/routes.py gives to the subclass's module.

    class TestPlanWrites(PermissionMatrix):
        actions = (
            Action("record disbursement", "plans:disbursement_create", OFFICE, args=lambda w: [w.line.pk],
                   data={"date": "2022-06-30", "amount": "250"}, effect=lambda w: w.line.disbursements.exists()),
        )
        observe = (Plan, BudgetLine, Disbursement)

        @pytest.fixture
        def world(self, own_unit):
            return SimpleNamespace(line=make_line(make_plan(), unit=own_unit))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from .files import spreadsheet
from .personas import PERSONA_KEYS, sign_in
from .routes import needs_declaring, owner_of, skip_reason, url_routes

ALLOWED = "allowed"
LOGIN = "login"  # anonymous: the login page (pages), 401 or 403 (API)
SIGNED_IN = frozenset(PERSONA_KEYS) - {"anonymous"}
OFFICE = frozenset({"office", "admin"})

Builder = Callable[[Any], Any]


@dataclass(frozen=True)
class Action:
    """One request, and who may make it.

    `route` is the URL name (reversed with `args(world)`, plus `query`); `data` a dict or a function of
    the world (form data for a page; JSON, or multipart with `multipart`, for the API). `setup(world)`
    brings the world to the state the action starts from. `effect(world)` says the action happened (it
    must be false before). `answer(world)` checks an allowed answer's content. `send(client, world, url)`
    replaces the single request when the action takes several (an import: upload, then confirm)."""

    name: str
    route: str
    allowed: Iterable[str]
    method: str = "post"
    args: Builder | None = None
    query: str = ""
    data: Any = None
    multipart: bool = False
    hidden: Iterable[str] = ()  # personas who may not even see the object: 404
    setup: Callable[[Any], None] | None = None
    effect: Callable[[Any], bool] | None = None
    answer: Callable[[Any], bool] | None = None
    success: int | None = None  # default: 302 for a page's write, 200 otherwise
    send: Callable[[Any, Any, str], Any] | None = None
    allowed_set: frozenset[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "allowed_set", frozenset(self.allowed))
        unknown = (self.allowed_set | frozenset(self.hidden)) - set(PERSONA_KEYS)
        assert not unknown, f"{self.name}: unknown personas {unknown}"

    @property
    def api(self) -> bool:
        return self.route.startswith("api:")

    @property
    def writes(self) -> bool:
        return self.method != "get"

    @property
    def success_status(self) -> int:
        if self.success is not None:
            return self.success
        return 302 if self.writes and not self.api else 200

    def expected(self, persona: str):
        if persona in self.allowed_set:
            return ALLOWED
        if persona == "anonymous":
            return LOGIN
        return 404 if persona in self.hidden else 403

    def url(self, world) -> str:
        return reverse(self.route, args=self.args(world) if self.args else ()) + self.query

    def request(self, client, world):
        url = self.url(world)
        if self.send is not None:
            return self.send(client, world, url)
        data = self.data(world) if callable(self.data) else self.data
        if self.api:
            return getattr(client, self.method)(url, data, format="multipart" if self.multipart else "json")
        return getattr(client, self.method)(url, data or {})


def own_and_others(
    name: str, route: str, *, own: Callable, others: Callable, **common
) -> tuple[Action, Action]:
    """The same request on the actor's own object (every signed-in user may) and on someone else's (nobody
    may, and nobody even finds it: 404). `own` and `others` are the setups that make the object."""
    return (
        Action(f"{name} (own)", route, SIGNED_IN, setup=own, **common),
        Action(f"{name} (someone else's)", route, (), setup=others, hidden=SIGNED_IN, **common),
    )


def page_and_api(
    name: str, page: str, api: str, *, api_data: Any = None, api_success: int | None = None, **common
) -> tuple[Action, Action]:
    """One write offered twice, by a page and by the API, to the same people with the same effect.
    `api_data` replaces the page's form data for the API where the two bodies differ."""
    api_extra = {"success": api_success} if api_success is not None else {}
    if api_data is not None:
        api_extra["data"] = api_data
    return (
        Action(f"{name} (page)", page, **common),
        Action(f"{name} (API)", api, **{**common, **api_extra}),
    )


def snapshot(models) -> dict:
    """Every concrete field of every row of `models`, in primary key order."""
    return {
        model._meta.label: list(
            model.objects.order_by("pk").values_list(*[f.attname for f in model._meta.concrete_fields])
        )
        for model in models
    }


def _body(response) -> str:
    """The start of the answer for a failure message (a page's main content, without the navigation)."""
    content = getattr(response, "content", b"")
    text = content.decode(errors="replace") if isinstance(content, bytes) else ""
    return text[text.find("<main") :][:2000] if "<main" in text else text[:2000]


class PermissionMatrix:
    """Base of an app's permission tests (see the module docstring)."""

    actions: ClassVar[tuple[Action, ...]] = ()
    observe: ClassVar[tuple] = ()
    reads: ClassVar[dict[str, str]] = {}  # routes that answer any method but only read → why

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.api_refusals():
            cls.test_api_refuses_before_reading_the_body = None  # no API write: nothing to collect

    def pytest_generate_tests(self, metafunc):
        if "case" in metafunc.fixturenames:
            metafunc.parametrize(
                "case",
                [(a, p) for a in self.actions for p in PERSONA_KEYS],
                ids=[f"{a.name}-{p}" for a in self.actions for p in PERSONA_KEYS],
            )
        if "refusal" in metafunc.fixturenames:
            refusals = self.api_refusals()
            metafunc.parametrize("refusal", refusals, ids=[f"{a.name}-{p}" for a, p in refusals])

    @classmethod
    def api_refusals(cls) -> list[tuple[Action, str]]:
        """(API write, signed-in persona) where the persona is refused whatever the body: refused by every
        action of the matrix on the same route and method (a transition's body chooses the action: a lead
        who may start a task is not refused its transition route)."""
        writes = [a for a in cls.actions if a.api and a.writes and a.send is None]
        allowed_somewhere: dict[tuple[str, str], set[str]] = {}
        for action in writes:
            allowed_somewhere.setdefault((action.route, action.method), set()).update(action.allowed_set)
        return [
            (action, persona)
            for action in writes
            for persona in PERSONA_KEYS
            if persona != "anonymous" and persona not in allowed_somewhere[(action.route, action.method)]
        ]

    @pytest.fixture
    def world(self):
        raise NotImplementedError("a permission matrix gives its own `world` fixture")

    @pytest.fixture(autouse=True)
    def private_media(self, settings, tmp_path):
        """Files the actions store (evidence, reports) go to a temporary MEDIA_ROOT."""
        settings.MEDIA_ROOT = tmp_path / "media"

    def test_action(self, case, world, personas):
        action, persona = case
        expected = action.expected(persona)
        world.personas, world.persona, world.actor = personas, persona, personas[persona]
        if action.setup is not None:
            action.setup(world)
        client = sign_in(APIClient() if action.api else Client(), world.actor)
        if action.effect is not None:
            assert not action.effect(world), f"{action.name}: the effect holds before the action"
        before = snapshot(self.observe)

        response = world.response = action.request(client, world)

        after = snapshot(self.observe)
        status = response.status_code
        if expected == ALLOWED:
            assert status == action.success_status, f"{action.name} by {persona}: {status} {_body(response)}"
            if status == 302:
                assert "/accounts/login/" not in response.url
            if action.writes:
                assert after != before, f"{action.name} by {persona}: allowed, but nothing changed"
            else:
                assert after == before, f"{action.name} by {persona}: a read changed the database"
            if action.effect is not None:
                assert action.effect(world), f"{action.name} by {persona}: not the expected change"
            if action.answer is not None:
                assert action.answer(world), _body(response)
            return
        refused = f"{action.name} by {persona}: expected {expected}, got {status} {_body(response)}"
        if expected == LOGIN and action.api:
            assert status in (401, 403), refused
        elif expected == LOGIN:
            assert status == 302 and response.url.startswith("/accounts/login/"), refused
        else:
            assert status == expected, refused
        if action.api:
            assert set(response.json()) == {"message", "errors"} and response.json()["message"]
        assert after == before, f"{action.name} by {persona}: refused, but the database changed"
        if action.effect is not None:
            assert not action.effect(world)

    def test_api_refuses_before_reading_the_body(self, refusal, world, personas):
        """A refused user gets the same 403 (or 404) whatever the body: malformed, empty, of the wrong
        types or of a type the endpoint does not read. Permission comes before input (issue 11, defect 10)."""
        action, persona = refusal
        expected = action.expected(persona)
        world.personas, world.persona, world.actor = personas, persona, personas[persona]
        if action.setup is not None:
            action.setup(world)
        client = sign_in(APIClient(), world.actor)
        url = action.url(world)
        before = snapshot(self.observe)
        for name, body, content_type in invalid_bodies(action, world):
            response = getattr(client, action.method)(url, body, content_type=content_type)
            where = f"{action.name} by {persona} with {name}"
            assert response.status_code == expected, f"{where}: expected {expected}, got {_body(response)}"
            assert set(response.json()) == {"message", "errors"} and response.json()["message"], where
        assert snapshot(self.observe) == before, (
            f"{action.name} by {persona}: refused, but the database changed"
        )

    def test_every_route_of_the_module_is_declared(self):
        """Each route tests/support/routes.py gives to this module is declared: each of its write methods
        by an action, a route that answers any method by an action or in `reads`."""
        module = type(self).__module__
        routes = url_routes()
        declared: dict[str, set[str]] = {}
        for action in self.actions:
            declared.setdefault(action.route, set()).add(action.method)
        problems = [
            f"{name}: no such route, or not this module's (owner: {owner_of(name)})"
            for name in [*declared, *self.reads]
            if name not in routes or owner_of(name) != module or skip_reason(name)
        ]
        for route in routes.values():
            if owner_of(route.name) != module or skip_reason(route.name) or not needs_declaring(route):
                continue
            if route.methods is None:
                if route.name not in declared and route.name not in self.reads:
                    problems.append(f"{route.name} ({route.pattern}): answers any method; not declared")
            else:
                missing = route.methods - {"get"} - declared.get(route.name, set())
                if missing:
                    problems.append(f"{route.name} ({route.pattern}): {sorted(missing)} not declared")
        assert not problems, "\n".join(problems)

    def test_names_are_unique(self):
        names = [a.name for a in self.actions]
        assert len(names) == len(set(names))


def invalid_bodies(action: Action, world) -> list[tuple[str, str, str]]:
    """(name, body, content type) of bodies no endpoint accepts, the last one shaped like the action's own
    data with every value of a wrong type."""
    data = action.data(world) if callable(action.data) else action.data
    wrong = {key: {"unexpected": [None]} for key in (data or {"value": None})}
    return [
        ("malformed JSON", '{"percent": ', "application/json"),
        ("an empty object", "{}", "application/json"),
        ("a list", "[1, 2]", "application/json"),
        ("values of the wrong types", json.dumps(wrong), "application/json"),
        ("plain text", "percent=10", "text/plain"),
    ]


def upload_then_confirm(columns: list[str], row: Builder, *, name: str, fields: Builder | None = None):
    """`send` of an import page (dtsystem.common.import_flow): upload a spreadsheet of one row (the preview
    saves nothing), then confirm with the preview's token. A refused upload is the answer."""

    def send(client, world, url):
        extra = fields(world) if fields else {}
        preview = client.post(url, {"file": spreadsheet(columns, [row(world)], name=name), **extra})
        if preview.status_code != 200:
            return preview
        return client.post(url, {"token": preview.context["token"], **extra})

    return send
