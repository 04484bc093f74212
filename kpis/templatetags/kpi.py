"""Template helpers for KPI attainment badges and progress bars."""

from django import template

from kpis.choices import ATTAINMENT_BADGES, Attainment
from kpis.selectors import target_progress

register = template.Library()
_LABELS = dict(Attainment.choices)


@register.filter
def attainment_badge(value) -> str:
    return ATTAINMENT_BADGES.get(value, "secondary")


@register.filter
def attainment_label(value) -> str:
    return str(_LABELS.get(value, value or ""))


@register.filter
def progress(target) -> int | None:
    return target_progress(target)
