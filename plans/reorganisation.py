"""The budget lines' part of a unit reorganisation (registered in PlansConfig.ready): lines of plans of
the operation's year and later go to the successor; lines of past plans keep the unit of their time."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dtsystem.units.reorganisation import Move, Transfer

from .models import BudgetLine


def _plan(transfer: Transfer):
    lines = (
        BudgetLine.objects.filter(unit_id__in=transfer.source_ids)
        .select_related("unit", "plan")
        .order_by("unit_id", "plan_id", "position", "pk")
    )
    for line in lines:
        target = transfer.target_of(line.unit_id)
        note = ""
        if line.plan.year < transfer.date.year:
            target, note = None, _("kế hoạch năm %(year)s đã qua: giữ đơn vị cũ") % {"year": line.plan.year}
        elif target is None:
            note = _("không có đơn vị kế thừa: giữ đơn vị cũ")
        yield line, target, note


def preview(transfer: Transfer) -> list[Move]:
    if not transfer.ends_sources:
        return []
    return [
        Move(
            "budget_line",
            f"{line.plan.year} — {line.item} {line.name[:120]}".strip(),
            line.unit.name,
            target.name if target else None,
            line.pk,
            note=note,
        )
        for line, target, note in _plan(transfer)
    ]


def apply(transfer: Transfer, *, user, change) -> None:
    if not transfer.ends_sources:
        return
    for line, target, _note in list(_plan(transfer)):
        if target is not None:
            BudgetLine.objects.filter(pk=line.pk).update(unit=target)
