"""{% unit_options selected %}: the <option>s of every active unit, for the unit selects of the list pages'
filter forms (the task list's unit filter and its bulk bar's new lead unit).

Some 500–600 units make two such selects the larger part of rendering a list page, so the options are
written once per organisation version (dtsystem.units.selectors.organisation_version: it changes with every
unit created, changed or deleted) and kept in the shared cache (Redis in production), then only the
selected unit is marked on the way out. A stale list is never served: a changed organisation has a new key."""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dtsystem.units.selectors import active_unit_names, organisation_version

register = template.Library()

CACHE_SECONDS = 24 * 3600


def options_html() -> str:
    key = f"units:options:v1:{organisation_version()}"
    html = cache.get(key)
    if html is None:
        html = "".join(f'<option value="{pk}">{escape(name)}</option>' for pk, name in active_unit_names())
        cache.set(key, html, CACHE_SECONDS)
    return html


@register.simple_tag(takes_context=True)
def unit_options(context, selected=None) -> SafeString:
    """The active units' options, `selected` (a unit id, as the form received it) marked; read once per
    request however many selects show them."""
    request = context.get("request")
    html = getattr(request, "_unit_options_html", None)
    if html is None:
        html = options_html()
        if request is not None:
            request._unit_options_html = html
    try:
        chosen = int(str(selected)) if selected not in (None, "") else None
    except ValueError:
        chosen = None
    if chosen is not None:
        html = html.replace(f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1)
    return mark_safe(html)  # noqa: S308 — names escaped above; ids are integers
