"""Vietnamese display helpers: "177.510" numbers and dd/mm/yyyy dates whatever the active locale, and the
name of who did something ("Hệ thống" when a job did)."""

from django import template

from dtsystem.common.numbers import format_vn_number
from dtsystem.common.people import actor_name as _actor_name

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    return format_vn_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_date(value):
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def bar_width(value) -> str:
    """The class that sets a progress bar's width to `value` percent, rounded and held within 0–100
    (static/css/app.css: .bar-0 … .bar-100). A class, not a style attribute: the Content-Security-Policy
    allows no inline style."""
    try:
        percent = round(float(value))
    except (TypeError, ValueError, OverflowError):
        percent = 0
    return f"bar-{min(max(percent, 0), 100)}"


@register.filter
def actor_name(user):
    """{{ event.actor|actor_name }}: the person's name, or "Hệ thống" for a record without a user."""
    return _actor_name(user)
