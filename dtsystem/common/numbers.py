"""Numbers the Vietnamese way: reading them from fixtures, forms, spreadsheets and JSON ("1.500,5"),
and writing them for people ("177.510")."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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


def parse_vn_decimal(text: str) -> Decimal | None:
    """Numbers as Vietnamese write them: "1.500" = 1500, "1.500,5" = 1500,5, "12,5" = 12.5."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” không phải là số hợp lệ."), params={"value": text}) from exc
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” không phải là số hợp lệ."), params={"value": text})
    return value


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
