"""Demo data: units from fixtures/, the demo users of the contract, then each app's own demo loader.

Apps add their loaders to LOADERS (dotted paths to callables taking no arguments and returning a dict)."""

import json
from importlib import import_module

from django.conf import settings

from dtsystem.accounts.services import user_ensure
from dtsystem.units.choices import Role
from dtsystem.units.models import Unit
from dtsystem.units.services import membership_ensure, units_load

DEMO_PASSWORD = "demo12345"
FIXTURES_DIR = settings.BASE_DIR / "fixtures"

# (username, first name, last name, [(unit code, role, title)], superuser)
DEMO_USERS = [
    ("office", "Lan", "Nguyễn Thị", [("vp-ubnd-dt", Role.OFFICE, "Chuyên viên")], False),
    ("lead_tttt", "Hùng", "Trần Văn", [("so-tttt", Role.LEAD, "Giám đốc Sở")], False),
    ("lead_yte", "Mai", "Lê Thị", [("so-yte", Role.LEAD, "Phó Giám đốc Sở")], False),
    ("committee", "Minh", "Phạm Văn", [("bcd-cds", Role.COMMITTEE, "Thành viên BCĐ")], False),
    ("admin", "Quản", "Trị", [("so-tttt", Role.ADMIN, "Quản trị hệ thống")], True),
]

LOADERS: list[str] = [
    "directives.demo.load",
    "plans.demo.load",
]


def load_units() -> dict:
    rows = json.loads((FIXTURES_DIR / "units.json").read_text(encoding="utf-8"))
    created, updated = units_load(rows=rows)
    return {"units_created": created, "units_updated": updated}


def load_users() -> dict:
    units = {u.code: u for u in Unit.objects.all()}
    for username, first, last, memberships, superuser in DEMO_USERS:
        user = user_ensure(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@dtsystem.local",
            is_staff=superuser,
            is_superuser=superuser,
        )
        for code, role, title in memberships:
            membership_ensure(user=user, unit=units[code], role=role, title=title)
    return {"users": len(DEMO_USERS)}


def load_all(stdout=None) -> dict:
    summary = {}
    summary.update(load_units())
    summary.update(load_users())
    for dotted in LOADERS:
        module_name, func_name = dotted.rsplit(".", 1)
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # that app has no demo data yet
            raise
        summary.update(getattr(module, func_name)())
    return summary
