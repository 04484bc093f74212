"""The one write of the notice-text assistant: saving the reviewed extraction."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directives import services as directive_services
from directives.models import Document
from dtsystem import policy
from dtsystem.common.text import fold
from dtsystem.units.models import Unit
from dtsystem.units.services import unit_get_or_create_by_name


@transaction.atomic
def document_create_from_extraction(*, user, header: dict, rows: Sequence[dict]) -> Document:
    """Create the units the clerk accepted as new, then the document and its tasks, all in one
    transaction: a row that fails leaves no unit and no document behind.

    `header`: the document's fields (directives.services.document_create's `data`). `rows`: one dict a
    task, as the review page cleaned it: item, content, lead_unit (a Unit or None), coordinating_units
    (Units), deadline_text, and the units to create: create_new_unit + new_unit_name (the lead),
    create_new_coordinating + new_coordinating_names (a list of names). A name is created once however
    many rows name it (and an existing unit of that name is reused)."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    created: dict[str, Unit] = {}

    def unit_named(name: str) -> Unit:
        key = fold(name)
        if key not in created:
            created[key] = unit_get_or_create_by_name(user=user, name=name)
        return created[key]

    tasks = []
    for row in rows:
        lead = row["lead_unit"]
        new_name = (row.get("new_unit_name") or "").strip()
        if row.get("create_new_unit") and new_name:
            lead = unit_named(new_name)
        if lead is None:
            raise ValidationError({"lead_unit": _("Hãy chọn đơn vị chủ trì.")})
        coordinating = list(row["coordinating_units"])
        if row.get("create_new_coordinating"):
            for name in row.get("new_coordinating_names") or []:
                unit = unit_named(name)
                if unit not in coordinating:
                    coordinating.append(unit)
        tasks.append(
            {
                "item": row["item"],
                "content": row["content"],
                "lead_unit": lead,
                "coordinating_units": coordinating,
                "deadline_text": row["deadline_text"],
            }
        )
    return directive_services.document_create(user=user, data=header, tasks=tasks)
