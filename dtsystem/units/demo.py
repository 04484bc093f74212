"""Demo data of the organisation: the province's units from fixtures/units.json (the organisation the
2022 seeds name), then the 2025 reorganisation of Đồng Tháp from fixtures/reorganisation_2025.json,
applied through the reorganisation services so every moved task has its history event."""

import json
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import reorganisation
from .models import Unit
from .services import units_load

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
REORGANISATION_FILE = FIXTURES_DIR / "reorganisation_2025.json"


def load_units() -> dict:
    rows = json.loads((FIXTURES_DIR / "units.json").read_text(encoding="utf-8"))
    created, updated = units_load(rows=rows)
    return {"units_created": created, "units_updated": updated}


def reorganisation_rows() -> dict:
    """The fixture, with the generated demo communes as unit rows."""
    data = json.loads(REORGANISATION_FILE.read_text(encoding="utf-8"))
    spec = data["demo_communes"]
    rows = [{k: v for k, v in row.items() if k != "former_town"} for row in data["units"]]
    for n in range(1, spec["count"] + 1):
        alias = spec["alias"].format(n=n)
        rows.append(
            {
                "code": spec["code"].format(n=n),
                "name": spec["name"].format(n=n),
                "short_name": spec["short_name"].format(n=n),
                "kind": "commune",
                "parent": spec["parent"],
                "aliases": [alias],
                "email": "",
                "valid_from": spec["valid_from"],
            }
        )
    data["unit_rows"] = rows
    return data


def load_reorganisation() -> dict:
    """Apply the 2025 operations that are not applied yet (an operation whose units have all ended is
    done) and whose date has come. Idempotent."""
    data = reorganisation_rows()
    created, _updated = units_load(rows=data["unit_rows"])
    user = get_user_model().objects.filter(username="office").first()
    units = {u.code: u for u in Unit.objects.all()}
    today = timezone.localdate()
    applied = 0
    for op in data["operations"]:
        day = date.fromisoformat(op["date"])
        if day > today:
            continue
        note = op.get("note", "Dữ liệu demo: tổ chức lại năm 2025 (fixtures/reorganisation_2025.json).")
        kind = op["kind"]
        if kind == "merge":
            sources = [units[c] for c in op["sources"]]
            if all(u.valid_until is not None for u in sources):
                continue
            new = op.get("new")
            target = units.get(new["code"]) if new else units[op["target"]]
            if target is not None:
                reorganisation.units_merge(user=user, sources=sources, target=target, date=day, note=note)
            else:
                change = reorganisation.units_merge(
                    user=user,
                    sources=sources,
                    new_name=new["name"],
                    new_short_name=new.get("short_name", ""),
                    date=day,
                    note=note,
                )
                Unit.objects.filter(pk=change.to_units.get().pk).update(code=new["code"])
        else:
            unit = units[op["unit"]]
            if unit.valid_until is not None:
                continue
            if kind == "dissolve":
                reorganisation.unit_dissolve(
                    user=user, unit=unit, successor=units[op["successor"]], date=day, note=note
                )
            elif kind == "split":
                targets = [units[c] for c in op["targets"]]
                # Demo choice: every open task of the former town goes to its first phường.
                from_preview = reorganisation.unit_split_preview(
                    unit=unit, targets=targets, task_targets={}, date=day
                )
                choices = {m.object_id: targets[0] for m in from_preview.moves if m.category == "task_lead"}
                reorganisation.unit_split(
                    user=user, unit=unit, targets=targets, task_targets=choices, date=day, note=note
                )
        units = {u.code: u for u in Unit.objects.all()}
        applied += 1
    return {"reorganisation_units_created": created, "reorganisation_operations": applied}
