"""Demo data for plans: plan 145/KH-UBND (seed 002) from fixtures/plans/, with believable
disbursements (deterministic; loading twice changes nothing)."""

import json
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model

from directives.models import Document

from . import services
from .models import BudgetLine, Plan

PLANS_DIR = settings.BASE_DIR / "fixtures" / "plans"

# (kind, item, date, amount, note)
DISBURSEMENTS = [
    ("investment", "2", date(2022, 6, 30), "2500", "Tạm ứng hợp đồng."),
    ("investment", "2", date(2022, 9, 15), "1800", "Thanh toán giai đoạn 1."),
    ("investment", "4", date(2022, 8, 10), "9000", "Thanh toán thiết bị IOC."),
    ("investment", "8", date(2022, 7, 20), "3200", ""),
    ("recurring", "1", date(2022, 6, 30), "950", ""),
    ("recurring", "19", date(2022, 9, 30), "15400", "Mua sắm tập trung đợt 1."),
]


def plan_fixture(key: str) -> tuple[dict, str]:
    raw = json.loads((PLANS_DIR / f"{key}.json").read_text(encoding="utf-8"))
    body_file = raw["document"].get("body_file")
    body = (PLANS_DIR / body_file).read_text(encoding="utf-8") if body_file else ""
    return raw, body


def _disburse(plan: Plan, office) -> int:
    if not BudgetLine.objects.filter(plan=plan, disbursements__isnull=False).exists():
        for kind, item, day, amount, note in DISBURSEMENTS:
            line = BudgetLine.objects.get(plan=plan, kind=kind, item=item)
            services.disbursement_record(user=office, budget_line=line, date=day, amount=amount, note=note)
        return len(DISBURSEMENTS)
    return 0


def load() -> dict:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["office", "lead_tttt", "lead_yte"])}
    office = users.get("office")
    created = 0
    for path in sorted(PLANS_DIR.glob("*.json")):
        key = path.stem
        if not Document.objects.filter(source_key=key).exists():
            raw, body = plan_fixture(key)
            services.plan_create_from_fixture(user=office, raw=raw, body=body, source_key=key)
            created += 1
    disbursed = 0
    plan = Plan.objects.filter(document__source_key="kh-145-2022").first()
    if plan is not None and office is not None:
        disbursed = _disburse(plan, office)
    return {"plans_created": created, "disbursements_created": disbursed}
