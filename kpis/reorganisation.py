"""The KPI targets' part of a unit reorganisation (registered in KpisConfig.ready): targets of the
operation's year and later go to the successor; targets of past years keep the unit they were set for,
and so does a per-unit target whose successor already has its own under the same parent."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dtsystem.units.reorganisation import Move, Transfer

from .models import KpiTarget


def _plan(transfer: Transfer) -> list[tuple[KpiTarget, object, str]]:
    rows = []
    taken: set[tuple[int, int]] = set()
    targets = (
        KpiTarget.objects.filter(responsible_unit_id__in=transfer.source_ids)
        .select_related("responsible_unit")
        .order_by("responsible_unit_id", "period", "code", "pk")
    )
    for kpi in targets:
        target = transfer.target_of(kpi.responsible_unit_id)
        note = ""
        if kpi.period < transfer.date.year:
            target, note = None, _("chỉ tiêu năm %(year)s đã qua: giữ đơn vị cũ") % {"year": kpi.period}
        elif target is None:
            note = _("không có đơn vị kế thừa: giữ đơn vị cũ")
        elif kpi.parent_id is not None:
            key = (kpi.parent_id, target.pk)
            exists = (
                target.pk is not None
                and KpiTarget.objects.filter(parent_id=kpi.parent_id, responsible_unit_id=target.pk).exists()
            )
            if exists or key in taken:
                target, note = None, _("đơn vị nhận đã có chỉ tiêu này: giữ đơn vị cũ")
            else:
                taken.add(key)
        rows.append((kpi, target, note))
    return rows


def preview(transfer: Transfer) -> list[Move]:
    if not transfer.ends_sources:
        return []
    return [
        Move(
            "kpi_target",
            f"{kpi.code} ({kpi.period}): {kpi.text[:120]}",
            kpi.responsible_unit.name,
            target.name if target else None,
            kpi.pk,
            note=note,
        )
        for kpi, target, note in _plan(transfer)
    ]


def apply(transfer: Transfer, *, user, change) -> None:
    if not transfer.ends_sources:
        return
    for kpi, target, _note in _plan(transfer):
        if target is not None:
            KpiTarget.objects.filter(pk=kpi.pk).update(responsible_unit=target)
