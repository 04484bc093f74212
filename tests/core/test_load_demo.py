import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from dtsystem.units.models import Membership, Unit


def test_load_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Unit.objects.count(), get_user_model().objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (Unit.objects.count(), get_user_model().objects.count(), Membership.objects.count()) == counts
    assert counts[0] >= 40


def test_demo_users_and_their_units(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    User = get_user_model()
    for username in ["office", "lead_tttt", "lead_yte", "committee", "admin"]:
        assert User.objects.get(username=username).check_password("demo12345")
    # Sở TT&TT merged into Sở Khoa học và Công nghệ on 01/03/2025 (load_demo applies the reorganisation)
    assert Membership.objects.get(user__username="lead_tttt").unit.name == "Sở Khoa học và Công nghệ"
    assert Membership.objects.get(user__username="lead_yte").unit.name == "Sở Y tế"


def test_load_demo_refuses_without_debug_or_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    call_command("load_demo", "--force")
    assert get_user_model().objects.filter(username="office").exists()


def test_units_fixture_aliases_resolve(db, settings):
    from dtsystem.common.text import fold
    from dtsystem.units.selectors import unit_name_index

    settings.DEBUG = True
    call_command("load_demo")
    index = unit_name_index()
    for alias, name in [
        ("Sở TT&TT", "Sở Khoa học và Công nghệ"),  # the old unit's names stand for its successor
        ("Sở TTTT", "Sở Khoa học và Công nghệ"),
        ("Công an Tỉnh", "Công an tỉnh"),
    ]:
        assert index[fold(alias)].name.lower() == name.lower()
