"""Vietnamese display helpers: "177.510" numbers and dd/mm/yyyy dates whatever the active locale."""

from django import template

from dtsystem.common.numbers import format_vn_number

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    return format_vn_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_date(value):
    return value.strftime("%d/%m/%Y") if value else ""
