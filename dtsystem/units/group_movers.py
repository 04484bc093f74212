"""A reorganisation's part for unit groups: a unit listed in a "by list" group hands its place to the
unit that carries on its work (merge, dissolve, rename...). Groups "by kind" need nothing: they are
evaluated when used, over the units valid that day. Registered in UnitsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import UnitGroup
from .reorganisation import Move, Transfer


def _listed(transfer: Transfer):
    ids = transfer.source_ids
    for group in (
        UnitGroup.objects.filter(units__in=ids).distinct().prefetch_related("units").order_by("name")
    ):
        for unit in group.units.all():
            if unit.pk in ids:
                yield group, unit


def group_preview(transfer: Transfer) -> list[Move]:
    moves = []
    for group, unit in _listed(transfer):
        target = transfer.target_of(unit.pk)
        if target is None:
            moves.append(
                Move(
                    "group_membership",
                    group.name,
                    unit.name,
                    None,
                    group.pk,
                    note=_("Văn phòng chọn lại thành viên nhóm."),
                )
            )
        elif target.pk != unit.pk:
            moves.append(Move("group_membership", group.name, unit.name, target.name, group.pk))
    return moves


def group_apply(transfer: Transfer, *, user, change) -> None:
    for group, unit in list(_listed(transfer)):
        target = transfer.target_of(unit.pk)
        if target is not None and target.pk != unit.pk:
            group.units.add(target)  # the ended unit stays listed (history) but is no longer a member
