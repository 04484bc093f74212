"""Writes for documents and tasks. Every write checks dtsystem.policy, validates, runs in one
transaction, records the task's history and guards against concurrent edits (version column)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.exceptions import Conflict, InvalidState
from dtsystem.common.text import fold
from dtsystem.common.uploads import validate_evidence
from dtsystem.core.purge import purge, purge_collect
from dtsystem.core.workdays import working_days_before
from dtsystem.units.choices import UnitKind
from dtsystem.units.models import Unit, UnitGroup
from dtsystem.units.selectors import unit_group_members
from inbox import events as inbox_events

from . import rollups
from .choices import (
    DeadlineKind,
    DocumentKind,
    EventKind,
    ExtensionStatus,
    InputRequestStatus,
    Issuer,
    Priority,
    SourceKind,
    TaskKind,
    TaskStatus,
)
from .deadlines import parse_deadline, period_bounds, period_kind
from .models import (
    Attachment,
    Contribution,
    Document,
    ExtensionRequest,
    InputRequest,
    ProgressReport,
    Task,
    TaskEvent,
)

DOCUMENT_FIELDS = [
    "kind",
    "number",
    "symbol",
    "issuing_unit",
    "issuing_body_text",
    "superior_body_text",
    "place",
    "issue_year",
    "issue_month",
    "issue_day",
    "title",
    "meeting_date",
    "chair",
    "chair_title",
    "signer",
    "signer_title",
    "recipients",
    "body",
]
TEXT_FIELDS = {
    "number",
    "symbol",
    "issuing_body_text",
    "superior_body_text",
    "place",
    "chair",
    "chair_title",
    "signer",
    "signer_title",
    "body",
    "title",
}
TASK_EDIT_FIELDS = [
    "item",
    "content",
    "lead_unit",
    "deadline_text",
    "deadline_kind",
    "due_date",
    "recurrence",
    "priority",
    "issuer",
    "issuer_name",
    "source_kind",
]

# (from, to) -> the policy action that allows it.
TRANSITIONS: dict[tuple[str, str], str] = {
    (TaskStatus.NEW, TaskStatus.IN_PROGRESS): policy.TASK_START,
    (TaskStatus.PAUSED, TaskStatus.IN_PROGRESS): policy.TASK_RESUME,
    (TaskStatus.REPORTED_DONE, TaskStatus.IN_PROGRESS): policy.TASK_REOPEN,
    (TaskStatus.DONE, TaskStatus.IN_PROGRESS): policy.TASK_REOPEN,
    (TaskStatus.NEW, TaskStatus.REPORTED_DONE): policy.TASK_REPORT_DONE,
    (TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE): policy.TASK_REPORT_DONE,
    (TaskStatus.REPORTED_DONE, TaskStatus.DONE): policy.TASK_CONFIRM_DONE,
    (TaskStatus.NEW, TaskStatus.PAUSED): policy.TASK_PAUSE,
    (TaskStatus.IN_PROGRESS, TaskStatus.PAUSED): policy.TASK_PAUSE,
    (TaskStatus.NEW, TaskStatus.CANCELLED): policy.TASK_CANCEL,
    (TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED): policy.TASK_CANCEL,
    (TaskStatus.PAUSED, TaskStatus.CANCELLED): policy.TASK_CANCEL,
    (TaskStatus.REPORTED_DONE, TaskStatus.CANCELLED): policy.TASK_CANCEL,
}
REASON_REQUIRED = {policy.TASK_REOPEN, policy.TASK_PAUSE, policy.TASK_CANCEL}


def transitions_from(status: str) -> list[tuple[str, str]]:
    """[(to, action)] possible from a status, whoever the user."""
    return [(to, action) for (frm, to), action in TRANSITIONS.items() if frm == status]


def transition_action(task: Task, to: str) -> str | None:
    return TRANSITIONS.get((task.status, to))


# ------------------------------------------------------------------------------------------ state rules
# What a task's state allows, whoever the user (the policy says who): the services refuse with these
# messages, and the pages offer a form only when the rule says yes. One rule, one place.

PROGRESS_STATUSES = (TaskStatus.NEW, TaskStatus.IN_PROGRESS)
EXTENSION_STATUSES = (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED)


def _group_parent_refusal() -> str:
    return _(
        "Nhiệm vụ giao cho nhóm đơn vị được tổng hợp từ nhiệm vụ của từng đơn vị; "
        "hãy cập nhật trên nhiệm vụ của đơn vị."
    )


def task_progress_refusal(task: Task) -> str | None:
    """Why the task does not accept a progress report now (None: it does)."""
    if task.kind == TaskKind.GROUP:
        return _group_parent_refusal()
    if task.is_recurring_template:
        return _("Đây là nhiệm vụ định kỳ gốc; hãy báo cáo trên nhiệm vụ của từng kỳ.")
    if task.status not in PROGRESS_STATUSES:
        return _("Không thể báo cáo tiến độ khi nhiệm vụ đang ở trạng thái “%(status)s”.") % {
            "status": task.get_status_display()
        }
    return None


def task_accepts_progress(task: Task) -> bool:
    return task_progress_refusal(task) is None


def task_extension_refusal(task: Task, *, pending: ExtensionRequest | None = None) -> str | None:
    """Why the task does not accept an extension request now (None: it does). `pending` is the task's
    pending request when the caller has it at hand; the services rely on the database's "one pending
    request per task" constraint instead (race-free), with the same message."""
    if task.kind == TaskKind.GROUP:
        return _group_parent_refusal()
    if task.status not in EXTENSION_STATUSES:
        return _("Không thể xin gia hạn khi nhiệm vụ đang ở trạng thái “%(status)s”.") % {
            "status": task.get_status_display()
        }
    if task.due_date is None:
        return _("Nhiệm vụ không có thời hạn nên không cần gia hạn.")
    if pending is not None:
        return _pending_extension_message()
    return None


def task_accepts_extension_request(task: Task, *, pending: ExtensionRequest | None = None) -> bool:
    return task_extension_refusal(task, pending=pending) is None


def _pending_extension_message() -> str:
    return _("Nhiệm vụ đã có một đề nghị gia hạn đang chờ duyệt.")


# ---------------------------------------------------------------------------------------------- helpers


def _today() -> date:
    return timezone.localdate()


def _label(value) -> str | int | None:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _log(task: Task, user, kind: str, changes: dict | None = None, note: str = "") -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        actor=user if getattr(user, "pk", None) else None,
        kind=kind,
        changes=changes or {},
        note=note,
    )


def _conflict() -> Conflict:
    return Conflict(
        _("Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thử lại.")
    )


_UNCHANGED = object()


def _claim(task: Task, rollup_before=_UNCHANGED, **values) -> None:
    """Write `values` only if nobody changed the task since it was loaded (conditional UPDATE), and move
    the task's count in the dashboard rollups (directives.rollups) in the same transaction.
    `rollup_before`: the task's rollup key as loaded, when the caller already changed the instance."""
    before = rollups.key_of(task) if rollup_before is _UNCHANGED else rollup_before
    updated = Task.objects.filter(pk=task.pk, version=task.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise _conflict()
    for key, value in values.items():
        setattr(task, key, value)
    task.version += 1
    rollups.move(before, rollups.key_of(task))


def document_search_text(document: Document) -> str:
    parts = [
        document.code,
        document.get_kind_display(),
        document.title,
        document.issuing_body_text,
        document.chair,
        document.signer,
        document.place,
    ]
    if document.issuing_unit_id:
        parts += document.issuing_unit.all_names()
    return fold(" | ".join(p for p in parts if p))


def task_search_text(task: Task, coordinating: Iterable[Unit] = ()) -> str:
    lead = getattr(task, "lead_unit", None)
    if lead is not None:
        names = lead.all_names()
    else:
        group = getattr(task, "unit_group", None)
        names = [group.name] if group is not None else []
    parts = [task.item, task.content, task.deadline_text, *names, getattr(task, "issuer_name", "")]
    for unit in coordinating:
        parts.append(unit.short_name or unit.name)
    return fold(" | ".join(p for p in parts if p))


def resolve_deadline(
    *,
    deadline_text: str,
    deadline_kind: str | None,
    due_date: date | None,
    recurrence: str | None,
    ref_year: int | None,
    ref_date: date | None = None,
) -> tuple[str, date | None, str]:
    """Explicit values win; otherwise the phrase decides (kind, due date, recurrence). `ref_date`: the
    document's date, where "trong N ngày (làm việc)" counts from when the phrase names no date."""
    if deadline_kind:
        kind = deadline_kind
        if kind == DeadlineKind.RECURRING:
            return (
                kind,
                None,
                recurrence or parse_deadline(deadline_text, ref_year=ref_year, ref_date=ref_date).recurrence,
            )
        if kind == DeadlineKind.NONE:
            return kind, None, ""
        if due_date is None:
            due_date = parse_deadline(deadline_text, ref_year=ref_year, ref_date=ref_date).due_date
        return kind, due_date, ""
    if due_date is not None:
        return DeadlineKind.DAY, due_date, ""
    parsed = parse_deadline(deadline_text, ref_year=ref_year, ref_date=ref_date)
    return parsed.kind, parsed.due_date, parsed.recurrence


def _document_ref_year(document: Document) -> int | None:
    return document.issue_year or (document.meeting_date.year if document.meeting_date else None)


def document_ref_date(document: Document) -> date | None:
    """The day relative deadlines ("trong 10 ngày làm việc") count from: the issue date, else the meeting."""
    return document.issue_date or document.meeting_date


# -------------------------------------------------------------------------------------------- documents


def _document_touch(document: Document) -> None:
    """A task was added or removed outside document_update: editors holding the old task list must reload."""
    Document.objects.filter(pk=document.pk).update(version=F("version") + 1)
    document.version += 1


def _document_apply(document: Document, data: dict) -> None:
    unknown = set(data) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown document fields: {sorted(unknown)}")
    for key, value in data.items():
        if value is None and key in TEXT_FIELDS:
            value = ""
        setattr(document, key, value)
    if document.issue_year and document.issue_month and document.issue_day:
        try:
            document.issue_date = date(document.issue_year, document.issue_month, document.issue_day)
        except ValueError:
            document.issue_date = None  # clean() reports it
    else:
        document.issue_date = None
    document.recipients = [r.strip() for r in (document.recipients or []) if r and r.strip()]


@transaction.atomic
def document_create(
    *, user, data: dict, tasks: Sequence[dict] = (), source_key: str | None = None
) -> Document:
    """Create a document and its tasks in one transaction (the notice page and the assistant use this)."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    document = Document(created_by=user if getattr(user, "pk", None) else None, source_key=source_key)
    _document_apply(document, data)
    document.full_clean(exclude=["source_key"])
    document.search_text = document_search_text(document)
    document.save()
    for position, row in enumerate(tasks, start=1):
        _task_create(user=user, document=document, position=position, **row)
    return document


@transaction.atomic
def document_update(
    *, user, document: Document, version: int, data: dict, tasks: Sequence[dict] | None = None
) -> Document:
    """Update a document (and, when `tasks` is given, its task rows: with "id" = update, without = new,
    existing ones missing from the list = removed). Refuses if someone saved the document meanwhile."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    _document_open(document)
    if document.version != version:
        raise Conflict(
            _("Văn bản vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại thay đổi của bạn.")
        )
    _document_apply(document, data)
    document.full_clean(exclude=["source_key"])
    document.search_text = document_search_text(document)
    updated = Document.objects.filter(pk=document.pk, version=version).update(
        version=F("version") + 1,
        **{
            f: getattr(document, f)
            for f in [*DOCUMENT_FIELDS, "issue_date", "search_text"]
            if f != "issuing_unit"
        },
        issuing_unit=document.issuing_unit,
        updated_at=timezone.now(),
    )
    if not updated:
        raise Conflict(
            _("Văn bản vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại thay đổi của bạn.")
        )
    document.version = version + 1
    if tasks is not None:
        # The form's rows are the document's orders; group members and forwarded sub-tasks are kept on
        # their parent's page.
        existing = {
            t.pk: t
            for t in document.tasks.filter(parent__isnull=True)
            .select_related("lead_unit", "unit_group")
            .prefetch_related("coordinating_units")
        }
        for loaded in existing.values():
            loaded.document = document  # avoid one query per row in task_update
        kept = set()
        for position, row in enumerate(tasks, start=1):
            row = dict(row)
            task_id = row.pop("id", None)
            task_version = row.pop("version", None)
            if task_id:
                task = existing.get(int(task_id))
                if task is None:
                    raise ValidationError(_("Nhiệm vụ #%(id)s không thuộc văn bản này.") % {"id": task_id})
                kept.add(task.pk)
                if task_version is None:
                    raise ValidationError(_("Thiếu phiên bản của nhiệm vụ #%(id)s.") % {"id": task_id})
                task_update(user=user, task=task, version=task_version, position=position, **row)
            else:
                _task_create(user=user, document=document, position=position, **row)
        for pk, task in existing.items():
            if pk not in kept:
                _task_delete(user=user, task=task)
    return document


def _document_open(document: Document) -> None:
    if document.cancelled_at is not None:
        raise InvalidState(_("Văn bản đã bị hủy (thu hồi) nên không thể sửa hay giao thêm nhiệm vụ."))


OPEN_STATUSES = (TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED, TaskStatus.REPORTED_DONE)


def document_cancel(*, user, document: Document, reason: str) -> Document:
    """Withdraw a document (hủy / thu hồi) with a reason: never deleted, its open tasks are cancelled with
    the same reason (each in its history), closed ones keep their result, recurring ones stop recurring."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do hủy văn bản.")})
    _document_open(document)
    now = timezone.now()
    with transaction.atomic():
        claimed = Document.objects.filter(pk=document.pk, cancelled_at__isnull=True).update(
            cancelled_at=now,
            cancelled_by=user,
            cancellation_reason=reason,
            version=F("version") + 1,
            updated_at=now,
        )
        if not claimed:
            raise InvalidState(_("Văn bản đã bị hủy (thu hồi) nên không thể sửa hay giao thêm nhiệm vụ."))
        note = _("Văn bản %(code)s bị hủy: %(reason)s") % {"code": document.code, "reason": reason}
        # Units' tasks first, group parents last (cancelling a parent cancels its still open children).
        tasks = list(document.tasks.filter(status__in=OPEN_STATUSES).order_by("pk"))
        for task in sorted(tasks, key=lambda t: t.kind == TaskKind.GROUP):
            task_transition(task=task, user=user, to=TaskStatus.CANCELLED, reason=note)
    document.refresh_from_db()
    return document


# ------------------------------------------------------------------------------------------------ tasks


def task_build(
    *,
    user,
    document: Document,
    position: int = 0,
    item: str = "",
    content: str,
    lead_unit: Unit | None,
    coordinating_units: Iterable[Unit] = (),
    deadline_text: str = "",
    deadline_kind: str | None = None,
    due_date: date | None = None,
    recurrence: str | None = None,
    priority: int = Priority.NORMAL,
    status: str | None = None,
    issuer: str | None = None,
    issuer_name: str = "",
    source_kind: str | None = None,
    kind: str = TaskKind.SINGLE,
    parent: Task | None = None,
    unit_group: UnitGroup | None = None,
    due_date_is_default: bool = False,
) -> tuple[Task, list[Unit]]:
    """A new task of `document` and its coordinating units, checked but not saved, without a query
    (imports check every row with it before anything is written)."""
    resolved_kind, due, rec = resolve_deadline(
        deadline_text=deadline_text,
        deadline_kind=deadline_kind,
        due_date=due_date,
        recurrence=recurrence,
        ref_year=_document_ref_year(document),
        ref_date=document_ref_date(document),
    )
    lead_pk = lead_unit.pk if lead_unit is not None else None
    coordinating = [u for u in coordinating_units if u and u.pk != lead_pk]
    if issuer is None:
        issuer, issuer_name = issuer_from_document(document)
    _refuse_ended_units([u for u in [lead_unit, *coordinating] if u is not None])
    task = Task(
        document=document,
        position=position,
        item=(item or "").strip(),
        content=(content or "").strip(),
        lead_unit=lead_unit,
        kind=kind,
        parent=parent,
        unit_group=unit_group,
        issuer=issuer or "",
        issuer_name=(issuer_name or "").strip() if issuer else "",
        source_kind=source_kind or source_kind_for(document),
        deadline_text=(deadline_text or "").strip(),
        deadline_kind=resolved_kind,
        due_date=due,
        due_date_is_default=bool(due_date_is_default and due),
        original_due_date=due,
        recurrence=rec,
        priority=priority or Priority.NORMAL,
        created_by=user if getattr(user, "pk", None) else None,
    )
    # Field values and clean() rules are checked here; the foreign keys are objects we hold and the
    # constraints are enforced by the database, so skip their extra SELECTs (imports create thousands).
    task.full_clean(
        exclude=["document", "recurrence_parent", "lead_unit", "created_by", "parent", "unit_group"],
        validate_unique=False,
        validate_constraints=False,
    )
    return task, coordinating


def issuer_from_document(document: Document) -> tuple[str, str]:
    """Who gave a document's orders when the clerk does not say: the chair of a conclusion notice's
    meeting (Chủ tịch, or the named Phó Chủ tịch), else the signer's title; the People's Committee
    when the document issued by it says no more."""
    for title, name in ((document.chair_title, document.chair), (document.signer_title, document.signer)):
        folded = fold(title or "")
        if "pho chu tich" in folded:
            return Issuer.VICE_CHAIRMAN, name or ""
        if "chu tich" in folded:
            return Issuer.CHAIRMAN, name or ""
    return "", ""


def source_kind_for(document: Document) -> str:
    """A conclusion notice (TB) records a meeting's conclusions; any other document is a document."""
    return SourceKind.MEETING if document.kind == DocumentKind.TB else SourceKind.DOCUMENT


def _refuse_ended_units(units: Iterable[Unit], *, today: date | None = None) -> None:
    """A unit that no longer exists (valid_until in the past: merged, split, dissolved) gets no new work;
    the message names its successor."""
    today = today or _today()
    for unit in units:
        if unit.valid_until is not None and unit.valid_until < today:
            message = _("Đơn vị “%(unit)s” đã hết hiệu lực từ %(date)s, không thể giao nhiệm vụ mới.") % {
                "unit": unit.name,
                "date": (unit.valid_until + timedelta(days=1)).strftime("%d/%m/%Y"),
            }
            if unit.successor_id:
                message += " " + _("Đơn vị kế thừa: %(name)s.") % {"name": unit.successor.name}
            raise ValidationError({"lead_unit": message})


def _task_create(*, user, document: Document, position: int = 0, **fields) -> Task:
    unit_group = fields.pop("unit_group", None)
    if unit_group is not None:
        if fields.get("lead_unit") is not None:
            raise ValidationError(
                {"lead_unit": _("Hãy chọn một đơn vị chủ trì hoặc một nhóm đơn vị, không chọn cả hai.")}
            )
        fields.pop("lead_unit", None)
        return _group_task_create(
            user=user, document=document, position=position, unit_group=unit_group, **fields
        )
    if fields.get("lead_unit") is None:
        raise ValidationError({"lead_unit": _("Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị.")})
    task, coordinating = task_build(user=user, document=document, position=position, **fields)
    task.search_text = task_search_text(task, coordinating)
    task.save()
    rollups.move(None, rollups.key_of(task))
    task.coordinating_units.add(*coordinating)  # a new task has none yet
    input_requests_sync(task=task, unit_ids={u.pk for u in coordinating}, new=True, actor=user)
    _log(
        task,
        user,
        EventKind.CREATED,
        {
            "lead_unit": [None, task.lead_display],
            "coordinating_units": [None, [u.name for u in coordinating]],
            "due_date": [None, _label(task.due_date)],
        },
    )
    inbox_events.task_assigned(task=task, actor=user)
    return task


@transaction.atomic
def task_create(*, user, document: Document, **fields) -> Task:
    policy.require(user, policy.MANAGE_DOCUMENTS)
    _document_open(document)
    position = fields.pop("position", None)
    if position is None:
        position = (document.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = _task_create(user=user, document=document, position=position, **fields)
    _document_touch(document)
    return task


@transaction.atomic
def task_update(
    *,
    user,
    task: Task,
    version: int,
    position: int | None = None,
    coordinating_units: Iterable[Unit] | None = None,
    **fields,
) -> Task:
    """Edit a task's content, units and deadline. `version` is the one the editor loaded: if the task
    changed since, Conflict is raised and nothing is written."""
    policy.require(user, policy.TASK_EDIT, task)
    if int(version) != task.version:
        raise Conflict(
            _("Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang rồi nhập lại thay đổi của bạn.")
        )
    unit_group = fields.pop("unit_group", None)
    unknown = set(fields) - set(TASK_EDIT_FIELDS) - {"status"}
    if unknown:
        raise ValueError(f"unknown task fields: {sorted(unknown)}")
    fields.pop("status", None)  # status changes only through task_transition
    if task.kind == TaskKind.GROUP:
        # A group order keeps its group (its children were made from it) and never gets a lead.
        if unit_group is not None and unit_group.pk != task.unit_group_id:
            raise ValidationError(
                {"unit_group": _("Không thể đổi nhóm đơn vị của nhiệm vụ đã giao cho nhóm.")}
            )
        fields.pop("lead_unit", None)
    elif unit_group is not None:
        raise ValidationError(
            {
                "unit_group": _(
                    "Nhiệm vụ đã giao cho một đơn vị; hãy thêm nhiệm vụ mới để giao cho nhóm đơn vị."
                )
            }
        )
    rollup_before = rollups.key_of(task)
    before = {f: getattr(task, f) for f in TASK_EDIT_FIELDS}
    before_position = task.position
    before_coord = sorted(u.name for u in task.coordinating_units.all())
    deadline_changed = any(
        key in fields and fields[key] != getattr(task, key)
        for key in ("deadline_text", "deadline_kind", "due_date", "recurrence")
    )
    if not deadline_changed:
        # An unchanged phrase must not undo an approved extension by re-reading the original date.
        for key in ("deadline_text", "deadline_kind", "due_date", "recurrence"):
            fields.pop(key, None)
    if deadline_changed:
        kind, due, rec = resolve_deadline(
            deadline_text=fields.get("deadline_text", task.deadline_text),
            deadline_kind=fields.get("deadline_kind"),
            due_date=fields.get("due_date"),
            recurrence=fields.get("recurrence", task.recurrence),
            ref_year=_document_ref_year(task.document),
            ref_date=document_ref_date(task.document),
        )
        fields.update(deadline_kind=kind, due_date=due, recurrence=rec)
        task.due_date_is_default = False  # the deadline is now the task's own
    changed_units = []
    if (
        "lead_unit" in fields
        and fields["lead_unit"] is not None
        and fields["lead_unit"].pk != task.lead_unit_id
    ):
        changed_units.append(fields["lead_unit"])
    if coordinating_units is not None:
        before_ids = {u.pk for u in task.coordinating_units.all()}
        changed_units += [u for u in coordinating_units if u.pk not in before_ids]
    _refuse_ended_units(changed_units)
    for key, value in fields.items():
        setattr(task, key, value)
    if task.original_due_date is None:
        task.original_due_date = task.due_date
    if position is not None:
        task.position = position
    task.full_clean(exclude=["document", "recurrence_parent", "parent", "unit_group"])
    coordinating = (
        list(coordinating_units) if coordinating_units is not None else list(task.coordinating_units.all())
    )
    coordinating = [u for u in coordinating if u.pk != task.lead_unit_id]
    task.search_text = task_search_text(task, coordinating)
    values = {
        f: getattr(task, f)
        for f in [*TASK_EDIT_FIELDS, "position", "search_text", "original_due_date", "due_date_is_default"]
    }
    changes = {
        f: [_label(before[f]), _label(getattr(task, f))]
        for f in TASK_EDIT_FIELDS
        if before[f] != getattr(task, f)
    }
    after_coord = sorted(u.name for u in coordinating)
    if after_coord != before_coord:
        changes["coordinating_units"] = [before_coord, after_coord]
    if not changes and position in (None, before_position):
        return task  # nothing to write: keep the version, so other open editors get no false conflict
    task.version = int(version)
    _claim(task, rollup_before=rollup_before, **values)
    if coordinating_units is not None:
        task.coordinating_units.set(coordinating)
    if coordinating_units is not None or deadline_changed or "lead_unit" in changes:
        input_requests_sync(task=task, unit_ids={u.pk for u in coordinating}, actor=user)
    if changes:
        _log(task, user, EventKind.UPDATED, changes)
    return task


# What the office's own data entry leaves on a task before anyone works on it (with its author: a task
# the recurrence job created is not a row someone typed in).
DATA_ENTRY_EVENTS = (EventKind.CREATED, EventKind.UPDATED)
# What hangs on such a task by data entry alone: its events, its coordinating units and their input requests
# (a request with a contribution is history: Contribution rows then appear in the purge plan).
DATA_ENTRY_ROWS = {
    Task._meta.label,
    TaskEvent._meta.label,
    Task.coordinating_units.through._meta.label,
    InputRequest._meta.label,
}


def _task_delete(*, user, task: Task) -> None:
    """Remove a row the office entered by mistake (the notice form): only while nothing but the office's own
    data entry hangs on the task (its "created"/"updated" events); the removal is recorded with a snapshot
    (dtsystem.core.purge). A task anyone has worked on is cancelled with a reason instead."""
    policy.require(user, policy.TASK_EDIT, task)
    plan = purge_collect(Task.objects.filter(pk=task.pk))
    worked_on = (
        task.status != TaskStatus.NEW
        or plan.counts.get(Task._meta.label) != 1  # a recurring obligation's instances hang on it
        or set(plan.counts) - DATA_ENTRY_ROWS
        or task.events.exclude(kind__in=DATA_ENTRY_EVENTS, actor__isnull=False).exists()  # a job made it
    )
    if worked_on:
        raise InvalidState(
            _(
                "Không thể xóa nhiệm vụ “%(item)s” vì nhiệm vụ đã có lịch sử (báo cáo tiến độ, đề nghị gia hạn, "
                "thư nhắc việc hoặc các kỳ của nhiệm vụ định kỳ); hãy hủy nhiệm vụ với lý do."
            )
            % {"item": task.item or task.content[:40]}
        )
    rollups.move(rollups.key_of(task), None)
    purge(
        plan=plan,
        user=user,
        via="document_update",
        reason=_("Bỏ dòng nhập nhầm khi sửa văn bản %(code)s.") % {"code": task.document.code},
        force=True,
    )


@transaction.atomic
def task_delete(*, user, task: Task) -> None:
    document = task.document
    _task_delete(user=user, task=task)
    _document_touch(document)


def _store_files(*, user, task: Task, report: ProgressReport | None, files: Sequence) -> list[Attachment]:
    checked = [(f, validate_evidence(f)) for f in files]  # validate all before saving any
    stored = []
    for upload, meta in checked:
        attachment = Attachment(task=task, progress_report=report, uploaded_by=user, **meta)
        attachment.file.save(meta["original_name"], upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def task_report_progress(
    *,
    task: Task,
    user,
    percent: int,
    note: str = "",
    files: Sequence = (),
    version: int | None = None,
    contributions: Sequence = (),
) -> ProgressReport:
    """A unit reports how far a task has got, with optional evidence files. Starts a new task.

    A report is an append, not an edit: it does not take the task's optimistic lock, so two units (or
    two tabs) reporting at once both get through. Only a client that sends the `version` it loaded asks
    for the check (Conflict when the task changed since). The task row is locked (SELECT ... FOR UPDATE)
    while its progress and status follow the report, so concurrent reports serialise on it: the task
    ends with the last report's percent and every history event has the right "before"."""
    policy.require(user, policy.TASK_REPORT_PROGRESS, task)
    refusal = task_progress_refusal(task)
    if refusal:
        raise InvalidState(refusal)
    try:
        percent = int(percent)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"percent": _("Tiến độ phải là số nguyên từ 0 đến 100.")}) from exc
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Tiến độ phải là số nguyên từ 0 đến 100.")})
    for f in files:
        validate_evidence(f)
    included = _included_contributions(task, contributions)
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if version is not None and int(version) != current.version:
            raise _conflict()
        if task_progress_refusal(current):  # the state changed since the caller loaded the task
            raise _conflict()
        before_status, before_progress = current.status, current.progress
        values = {"progress": percent}
        if current.status == TaskStatus.NEW:
            values["status"] = TaskStatus.IN_PROGRESS
        Task.objects.filter(pk=task.pk).update(version=F("version") + 1, updated_at=timezone.now(), **values)
        task.status, task.progress = values.get("status", current.status), percent
        task.version = current.version + 1
        report = ProgressReport(task=task, reported_by=user, percent=percent, note=(note or "").strip())
        report.full_clean(exclude=["task", "reported_by"])
        report.save()
        if included:
            report.contributions.set(included)
        attachments = _store_files(user=user, task=task, report=report, files=files)
        changes = {"progress": [before_progress, percent]}
        if before_status != task.status:
            changes["status"] = [before_status, task.status]
        if attachments:
            changes["files"] = [None, [a.original_name for a in attachments]]
        _log(task, user, EventKind.PROGRESS, changes, note=report.note)
    return report


def _included_contributions(task: Task, contributions: Sequence) -> list[Contribution]:
    """The coordinating units' contributions a progress report includes ("đính kèm ý kiến phối hợp"):
    each must be one sent for this task."""
    ids = {getattr(c, "pk", c) for c in contributions or ()}
    if not ids:
        return []
    found = list(Contribution.objects.filter(pk__in=ids, request__task=task))
    if len(found) != len(ids):
        raise ValidationError({"contributions": _("Có ý kiến phối hợp không thuộc nhiệm vụ này.")})
    return found


def task_transition(*, task: Task, user, to: str, reason: str = "") -> Task:
    """Move a task along its workflow: start, report done, confirm, reopen, pause, resume, cancel."""
    action = transition_action(task, to)
    if action is None:
        if not any(policy.may(user, a, task) for a in set(TRANSITIONS.values())):
            policy.require(user, policy.TASK_EDIT, task)  # raises PermissionDenied
        valid = {s.value: s.label for s in TaskStatus}
        if to not in valid:
            raise ValidationError({"to": _("Trạng thái “%(to)s” không tồn tại.") % {"to": to}})
        raise InvalidState(
            _("Không thể chuyển nhiệm vụ từ “%(from)s” sang “%(to)s”.")
            % {"from": task.get_status_display(), "to": valid[to]}
        )
    policy.require(user, action, task)
    if task.kind == TaskKind.GROUP and to != TaskStatus.CANCELLED:
        raise InvalidState(_group_parent_refusal())
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    values: dict = {"status": to}
    now = timezone.now()
    if to == TaskStatus.REPORTED_DONE:
        values.update(completed_on=_today(), progress=100)
    elif to == TaskStatus.DONE:
        values.update(
            confirmed_by=user, confirmed_at=now, completed_on=task.completed_on or _today(), progress=100
        )
    elif to == TaskStatus.IN_PROGRESS and task.status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE):
        values.update(completed_on=None, confirmed_by=None, confirmed_at=None)
    if action in REASON_REQUIRED:
        values["status_reason"] = reason
    with transaction.atomic():
        before = task.status
        _claim(task, **values)
        if to in (TaskStatus.DONE, TaskStatus.CANCELLED):
            task.extension_requests.filter(status=ExtensionStatus.PENDING).update(
                status=ExtensionStatus.REJECTED,
                decided_by=user,
                decided_at=now,
                decision_reason=_("Tự động đóng vì nhiệm vụ đã kết thúc."),
            )
        event = _log(task, user, EventKind.STATUS, {"status": [before, to]}, note=reason)
        if to == TaskStatus.REPORTED_DONE:
            inbox_events.completion_reported(task=task, event=event, actor=user)
        elif before == TaskStatus.REPORTED_DONE:
            inbox_events.completion_decided(
                task=task, returned=to != TaskStatus.DONE, reason=reason, actor=user
            )
        if to in (TaskStatus.DONE, TaskStatus.CANCELLED):
            inbox_events.task_closed(task=task)
        if task.kind == TaskKind.GROUP and to == TaskStatus.CANCELLED:
            for child in task.children.filter(status__in=OPEN_STATUSES).order_by("pk"):
                task_transition(task=child, user=user, to=TaskStatus.CANCELLED, reason=reason)
    return task


def task_request_extension(*, task: Task, user, new_due_date: date, reason: str) -> ExtensionRequest:
    policy.require(user, policy.TASK_REQUEST_EXTENSION, task)
    refusal = task_extension_refusal(task)
    if refusal:
        raise InvalidState(refusal)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do xin gia hạn.")})
    if new_due_date is None or new_due_date <= task.due_date:
        raise ValidationError(
            {
                "new_due_date": _("Hạn đề nghị phải sau hạn hiện tại (%(due)s).")
                % {"due": task.due_date.strftime("%d/%m/%Y")}
            }
        )
    try:
        with transaction.atomic():
            extension = ExtensionRequest.objects.create(
                task=task,
                requested_by=user,
                current_due_date=task.due_date,
                new_due_date=new_due_date,
                reason=reason.strip(),
            )
            _log(
                task,
                user,
                EventKind.EXTENSION_REQUESTED,
                {"due_date": [_label(task.due_date), _label(new_due_date)]},
                note=reason.strip(),
            )
            inbox_events.extension_requested(extension=extension, actor=user)
    except IntegrityError as exc:
        raise InvalidState(_pending_extension_message()) from exc
    return extension


def _extension_decide(*, extension: ExtensionRequest, user, approve: bool, reason: str) -> ExtensionRequest:
    policy.require(user, policy.DECIDE_EXTENSIONS)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do không đồng ý.")})
    now = timezone.now()
    with transaction.atomic():
        claimed = ExtensionRequest.objects.filter(pk=extension.pk, status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED,
            decided_by=user,
            decided_at=now,
            decision_reason=reason,
        )
        if not claimed:
            raise InvalidState(_("Đề nghị gia hạn này đã được xử lý."))
        extension.refresh_from_db()
        task = Task.objects.select_for_update().get(pk=extension.task_id)
        if approve:
            before = task.due_date
            values = {"due_date": extension.new_due_date}
            if task.original_due_date is None:
                values["original_due_date"] = before
            if task.deadline_kind in (DeadlineKind.NONE, DeadlineKind.RECURRING):
                values["deadline_kind"] = DeadlineKind.DAY
            _claim(task, **values)
            task.due_date = extension.new_due_date
            input_requests_sync(task=task)
            _log(
                task,
                user,
                EventKind.EXTENSION_APPROVED,
                {"due_date": [_label(before), _label(extension.new_due_date)]},
                note=reason,
            )
        else:
            _log(
                task,
                user,
                EventKind.EXTENSION_REJECTED,
                # the deadline does not move: the event keeps the date that was refused, not a change
                {"requested_due_date": [None, _label(extension.new_due_date)]},
                note=reason,
            )
        inbox_events.extension_decided(extension=extension, approved=approve, actor=user)
    return extension


def extension_approve(*, extension: ExtensionRequest, user, reason: str = "") -> ExtensionRequest:
    return _extension_decide(extension=extension, user=user, approve=True, reason=reason)


def extension_reject(*, extension: ExtensionRequest, user, reason: str) -> ExtensionRequest:
    return _extension_decide(extension=extension, user=user, approve=False, reason=reason)


def task_recurrences_generate(*, today: date | None = None) -> int:
    """Create the instance of every recurring obligation for the current and the next period.

    Safe to run any number of times: (template, period) is unique in the database."""
    today = today or _today()
    created = 0
    templates = (
        Task.objects.filter(deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True)
        .exclude(status=TaskStatus.CANCELLED)
        .exclude(kind=TaskKind.GROUP)  # its children (one per unit) recur
        .select_related("document", "lead_unit")
        .prefetch_related("coordinating_units")
    )
    for template in templates:
        start_year = _document_ref_year(template.document) or today.year
        label, _first, due = period_bounds(template.recurrence, today)
        periods = [(label, due)]
        next_label, _start, next_due = period_bounds(
            template.recurrence, date.fromordinal(due.toordinal() + 1)
        )
        periods.append((next_label, next_due))
        existing = set(template.instances.values_list("period_label", flat=True))
        coordinating = list(template.coordinating_units.all())
        for period_label, period_due in periods:
            if period_label in existing or period_due.year < start_year:
                continue
            try:
                with transaction.atomic():
                    instance = Task.objects.create(
                        document=template.document,
                        position=template.position,
                        item=template.item,
                        content=template.content,
                        lead_unit=template.lead_unit,
                        deadline_text=f"{template.deadline_text} — kỳ {period_label}".strip(" —"),
                        deadline_kind=period_kind(template.recurrence),
                        due_date=period_due,
                        original_due_date=period_due,
                        recurrence_parent=template,
                        period_label=period_label,
                        priority=template.priority,
                        search_text=template.search_text,
                    )
                    rollups.move(None, rollups.key_of(instance))
                    instance.coordinating_units.set(coordinating)
                    input_requests_sync(task=instance, unit_ids={u.pk for u in coordinating}, new=True)
                    _log(
                        instance,
                        None,
                        EventKind.CREATED,
                        {"period": [None, period_label]},
                        note=_("Tạo tự động từ nhiệm vụ định kỳ."),
                    )
                    created += 1
            except IntegrityError:
                continue  # another worker created it first
    return created


# ------------------------------------------------------------------------------------- Excel/CSV import


def tasks_import(*, user, document: Document, rows: list[dict], commit: bool):
    """Import new tasks into `document` (directives.resources.TaskImport): all or nothing, office staff."""
    from dtsystem.common.imports import rows_import

    from .resources import TaskImport

    return rows_import(spec=TaskImport(document=document), user=user, rows=rows, commit=commit)


def task_create_imported(
    *, user, document: Document, position: int, status: str, progress: int, reason: str, **fields
) -> Task:
    """A task of an import file: created (the caller marks the document changed once for the file),
    then brought to the file's status and progress through task_report_progress / task_transition, so
    that the history records them."""
    task = _task_create(user=user, document=document, position=position, **fields)
    if progress and status in (
        TaskStatus.NEW,
        TaskStatus.IN_PROGRESS,
        TaskStatus.PAUSED,
        TaskStatus.CANCELLED,
    ):
        task_report_progress(task=task, user=user, percent=progress)
    steps = {
        TaskStatus.NEW: [],
        TaskStatus.IN_PROGRESS: [TaskStatus.IN_PROGRESS],
        TaskStatus.REPORTED_DONE: [TaskStatus.REPORTED_DONE],
        TaskStatus.DONE: [TaskStatus.REPORTED_DONE, TaskStatus.DONE],
        TaskStatus.PAUSED: [TaskStatus.PAUSED],
        TaskStatus.CANCELLED: [TaskStatus.CANCELLED],
    }[status]
    for to in steps:
        if task.status != to:
            task_transition(task=task, user=user, to=to, reason=reason)
    return task


IMPORT_BATCH = 500
# The workflow steps that bring an imported task to the file's status (as task_create_imported takes them).
IMPORT_STEPS = {
    TaskStatus.NEW: [],
    TaskStatus.IN_PROGRESS: [TaskStatus.IN_PROGRESS],
    TaskStatus.REPORTED_DONE: [TaskStatus.REPORTED_DONE],
    TaskStatus.DONE: [TaskStatus.REPORTED_DONE, TaskStatus.DONE],
    TaskStatus.PAUSED: [TaskStatus.PAUSED],
    TaskStatus.CANCELLED: [TaskStatus.CANCELLED],
}


def _imported_task(
    *, user, document: Document, position: int, status: str, progress: int, reason: str, fields
):
    """A task of an import file in its final state, with the history task_create_imported would write:
    (task, coordinating units, [(event kind, changes, note)], progress report percent or None)."""
    task, coordinating = task_build(user=user, document=document, position=position, **fields)
    task.search_text = task_search_text(task, coordinating)
    events = [
        (
            EventKind.CREATED,
            {
                "lead_unit": [None, task.lead_unit.name],
                "coordinating_units": [None, [u.name for u in coordinating]],
                "due_date": [None, _label(task.due_date)],
            },
            "",
        )
    ]
    report = None
    if progress and status in (
        TaskStatus.NEW,
        TaskStatus.IN_PROGRESS,
        TaskStatus.PAUSED,
        TaskStatus.CANCELLED,
    ):
        events.append(
            (
                EventKind.PROGRESS,
                {"progress": [0, progress], "status": [TaskStatus.NEW, TaskStatus.IN_PROGRESS]},
                "",
            )
        )
        task.status, task.progress, report = TaskStatus.IN_PROGRESS, progress, progress
    today, now = _today(), timezone.now()
    for to in IMPORT_STEPS[status]:
        if task.status == to:
            continue
        action = transition_action(task, to)
        if action is None:
            raise InvalidState(_("Không thể chuyển nhiệm vụ sang trạng thái này."))
        if to == TaskStatus.REPORTED_DONE:
            task.completed_on, task.progress = today, 100
        elif to == TaskStatus.DONE:
            task.confirmed_by = user if getattr(user, "pk", None) else None
            task.confirmed_at, task.completed_on, task.progress = now, task.completed_on or today, 100
        if action in REASON_REQUIRED:
            task.status_reason = reason
        events.append((EventKind.STATUS, {"status": [task.status, to]}, reason))
        task.status = to
    return task, coordinating, events, report


@transaction.atomic
def tasks_create_imported(
    *, user, document: Document, rows: Sequence[dict], position: int, reason: str
) -> list[Task]:
    """The tasks of an import file, each brought to its status and progress with the history that
    task_create_imported writes row by row (created, progress report, each workflow step), written in
    batches: a fixed number of queries per IMPORT_BATCH rows (tasks, coordinating units, progress
    reports, history, dashboard rollups). Rows are {"task": fields, "status", "progress"}."""
    policy.require(user, policy.IMPORT_DATA)
    policy.require(user, policy.MANAGE_DOCUMENTS)
    actor = user if getattr(user, "pk", None) else None
    through = Task.coordinating_units.through
    created: list[Task] = []
    for start in range(0, len(rows), IMPORT_BATCH):
        built = [
            _imported_task(
                user=user,
                document=document,
                position=position + start + offset,
                status=row["status"],
                progress=row["progress"],
                reason=reason,
                fields=row["task"],
            )
            for offset, row in enumerate(rows[start : start + IMPORT_BATCH])
        ]
        tasks = Task.objects.bulk_create([task for task, _c, _e, _r in built])
        through.objects.bulk_create(
            [
                through(task_id=task.pk, unit_id=unit.pk)
                for task, coordinating, _e, _r in built
                for unit in coordinating
            ]
        )
        InputRequest.objects.bulk_create(  # each coordinating unit owes its input (input_requests_sync)
            [
                InputRequest(task_id=task.pk, unit_id=unit.pk, due_date=input_due_date(task=task))
                for task, coordinating, _e, _r in built
                if not (task.deadline_kind == DeadlineKind.RECURRING and task.recurrence_parent_id is None)
                for unit in coordinating
                if unit.pk != task.lead_unit_id
            ]
        )
        ProgressReport.objects.bulk_create(
            [
                ProgressReport(task=task, reported_by=actor, percent=report)
                for task, _c, _e, report in built
                if report is not None
            ]
        )
        events = TaskEvent.objects.bulk_create(
            [
                TaskEvent(task=task, actor=actor, kind=kind, changes=changes, note=note)
                for task, _c, events, _r in built
                for kind, changes, note in events
            ]
        )
        rollups.add_tasks(tasks)
        reported = {
            e.task_id: e.pk
            for e in events
            if e.kind == EventKind.STATUS
            and e.changes.get("status", [None, None])[1] == TaskStatus.REPORTED_DONE
        }
        inbox_events.tasks_imported(
            tasks=tasks,
            reported={
                pk: ev
                for pk, ev in reported.items()
                if pk in {t.pk for t in tasks if t.status == TaskStatus.REPORTED_DONE}
            },
            actor=user,
        )
        created += tasks
    return created


def document_tasks_added(*, document: Document) -> None:
    """Tasks were added to `document` outside document_update (an import): editors must reload."""
    _document_touch(document)


# ------------------------------------------------------------------------- coordinating units' contributions


def input_due_date(*, task: Task) -> date | None:
    """When a coordinating unit's input is due: DT_INPUT_DAYS_BEFORE_DEADLINE working days before the task's
    deadline (the administrator's working-day calendar); none for a task without a deadline."""
    if task.due_date is None:
        return None
    return working_days_before(task.due_date, settings.DT_INPUT_DAYS_BEFORE_DEADLINE)


def input_requests_sync(
    *, task: Task, unit_ids: set[int] | None = None, new: bool = False, actor=None
) -> None:
    """Keep a task's input requests in step with its coordinating units and its deadline: one request per
    coordinating unit (opened again if the unit comes back), the due date following the deadline, a unit
    no longer coordinating withdrawn (its contributions stay). A recurring obligation's template asks
    nothing: its instances do. Called by every service that creates tasks or changes their coordinating
    units or deadline; `new`: the task was just created (nothing to compare with)."""
    if task.deadline_kind == DeadlineKind.RECURRING and task.recurrence_parent_id is None:
        return
    if unit_ids is None:
        unit_ids = set(task.coordinating_units.values_list("pk", flat=True))
    unit_ids = unit_ids - {task.lead_unit_id}
    if new and not unit_ids:
        return
    due = input_due_date(task=task)
    existing = {} if new else {r.unit_id: r for r in task.input_requests.all()}
    created = [InputRequest(task=task, unit_id=unit_id, due_date=due) for unit_id in unit_ids - set(existing)]
    for request in created:
        request.full_clean(exclude=["task", "unit"], validate_unique=False, validate_constraints=False)
    InputRequest.objects.bulk_create(created)
    asked = list(created)
    for unit_id, request in existing.items():
        if unit_id in unit_ids:
            status = request.status
            if status == InputRequestStatus.WITHDRAWN:
                status = InputRequestStatus.SUBMITTED if request.submitted_at else InputRequestStatus.OPEN
        else:
            status = InputRequestStatus.WITHDRAWN
        if (status, due) != (request.status, request.due_date):
            InputRequest.objects.filter(pk=request.pk).update(status=status, due_date=due)
            if request.status == InputRequestStatus.WITHDRAWN and status == InputRequestStatus.OPEN:
                request.due_date = due
                asked.append(request)  # the unit coordinates again
    if asked and not any(r.pk is None for r in asked):
        inbox_events.input_requested(task=task, requests=asked, actor=actor)


def contribution_require_member(*, user, task: Task) -> None:
    """Refuse (403) who is a member of none of the task's coordinating units: the check a page or an endpoint
    makes before reading its input."""
    unit_ids = policy.actor_for(user).member_unit_ids
    if not unit_ids or not task.input_requests.filter(unit_id__in=unit_ids).exists():
        raise policy.Refused(
            _(
                "Đơn vị của bạn không phải đơn vị phối hợp của nhiệm vụ này nên không gửi được ý kiến phối hợp."
            ),
            action=policy.INPUT_SUBMIT,
            obj=task,
        )


def _input_request_for(*, user, task: Task, unit: Unit | None) -> InputRequest:
    """The input request of `task` the user answers for (their coordinating unit, or `unit`)."""
    actor = policy.actor_for(user)
    requests = list(task.input_requests.select_related("task", "unit").order_by("id"))
    if unit is not None:
        chosen = [r for r in requests if r.unit_id == unit.pk]
        if not chosen:
            raise ValidationError(
                {"unit": _("%(unit)s không phải đơn vị phối hợp của nhiệm vụ này.") % {"unit": unit.name}}
            )
        return chosen[0]
    mine = [r for r in requests if r.unit_id in actor.member_unit_ids]
    active = [r for r in mine if r.status != InputRequestStatus.WITHDRAWN]
    if len(active) > 1:
        raise ValidationError(
            {"unit": _("Bạn thuộc nhiều đơn vị phối hợp của nhiệm vụ này: hãy chọn đơn vị.")}
        )
    if active or mine:
        return (active or mine)[0]
    raise policy.Refused(
        _("Đơn vị của bạn không phải đơn vị phối hợp của nhiệm vụ này nên không gửi được ý kiến phối hợp."),
        action=policy.INPUT_SUBMIT,
        obj=task,
    )


def contribution_refusal(task: Task, request: InputRequest | None = None) -> str | None:
    """Why no contribution may be sent now (None: it may)."""
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        return _("Nhiệm vụ đã %(status)s: không nhận thêm ý kiến phối hợp.") % {
            "status": task.get_status_display().lower()
        }
    if request is not None and request.status == InputRequestStatus.WITHDRAWN:
        return _("%(unit)s không còn là đơn vị phối hợp của nhiệm vụ này.") % {"unit": request.unit.name}
    return None


def contribution_submit(
    *, user, task: Task, text: str = "", files: Sequence = (), unit: Unit | None = None
) -> Contribution:
    """A coordinating unit sends its input (text and/or files) for a task. Its lead or staff only; refused
    once the task is done or cancelled, or if the unit no longer coordinates; nothing half-saved."""
    request = _input_request_for(user=user, task=task, unit=unit)
    policy.require(user, policy.INPUT_SUBMIT, request)
    refusal = contribution_refusal(task, request)
    if refusal:
        raise InvalidState(refusal)
    text = (text or "").strip()
    if not text and not files:
        raise ValidationError({"text": _("Hãy nhập ý kiến phối hợp hoặc đính kèm tệp.")})
    for f in files:
        validate_evidence(f)
    with transaction.atomic():
        locked = InputRequest.objects.select_for_update().select_related("unit").get(pk=request.pk)
        current = Task.objects.get(pk=task.pk)
        refusal = contribution_refusal(current, locked)
        if refusal:  # the task or the request changed since the caller loaded them
            raise InvalidState(refusal)
        contribution = Contribution(request=locked, unit=locked.unit, text=text, submitted_by=user)
        contribution.full_clean(exclude=["request", "unit", "submitted_by"])
        contribution.save()
        stored = []
        for upload, meta in [(f, validate_evidence(f)) for f in files]:
            attachment = Attachment(task=task, contribution=contribution, uploaded_by=user, **meta)
            attachment.file.save(meta["original_name"], upload, save=False)
            attachment.save()
            stored.append(attachment)
        values = {"status": InputRequestStatus.SUBMITTED}
        if locked.submitted_at is None:
            values["submitted_at"] = timezone.now()
        InputRequest.objects.filter(pk=locked.pk).update(**values)
        changes = {"contribution": [None, locked.unit.name]}
        if stored:
            changes["files"] = [None, len(stored)]
        _log(task, user, EventKind.CONTRIBUTION, changes)
        inbox_events.input_sent(request=locked)
    return contribution


@transaction.atomic
def input_requests_reassign(*, old_unit: Unit, new_unit: Unit) -> int:
    """A unit's open input requests (tasks not done nor cancelled) move to its successor (a merger, a
    dissolution): for the reorganisation services to call after moving the tasks' coordinating units.
    Contributions already sent keep the unit that sent them. Where the successor already has a request on
    the same task, the old one is withdrawn. Returns how many requests moved."""
    live = (
        InputRequest.objects.filter(unit=old_unit)
        .exclude(status=InputRequestStatus.WITHDRAWN)
        .exclude(task__status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
    )
    taken = InputRequest.objects.filter(unit=new_unit).values("task_id")
    live.filter(task_id__in=taken).update(status=InputRequestStatus.WITHDRAWN)
    return live.exclude(task_id__in=taken).update(unit=new_unit)


# ------------------------------------------------------------------------------- group orders, forwarding
# One mechanism, `Task.parent`: a group order is a parent (kind "group", no lead) with one child per member
# unit (kind "member"); a lead unit's sub-tasks for its divisions or xã/phường are children of its own
# task (kind "forwarded"). Each child is a full task: its own lead, status, progress, files, extension.


def _children_create(
    *, user, parent: Task, units: Sequence[Unit], coordinating: Sequence[Unit]
) -> list[Task]:
    """One member task per unit, in a fixed number of queries whatever the group's size."""
    children = []
    for unit in units:
        child = Task(
            document=parent.document,
            position=parent.position,
            item=parent.item,
            content=parent.content,
            lead_unit=unit,
            kind=TaskKind.MEMBER,
            parent=parent,
            deadline_text=parent.deadline_text,
            deadline_kind=parent.deadline_kind,
            due_date=parent.due_date,
            original_due_date=parent.original_due_date,
            recurrence=parent.recurrence,
            priority=parent.priority,
            issuer=parent.issuer,
            issuer_name=parent.issuer_name,
            source_kind=parent.source_kind,
            created_by=parent.created_by,
        )
        child_coordinating = [u for u in coordinating if u.pk != unit.pk]
        child.search_text = task_search_text(child, child_coordinating)
        child._coordinating = child_coordinating
        children.append(child)
    Task.objects.bulk_create(children)
    rollups.add_tasks(children)  # the dashboard's per-unit counts (directives.rollups)
    through = Task.coordinating_units.through
    through.objects.bulk_create(
        [through(task_id=child.pk, unit_id=u.pk) for child in children for u in child._coordinating]
    )
    actor = user if getattr(user, "pk", None) else None
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task=child,
                actor=actor,
                kind=EventKind.CREATED,
                changes={
                    "lead_unit": [None, child.lead_unit.name],
                    "unit_group": [None, parent.lead_display],
                    "due_date": [None, _label(child.due_date)],
                },
            )
            for child in children
        ]
    )
    return children


def _empty_group_error(unit_group: UnitGroup) -> ValidationError:
    return ValidationError(
        {
            "unit_group": _(
                "Nhóm “%(group)s” chưa có đơn vị thành viên nào đang hoạt động nên không thể giao nhiệm vụ."
            )
            % {"group": unit_group.name}
        }
    )


def _group_task_create(*, user, document: Document, position: int, unit_group: UnitGroup, **fields) -> Task:
    if not unit_group.is_active:
        raise ValidationError(
            {"unit_group": _("Nhóm “%(group)s” đã ngừng sử dụng.") % {"group": unit_group.name}}
        )
    members = list(unit_group_members(unit_group))
    if not members:
        raise _empty_group_error(unit_group)
    parent, coordinating = task_build(
        user=user,
        document=document,
        position=position,
        lead_unit=None,
        kind=TaskKind.GROUP,
        unit_group=unit_group,
        **fields,
    )
    parent.search_text = task_search_text(parent, coordinating)
    parent.save()
    parent.coordinating_units.add(*coordinating)
    _log(
        parent,
        user,
        EventKind.CREATED,
        {
            "unit_group": [None, unit_group.name],
            "members": [None, len(members)],
            "due_date": [None, _label(parent.due_date)],
        },
    )
    _children_create(user=user, parent=parent, units=members, coordinating=coordinating)
    return parent


@transaction.atomic
def task_create_for_group(*, user, document: Document, unit_group: UnitGroup, **fields) -> Task:
    """An order addressed to a group of units: a parent task without a lead unit and one child task per
    member unit (each a full task). A group without active members is refused; nothing is half-saved."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    _document_open(document)
    fields.pop("lead_unit", None)
    position = fields.pop("position", None)
    if position is None:
        position = (document.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    parent = _group_task_create(
        user=user, document=document, position=position, unit_group=unit_group, **fields
    )
    _document_touch(document)
    return parent


def group_members_not_given(task: Task) -> list[Unit]:
    """Members of a group order's group that have no task of it yet (joined the group later)."""
    if task.kind != TaskKind.GROUP or task.unit_group_id is None:
        return []
    given = task.children.filter(kind=TaskKind.MEMBER).values("lead_unit_id")
    return list(unit_group_members(task.unit_group).exclude(pk__in=given))


@transaction.atomic
def group_add_members_to_task(*, task: Task, user, units: Sequence[Unit]) -> list[Task]:
    """Give a group order to members that joined the group later (the office chooses which)."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    if task.kind != TaskKind.GROUP:
        raise InvalidState(_("Chỉ nhiệm vụ giao cho nhóm đơn vị mới giao thêm được cho thành viên của nhóm."))
    _document_open(task.document)
    if task.status == TaskStatus.CANCELLED:
        raise InvalidState(_("Nhiệm vụ đã bị hủy nên không thể giao thêm."))
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Hãy chọn ít nhất một đơn vị để giao thêm.")})
    eligible = {u.pk for u in group_members_not_given(task)}
    wrong = [u.name for u in units if u.pk not in eligible]
    if wrong:
        raise ValidationError(
            {
                "units": _("Không giao thêm được cho: %(units)s (không thuộc nhóm hoặc đã có nhiệm vụ này).")
                % {"units": ", ".join(wrong)}
            }
        )
    coordinating = list(task.coordinating_units.all())
    children = _children_create(user=user, parent=task, units=units, coordinating=coordinating)
    _log(task, user, EventKind.MEMBERS_ADDED, {"members": [None, [u.name for u in units]]})
    return children


def task_forward_refusal(task: Task) -> str | None:
    """Why the task cannot be forwarded down now (None: it can)."""
    if task.kind == TaskKind.GROUP:
        return _group_parent_refusal()
    if task.kind == TaskKind.FORWARDED:
        return _("Nhiệm vụ này đã là phần việc được giao lại; không giao lại tiếp được.")
    if task.is_recurring_template:
        return _("Đây là nhiệm vụ định kỳ gốc; hãy giao lại trên nhiệm vụ của từng kỳ.")
    if task.status not in PROGRESS_STATUSES:
        return _("Không thể giao lại khi nhiệm vụ đang ở trạng thái “%(status)s”.") % {
            "status": task.get_status_display()
        }
    return None


def forward_target_ok(task: Task, unit: Unit) -> bool:
    """A lead unit forwards to its own divisions (units whose parent it is) or to a xã/phường."""
    return (
        unit.is_active
        and unit.pk != task.lead_unit_id
        and (unit.parent_id == task.lead_unit_id or unit.kind == UnitKind.COMMUNE)
    )


@transaction.atomic
def task_forward(*, task: Task, user, parts: Sequence[tuple[Unit, str, date | None]]) -> list[Task]:
    """The lead unit splits its task into sub-tasks (unit, content, due date) for its own divisions or for
    xã/phường. A sub-deadline after the task's own is refused; a part without content takes the task's,
    without a date the task's deadline. All parts or none are saved."""
    policy.require(user, policy.TASK_FORWARD, task)
    refusal = task_forward_refusal(task)
    if refusal:
        raise InvalidState(refusal)
    _document_open(task.document)
    parts = list(parts)
    if not parts:
        raise ValidationError({"parts": _("Hãy nhập ít nhất một phần việc để giao lại.")})
    errors = []
    for unit, _content, due in parts:
        if unit is None:
            errors.append(_("Hãy chọn đơn vị nhận phần việc."))
        elif not forward_target_ok(task, unit):
            errors.append(
                _(
                    "“%(unit)s” không phải phòng, đơn vị trực thuộc của đơn vị chủ trì, cũng không phải xã, phường."
                )
                % {"unit": unit.name}
            )
        elif task.due_date and due and due > task.due_date:
            errors.append(
                _("Hạn của phần việc giao cho %(unit)s (%(due)s) sau hạn của nhiệm vụ (%(parent_due)s).")
                % {"unit": unit.name, "due": f"{due:%d/%m/%Y}", "parent_due": f"{task.due_date:%d/%m/%Y}"}
            )
    if errors:
        raise ValidationError({"parts": errors})
    children = []
    for unit, content, due in parts:
        due = due or task.due_date
        child, _coordinating = task_build(
            user=user,
            document=task.document,
            position=task.position,
            item=task.item,
            content=(content or "").strip() or task.content,
            lead_unit=unit,
            deadline_text=f"trước ngày {due:%d/%m/%Y}" if due else "",
            deadline_kind=DeadlineKind.DAY if due else DeadlineKind.NONE,
            due_date=due,
            priority=task.priority,
            issuer=task.issuer,
            issuer_name=task.issuer_name,
            source_kind=task.source_kind,
            kind=TaskKind.FORWARDED,
            parent=task,
        )
        child.search_text = task_search_text(child)
        child.save()
        rollups.move(None, rollups.key_of(child))
        _log(
            child,
            user,
            EventKind.CREATED,
            {
                "lead_unit": [None, unit.name],
                "forwarded_from": [None, task.lead_unit.name],
                "due_date": [None, _label(due)],
            },
        )
        children.append(child)
    _log(
        task,
        user,
        EventKind.FORWARDED,
        {"forwarded_to": [None, [f"{c.lead_unit.name} ({_label(c.due_date) or '—'})" for c in children]]},
    )
    return children


@transaction.atomic
def task_children_confirm(*, task: Task, user, children: Sequence[Task]) -> int:
    """The office confirms, in one step, the completion several children of a task reported; each child
    gets its own history event. A child that is not awaiting confirmation refuses the whole step."""
    if not children:
        raise ValidationError({"children": _("Hãy chọn ít nhất một nhiệm vụ đã báo cáo hoàn thành.")})
    for child in children:
        policy.require(user, policy.TASK_CONFIRM_DONE, child)
    wrong = [c for c in children if c.parent_id != task.pk or c.status != TaskStatus.REPORTED_DONE]
    if wrong:
        raise ValidationError(
            {
                "children": _(
                    "Không xác nhận được: %(units)s (không thuộc nhiệm vụ này hoặc chưa báo cáo hoàn thành)."
                )
                % {"units": ", ".join(c.lead_display for c in wrong)}
            }
        )
    for child in children:
        task_transition(task=child, user=user, to=TaskStatus.DONE)
    return len(children)
