"""The one write of the notice-text assistant: saving the reviewed extraction, with what the clerk taught
it (another name of a unit) and what the clerk kept or corrected (FieldReview, the measure of its quality)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directives import services as directive_services
from directives.deadlines import parse_deadline
from directives.models import Document
from dtsystem import policy
from dtsystem.common.text import fold
from dtsystem.units.models import Unit
from dtsystem.units.services import unit_alias_add, unit_get_or_create_by_name, unit_save

from .choices import ReviewedField
from .models import FieldReview


@transaction.atomic
def document_create_from_extraction(
    *, user, header: dict, rows: Sequence[dict], proposal: list[dict] | None = None, shape: str = ""
) -> Document:
    """Create the units the clerk accepted as new, then the document and its tasks, all in one
    transaction: a row that fails leaves no unit and no document behind.

    `header`: the document's fields (directives.services.document_create's `data`). `rows`: one dict a
    task, as the review page cleaned it: item, content, lead_unit (a Unit or None), coordinating_units
    (Units), deadline_text, and the units to create: create_new_unit + new_unit_name (the lead),
    create_new_coordinating + new_coordinating_names (a list of names). A name is created once however
    many rows name it (and an existing unit of that name is reused); a unit of the national catalogue
    (`new_unit_kinds`: {name: "central"}) is created with that kind.

    A row with `save_alias` and a `lead_text` (the lead as the document wrote it) whose lead the clerk
    changed teaches the register that name (dtsystem.units.services.unit_alias_add). `proposal` (what
    the assistant proposed, row by row; `proposed` in a row points into it) is compared with what is
    saved and recorded as FieldReview rows."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    created: dict[str, Unit] = {}
    kinds: dict[str, str] = {}

    def unit_named(name: str) -> Unit:
        key = fold(name)
        if key not in created:
            existed = Unit.objects.filter(name__iexact=name).exists()
            unit = unit_get_or_create_by_name(user=user, name=name)
            kind = kinds.get(key)
            if kind and not existed and unit.kind != kind:  # a central body of the national catalogue
                unit.kind = kind
                unit = unit_save(unit=unit)
            created[key] = unit
        return created[key]

    tasks = []
    saved_rows = []
    for row in rows:
        kinds.update({fold(name): kind for name, kind in (row.get("new_unit_kinds") or {}).items()})
        lead = row["lead_unit"]
        group = row.get("unit_group")
        new_name = (row.get("new_unit_name") or "").strip()
        if row.get("create_new_unit") and new_name:
            lead = unit_named(new_name)
        if lead is None and group is None:
            raise ValidationError({"lead_unit": _("Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị.")})
        coordinating = list(row["coordinating_units"])
        if row.get("create_new_coordinating"):
            for name in row.get("new_coordinating_names") or []:
                unit = unit_named(name)
                if unit not in coordinating:
                    coordinating.append(unit)
        if lead is not None and _teaches_alias(row, lead):
            unit_alias_add(user=user, unit=lead, alias=row["lead_text"])
        task_row = {
            "item": row["item"],
            "content": row["content"],
            "lead_unit": lead,
            "coordinating_units": coordinating,
            "deadline_text": row["deadline_text"],
        }
        if lead is None:  # an order to a group: one task per member unit, no lead invented
            task_row["unit_group"] = group
        tasks.append(task_row)
        saved_rows.append({**row, "lead_unit": lead, "coordinating_units": coordinating})
    document = directive_services.document_create(user=user, data=header, tasks=tasks)
    if proposal is not None:
        extraction_review_record(
            user=user, document=document, proposal=proposal, rows=saved_rows, shape=shape
        )
    return document


def _teaches_alias(row: dict, lead: Unit) -> bool:
    """The clerk asked to remember the name, and picked another unit than the one the assistant read."""
    text = (row.get("lead_text") or "").strip()
    if not (row.get("save_alias") and text) or row.get("group_key"):
        return False
    return str(row.get("proposed_lead") or "") != str(lead.pk)


def extraction_review_record(
    *, user, document: Document, proposal: list[dict], rows: Sequence[dict], shape: str
):
    """Record, for each proposed row, whether the clerk kept its lead, coordinating units, deadline and
    content (FieldReview), which rows were removed, and which were added by hand. Called inside the save's
    transaction."""
    ref_year = document.issue_year or (document.meeting_date.year if document.meeting_date else None)
    reviews: list[FieldReview] = []
    kept: set[int] = set()

    def add(position: int, item: str, field: str, before: str, after: str, accepted: bool | None) -> None:
        reviews.append(
            FieldReview(
                document=document,
                row=position,
                item=item[:32],
                field=field,
                before=before,
                after=after,
                accepted=accepted,
                shape=shape[:16],
                user=user,
            )
        )

    for row in rows:
        index = row.get("proposed")
        proposed = (
            proposal[index]
            if index is not None and 0 <= index < len(proposal) and index not in kept
            else None
        )
        if proposed is None:
            add(0, row["item"], ReviewedField.ROW, "", row["content"], None)  # added by hand
            continue
        kept.add(index)
        position, item = index + 1, proposed.get("item", "")
        add(position, item, ReviewedField.ROW, proposed.get("content", ""), row["content"], True)
        lead, group = row["lead_unit"], row.get("unit_group")
        if lead is None and group is not None:
            after, accepted = group.name, (proposed.get("lead") or "") == f"group:{group.key}"
        else:
            after, accepted = lead.name, _same_lead(proposed, lead)
        add(position, item, ReviewedField.LEAD, proposed.get("lead_label", ""), after, accepted)
        coordinating = row["coordinating_units"]
        before = "; ".join(proposed.get("coordinating_labels") or [])
        after = "; ".join(u.name for u in coordinating)
        add(position, item, ReviewedField.COORDINATING, before, after, _same_units(proposed, coordinating))
        before, after = proposed.get("deadline_text", ""), row["deadline_text"]
        add(position, item, ReviewedField.DEADLINE, before, after, _same_deadline(before, after, ref_year))
        before, after = proposed.get("content", ""), row["content"]
        add(
            position,
            item,
            ReviewedField.CONTENT,
            before,
            after,
            " ".join(before.split()) == " ".join(after.split()),
        )
    for index, proposed in enumerate(proposal):
        if index not in kept:
            add(
                index + 1, proposed.get("item", ""), ReviewedField.ROW, proposed.get("content", ""), "", False
            )
    for review in reviews:
        review.full_clean(exclude=["document", "user"])
    FieldReview.objects.bulk_create(reviews)


def _unit_matches(key: str, unit: Unit) -> bool:
    kind, _sep, value = key.partition(":")
    if kind == "unit":
        return value == str(unit.pk)
    if kind == "new":
        return fold(value) == fold(unit.name)  # the unit the assistant proposed to create, created
    return False


def _same_lead(proposed: dict, lead: Unit) -> bool | None:
    key = proposed.get("lead") or ""
    if key.startswith("group:"):
        return None  # a group resolved to one of its units: says nothing of the assistant
    return _unit_matches(key, lead)


def _same_units(proposed: dict, units: Sequence[Unit]) -> bool:
    keys = list(proposed.get("coordinating") or [])
    if len(keys) != len(units):
        return False
    return all(any(_unit_matches(key, unit) for unit in units) for key in keys)


def _same_deadline(before: str, after: str, ref_year: int | None) -> bool:
    a, b = parse_deadline(before, ref_year=ref_year), parse_deadline(after, ref_year=ref_year)
    return (a.kind, a.due_date, a.recurrence) == (b.kind, b.due_date, b.recurrence)
