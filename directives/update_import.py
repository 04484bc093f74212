"""The Excel round trip: an exported task list (directives.resources.TaskResource: "Mã nhiệm vụ" first,
"Ghi chú" last) comes back with the progress, status and notes the clerk changed, and each task is updated
by its id through the same services as the pages (policy, state rules and one history event per change).

A row's changes: the progress (a progress report, its note the row's "Ghi chú"), then the status (a
workflow transition, its reason the note). Every row is checked before anything is saved (the preview
shows each field before → after); a file with one bad row saves nothing (dtsystem.common.imports).
Errors by row: an unknown id (or a task the user may not see: the same message, nothing is revealed),
a task the user may not change, a transition the workflow does not have, a percent outside 0–100."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.imports import ImportRow, RowKey, RowSpec
from dtsystem.common.text import fold

from . import selectors, services
from .choices import TaskStatus
from .resources import COL_ID, COL_NOTE, COL_PROGRESS, COL_STATUS, EXPORT_COLUMNS


def _percent(text: str) -> int | None:
    text = (text or "").rstrip("%").strip()
    return int(text) if text.isdigit() and int(text) <= 100 else None


class TaskUpdateImport(RowSpec):
    columns = EXPORT_COLUMNS
    required = [COL_ID, COL_STATUS, COL_PROGRESS]
    field_columns = {"percent": COL_PROGRESS, "to": COL_STATUS, "reason": COL_NOTE, "note": COL_NOTE}
    default_column = COL_ID

    @classmethod
    def authorize(cls, user) -> None:
        """Office staff, and members of a unit (for their units' tasks: each row is checked again)."""
        policy.require(user, policy.WORK_ON_TASKS)

    def prepare(self, rows: list[ImportRow]) -> None:
        ids = {int(r.cell(COL_ID)) for r in rows if r.cell(COL_ID).isdigit() and len(r.cell(COL_ID)) < 19}
        # one query whatever the number of rows: the tasks of the file the user may see
        self.tasks = {
            t.pk: t
            for t in selectors.task_queryset(user=self.user).filter(pk__in=ids).select_related("lead_unit")
        }
        self.statuses = {fold(str(label)): value for value, label in TaskStatus.choices}
        self.statuses |= {fold(v): v for v in TaskStatus.values}
        self.labels = dict(TaskStatus.choices)

    def clean(self, row: ImportRow) -> None:
        row.fields = {"changes": []}
        text = row.cell(COL_ID)
        task = self.tasks.get(int(text)) if text.isdigit() and len(text) < 19 else None
        if task is None:
            row.error(
                COL_ID,
                _("Không tìm thấy nhiệm vụ mã “%(id)s” trong những nhiệm vụ bạn được xem.") % {"id": text},
            )
            return
        row.existing = task
        note = row.cell(COL_NOTE)
        percent = _percent(row.cell(COL_PROGRESS)) if row.cell(COL_PROGRESS) else task.progress
        if percent is None:
            row.error(COL_PROGRESS, _("Tiến độ phải là số nguyên từ 0 đến 100."))
        status_text = row.cell(COL_STATUS)
        status = self.statuses.get(fold(status_text)) if status_text else task.status
        if status is None:
            row.error(
                COL_STATUS,
                _("Không có trạng thái “%(status)s”. Các trạng thái: %(all)s.")
                % {"status": status_text, "all": "; ".join(str(label) for label in self.labels.values())},
            )
        if row.errors:
            return
        changes, plan = [], {}
        state = task.status
        if percent != task.progress and status not in (TaskStatus.REPORTED_DONE, TaskStatus.DONE):
            refusal = None
            if not policy.may(self.user, policy.TASK_REPORT_PROGRESS, task):
                refusal = self._refused(task)
            else:
                refusal = services.task_progress_refusal(task)
            if refusal:
                row.error(COL_PROGRESS, refusal)
            plan["percent"] = percent
            changes.append((_("Tiến độ"), f"{task.progress}%", f"{percent}%"))
            if state == TaskStatus.NEW:
                state = TaskStatus.IN_PROGRESS  # a report starts a new task
        if status != task.status and status != state:  # the clerk changed the status column
            action = services.TRANSITIONS.get((state, status))
            if action is None:
                row.error(
                    COL_STATUS,
                    _("Không thể chuyển nhiệm vụ từ “%(from)s” sang “%(to)s”.")
                    % {"from": self.labels[state], "to": self.labels[status]},
                )
            elif not policy.may(self.user, action, task):
                row.error(COL_STATUS, self._refused(task))
            elif action in services.REASON_REQUIRED and not note:
                row.error(
                    COL_NOTE,
                    _("Chuyển sang “%(to)s” cần ghi lý do ở cột Ghi chú.") % {"to": self.labels[status]},
                )
            plan["to"] = status
            changes.append((_("Trạng thái"), self.labels[task.status], self.labels[status]))
        if note and plan:
            changes.append((_("Ghi chú"), "", note))
        elif note:
            row.error(
                COL_NOTE, _("Có ghi chú nhưng không đổi tiến độ hay trạng thái: ghi chú đi kèm một thay đổi.")
            )
        row.fields = {"changes": changes, "plan": plan, "note": note}

    def _refused(self, task) -> str:
        return _("Bạn không được cập nhật nhiệm vụ mã %(id)s (đơn vị chủ trì: %(unit)s).") % {
            "id": task.pk,
            "unit": task.lead_unit.name,
        }

    def keys(self, row: ImportRow) -> list[RowKey]:
        key = row.existing.pk if row.existing is not None else None
        return [RowKey(COL_ID, key, _("Nhiệm vụ này đã có ở dòng %(row)s."))]

    def save_row(self, row: ImportRow) -> None:
        task, plan, note = row.existing, row.fields["plan"], row.fields["note"]
        if "percent" in plan:
            services.task_report_progress(task=task, user=self.user, percent=plan["percent"], note=note)
        if "to" in plan and task.status != plan["to"]:
            services.task_transition(task=task, user=self.user, to=plan["to"], reason=note)
