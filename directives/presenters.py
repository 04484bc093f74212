"""What the directives pages show, built from objects the selectors have read: history rows, workflow
buttons, deadline previews, task cards. Plain functions, no queries of their own (they read what the
selectors prefetched), no request.

Every "may the user see this button" is the policy's answer (dtsystem.policy.may) AND, where the action
depends on the task's state, the same state rule the service applies (directives.services
task_accepts_progress, task_accepts_extension_request, transitions_from): a button is shown exactly
when the service would accept the action."""

from __future__ import annotations

from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from dtsystem import policy
from dtsystem.common.people import actor_name

from . import selectors, services
from .choices import (
    DeadlineKind,
    EventKind,
    ExtensionStatus,
    InputRequestStatus,
    Recurrence,
    TaskKind,
    TaskStatus,
    Timeliness,
)
from .deadlines import parse_deadline
from .models import ExtensionRequest, Task

TIMELINESS_LABELS = dict(Timeliness.choices)
# The order of the timeliness groups and counts: what needs attention first.
TIMELINESS_ORDER = [
    Timeliness.OVERDUE,
    Timeliness.ON_TRACK,
    Timeliness.NO_DEADLINE,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
]
CLOSED_GROUPS = (Timeliness.DONE_LATE, Timeliness.DONE_ON_TIME)
# The groups whose first cards "Việc của đơn vị tôi" shows unfolded; a closed (done) group shows its count
# and the link to its own pages.
OPEN_GROUPS = [value for value in TIMELINESS_ORDER if value not in CLOSED_GROUPS]
# What the button of each workflow action says (the actions come from services.transitions_from).
ACTION_LABELS = {
    policy.TASK_START: gettext_lazy("Bắt đầu thực hiện"),
    policy.TASK_REPORT_DONE: gettext_lazy("Báo cáo hoàn thành"),
    policy.TASK_CONFIRM_DONE: gettext_lazy("Xác nhận hoàn thành"),
    policy.TASK_REOPEN: gettext_lazy("Trả lại / mở lại"),
    policy.TASK_PAUSE: gettext_lazy("Tạm dừng"),
    policy.TASK_RESUME: gettext_lazy("Tiếp tục thực hiện"),
    policy.TASK_CANCEL: gettext_lazy("Hủy nhiệm vụ"),
}
ACTION_STYLES = {
    policy.TASK_CONFIRM_DONE: "success",
    policy.TASK_REPORT_DONE: "success",
    policy.TASK_CANCEL: "outline-danger",
    policy.TASK_PAUSE: "outline-secondary",
    policy.TASK_REOPEN: "outline-warning",
}
HISTORY_EXTRA_LABELS = {
    "files": gettext_lazy("Tệp minh chứng"),
    "period": gettext_lazy("Kỳ"),
    "contribution": gettext_lazy("Ý kiến phối hợp của"),
    "members": gettext_lazy("Đơn vị thành viên"),
    "forwarded_to": gettext_lazy("Giao lại cho"),
    "forwarded_from": gettext_lazy("Được giao lại từ"),
}


# ------------------------------------------------------------------------------------------- timeliness


def label_timeliness(tasks):
    """Give each task (annotated with `timeliness` by the selectors) the label its badge shows."""
    for task in tasks:
        task.timeliness_label = TIMELINESS_LABELS.get(getattr(task, "timeliness", None), "")
    return tasks


def timeliness_counts(counts: dict[str, int], chosen: set[str], query_for) -> list[dict]:
    """The count tiles above the task list; `query_for(value)` is the list's query string for one value."""
    return [
        {
            "value": value,
            "label": TIMELINESS_LABELS[value],
            "count": counts[value],
            "query": query_for(value),
            "active": value in chosen,
        }
        for value in TIMELINESS_ORDER
    ]


# -------------------------------------------------------------------------------------------- deadlines


def ref_year(issue_year, meeting_date) -> int | None:
    """The year a deadline phrase without a year refers to: the document's."""
    return issue_year or (meeting_date.year if meeting_date else None)


def deadline_preview(text: str, due: date | None, year: int | None, ref_date: date | None = None) -> dict:
    """What the services will make of a deadline phrase (and an explicit date): kind, date, recurrence."""
    kind, due_date, recurrence = services.resolve_deadline(
        deadline_text=text or "",
        deadline_kind=None,
        due_date=due,
        recurrence=None,
        ref_year=year,
        ref_date=ref_date,
    )
    return {
        "kind": kind,
        "kind_label": DeadlineKind(kind).label,
        "due_date": due_date,
        "recurrence_label": Recurrence(recurrence).label if recurrence else "",
        "explicit": due is not None,
        "text": text,
    }


def current_deadline(task: Task) -> dict:
    """The deadline a saved task has now (shown before its row is edited)."""
    return {
        "kind": task.deadline_kind,
        "kind_label": task.get_deadline_kind_display(),
        "due_date": task.due_date,
        "recurrence_label": task.get_recurrence_display() if task.recurrence else "",
        "explicit": False,
        "current": True,
    }


def explicit_due(task: Task, year: int | None) -> bool:
    """Was the due date typed by hand (or moved by an extension) rather than read from the phrase?"""
    if task.due_date is None or task.deadline_kind == DeadlineKind.RECURRING:
        return False
    ref_date = services.document_ref_date(task.document)
    return parse_deadline(task.deadline_text, ref_year=year, ref_date=ref_date).due_date != task.due_date


def form_preview(form, year: int | None) -> dict:
    """The preview of a bound task row: what its phrase (and its valid explicit date) will mean."""
    text = form.data.get(form.add_prefix("deadline_text"), "")
    due = form.cleaned_data.get("due_date") if hasattr(form, "cleaned_data") else None
    return deadline_preview(text, due, year)


def row_previews(formset, tasks_by_id: dict, year: int | None) -> None:
    """Give each row of the notice form its deadline preview and its saved task (if any)."""
    for form in formset.forms:
        task = tasks_by_id.get(form.initial.get("id")) if form.initial else None
        if form.is_bound:
            form.preview = form_preview(form, year)
        elif task is not None:
            form.preview = current_deadline(task)
        else:
            form.preview = None
        form.task = task


# ---------------------------------------------------------------------------------------------- actions


def workflow_actions(user, task: Task) -> list[dict]:
    """The transitions this user may start from the task's status: the services say which exist,
    the policy says which are the user's."""
    actions = []
    for to, action in services.transitions_from(task.status):
        if task.kind == TaskKind.GROUP and to != TaskStatus.CANCELLED:
            continue  # a group order's status is its children's
        if policy.may(user, action, task):
            actions.append(
                {
                    "to": to,
                    "action": action,
                    "label": ACTION_LABELS.get(action, to),
                    "style": ACTION_STYLES.get(action, "primary"),
                    "reason_required": action in services.REASON_REQUIRED,
                }
            )
    return actions


def may_report_progress(user, task: Task) -> bool:
    return policy.may(user, policy.TASK_REPORT_PROGRESS, task) and services.task_accepts_progress(task)


def may_request_extension(user, task: Task, *, pending: ExtensionRequest | None) -> bool:
    return policy.may(user, policy.TASK_REQUEST_EXTENSION, task) and services.task_accepts_extension_request(
        task, pending=pending
    )


def task_actions(user, task: Task, *, pending: ExtensionRequest | None) -> dict:
    """Every action the task's page offers this user (`pending`: the task's pending extension request)."""
    return {
        "workflow_actions": workflow_actions(user, task),
        "may_report_progress": may_report_progress(user, task),
        "may_request_extension": may_request_extension(user, task, pending=pending),
    }


# ---------------------------------------------------------------------------------------------- history


def format_value(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if field == "progress":
        return f"{value}%"
    if field in ("due_date", "original_due_date"):
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    try:
        model_field = Task._meta.get_field(field)
    except Exception:  # noqa: BLE001 - not a model field ("files", "period")
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def field_label(field: str) -> str:
    if field in HISTORY_EXTRA_LABELS:
        return HISTORY_EXTRA_LABELS[field]
    try:
        return capfirst(Task._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001
        return field


def _extension_summary(event) -> str | None:
    """An extension asked or refused moves no deadline: one sentence, not a date change
    ("Từ chối gia hạn đến 15/03/2022: lý do"). Events saved before the refused date was recorded
    (they held the unchanged due date) say "Từ chối gia hạn" with the reason."""
    changes = event.changes or {}
    if event.kind == EventKind.EXTENSION_REJECTED:
        pair = changes.get("requested_due_date")
        asked = pair[-1] if isinstance(pair, list) else pair
        text = (
            gettext("Từ chối gia hạn đến %(date)s") % {"date": format_value("due_date", asked)}
            if asked
            else gettext("Từ chối gia hạn")
        )
    elif event.kind == EventKind.EXTENSION_REQUESTED:
        pair = changes.get("due_date")
        asked = pair[-1] if isinstance(pair, list) else pair
        text = gettext("Xin gia hạn đến %(date)s") % {"date": format_value("due_date", asked)}
    else:
        return None
    return f"{text}: {event.note}" if event.note else text


def history(task: Task) -> list[dict]:
    """The task's events for the timeline: who, when, what, and each field before → after."""
    kinds = dict(EventKind.choices)
    entries = []
    for event in task.events.all():
        summary = _extension_summary(event)
        if summary is not None:
            entries.append(
                {
                    "at": event.at,
                    "actor": event.actor,
                    "actor_name": actor_name(event.actor),
                    "kind": event.kind,
                    "kind_label": kinds.get(event.kind, event.kind),
                    "summary": summary,
                    "note": "",
                    "changes": [],
                }
            )
            continue
        changes = []
        for field, pair in (event.changes or {}).items():
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            before_text, after_text = format_value(field, before), format_value(field, after)
            if before_text == after_text == "—":
                continue  # nothing to say (a new task without coordinating units, say)
            changes.append({"label": field_label(field), "before": before_text, "after": after_text})
        entries.append(
            {
                "at": event.at,
                "actor": event.actor,
                "actor_name": actor_name(event.actor),
                "kind": event.kind,
                "kind_label": kinds.get(event.kind, event.kind),
                "note": event.note,
                "changes": changes,
            }
        )
    return entries


# ------------------------------------------------------------------------------------ pages and cards


def task_page(user, task: Task) -> dict:
    """The task page (selectors.task_detail): history, reports, extension requests and the actions."""
    extensions = list(task.extension_requests.all())
    pending = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    may_decide = policy.may(user, policy.DECIDE_EXTENSIONS)
    for extension in extensions:  # only a pending request can be decided (the service claims it so)
        extension.may_decide = may_decide and extension.status == ExtensionStatus.PENDING
    return {
        "task": task,
        "history": history(task),
        "reports": list(task.progress_reports.all()),
        "extensions": extensions,
        "pending_extension": pending,
        **task_actions(user, task, pending=pending),
        "may_edit": policy.may(user, policy.TASK_EDIT, task),
        "may_decide_extensions": may_decide,
    }


def task_card(user, task: Task, *, next_url: str) -> dict:
    """A card of "Việc của đơn vị tôi" (the task with `pending_extensions` prefetched)."""
    pending = task.pending_extensions[0] if task.pending_extensions else None
    actions = task_actions(user, task, pending=pending)
    return {
        "task": task,
        "may_report_progress": actions["may_report_progress"],
        "may_request_extension": actions["may_request_extension"],
        "pending_extension": pending,
        "report_done": next(
            (a for a in actions["workflow_actions"] if a["action"] == policy.TASK_REPORT_DONE), None
        ),
        "next": next_url,
    }


def my_task_groups(
    user, tasks, *, next_url: str, counts: dict[str, int], chosen: str | None, query_for
) -> list[dict]:
    """The tasks a user's units lead, grouped by timeliness (what needs attention first, open groups
    unfolded). `tasks` holds only what the page shows (the first cards of each group, or one page of the
    `chosen` group); `counts` are the groups' full sizes; `query_for(value)` links to a group's own pages."""
    by_group: dict[str, list] = {value: [] for value in TIMELINESS_ORDER}
    for task in label_timeliness(tasks):
        by_group.setdefault(task.timeliness, []).append(task)
    groups = []
    for value in TIMELINESS_ORDER:
        cards = [task_card(user, task, next_url=next_url) for task in by_group[value]]
        groups.append(
            {
                "value": value,
                "label": TIMELINESS_LABELS[value],
                "cards": cards,
                "count": counts.get(value, 0),
                "hidden": counts.get(value, 0) - len(cards),
                "query": query_for(value),
                "chosen": value == chosen,
                "open": value == chosen if chosen else value not in CLOSED_GROUPS,
            }
        )
    return groups


def task_inputs(user, task: Task) -> dict:
    """The coordinating units' part of the task page: the input requests (and contributions) the user may
    read, the requests the user answers for (a form each) and the contributions a progress report may
    include ("đính kèm ý kiến phối hợp")."""
    requests = selectors.task_input_requests(user=user, task=task)
    refusal = services.contribution_refusal(task)
    mine = [r for r in requests if policy.may(user, policy.INPUT_SUBMIT, r)]
    return {
        "input_requests": requests,
        "contribution_targets": []
        if refusal
        else [r for r in mine if r.status != InputRequestStatus.WITHDRAWN],
        "contribution_closed": refusal if mine else "",
        "includable_contributions": [c for r in requests for c in r.contributions.all()],
    }


WAITING_ROWS = 20  # units in "Chờ xác nhận" before "Xem thêm" (a province has ~500 units waiting at scale)


def approval_groups(
    reports,
    extensions,
    *,
    report_totals: dict,
    extension_totals: dict,
    units: dict,
    show_all: bool = False,
) -> dict:
    """ "Chờ xác nhận": what waits, by lead unit. The summary counts every item of each kind per unit
    (`report_totals`, `extension_totals`: {unit id: count}, from one GROUP BY query each; `units`: {id: Unit}),
    the units with most waiting first, the first WAITING_ROWS of them unless `show_all` (the totals count
    every unit); the lists group the items of the page shown (`reports`, `extensions`) under their unit.
    No queries."""

    def by_unit(items, unit_of) -> list[dict]:
        groups: dict[int, dict] = {}
        for item in items:
            unit = unit_of(item)
            groups.setdefault(unit.pk, {"unit": unit, "items": []})["items"].append(item)
        return sorted(groups.values(), key=lambda g: g["unit"].name)

    summary = [
        {
            "unit": units[pk],
            "reports": report_totals.get(pk, 0),
            "extensions": extension_totals.get(pk, 0),
            "total": report_totals.get(pk, 0) + extension_totals.get(pk, 0),
        }
        for pk in set(report_totals) | set(extension_totals)
        if pk in units
    ]
    summary.sort(key=lambda g: (-g["total"], g["unit"].name))
    shown = summary if show_all else summary[:WAITING_ROWS]
    return {
        "groups": shown,
        "groups_hidden": len(summary) - len(shown),
        "report_groups": by_unit(reports, lambda task: task.lead_unit),
        "extension_groups": by_unit(extensions, lambda ext: ext.task.lead_unit),
        "report_count": sum(report_totals.values()),
        "extension_count": sum(extension_totals.values()),
        "total": sum(report_totals.values()) + sum(extension_totals.values()),
    }
