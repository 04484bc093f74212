"""Units by any of their names, as spreadsheets and notices write them, with the closest names for an
unknown one (imports, the notice assistant)."""

from __future__ import annotations

import difflib

from django.utils.translation import gettext as _

from dtsystem.common.imports import ImportRow
from dtsystem.common.text import fold

from .models import Unit


class UnitMatcher:
    """Units by any of their names (folded), with the closest names for an unknown one."""

    def __init__(self):
        self.index: dict[str, Unit] = {}
        units = list(Unit.objects.order_by("id"))
        by_id = {u.pk: u for u in units}
        for unit in units:
            if unit.is_active:
                for name in unit.all_names():
                    self.index.setdefault(fold(name), unit)
        # A unit that no longer exists (merged, dissolved...) is written in new text under its old names:
        # they stand for the unit that carries on its work (its successor, theirs...), never the old unit.
        for unit in units:
            if unit.is_active or not unit.successor_id:
                continue
            current, seen = unit, set()
            while current.successor_id and current.pk not in seen:
                seen.add(current.pk)
                current = by_id[current.successor_id]
            if current.is_active:
                for name in unit.all_names():
                    self.index.setdefault(fold(name), current)

    def match(self, text: str) -> Unit | None:
        return self.index.get(fold(text))

    def suggestions(self, text: str, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(fold(text), list(self.index), n=n * 3, cutoff=0.5)
        names: list[str] = []
        for key in keys:
            name = self.index[key].name
            if name not in names:
                names.append(name)
        return names[:n]

    def named(self, row: ImportRow, column: str, text: str | None = None) -> Unit | None:
        """The unit that `text` (by default the cell `column` of an import row) names, or None; an unknown
        name is an error of the row, under `column`, with the closest names."""
        text = row.cell(column) if text is None else text.strip()
        unit = self.match(text) if text else None
        if text and unit is None:
            row.error(column, self.unknown_message(text))
        return unit

    def unknown_message(self, text: str) -> str:
        message = _("Không có đơn vị “%(unit)s”.") % {"unit": text}
        hints = self.suggestions(text)
        if hints:
            message += " " + _("Có phải: %(names)s?") % {"names": "; ".join(hints)}
        return message
