"""Writes for units and memberships."""

from django.db import transaction

from dtsystem.core.text import fold

from .models import Membership, Unit


def unit_search_text(*, name: str, short_name: str, aliases: list[str]) -> str:
    return " | ".join(fold(n) for n in [name, short_name, *aliases] if n)


def unit_save(*, unit: Unit) -> Unit:
    """Validate and save a unit, keeping its folded search text in step with its names."""
    unit.aliases = [a.strip() for a in (unit.aliases or []) if a and a.strip()]
    unit.search_text = unit_search_text(name=unit.name, short_name=unit.short_name, aliases=unit.aliases)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def units_load(*, rows: list[dict]) -> tuple[int, int]:
    """Create or update units from fixture rows ({code, name, short_name, kind, parent, aliases, email}).

    Idempotent: matched by code. Returns (created, updated)."""
    created = updated = 0
    by_code = {u.code: u for u in Unit.objects.all()}
    for row in rows:
        unit = by_code.get(row["code"]) or Unit(code=row["code"])
        is_new = unit.pk is None
        unit.name = row["name"]
        unit.short_name = row.get("short_name", "")
        unit.kind = row.get("kind", unit.kind)
        unit.email = row.get("email", "")
        unit.aliases = row.get("aliases", [])
        parent_code = row.get("parent")
        unit.parent = by_code[parent_code] if parent_code else None
        unit_save(unit=unit)
        by_code[unit.code] = unit
        created += is_new
        updated += not is_new
    return created, updated


def membership_ensure(*, user, unit: Unit, role: str, title: str = "") -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    return membership
