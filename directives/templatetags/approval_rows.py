"""{% waiting_unit_rows waiting.groups %}: the rows of "Chờ xác nhận" on the approval queue, one per lead unit
with completion reports or extension requests waiting (every unit of the province can be there: ~500 rows),
written in Python: as template rows they were most of the page's rendering time."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _count_link(count: int, anchor: str, unit_id: int) -> str:
    return f'<a href="#{anchor}-unit-{unit_id}">{int(count)}</a>' if count else "0"


@register.simple_tag
def waiting_unit_rows(groups) -> str:
    """One row per unit; numbers are integers and the name is escaped, so plain formatting is safe."""
    return mark_safe(  # noqa: S308 — the only text (the unit's name) is escaped
        "\n".join(
            f'<tr class="waiting-unit" data-unit="{int(g["unit"].pk)}">'
            f'<th scope="row" class="fw-normal">{escape(g["unit"].name)}</th>'
            f'<td class="text-end">{_count_link(g["reports"], "reports", g["unit"].pk)}</td>'
            f'<td class="text-end">{_count_link(g["extensions"], "extensions", g["unit"].pk)}</td>'
            f'<td class="text-end fw-semibold">{int(g["total"])}</td></tr>'
            for g in groups
        )
    )
