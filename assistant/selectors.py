"""Reads of the notice-text assistant: the units the engine may recognise, as the engine's data."""

from __future__ import annotations

from dtsystem.units.models import Unit
from extraction import KnownUnit


def known_units() -> list[KnownUnit]:
    """The active units of the register, in id order (one query), for extraction.extract_notice."""
    rows = Unit.objects.filter(is_active=True).order_by("pk")
    return [
        KnownUnit(
            id=unit.pk,
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name or "",
            aliases=tuple(unit.aliases or ()),
            kind=unit.kind or "",
        )
        for unit in rows.only("pk", "code", "name", "short_name", "aliases", "kind")
    ]
