"""The tasks' part of a unit reorganisation (registered with dtsystem.units.reorganisation in
DirectivesConfig.ready): open tasks move to the successor with a history event and a lead period that
keeps who led them before; closed tasks keep the unit they had."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dtsystem.units.reorganisation import Move, Transfer

from . import rollups
from .choices import OPEN_STATUSES, EventKind
from .models import Task, TaskEvent, TaskLeadPeriod


def _label(task: Task) -> str:
    head = f"{task.document.code} — "
    item = f"mục {task.item}: " if task.item else ""
    return f"#{task.pk} {head}{item}{task.content[:120]}"


def _lead_target(transfer: Transfer, task: Task):
    return transfer.task_targets.get(task.pk) or (
        None if transfer.kind == "split" else transfer.target_of(task.lead_unit_id)
    )


def preview(transfer: Transfer) -> list[Move]:
    if not transfer.ends_sources:
        return []
    ids = transfer.source_ids
    moves: list[Move] = []
    open_led = (
        Task.objects.filter(lead_unit_id__in=ids, status__in=OPEN_STATUSES)
        .select_related("document", "lead_unit")
        .order_by("lead_unit_id", "document_id", "position", "pk")
    )
    new_lead: dict[int, int] = {}
    for task in open_led:
        target = _lead_target(transfer, task)
        error = ""
        if target is None:
            error = (
                _("Nhiệm vụ #%(id)s (%(unit)s) chưa được chọn đơn vị nhận.")
                if transfer.kind == "split"
                else _(
                    "Nhiệm vụ #%(id)s đang thực hiện sẽ không còn đơn vị chủ trì: hãy chọn đơn vị kế thừa."
                )
            ) % {"id": task.pk, "unit": task.lead_unit.name}
        else:
            new_lead[task.pk] = target.pk
        moves.append(
            Move(
                "task_lead",
                _label(task),
                task.lead_unit.name,
                target.name if target else None,
                task.pk,
                error=error,
            )
        )
    coordinated = (
        Task.coordinating_units.through.objects.filter(unit_id__in=ids, task__status__in=OPEN_STATUSES)
        .select_related("task__document", "task__lead_unit", "unit")
        .order_by("unit_id", "task_id")
    )
    for row in coordinated:
        target = transfer.target_of(row.unit_id)
        lead_after = new_lead.get(row.task_id, row.task.lead_unit_id)
        note = ""
        if target is None:
            note = _("bỏ khỏi đơn vị phối hợp (không có đơn vị kế thừa)")
        elif target.pk is not None and target.pk == lead_after:
            note = _("đơn vị nhận đã chủ trì nhiệm vụ: bỏ khỏi đơn vị phối hợp")
        moves.append(
            Move(
                "task_coordinating",
                _label(row.task),
                row.unit.name,
                target.name if target and not note else None,
                row.task_id,
                note=note,
            )
        )
    closed = Task.objects.filter(lead_unit_id__in=ids).exclude(status__in=OPEN_STATUSES).count()
    if closed:
        moves.append(
            Move(
                "task_closed",
                _("%(n)s nhiệm vụ đã hoàn thành hoặc đã hủy") % {"n": closed},
                ", ".join(u.name for u in transfer.sources),
                None,
                note=_("giữ đơn vị đã chủ trì"),
            )
        )
    return moves


def apply(transfer: Transfer, *, user, change) -> None:
    from .services import task_search_text

    if not transfer.ends_sources:
        return
    ids = transfer.source_ids
    until = transfer.date - timedelta(days=1)
    actor = user if getattr(user, "pk", None) else None
    now = timezone.now()
    tasks = list(
        Task.objects.select_for_update()
        .filter(lead_unit_id__in=ids, status__in=OPEN_STATUSES)
        .select_related("lead_unit")
        .order_by("pk")
    )
    events = []
    moved = Counter()  # the dashboard rollups follow the tasks to their new lead unit
    for task in tasks:
        old = task.lead_unit
        moved[rollups.key_of(task)] -= 1
        target = _lead_target(transfer, task)
        TaskLeadPeriod.objects.get_or_create(task=task, valid_until=until, defaults={"unit": old})
        task.lead_unit = target
        coordinating = [u for u in task.coordinating_units.all() if u.pk != target.pk]
        Task.objects.filter(pk=task.pk).update(
            lead_unit=target,
            version=F("version") + 1,
            updated_at=now,
            search_text=task_search_text(task, coordinating),
        )
        moved[rollups.key_of(task)] += 1
        task.coordinating_units.remove(target)
        events.append(
            TaskEvent(
                task=task,
                actor=actor,
                kind=EventKind.REORGANISED,
                changes={"lead_unit": [old.name, target.name]},
                note=transfer.history_note(old, target),
            )
        )
    moved.pop(None, None)
    rollups.apply(moved)
    through = Task.coordinating_units.through
    for row in through.objects.filter(unit_id__in=ids, task__status__in=OPEN_STATUSES).select_related(
        "task", "unit"
    ):
        target = transfer.target_of(row.unit_id)
        task = row.task
        old = row.unit
        row.delete()
        if target is not None and target.pk != Task.objects.values_list("lead_unit_id", flat=True).get(
            pk=task.pk
        ):
            through.objects.get_or_create(task_id=task.pk, unit_id=target.pk)
            events.append(
                TaskEvent(
                    task=task,
                    actor=actor,
                    kind=EventKind.REORGANISED,
                    changes={"coordinating_units": [old.name, target.name]},
                    note=transfer.history_note(old, target),
                )
            )
    TaskEvent.objects.bulk_create(events)
