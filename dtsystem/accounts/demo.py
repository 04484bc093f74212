"""Demo users of the contract (office, lead_tttt, lead_yte, committee, admin; password demo12345)
with their memberships. Runs after the units' demo loader."""

from dtsystem.core.demo import DEMO_PASSWORD
from dtsystem.units.choices import Role
from dtsystem.units.models import Unit
from dtsystem.units.services import membership_ensure

from .services import user_ensure

# (username, first name, last name, [(unit code, role, title)], superuser)
DEMO_USERS = [
    ("office", "Lan", "Nguyễn Thị", [("vp-ubnd-dt", Role.OFFICE, "Chuyên viên")], False),
    ("lead_tttt", "Hùng", "Trần Văn", [("so-tttt", Role.LEAD, "Giám đốc Sở")], False),
    ("lead_yte", "Mai", "Lê Thị", [("so-yte", Role.LEAD, "Phó Giám đốc Sở")], False),
    ("committee", "Minh", "Phạm Văn", [("bcd-cds", Role.COMMITTEE, "Thành viên BCĐ")], False),
    ("admin", "Quản", "Trị", [("so-tttt", Role.ADMIN, "Quản trị hệ thống")], True),
]


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
