"""Reads for KPI targets. Attainment is computed by the database (a Case/When annotation), once, for
pages, the API, dashboards and reports alike.

Attainment of a target from its latest measurement (the one with the latest period end); b is the
baseline (0 when unknown), t the target value, v the latest value:

- no measurement: ``no_data``.
- ``at_least``: v ≥ t → ``achieved``; v has covered at least 80 % of the way from b to t
  (v − b ≥ 0.8·(t − b)) → ``on_track``; at least 50 % → ``at_risk``; otherwise ``off_track``.
- ``at_most`` (the mirror): v ≤ t → ``achieved``; without a baseline there is no way to measure the
  way done, so v > t → ``off_track``; with one, b − v ≥ 0.8·(b − t) → ``on_track``, ≥ 50 % →
  ``at_risk``, otherwise ``off_track``.
- ``exactly``: v = t → ``achieved``; |t − v| ≤ 20 % of |t − b| → ``on_track``; ≤ 50 % → ``at_risk``;
  otherwise ``off_track`` (also when t = b and v ≠ t).
- ``range`` [t, t_max]: inside (bounds included) → ``achieved``; above t_max → ``off_track`` (outside
  the range); below t: as ``at_least`` towards t.
- ``milestone``: marked done, or a progress value ≥ 100 → ``achieved``; progress ≥ 80 → ``on_track``;
  ≥ 50 → ``at_risk``; marked not done or less progress → ``off_track``.
- a per-unit target (scope ``per_unit``, one child target per unit) without measurements of its own:
  from its units' targets: none with data → ``no_data``; every unit achieved → ``achieved``; ≥ 80 % of
  the units achieved → ``on_track``; ≥ 50 % → ``at_risk``; otherwise ``off_track``.

The fractions are compared by integer multiples (5·(v − b) ≥ 4·(t − b)), so that the boundaries hold
exactly on every database."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThanOrEqual

from .choices import Attainment, Comparison, Scope
from .models import KpiMeasurement, KpiTarget

DEC = DecimalField(max_digits=20, decimal_places=3)


def _d(expression):
    return ExpressionWrapper(expression, output_field=DEC)


def _latest(field: str, output_field):
    return Subquery(
        KpiMeasurement.objects.filter(target=OuterRef("pk")).order_by("-period_end", "-id").values(field)[:1],
        output_field=output_field,
    )


def _own_attainment() -> Case:
    """The attainment of a target from its own latest measurement (needs latest_value/latest_achieved)."""
    v = F("latest_value")
    t = F("target_value")
    b = Coalesce(F("baseline"), Value(0), output_field=DEC)
    gap = _d(v - b)  # way done from the baseline
    span = _d(t - b)  # the whole way
    back = _d(b - v)  # at_most: way done downwards
    back_span = _d(b - t)
    miss = _d(Abs(_d(t - v)))
    width = _d(Abs(span))

    def when(comparison, condition, result):
        return When(Q(comparison=comparison) & Q(condition), then=Value(result))

    at_least = Comparison.AT_LEAST
    at_most = Comparison.AT_MOST
    exactly = Comparison.EXACTLY
    in_range = Comparison.RANGE
    milestone = Comparison.MILESTONE
    return Case(
        When(Q(latest_value__isnull=True) & Q(latest_achieved__isnull=True), then=Value(Attainment.NO_DATA)),
        # milestone
        When(Q(comparison=milestone, latest_achieved=True), then=Value(Attainment.ACHIEVED)),
        when(milestone, GreaterThanOrEqual(v, 100), Attainment.ACHIEVED),
        when(milestone, GreaterThanOrEqual(v, 80), Attainment.ON_TRACK),
        when(milestone, GreaterThanOrEqual(v, 50), Attainment.AT_RISK),
        When(comparison=milestone, then=Value(Attainment.OFF_TRACK)),
        When(latest_value__isnull=True, then=Value(Attainment.NO_DATA)),
        # at least
        when(at_least, GreaterThanOrEqual(v, t), Attainment.ACHIEVED),
        when(at_least, GreaterThanOrEqual(_d(gap * 5), _d(span * 4)), Attainment.ON_TRACK),
        when(at_least, GreaterThanOrEqual(_d(gap * 2), span), Attainment.AT_RISK),
        # at most
        when(at_most, LessThanOrEqual(v, t), Attainment.ACHIEVED),
        When(Q(comparison=at_most, baseline__isnull=True), then=Value(Attainment.OFF_TRACK)),
        when(at_most, GreaterThanOrEqual(_d(back * 5), _d(back_span * 4)), Attainment.ON_TRACK),
        when(at_most, GreaterThanOrEqual(_d(back * 2), back_span), Attainment.AT_RISK),
        # exactly
        when(exactly, Exact(v, t), Attainment.ACHIEVED),
        when(exactly, LessThanOrEqual(_d(miss * 5), width), Attainment.ON_TRACK),
        when(exactly, LessThanOrEqual(_d(miss * 2), width), Attainment.AT_RISK),
        # range
        When(
            Q(comparison=in_range) & Q(GreaterThanOrEqual(v, t)) & Q(LessThanOrEqual(v, F("target_max"))),
            then=Value(Attainment.ACHIEVED),
        ),
        when(in_range, GreaterThan(v, F("target_max")), Attainment.OFF_TRACK),
        when(in_range, GreaterThanOrEqual(_d(gap * 5), _d(span * 4)), Attainment.ON_TRACK),
        when(in_range, GreaterThanOrEqual(_d(gap * 2), span), Attainment.AT_RISK),
        default=Value(Attainment.OFF_TRACK),
        output_field=CharField(),
    )


def with_own_attainment(qs: QuerySet[KpiTarget]) -> QuerySet[KpiTarget]:
    return qs.annotate(
        latest_value=_latest("value", DEC),
        latest_achieved=_latest("achieved", BooleanField()),
        latest_period=_latest("period", CharField()),
    ).annotate(own_attainment=_own_attainment())


def _children_count(attainment: str | None = None):
    children = with_own_attainment(KpiTarget.objects.filter(parent=OuterRef("pk")))
    if attainment is None:
        children = children.exclude(own_attainment=Attainment.NO_DATA)
    else:
        children = children.filter(own_attainment=attainment)
    return Coalesce(
        Subquery(
            children.order_by().values("parent").annotate(c=Count("pk")).values("c")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def attainment_annotate(qs: QuerySet[KpiTarget]) -> QuerySet[KpiTarget]:
    """Annotate latest_value, latest_achieved, latest_period, unit_count, units_with_data,
    units_achieved and `attainment` (see the module docstring for the rule)."""
    qs = with_own_attainment(qs).annotate(
        unit_count=Coalesce(
            Subquery(
                KpiTarget.objects.filter(parent=OuterRef("pk"))
                .order_by()
                .values("parent")
                .annotate(c=Count("pk"))
                .values("c")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        units_with_data=_children_count(),
        units_achieved=_children_count(Attainment.ACHIEVED),
    )
    own = Q(scope=Scope.PROVINCE) | ~Q(own_attainment=Attainment.NO_DATA)
    return qs.annotate(
        attainment=Case(
            When(own, then=F("own_attainment")),
            When(Q(unit_count=0) | Q(units_with_data=0), then=Value(Attainment.NO_DATA)),
            When(Exact(F("units_achieved"), F("unit_count")), then=Value(Attainment.ACHIEVED)),
            When(
                GreaterThanOrEqual(
                    ExpressionWrapper(F("units_achieved") * 5, output_field=IntegerField()),
                    ExpressionWrapper(F("unit_count") * 4, output_field=IntegerField()),
                ),
                then=Value(Attainment.ON_TRACK),
            ),
            When(
                GreaterThanOrEqual(
                    ExpressionWrapper(F("units_achieved") * 2, output_field=IntegerField()), F("unit_count")
                ),
                then=Value(Attainment.AT_RISK),
            ),
            default=Value(Attainment.OFF_TRACK),
            output_field=CharField(),
        )
    )


def _measurements_prefetch() -> Prefetch:
    return Prefetch(
        "measurements",
        queryset=KpiMeasurement.objects.select_related("entered_by").order_by("period_end", "id"),
    )


def kpi_target_list(*, user=None, plan=None, top_level: bool = False) -> QuerySet[KpiTarget]:
    """Targets with their attainment, responsible unit and measurements, in a fixed number of
    queries. Every signed-in user may read a plan's targets."""
    qs = KpiTarget.objects.all()
    if plan is not None:
        qs = qs.filter(plan=plan)
    if top_level:
        qs = qs.filter(parent__isnull=True)
    return (
        attainment_annotate(qs)
        .select_related("responsible_unit", "plan__document")
        .prefetch_related(_measurements_prefetch())
        .order_by(
            "plan_id", "position", F("parent_id").asc(nulls_first=True), "id"
        )  # the target, then its units
    )


def per_unit_attainment(units: list[str]) -> str:
    """attainment_annotate's rule for a per-unit target without data of its own, from its units'
    attainments: none with data → no_data; all achieved → achieved; ≥ 80 % → on_track; ≥ 50 % → at_risk;
    else off_track (tests/dashboard/test_kpi_rule.py and tests/kpis/test_target_tree.py check both agree)."""
    count = len(units)
    with_data = sum(1 for a in units if a != Attainment.NO_DATA)
    achieved = sum(1 for a in units if a == Attainment.ACHIEVED)
    if count == 0 or with_data == 0:
        return Attainment.NO_DATA
    if achieved == count:
        return Attainment.ACHIEVED
    if achieved * 5 >= count * 4:
        return Attainment.ON_TRACK
    if achieved * 2 >= count:
        return Attainment.AT_RISK
    return Attainment.OFF_TRACK


def kpi_target_tree(*, user=None, plan) -> list[KpiTarget]:
    """The plan's top-level targets, each with `children` (its per-unit targets), every one with what
    attainment_annotate gives (latest_value, latest_achieved, latest_period, unit_count, units_with_data,
    units_achieved, attainment), in two queries whatever the number of targets: every target of the plan
    with its own attainment (with_own_attainment), and their measurements. A target's figures from its
    units' targets are counted here, by the rule of attainment_annotate (per_unit_attainment): its
    statement nests the own attainment of the children in three subqueries per target (~170 ms of
    Python to compile, ~30 ms per target in PostgreSQL at scale)."""
    targets = list(
        with_own_attainment(KpiTarget.objects.filter(plan=plan))
        .select_related("responsible_unit", "plan__document")
        .prefetch_related(_measurements_prefetch())
        .order_by("position", F("parent_id").asc(nulls_first=True), "id")
    )
    children: dict[int, list[KpiTarget]] = {}
    for target in targets:
        if target.parent_id is not None:
            children.setdefault(target.parent_id, []).append(target)
    for target in targets:
        units = children.get(target.pk, [])
        units.sort(
            key=lambda c: (
                (c.responsible_unit.kind, c.responsible_unit.name) if c.responsible_unit else ("", "")
            )
        )
        target.children = units
        target.unit_count = len(units)
        target.units_with_data = sum(1 for c in units if c.own_attainment != Attainment.NO_DATA)
        target.units_achieved = sum(1 for c in units if c.own_attainment == Attainment.ACHIEVED)
        if target.scope == Scope.PROVINCE or target.own_attainment != Attainment.NO_DATA:
            target.attainment = target.own_attainment
        else:
            target.attainment = per_unit_attainment([c.own_attainment for c in units])
    return [target for target in targets if target.parent_id is None]


def kpi_target_detail(*, user=None, pk: int) -> KpiTarget:
    return kpi_target_list(user=user).get(pk=pk)


def attainment_counts(targets) -> dict[str, int]:
    counts = {a.value: 0 for a in Attainment}
    for target in targets:
        counts[target.attainment] = counts.get(target.attainment, 0) + 1
    return counts


def target_progress(target: KpiTarget) -> int | None:
    """How far a target has got, 0–100, for progress bars (from the annotated latest value)."""
    v = getattr(target, "latest_value", None)
    achieved = getattr(target, "latest_achieved", None)
    if target.comparison == Comparison.MILESTONE:
        if achieved:
            return 100
        return int(max(0, min(100, v))) if v is not None else (0 if achieved is False else None)
    if target.scope == Scope.PER_UNIT and v is None:
        total = getattr(target, "unit_count", 0)
        return int(100 * getattr(target, "units_achieved", 0) / total) if total else None
    if v is None or target.target_value is None:
        return None
    t = target.target_value
    b = target.baseline or 0
    if target.comparison in (Comparison.AT_LEAST, Comparison.RANGE):
        if target.comparison == Comparison.RANGE and v > target.target_max:
            return 100
        if v >= t:
            return 100
        return int(max(0, min(100, (v - b) * 100 / (t - b)))) if t != b else 0
    if target.comparison == Comparison.AT_MOST:
        if v <= t:
            return 100
        return int(max(0, min(100, (b - v) * 100 / (b - t)))) if target.baseline is not None and b != t else 0
    if v == t:
        return 100
    return int(max(0, min(100, 100 - abs(t - v) * 100 / abs(t - b)))) if t != b else 0
