"""Persona fixtures shared by every test: office, lead of the task's unit, lead of another unit,
staff, committee, admin and anonymous."""

import os

import pytest

from dtsystem.units.choices import Role, UnitKind

from .factories import MembershipFactory, UnitFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def office_unit(db):
    return UnitFactory(
        code="vp-ubnd",
        name="Văn phòng Ủy ban nhân dân tỉnh",
        short_name="VP UBND tỉnh",
        kind=UnitKind.PROVINCE,
        aliases=["VPUBND"],
    )


@pytest.fixture
def own_unit(db):
    return UnitFactory(
        code="so-tttt", name="Sở Thông tin và Truyền thông", short_name="Sở TTTT", aliases=["Sở TT&TT"]
    )


@pytest.fixture
def other_unit(db):
    return UnitFactory(code="so-yte", name="Sở Y tế", short_name="SYT")


@pytest.fixture
def coord_unit(db):
    return UnitFactory(code="so-xd", name="Sở Xây dựng", short_name="SXD")


@pytest.fixture
def committee_unit(db):
    return UnitFactory(
        code="bcd", name="Ban Chỉ đạo Chuyển đổi số tỉnh", short_name="BCĐ CĐS", kind=UnitKind.COMMITTEE
    )


def _member(unit, role, username):
    return MembershipFactory(unit=unit, role=role, user=UserFactory(username=username)).user


@pytest.fixture
def office(office_unit):
    return _member(office_unit, Role.OFFICE, "p_office")


@pytest.fixture
def lead(own_unit):
    """Lead of the unit that leads the tasks under test."""
    return _member(own_unit, Role.LEAD, "p_lead")


@pytest.fixture
def staff(own_unit):
    return _member(own_unit, Role.STAFF, "p_staff")


@pytest.fixture
def other_lead(other_unit):
    return _member(other_unit, Role.LEAD, "p_other_lead")


@pytest.fixture
def coord_lead(coord_unit):
    return _member(coord_unit, Role.LEAD, "p_coord_lead")


@pytest.fixture
def committee(committee_unit):
    return _member(committee_unit, Role.COMMITTEE, "p_committee")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="p_admin", is_superuser=True, is_staff=True)


@pytest.fixture
def personas(office, lead, staff, other_lead, coord_lead, committee, admin_user):
    return {
        "office": office,
        "lead": lead,
        "staff": staff,
        "other_lead": other_lead,
        "coord_lead": coord_lead,
        "committee": committee,
        "admin": admin_user,
        "anonymous": None,
    }


@pytest.fixture
def demo_data(db, settings):
    """The whole demo data set of `make run` (units, documents, users)."""
    from dtsystem.core import demo

    settings.DEBUG = True
    return demo.load_all()
