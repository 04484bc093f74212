"""Vietnamese display helpers: "177.510" numbers and dd/mm/yyyy dates whatever the active locale."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def format_vn_number(value, decimals: int | None = None) -> str:
    """177510 -> "177.510"; Decimal("53.5") -> "53,5". Empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if decimals is None:
        decimals = (
            0 if number == number.to_integral_value() else max(0, -number.normalize().as_tuple().exponent)
        )
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


@register.filter
def vn_number(value, decimals=None):
    return format_vn_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_date(value):
    return value.strftime("%d/%m/%Y") if value else ""
