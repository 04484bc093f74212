"""Bulk work on the task list: confirm done, return, extend, reassign, for many tasks at once, through the
same services as the one-task pages (policy, state rules, one history event per task).

Each task is applied on its own (its own transaction): a task the user may not change, or whose state
does not allow the action, is refused with its reason and the others go through. This is the choice for
a clerk's batch: one stale row must not block fifty good ones, and every result (applied or refused, with
why) is listed, on the page and in the API's answer. What is wrong with the request itself (an unknown
action, a return without a reason, an extension without a date, too many ids) refuses the whole batch
before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtsystem import policy
from dtsystem.common.exceptions import DomainError
from dtsystem.units.models import Unit

from . import selectors, services
from .choices import TaskStatus
from .models import Task

CONFIRM, RETURN, EXTEND, REASSIGN = "confirm", "return", "extend", "reassign"
BULK_ACTIONS = {
    CONFIRM: gettext_lazy("Xác nhận hoàn thành"),
    RETURN: gettext_lazy("Trả lại (chưa đạt)"),
    EXTEND: gettext_lazy("Gia hạn"),
    REASSIGN: gettext_lazy("Giao lại cho đơn vị khác"),
}
MAX_BULK = 200


FORBIDDEN, NOT_FOUND, NOT_NOW = "forbidden", "not_found", "not_now"


@dataclass
class BulkResult:
    task_id: int
    ok: bool
    message: str
    task: Task | None = None
    refusal: str = ""  # FORBIDDEN (the policy), NOT_FOUND (not visible), NOT_NOW (state or input)

    def as_dict(self) -> dict:
        return {
            "id": self.task_id,
            "ok": self.ok,
            "message": self.message,
            "status": self.task.status if self.task is not None else None,
        }


def _check_request(*, action: str, task_ids, reason: str, new_due_date: date | None, lead_unit) -> list[int]:
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": _("Thao tác “%(action)s” không có.") % {"action": action}})
    ids = list(dict.fromkeys(int(i) for i in task_ids))
    if not ids:
        raise ValidationError({"ids": _("Hãy chọn ít nhất một nhiệm vụ.")})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": _("Mỗi lần chỉ xử lý tối đa %(n)s nhiệm vụ.") % {"n": MAX_BULK}})
    if action == RETURN and not reason.strip():
        raise ValidationError({"reason": _("Trả lại nhiệm vụ cần ghi rõ lý do.")})
    if action == EXTEND and new_due_date is None:
        raise ValidationError({"new_due_date": _("Hãy nhập hạn mới (dd/mm/yyyy).")})
    if action == EXTEND and not reason.strip():
        raise ValidationError({"reason": _("Gia hạn cần ghi rõ lý do.")})
    if action == REASSIGN and lead_unit is None:
        raise ValidationError({"lead_unit": _("Hãy chọn đơn vị chủ trì mới.")})
    return ids


def _apply_one(*, user, task: Task, action: str, reason: str, new_due_date, lead_unit) -> str:
    """One task, through the services; the message of what was done."""
    if action == CONFIRM:
        services.task_transition(task=task, user=user, to=TaskStatus.DONE)
        return _("Đã xác nhận hoàn thành.")
    if action == RETURN:
        if task.status not in (TaskStatus.REPORTED_DONE, TaskStatus.DONE):
            raise DomainError(_("Chỉ trả lại được nhiệm vụ đã báo cáo hoàn thành hoặc đã hoàn thành."))
        services.task_transition(task=task, user=user, to=TaskStatus.IN_PROGRESS, reason=reason)
        return _("Đã trả lại.")
    if action == EXTEND:
        extension = services.task_request_extension(
            task=task, user=user, new_due_date=new_due_date, reason=reason
        )
        if policy.may(user, policy.DECIDE_EXTENSIONS):
            services.extension_approve(extension=extension, user=user, reason=reason)
            return _("Đã gia hạn đến %(date)s.") % {"date": new_due_date.strftime("%d/%m/%Y")}
        return _("Đã gửi đề nghị gia hạn đến %(date)s.") % {"date": new_due_date.strftime("%d/%m/%Y")}
    if task.lead_unit_id == lead_unit.pk:
        raise DomainError(_("Nhiệm vụ đã do %(unit)s chủ trì.") % {"unit": lead_unit.name})
    services.task_update(user=user, task=task, version=task.version, lead_unit=lead_unit)
    return _("Đã giao lại cho %(unit)s.") % {"unit": lead_unit.name}


def tasks_bulk_apply(
    *,
    user,
    task_ids,
    action: str,
    reason: str = "",
    new_due_date: date | None = None,
    lead_unit: Unit | None = None,
) -> list[BulkResult]:
    """Apply `action` to every task of `task_ids` the user may see, each in its own transaction; one
    result per id, in the order given (refused ones with the reason)."""
    reason = (reason or "").strip()
    ids = _check_request(
        action=action, task_ids=task_ids, reason=reason, new_due_date=new_due_date, lead_unit=lead_unit
    )
    tasks = {
        t.pk: t
        for t in selectors.task_queryset(user=user)
        .filter(pk__in=ids)
        .select_related("document", "lead_unit")
        .prefetch_related("coordinating_units")
    }
    results = []
    for task_id in ids:
        task = tasks.get(task_id)
        if task is None:
            results.append(BulkResult(task_id, False, _("Không tìm thấy nhiệm vụ này."), refusal=NOT_FOUND))
            continue
        try:
            with transaction.atomic():
                message = _apply_one(
                    user=user,
                    task=task,
                    action=action,
                    reason=reason,
                    new_due_date=new_due_date,
                    lead_unit=lead_unit,
                )
        except PermissionDenied:
            results.append(
                BulkResult(
                    task_id,
                    False,
                    _("Bạn không có quyền với nhiệm vụ này (đơn vị chủ trì: %(unit)s).")
                    % {"unit": task.lead_unit.name},
                    task,
                    FORBIDDEN,
                )
            )
        except ValidationError as exc:
            results.append(BulkResult(task_id, False, " ".join(exc.messages), task, NOT_NOW))
        except DomainError as exc:
            results.append(BulkResult(task_id, False, str(exc.message), task, NOT_NOW))
        else:
            results.append(BulkResult(task_id, True, message, task))
    return results


def refused_outright(results: list[BulkResult]) -> str:
    """FORBIDDEN or NOT_FOUND when no task went through and every one was refused for that reason (the
    page and the API then answer 403 / 404, as for one task); "" otherwise (200 with the results)."""
    kinds = {r.refusal for r in results}
    if results and not any(r.ok for r in results) and len(kinds) == 1 and kinds <= {FORBIDDEN, NOT_FOUND}:
        return kinds.pop()
    return ""
