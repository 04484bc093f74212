"""The events of the task workflow that reach people, each through inbox_notify (item + e-mail). Called by
directives.services inside its transactions; the e-mail leaves after commit. The deadline reminders
(due soon, due today, overdue) come from reminders.services, which calls inbox_notify for the same rows
it e-mails."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import InboxKind
from .selectors import office_user_ids, unit_member_ids
from .services import inbox_notify, inbox_resolve, task_title


def _others(user_ids: list[int], actor) -> list[int]:
    """Who to tell: not the person who did it."""
    actor_id = getattr(actor, "pk", None)
    return [u for u in user_ids if u != actor_id]


def task_assigned(*, task, actor=None) -> None:
    """A new task: the lead unit's members (lead and staff)."""
    inbox_notify(
        users=_others(unit_member_ids([task.lead_unit_id]), actor),
        kind=InboxKind.TASK_ASSIGNED,
        key=f"task_assigned:{task.pk}",
        title=task_title(_("Nhiệm vụ mới giao cho đơn vị"), task),
        task=task,
    )


def completion_reported(*, task, event, actor=None) -> None:
    """The unit reported the task done: the office has a confirmation waiting."""
    inbox_notify(
        users=_others(office_user_ids(), actor),
        kind=InboxKind.APPROVAL_WAITING,
        key=_completion_key(task, event),
        title=task_title(_("Chờ xác nhận hoàn thành"), task),
        task=task,
    )


def _completion_key(task, event) -> str:
    return f"approval:completion:{task.pk}:{event.pk}"


def completion_decided(*, task, returned: bool, reason: str = "", actor=None) -> None:
    """The office confirmed or returned the report: the waiting approvals of the task are done for every
    office user; a returned report goes to the lead unit's members."""
    from inbox.models import InboxItem

    keys = InboxItem.objects.filter(
        task=task, kind=InboxKind.APPROVAL_WAITING, key__startswith=f"approval:completion:{task.pk}:"
    ).values_list("key", flat=True)
    inbox_resolve(keys=list(keys.distinct()))
    if not returned:
        return
    last = task.events.order_by("-at", "-id").values_list("pk", flat=True).first()
    title = task_title(_("Báo cáo hoàn thành bị trả lại"), task)
    if reason:
        title = f"{title} — {_('lý do')}: {reason}"
    inbox_notify(
        users=_others(unit_member_ids([task.lead_unit_id]), actor),
        kind=InboxKind.TASK_RETURNED,
        key=f"task_returned:{task.pk}:{last}",
        title=title,
        task=task,
    )


def extension_requested(*, extension, actor=None) -> None:
    task = extension.task
    inbox_notify(
        users=_others(office_user_ids(), actor),
        kind=InboxKind.APPROVAL_WAITING,
        key=f"approval:extension:{extension.pk}",
        title=task_title(
            _("Xin gia hạn đến %(d)s") % {"d": extension.new_due_date.strftime("%d/%m/%Y")}, task
        ),
        task=task,
        obj=extension,
    )


def extension_decided(*, extension, approved: bool, actor=None) -> None:
    """The office decided: the waiting approval is done for every office user; the requester and the lead
    unit's leads learn the decision."""
    from dtsystem.units.choices import Role

    inbox_resolve(keys=[f"approval:extension:{extension.pk}"])
    task = extension.task
    if approved:
        prefix = _("Đồng ý gia hạn đến %(d)s") % {"d": extension.new_due_date.strftime("%d/%m/%Y")}
    else:
        prefix = _("Không đồng ý gia hạn")
    users = set(unit_member_ids([task.lead_unit_id], roles=(Role.LEAD,)))
    if extension.requested_by_id:
        users.add(extension.requested_by_id)
    title = task_title(prefix, task)
    if extension.decision_reason:
        title = f"{title} — {_('lý do')}: {extension.decision_reason}"
    inbox_notify(
        users=_others(sorted(users), actor),
        kind=InboxKind.EXTENSION_DECIDED,
        key=f"extension_decided:{extension.pk}",
        title=title,
        task=task,
        obj=extension,
    )


def task_closed(*, task) -> None:
    """Done or cancelled: nothing about it waits for the office any more (pending extensions were closed)."""
    from inbox.models import InboxItem

    keys = InboxItem.objects.filter(
        task=task, kind=InboxKind.APPROVAL_WAITING, read_at__isnull=True
    ).values_list("key", flat=True)
    inbox_resolve(keys=list(keys.distinct()))
