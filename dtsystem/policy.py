"""Who may do what. The single place that answers "may this user do this to this object?".

Pages, the API, imports, reports and reminders all ask here; nothing else decides permissions.

Roles come from Membership rows (a user may hold several roles in several units):
- admin (or a Django superuser): everything.
- office: enters and edits documents, tasks, plans, KPIs and budget lines; confirms completion;
  decides extension requests; imports; records disbursements.
- lead / staff: work on the tasks their own units lead (units below theirs included): report
  progress, report completion, start work; a lead may also ask for a deadline extension and
  enter KPI measurements their unit owns. Coordinating units see the task and change nothing of it; they
  answer their own input request (ý kiến phối hợp).
- committee: reads everything, writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    """The roles a membership gives (the vocabulary of this module; units.Membership stores them)."""

    OFFICE = "office", gettext_lazy("Chuyên viên Văn phòng / Sở TT&TT")
    LEAD = "lead", gettext_lazy("Lãnh đạo đơn vị")
    STAFF = "staff", gettext_lazy("Chuyên viên đơn vị")
    COMMITTEE = "committee", gettext_lazy("Thành viên Ban Chỉ đạo")
    ADMIN = "admin", gettext_lazy("Quản trị")


# Actions that are not tied to one object.
VIEW_ALL = "view_all"  # dashboards and lists over every unit
MANAGE_DOCUMENTS = "manage_documents"  # create/edit notices, plans, tasks
IMPORT_DATA = "import_data"
DECIDE_EXTENSIONS = "decide_extensions"
RECORD_DISBURSEMENT = "record_disbursement"
MANAGE_SETTINGS = "manage_settings"
VIEW_REPORTS = "view_reports"
VIEW_DASHBOARD = "view_dashboard"
MANAGE_REMINDERS = "manage_reminders"  # reminder settings, the delivery log, the office's weekly digest
# Work on many tasks at once (bulk actions, the update import): the office and members of a unit; each task
# is then checked with its own action (TASK_CONFIRM_DONE, TASK_EDIT...), as on the task's page.
WORK_ON_TASKS = "work_on_tasks"

MANAGE_UNIT_GROUPS = "manage_unit_groups"  # the named groups of units orders are addressed to
CHASE_UNITS = "chase_units"  # draft chase letters (văn bản đôn đốc) and mark them sent
REORGANISE_UNITS = (
    "reorganise_units"  # rename, merge, split, dissolve, move units (dtsystem.units.reorganisation)
)

# Actions on a task.
TASK_VIEW = "task.view"
TASK_EDIT = "task.edit"
TASK_REPORT_PROGRESS = "task.report_progress"
TASK_START = "task.start"
TASK_REPORT_DONE = "task.report_done"
TASK_CONFIRM_DONE = "task.confirm_done"
TASK_REOPEN = "task.reopen"
TASK_PAUSE = "task.pause"
TASK_RESUME = "task.resume"
TASK_CANCEL = "task.cancel"
TASK_REQUEST_EXTENSION = "task.request_extension"
TASK_FORWARD = "task.forward"  # split one's task into sub-tasks for one's divisions or xã/phường (giao lại)

# Actions on a coordinating unit's input request (obj: directives.InputRequest, with its task).
INPUT_VIEW = (
    "input.view"  # its contributions: the lead unit, the office, the committee, that coordinating unit
)
INPUT_SUBMIT = "input.submit"  # send a contribution: lead or staff of that coordinating unit only

# Actions on KPI targets.
KPI_MEASURE = "kpi.measure"

_OFFICE_ACTIONS = {
    VIEW_ALL,
    MANAGE_DOCUMENTS,
    IMPORT_DATA,
    DECIDE_EXTENSIONS,
    RECORD_DISBURSEMENT,
    VIEW_REPORTS,
    VIEW_DASHBOARD,
    MANAGE_REMINDERS,
    MANAGE_UNIT_GROUPS,
    CHASE_UNITS,
    REORGANISE_UNITS,
}
_COMMITTEE_ACTIONS = {VIEW_ALL, VIEW_REPORTS, VIEW_DASHBOARD}
_UNIT_TASK_ACTIONS = {TASK_REPORT_PROGRESS, TASK_START, TASK_REPORT_DONE}
_LEAD_ONLY_TASK_ACTIONS = {TASK_REQUEST_EXTENSION, TASK_FORWARD}
_OFFICE_TASK_ACTIONS = {
    TASK_EDIT,
    TASK_REPORT_PROGRESS,
    TASK_START,
    TASK_REPORT_DONE,
    TASK_CONFIRM_DONE,
    TASK_REOPEN,
    TASK_PAUSE,
    TASK_RESUME,
    TASK_CANCEL,
    TASK_REQUEST_EXTENSION,
}


@dataclass
class Actor:
    """What a user is, computed once per request: roles and the units they act for."""

    user: Any
    is_admin: bool = False
    roles: set[str] = field(default_factory=set)
    lead_unit_ids: set[int] = field(default_factory=set)  # units (and sub-units) where the user is lead
    member_unit_ids: set[int] = field(default_factory=set)  # units (and sub-units) where lead or staff

    @property
    def is_office(self) -> bool:
        return self.is_admin or Role.OFFICE in self.roles

    @property
    def is_committee(self) -> bool:
        return Role.COMMITTEE in self.roles

    @property
    def sees_everything(self) -> bool:
        return self.is_admin or self.is_office or self.is_committee


@dataclass
class Memberships:
    """What the organisation says about a user: (unit id, role) pairs of their active memberships,
    and the units below a set of units (a lead of a Sở acts for its divisions too)."""

    rows: list[tuple[int, str]]
    descendants: Callable[[set[int]], set[int]]


# The organisation layer (dtsystem.units) provides the memberships: this module stays below it.
_membership_loader: Callable[[Any], Memberships] | None = None


def register_membership_loader(loader: Callable[[Any], Memberships]) -> None:
    """Called once by the units app when Django starts (UnitsConfig.ready)."""
    global _membership_loader
    _membership_loader = loader


def actor_for(user) -> Actor:
    """The Actor of a user, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user=user)
    cached = getattr(user, "_dt_actor", None)
    if cached is not None:
        return cached
    if _membership_loader is None:
        raise RuntimeError("policy: no membership loader registered (is dtsystem.units installed?)")
    memberships = _membership_loader(user)
    rows = memberships.rows
    roles = {role for _, role in rows}
    lead = {unit_id for unit_id, role in rows if role == Role.LEAD}
    member = {unit_id for unit_id, role in rows if role in (Role.LEAD, Role.STAFF)}
    if member:
        member = memberships.descendants(member)
        lead = memberships.descendants(lead) if lead else set()
    actor = Actor(
        user=user,
        is_admin=bool(user.is_superuser) or Role.ADMIN in roles,
        roles=roles,
        lead_unit_ids=lead,
        member_unit_ids=member,
    )
    user._dt_actor = actor
    return actor


def may(user, action: str, obj: Any = None) -> bool:
    """May `user` do `action` (to `obj`)? Never raises."""
    actor = actor_for(user)
    if actor.user is None or not getattr(actor.user, "is_authenticated", False):
        return False
    if actor.is_admin:
        return True
    if obj is None:
        if actor.is_office and action in _OFFICE_ACTIONS:
            return True
        if actor.is_committee and action in _COMMITTEE_ACTIONS:
            return True
        if action == WORK_ON_TASKS:
            return actor.is_office or bool(actor.member_unit_ids)
        return action == VIEW_DASHBOARD and bool(actor.member_unit_ids)
    if action.startswith("task."):
        return _can_task(actor, action, obj)
    if action.startswith("input."):
        return _can_input(actor, action, obj)
    if action == KPI_MEASURE:
        unit_id = getattr(obj, "responsible_unit_id", None)
        return actor.is_office or (
            unit_id is not None and unit_id in actor.lead_unit_ids | actor.member_unit_ids
        )
    return False


def _task_unit_ids(task) -> tuple[int | None, set[int]]:
    coordinating = getattr(task, "_prefetched_objects_cache", {}).get("coordinating_units")
    if coordinating is not None:
        coord_ids = {u.pk for u in coordinating}
    elif getattr(task, "pk", None):
        coord_ids = set(task.coordinating_units.values_list("pk", flat=True))
    else:
        coord_ids = set()
    return task.lead_unit_id, coord_ids


def _can_task(actor: Actor, action: str, task) -> bool:
    if action == TASK_VIEW:
        if actor.sees_everything:
            return True
        lead_id, coord_ids = _task_unit_ids(task)
        if lead_id in actor.member_unit_ids or bool(coord_ids & actor.member_unit_ids):
            return True
        # The lead unit of a task sees the sub-tasks it forwarded (to a xã/phường too).
        parent = task.parent if getattr(task, "parent_id", None) else None
        return parent is not None and parent.lead_unit_id in actor.member_unit_ids
    if action == TASK_FORWARD:
        # The lead unit's leader forwards its own work: not the office, not a group order's parent.
        return task.lead_unit_id is not None and task.lead_unit_id in actor.lead_unit_ids
    if actor.is_office:
        return action in _OFFICE_TASK_ACTIONS
    lead_id = task.lead_unit_id
    if action in _UNIT_TASK_ACTIONS:
        return lead_id in actor.member_unit_ids
    if action in _LEAD_ONLY_TASK_ACTIONS:
        return lead_id in actor.lead_unit_ids
    return False


def _can_input(actor: Actor, action: str, input_request) -> bool:
    unit_id = input_request.unit_id
    if action == INPUT_SUBMIT:
        return unit_id in actor.member_unit_ids
    if action == INPUT_VIEW:
        return (
            actor.sees_everything
            or unit_id in actor.member_unit_ids
            or input_request.task.lead_unit_id in actor.member_unit_ids
        )
    return False


class Refused(PermissionDenied):
    """PermissionDenied that says what was refused (the action and its object), for the 403 page."""

    def __init__(self, message: str, *, action: str, obj: Any = None):
        super().__init__(message)
        self.action = action
        self.obj = obj


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied (Refused) with a Vietnamese message when `user` may not do `action`."""
    if not may(user, action, obj):
        raise Refused(_("Bạn không có quyền thực hiện thao tác này."), action=action, obj=obj)


def require_any(user, actions, obj: Any = None) -> None:
    """Raise PermissionDenied (Refused) unless `user` may do at least one of `actions` (to `obj`): the check
    an endpoint makes before reading its input when the input chooses the action (a task's transition)."""
    actions = sorted(actions)
    if not any(may(user, action, obj) for action in actions):
        raise Refused(_("Bạn không có quyền thực hiện thao tác này."), action=actions[0], obj=obj)
