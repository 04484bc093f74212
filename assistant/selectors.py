"""Reads of the notice-text assistant: the units the engine may recognise (as the engine's data), and
the measure of its quality from what the clerks saved (FieldReview)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from dtsystem.units.models import Unit
from extraction import KnownUnit

from .choices import ReviewedField
from .models import FieldReview


def known_units() -> list[KnownUnit]:
    """The active units of the register, in id order (one query), for extraction.extract_notice; their
    aliases include the names the clerks taught the assistant (unit_alias_add)."""
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


def acceptance_by_month() -> list[dict]:
    """Per month and field: fields reviewed (a proposal kept or corrected) and kept, in one query.
    Reviews that say nothing of the assistant (accepted is None) are left out."""
    return list(
        FieldReview.objects.filter(accepted__isnull=False)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "field")
        .annotate(total=Count("pk"), kept=Count("pk", filter=Q(accepted=True)))
        .order_by("month", "field")
    )


def acceptance_by_shape() -> list[dict]:
    """Per document shape and field, over all time (one query)."""
    return list(
        FieldReview.objects.filter(accepted__isnull=False)
        .values("shape", "field")
        .annotate(total=Count("pk"), kept=Count("pk", filter=Q(accepted=True)))
        .order_by("shape", "field")
    )


def recent_corrections(limit: int = 20) -> list[FieldReview]:
    """The latest corrections of a unit, a deadline or a content (one query)."""
    fields = [ReviewedField.LEAD, ReviewedField.COORDINATING, ReviewedField.DEADLINE, ReviewedField.CONTENT]
    return list(
        FieldReview.objects.filter(accepted=False, field__in=fields)
        .select_related("document", "user")
        .order_by("-created_at", "row")[:limit]
    )
