"""Reads for documents and tasks. Visibility and timeliness are decided here, once, for pages, API,
dashboard, reports and reminders alike. Timeliness is computed by the database (an annotation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from dtsystem import policy
from dtsystem.common.text import fold_terms

from . import rollups
from .choices import DeadlineKind, ExtensionStatus, InputRequestStatus, TaskKind, TaskStatus, Timeliness
from .models import Contribution, Document, ExtensionRequest, InputRequest, Task, TaskEvent


def timeliness_expression(as_of: date) -> Case:
    """Timeliness of a task at `as_of`, as the Vietnamese government reports it.

    - done by `as_of`: on time if completed on or before the due date (or no due date), else late;
    - completion reported (awaiting the office) on time: still on track;
    - no due date: no deadline; past the due date: overdue; otherwise on track.
    Cancelled tasks, recurring templates and the parents of group orders (whose figures are their
    children's, see directives.group_selectors) have none (NULL): they are outside every count."""
    done_by = Q(status=TaskStatus.DONE, completed_on__lte=as_of)
    return Case(
        When(
            Q(status=TaskStatus.CANCELLED)
            | Q(kind=TaskKind.GROUP)
            | Q(deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True),
            then=Value(None),
        ),
        When(
            done_by & (Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date"))),
            then=Value(Timeliness.DONE_ON_TIME),
        ),
        When(done_by, then=Value(Timeliness.DONE_LATE)),
        When(due_date__isnull=True, then=Value(Timeliness.NO_DEADLINE)),
        When(
            Q(status=TaskStatus.REPORTED_DONE, completed_on__lte=as_of) & Q(completed_on__lte=F("due_date")),
            then=Value(Timeliness.ON_TRACK),
        ),
        When(due_date__lt=as_of, then=Value(Timeliness.OVERDUE)),
        default=Value(Timeliness.ON_TRACK),
        output_field=CharField(),
    )


def timeliness_q(value: str, as_of: date) -> Q:
    """The same rule as timeliness_expression, as a plain WHERE clause on indexed columns.

    Filtering a list by timeliness with this Q lets the database use the (status, due_date) indexes
    instead of computing the CASE for every row; tests check that both agree on every case."""
    excluded = (
        Q(status=TaskStatus.CANCELLED)
        | Q(kind=TaskKind.GROUP)
        | Q(deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True)
    )
    done_by = Q(status=TaskStatus.DONE, completed_on__lte=as_of)
    reported_in_time = Q(status=TaskStatus.REPORTED_DONE, completed_on__lte=as_of) & Q(
        completed_on__lte=F("due_date")
    )
    counted = ~excluded
    if value == Timeliness.DONE_ON_TIME:
        return counted & done_by & (Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date")))
    if value == Timeliness.DONE_LATE:
        return counted & done_by & Q(due_date__isnull=False) & Q(completed_on__gt=F("due_date"))
    open_at = counted & ~done_by
    if value == Timeliness.NO_DEADLINE:
        return open_at & Q(due_date__isnull=True)
    if value == Timeliness.OVERDUE:
        return open_at & Q(due_date__lt=as_of) & ~reported_in_time
    if value == Timeliness.ON_TRACK:
        return open_at & Q(due_date__isnull=False) & (reported_in_time | Q(due_date__gte=as_of))
    raise ValueError(f"unknown timeliness {value!r}")


def in_scope(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks that count: not cancelled, not a recurring template, not the parent of a group order (its
    children are the units' tasks: a group of N units counts N, never N + 1)."""
    return (
        qs.countable()
        .exclude(status=TaskStatus.CANCELLED)
        .exclude(deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True)
    )


def task_visible_q(user) -> Q | None:
    """None = everything; otherwise the Q that limits tasks to the user's units (lead or coordinating)."""
    actor = policy.actor_for(user)
    if actor.sees_everything:
        return None
    ids = actor.member_unit_ids
    if not ids:
        return Q(pk__in=[])
    # A lead unit also sees the sub-tasks it forwarded (to a xã/phường too, which is not below it).
    return Q(pk__in=unit_task_ids(ids, forwarded=True))


def unit_task_ids(unit_ids, *, forwarded: bool = False) -> QuerySet:
    """The ids of the tasks that the units lead or coordinate: a UNION of two indexed id lists.

    `id IN (led UNION coordinated)` has no OR, so PostgreSQL turns it into a semi-join driven by the two
    index scans (a unit's few hundred tasks) instead of scanning the whole task table and testing
    `lead_unit_id IN (…) OR id IN (…)` on every row."""
    led = Task.objects.filter(lead_unit_id__in=list(unit_ids)).order_by().values("id")
    coordinated = (
        Task.coordinating_units.through.objects.filter(unit_id__in=list(unit_ids))
        .order_by()
        .values("task_id")
    )
    if forwarded:  # and the parts they forwarded down (children of the tasks they lead)
        # `parent_id IS NOT NULL` first: the few children are found by the parent index, instead of a
        # hash join that reads every task to find the children of the unit's thousands of tasks.
        parts = (
            Task.objects.filter(parent__isnull=False, parent__lead_unit_id__in=list(unit_ids))
            .order_by()
            .values("id")
        )
        return led.union(coordinated, parts)
    return led.union(coordinated)


def task_queryset(*, user, as_of: date | None = None) -> QuerySet[Task]:
    """Every task the user may see, annotated with `timeliness` at `as_of` (default: today)."""
    as_of = as_of or timezone.localdate()
    qs = Task.objects.all()
    q = task_visible_q(user)
    if q is not None:
        qs = qs.filter(q)
    return qs.annotate(timeliness=timeliness_expression(as_of))


def children_count_expression() -> Coalesce:
    """How many tasks hang on a task (its group's members, or the sub-tasks it forwarded)."""
    counted = (
        Task.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The order of every task list: the nearest deadline first, undated tasks last.
TASK_LIST_ORDER = (
    F("due_date").asc(nulls_last=True),
    F("document_id").asc(),
    F("position").asc(),
    F("id").asc(),
)


def _listed(qs: QuerySet[Task]) -> QuerySet[Task]:
    """What list pages and the API show of each task, in a fixed number of queries."""
    return (
        qs.annotate(children_count=children_count_expression())
        .select_related("document", "lead_unit", "unit_group")
        .prefetch_related("coordinating_units")
        .order_by(*TASK_LIST_ORDER)
    )


def task_list(*, user, as_of: date | None = None) -> QuerySet[Task]:
    """The list of tasks with what list pages and the API show, in a fixed number of queries."""
    return _listed(task_queryset(user=user, as_of=as_of))


def my_unit_tasks(*, user, as_of: date | None = None) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """ "Việc của đơn vị tôi": (the tasks in scope that the user's units lead, those they coordinate and do
    not lead), as task_list shows them.

    Both lie inside what the user may see (a unit's members see every task it leads or coordinates:
    policy, task_visible_q), so neither repeats the visibility condition, whose UNION would make every
    query of the page read all the thousands of tasks of a busy unit once more."""
    as_of = as_of or timezone.localdate()
    unit_ids = sorted(policy.actor_for(user).member_unit_ids)
    tasks = _listed(Task.objects.annotate(timeliness=timeliness_expression(as_of)))
    led = in_scope(tasks.filter(lead_unit_id__in=unit_ids))
    through = Task.coordinating_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=unit_ids)
    coordinated = in_scope(tasks.exclude(lead_unit_id__in=unit_ids).filter(Exists(through)))
    return led, coordinated


def led_timeliness_counts(led: QuerySet[Task], *, unit_ids, as_of: date) -> dict[str, int]:
    """{timeliness: count} of the tasks in scope that the units lead (`led`: my_unit_tasks' first list):
    from the rollups when they answer `as_of` (a few rows per unit: directives.rollups keeps exactly these
    figures by lead unit), else one GROUP BY over the tasks."""
    if rollups.answers(as_of):
        return rollups.timeliness_totals(as_of, lead_unit_ids=unit_ids)[0]
    return timeliness_counts(led)


def first_of_each_timeliness(qs: QuerySet[Task], *, per_group: int, groups=None) -> QuerySet[Task]:
    """The first `per_group` tasks (in list order) of each timeliness group of an annotated task list,
    whatever the number of tasks, in two queries: ROW_NUMBER() over the groups ranks only the ids and
    the columns of the order (no join, no wide row sorted), then the page reads those few tasks by
    primary key with everything `qs` selects. `groups`: only those timeliness groups (default: all)."""
    if groups is not None:
        qs = qs.filter(timeliness__in=list(groups))
    ranked = (
        qs.select_related(None)
        .prefetch_related(None)
        .order_by()
        .values("pk")
        .annotate(
            group_rank=Window(RowNumber(), partition_by=[F("timeliness")], order_by=list(TASK_LIST_ORDER))
        )
        .filter(group_rank__lte=per_group)
        .values_list("pk", flat=True)
    )
    ids = list(ranked)  # at most per_group × the number of groups: looked up by primary key
    return qs.filter(pk__in=ids).order_by(*TASK_LIST_ORDER)


def task_detail(*, user, pk: int, as_of: date | None = None) -> Task:
    """One task with its history, reports, files and extension requests (404 if not visible)."""
    return (
        task_queryset(user=user, as_of=as_of)
        .annotate(children_count=children_count_expression())
        .select_related(
            "document", "lead_unit", "confirmed_by", "recurrence_parent", "unit_group", "parent__unit_group"
        )
        .prefetch_related(
            "coordinating_units",
            Prefetch("events", queryset=TaskEvent.objects.select_related("actor").order_by("at", "id")),
            "progress_reports__reported_by",
            "progress_reports__attachments",
            Prefetch("progress_reports__contributions", queryset=Contribution.objects.select_related("unit")),
            "attachments",
            Prefetch(
                "extension_requests",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
            ),
        )
        .get(pk=pk)
    )


def task_search(qs: QuerySet[Task], query: str | None) -> QuerySet[Task]:
    for term in fold_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def timeliness_groups(qs: QuerySet[Task]) -> tuple[dict[str, int], int]:
    """({timeliness: count} of the tasks in scope, number of rows of `qs` in all) in one GROUP BY query.

    The second figure (tasks in scope plus cancelled ones and recurring templates, the NULL group)
    is what a list of `qs` counts, so list pages need no separate COUNT query."""
    counts = {t.value: 0 for t in Timeliness}
    rows_total = 0
    for value, n in (
        qs.order_by().values_list("timeliness").annotate(n=Count("pk")).values_list("timeliness", "n")
    ):
        rows_total += n
        if value in counts:
            counts[value] = n
    return counts, rows_total


def timeliness_counts(qs: QuerySet[Task]) -> dict[str, int]:
    """{timeliness: count} for an annotated queryset: one GROUP BY query, the CASE evaluated once per row."""
    return timeliness_groups(qs)[0]


def document_list(*, user) -> QuerySet[Document]:
    """Documents with their task counts. Every signed-in user may read directive documents."""
    return (
        Document.objects.select_related("issuing_unit")
        .annotate(
            task_count=Count(
                "tasks",
                filter=~Q(tasks__deadline_kind=DeadlineKind.RECURRING, tasks__recurrence_parent__isnull=True),
            )
        )
        .order_by("-issue_year", "-issue_month", "-issue_day", "-meeting_date", "-id")
    )


def document_search(qs: QuerySet[Document], query: str | None) -> QuerySet[Document]:
    for term in fold_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def pending_extensions(*, user) -> QuerySet[ExtensionRequest]:
    qs = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).select_related(
        "task__lead_unit", "task__document", "requested_by"
    )
    q = task_visible_q(user)
    if q is not None:
        qs = qs.filter(task__in=Task.objects.filter(q))
    return qs.order_by("requested_at")


def completion_reports(*, user, as_of: date | None = None) -> QuerySet[Task]:
    return (
        task_list(user=user, as_of=as_of)
        .filter(status=TaskStatus.REPORTED_DONE)
        .order_by("completed_on", "id")
    )


def waiting_by_unit(*, user) -> tuple[dict[int, int], dict[int, int]]:
    """ "Chờ xác nhận": ({lead unit id: completion reports waiting}, {lead unit id: extension requests
    waiting}) in the user's scope, one GROUP BY each; their sums are the two lists' lengths."""
    reports = dict(
        completion_reports(user=user)
        .order_by()
        .values("lead_unit")
        .annotate(n=Count("id"))
        .values_list("lead_unit", "n")
    )
    extensions = dict(
        pending_extensions(user=user)
        .order_by()
        .values("task__lead_unit")
        .annotate(n=Count("id"))
        .values_list("task__lead_unit", "n")
    )
    return reports, extensions


def document_choices(*, selected: str | int | None = None, limit: int = 30) -> list[Document]:
    """Documents offered in a filter select: the newest ones plus the selected one (bounded, whatever the size)."""
    documents = list(Document.objects.only("id", "number", "symbol", "title").order_by("-id")[:limit])
    try:
        selected_id = int(selected) if selected else None
    except (TypeError, ValueError):
        selected_id = None
    if selected_id and all(d.pk != selected_id for d in documents):
        documents += list(Document.objects.only("id", "number", "symbol", "title").filter(pk=selected_id))
    return documents


# ------------------------------------------------------------------------- coordinating units' contributions


def input_request_visible_q(user) -> Q | None:
    """None = every input request; else those of the user's units, as coordinating unit or as lead unit
    (policy.INPUT_VIEW, as a WHERE clause)."""
    actor = policy.actor_for(user)
    if actor.sees_everything:
        return None
    ids = actor.member_unit_ids
    return Q(unit_id__in=ids) | Q(task__lead_unit_id__in=ids)


def input_request_list(*, user, mine: bool = False) -> QuerySet[InputRequest]:
    """Input requests the user may read (`mine`: only those their own units owe), with the task, its
    document and units and the number of contributions sent, in a fixed number of queries."""
    qs = InputRequest.objects.select_related("task", "task__document", "task__lead_unit", "unit")
    if mine:
        qs = qs.filter(unit_id__in=policy.actor_for(user).member_unit_ids)
    else:
        q = input_request_visible_q(user)
        if q is not None:
            qs = qs.filter(q)
    return qs.annotate(contribution_count=Count("contributions")).order_by(
        Case(When(status=InputRequestStatus.OPEN, then=Value(0)), default=Value(1)),
        F("due_date").asc(nulls_last=True),
        "id",
    )


def task_input_requests(*, user, task: Task) -> list[InputRequest]:
    """A task's input requests whose contributions the user may read (all of them for the lead unit, the
    office and the committee; its own for a coordinating unit), with the contributions and their files."""
    qs = (
        InputRequest.objects.filter(task=task)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("unit", "submitted_by").prefetch_related(
                    "attachments"
                ),
            )
        )
        .order_by("unit__name", "id")
    )
    actor = policy.actor_for(user)
    if not (actor.sees_everything or task.lead_unit_id in actor.member_unit_ids):
        qs = qs.filter(unit_id__in=actor.member_unit_ids)
    requests = list(qs)
    for request in requests:
        request.task = task  # policy.INPUT_VIEW reads the task's lead unit: no query per row
    return requests


# ------------------------------------------------------------------------------ group orders, forwarding


@dataclass
class Rollup:
    """A parent's figures derived from its children at a date (never stored, so never stale)."""

    total: int = 0  # children in scope (not cancelled)
    by_status: dict[str, int] = field(default_factory=dict)
    by_timeliness: dict[str, int] = field(default_factory=dict)
    progress_sum: int = 0

    @property
    def done(self) -> int:
        return self.by_status.get(TaskStatus.DONE, 0)

    @property
    def progress(self) -> int:
        """The children's mean progress (rounded down): what the parent's progress is, or is suggested."""
        return self.progress_sum // self.total if self.total else 0

    @property
    def late(self) -> int:
        return self.by_timeliness.get(Timeliness.OVERDUE, 0) + self.by_timeliness.get(Timeliness.DONE_LATE, 0)

    @property
    def status(self) -> str:
        """Done when every child is done; new while none has started; in progress otherwise."""
        if not self.total:
            return TaskStatus.NEW
        if self.done == self.total:
            return TaskStatus.DONE
        if self.by_status.get(TaskStatus.NEW, 0) == self.total:
            return TaskStatus.NEW
        return TaskStatus.IN_PROGRESS

    @property
    def timeliness(self) -> str | None:
        """Late if any child was late: done late (all done) or overdue (still open); otherwise on time."""
        t = self.by_timeliness
        if not self.total:
            return None
        finished = t.get(Timeliness.DONE_ON_TIME, 0) + t.get(Timeliness.DONE_LATE, 0)
        if finished == self.total:
            return Timeliness.DONE_LATE if t.get(Timeliness.DONE_LATE, 0) else Timeliness.DONE_ON_TIME
        if self.late:
            return Timeliness.OVERDUE
        if t.get(Timeliness.ON_TRACK, 0):
            return Timeliness.ON_TRACK
        return Timeliness.NO_DEADLINE


def children_rollups(parent_ids, *, as_of: date | None = None) -> dict[int, Rollup]:
    """{parent id: Rollup} for the given parents, in one GROUP BY query however many children they have.
    Cancelled children are left out (as in every count)."""
    as_of = as_of or timezone.localdate()
    parent_ids = [pk for pk in parent_ids if pk]
    out: dict[int, Rollup] = {pk: Rollup() for pk in parent_ids}
    if not parent_ids:
        return out
    rows = (
        Task.objects.filter(parent_id__in=parent_ids)
        .exclude(status=TaskStatus.CANCELLED)
        .annotate(timeliness=timeliness_expression(as_of))
        .order_by()
        .values("parent_id", "status", "timeliness")
        .annotate(n=Count("pk"), progress_sum=Sum("progress"))
    )
    for row in rows:
        rollup = out[row["parent_id"]]
        rollup.total += row["n"]
        rollup.progress_sum += row["progress_sum"] or 0
        rollup.by_status[row["status"]] = rollup.by_status.get(row["status"], 0) + row["n"]
        if row["timeliness"]:
            rollup.by_timeliness[row["timeliness"]] = (
                rollup.by_timeliness.get(row["timeliness"], 0) + row["n"]
            )
    return out


def apply_group_rollups(tasks, *, as_of: date | None = None):
    """Give each group order among `tasks` (already loaded) its derived status, progress and timeliness,
    in memory only, so that lists and the API show the children's figures (one query for the page)."""
    parents = [t for t in tasks if t.kind == TaskKind.GROUP]
    rollups = children_rollups([t.pk for t in parents], as_of=as_of)
    for task in parents:
        rollup = rollups[task.pk]
        task.rollup = rollup
        if task.status != TaskStatus.CANCELLED:
            task.status = rollup.status
            task.progress = rollup.progress
            task.timeliness = rollup.timeliness
    return tasks


def task_children(*, user, task: Task, as_of: date | None = None) -> QuerySet[Task]:
    """The children of a task the user may see (all of them for the province; a unit only its own),
    with what the children's table shows, in a fixed number of queries."""
    return (
        task_queryset(user=user, as_of=as_of)
        .filter(parent=task)
        .select_related("lead_unit")
        .order_by("lead_unit__name", "id")
    )


def lead_unit_at(as_of: date):
    """The unit that led a task on `as_of` (an expression): the earliest lead period still running on
    that day (TaskLeadPeriod: tasks moved by a reorganisation), else the task's lead unit. A report for a
    past period attributes each task to the unit of that period."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import TaskLeadPeriod

    period = (
        TaskLeadPeriod.objects.filter(task_id=OuterRef("pk"), valid_until__gte=as_of)
        .order_by("valid_until")
        .values("unit_id")[:1]
    )
    return Coalesce(Subquery(period), F("lead_unit_id"), output_field=IntegerField())


def with_unit_of_period(qs: QuerySet[Task], as_of: date, name: str = "period_unit_id") -> QuerySet[Task]:
    """`qs` annotated with the unit a task counts for on `as_of`, in the organisation of that day: the unit
    that led it then (lead_unit_at); if that unit had already ended by then (a closed task keeps its old
    unit), the unit that carried on its work (its successor)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from dtsystem.units.models import Unit

    successor = Unit.objects.filter(pk=OuterRef("_unit_then"), valid_until__lt=as_of).values("successor_id")[
        :1
    ]
    return qs.annotate(_unit_then=lead_unit_at(as_of)).annotate(
        **{name: Coalesce(Subquery(successor), F("_unit_then"), output_field=IntegerField())}
    )
