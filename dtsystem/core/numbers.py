"""Decimal values from fixtures, forms and JSON, with a Vietnamese message naming the field."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError


def to_decimal(value, *, field: str, message: str, decimal_comma: bool = False) -> Decimal | None:
    """None for an empty value; a finite Decimal otherwise, or ValidationError({field: message % value}).

    Floats go through repr() so that 0.1 stays 0.1. With decimal_comma, "53,5" reads as 53.5."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: message % {"value": value}}) from exc
    if not number.is_finite():
        raise ValidationError({field: message % {"value": value}})
    return number
