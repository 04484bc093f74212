"""The personas of the tests, one table: office staff, the lead and staff of the unit that leads the tasks
under test (`own_unit`), the lead of another unit, the lead of a coordinating unit, a committee member,
an administrator and the anonymous visitor.

Fixtures (registered for every test by tests/conftest.py):
- units: `office_unit`, `own_unit` (Sở TTTT), `other_unit` (Sở Y tế), `coord_unit` (Sở Xây dựng),
  `committee_unit`;
- users: `office`, `lead`, `staff`, `other_lead`, `coord_lead`, `committee`, `admin_user`;
- `personas`: {persona key: user}, with "admin" and "anonymous" (None) among the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dtsystem.units.choices import Role, UnitKind
from tests.factories import MembershipFactory, UnitFactory, UserFactory

# unit fixture → the unit's fields
UNITS = {
    "office_unit": {
        "code": "vp-ubnd",
        "name": "Văn phòng Ủy ban nhân dân tỉnh",
        "short_name": "VP UBND tỉnh",
        "kind": UnitKind.PROVINCE,
        "aliases": ["VPUBND"],
    },
    "own_unit": {
        "code": "so-tttt",
        "name": "Sở Thông tin và Truyền thông",
        "short_name": "Sở TTTT",
        "aliases": ["Sở TT&TT"],
    },
    "other_unit": {"code": "so-yte", "name": "Sở Y tế", "short_name": "SYT"},
    "coord_unit": {"code": "so-xd", "name": "Sở Xây dựng", "short_name": "SXD"},
    "committee_unit": {
        "code": "bcd",
        "name": "Ban Chỉ đạo Chuyển đổi số tỉnh",
        "short_name": "BCĐ CĐS",
        "kind": UnitKind.COMMITTEE,
    },
}


@dataclass(frozen=True)
class Persona:
    key: str  # the key in `personas` and in the permission matrices
    fixture: str | None  # the user's fixture (None: anonymous)
    unit: str | None = None  # the fixture of the unit the user is a member of
    role: str | None = None
    username: str = ""


PERSONAS = (
    Persona("office", "office", "office_unit", Role.OFFICE, "p_office"),
    Persona("lead", "lead", "own_unit", Role.LEAD, "p_lead"),  # lead of the unit that leads the tasks
    Persona("staff", "staff", "own_unit", Role.STAFF, "p_staff"),
    Persona("other_lead", "other_lead", "other_unit", Role.LEAD, "p_other_lead"),
    Persona("coord_lead", "coord_lead", "coord_unit", Role.LEAD, "p_coord_lead"),
    Persona("committee", "committee", "committee_unit", Role.COMMITTEE, "p_committee"),
    Persona("admin", "admin_user", username="p_admin"),  # a Django superuser, member of no unit
    Persona("anonymous", None),
)
PERSONA_KEYS = tuple(p.key for p in PERSONAS)


def _unit_fixture(name: str, fields: dict):
    @pytest.fixture(name=name)
    def unit(db):
        return UnitFactory(**fields)

    return unit


def _user_fixture(persona: Persona):
    @pytest.fixture(name=persona.fixture)
    def user(request, db):
        if persona.unit is None:
            return UserFactory(username=persona.username, is_superuser=True, is_staff=True)
        unit = request.getfixturevalue(persona.unit)
        return MembershipFactory(
            unit=unit, role=persona.role, user=UserFactory(username=persona.username)
        ).user

    return user


for _name, _fields in UNITS.items():
    globals()[f"fixture_{_name}"] = _unit_fixture(_name, _fields)
for _persona in PERSONAS:
    if _persona.fixture is not None:
        globals()[f"fixture_{_persona.fixture}"] = _user_fixture(_persona)


@pytest.fixture
def personas(request) -> dict:
    """Every persona's user by key ("anonymous": None)."""
    return {p.key: request.getfixturevalue(p.fixture) if p.fixture else None for p in PERSONAS}


def api_client(user):
    """A DRF test client authenticated as `user` (anonymous for None)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    """api(user): a DRF test client authenticated as `user` (a test module may define its own `api`)."""
    return api_client


def sign_in(client, user):
    """The client signed in as `user` (left anonymous for None); pages and API clients alike."""
    if user is not None:
        client.force_login(user)
    return client
