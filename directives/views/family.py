"""What the task page shows of a task's family: its parent, its children's table (a group order's
member units, or the sub-tasks its lead unit forwarded), the roll-up, and the forms of the office's bulk
confirmation, of giving the order to members that joined the group later, and of forwarding down."""

from __future__ import annotations

from django.db.models import Q

from dtsystem import policy
from dtsystem.units.choices import UnitKind
from dtsystem.units.models import Unit

from .. import presenters, selectors, services
from ..choices import TaskKind, TaskStatus
from ..forms import FORWARD_PREFIX, AddMembersForm, ForwardFormSet


def forward_targets(task) -> list[Unit]:
    """Units the lead unit may forward to: its own divisions first, then the xã/phường."""
    if not task.lead_unit_id:
        return []
    units = Unit.objects.filter(
        Q(parent_id=task.lead_unit_id) | Q(kind=UnitKind.COMMUNE), is_active=True
    ).exclude(pk=task.lead_unit_id)
    return sorted(units, key=lambda u: (u.parent_id != task.lead_unit_id, u.name))


def family_context(request, task, *, at=None, **forms) -> dict:
    user = request.user
    children = list(selectors.task_children(user=user, task=task, as_of=at)) if task.children_count else []
    presenters.label_timeliness(children)
    rollup = selectors.children_rollups([task.pk], as_of=at)[task.pk] if children else None
    parent = task.parent if task.parent_id else None
    may_confirm = policy.may(user, policy.TASK_CONFIRM_DONE, task)
    confirmable = [c for c in children if c.status == TaskStatus.REPORTED_DONE] if may_confirm else []
    context = {
        "parent": parent,
        "parent_visible": parent is not None and policy.may(user, policy.TASK_VIEW, parent),
        "children": children,
        "rollup": rollup,
        "confirmable_ids": {c.pk for c in confirmable},
        "confirm_form": forms.get("confirm_form"),
        "may_add_members": False,
        "may_forward": False,
    }
    if (
        task.kind == TaskKind.GROUP
        and policy.may(user, policy.MANAGE_DOCUMENTS)
        and task.status != TaskStatus.CANCELLED
    ):
        missing = services.group_members_not_given(task)
        context["may_add_members"] = bool(missing)
        context["add_members_form"] = forms.get("add_members_form") or AddMembersForm(units=missing)
    if task.kind == TaskKind.FORWARDED or task.kind == TaskKind.SINGLE or task.kind == TaskKind.MEMBER:
        forwarded = [c for c in children if c.kind == TaskKind.FORWARDED]
        if forwarded and rollup is not None:
            context["suggested_progress"] = rollup.progress
        if policy.may(user, policy.TASK_FORWARD, task) and services.task_forward_refusal(task) is None:
            context["may_forward"] = True
            context["forward_formset"] = forms.get("forward_formset") or ForwardFormSet(
                prefix=FORWARD_PREFIX, form_kwargs={"targets": forward_targets(task)}
            )
    return context
