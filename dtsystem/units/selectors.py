"""Reads for units: lookups by any of a unit's names, and the units a user acts for."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from dtsystem.common.text import fold_terms
from dtsystem.policy import Memberships

from .choices import GroupMembership
from .models import Membership, Unit, UnitGroup


def unit_list(
    *, query: str | None = None, kind: str | None = None, active_only: bool = True
) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("parent")
    if active_only:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    for term in fold_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs.order_by("kind", "name")


def organisation_version() -> str:
    """A key that changes whenever a unit is created, changed (every save moves its `updated_at`) or
    deleted: the number of units and the latest change, in one aggregate query over the small unit table."""
    row = Unit.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    at = row["at"].timestamp() if row["at"] else 0
    return f"{row['n']}.{at:.6f}"


def active_unit_names() -> list[tuple[int, str]]:
    """(id, name) of every active unit, in the order of the unit pickers (kind, then name)."""
    return list(Unit.objects.filter(is_active=True).order_by("kind", "name").values_list("pk", "name"))


def unit_name_index() -> dict[str, Unit]:
    """Map of every folded name, short name and alias to its unit (for imports and extraction); the names of
    a unit that no longer exists map to its successor."""
    from .matching import UnitMatcher

    return UnitMatcher().index


def unit_children_map() -> dict[int | None, list[int]]:
    """{parent id: [child ids]} for every unit, in one query (the unit table is small)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def unit_descendant_ids(unit_ids: set[int], *, children: dict | None = None) -> set[int]:
    """The given units and every unit below them."""
    if children is None:
        children = unit_children_map()
    result, stack = set(), list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children.get(pk, []))
    return result


def policy_memberships(user) -> Memberships:
    """The memberships the policy needs for a user (registered with dtsystem.policy at start-up):
    active units only; the units below them are computed once, on demand, from one query."""
    rows = list(Membership.objects.filter(user=user, unit__is_active=True).values_list("unit_id", "role"))
    children: dict | None = None

    def descendants(unit_ids: set[int]) -> set[int]:
        nonlocal children
        if children is None:
            children = unit_children_map()
        return unit_descendant_ids(unit_ids, children=children)

    return Memberships(rows=rows, descendants=descendants)


def memberships_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__name", "role")


def unit_members(*, unit_ids) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(unit_id__in=unit_ids)
        .select_related("user", "unit")
        .order_by("unit__name", "role", "user__last_name", "user__username")
    )


def unit_filter_q(prefix: str, unit_ids) -> Q:
    return Q(**{f"{prefix}__in": unit_ids})


# ------------------------------------------------------------------------------------------ unit groups


def unit_group_members(group: UnitGroup) -> QuerySet[Unit]:
    """The group's members now: every active unit of its kind, or the active units of its list."""
    if group.membership_kind == GroupMembership.BY_KIND:
        qs = Unit.objects.filter(kind=group.unit_kind)
    else:
        qs = Unit.objects.filter(groups=group)
    return qs.filter(unit_valid_q(timezone.localdate()), is_active=True).order_by("name")


def unit_group_list(
    *, active_only: bool = False, queryset: QuerySet[UnitGroup] | None = None
) -> list[UnitGroup]:
    """Every group (of `queryset`) with its member count, in a fixed number of queries (groups are few,
    units many)."""
    queryset = UnitGroup.objects.all() if queryset is None else queryset
    groups = list(
        queryset.prefetch_related(
            Prefetch("units", queryset=Unit.objects.filter(is_active=True).only("id", "name", "short_name"))
        ).order_by("name")
    )
    if active_only:
        groups = [g for g in groups if g.is_active]
    by_kind = dict(
        Unit.objects.filter(unit_valid_q(timezone.localdate()), is_active=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    for group in groups:
        if group.membership_kind == GroupMembership.BY_KIND:
            group.member_count = by_kind.get(group.unit_kind, 0)
        else:
            group.member_count = len(group.units.all())
    return groups


def unit_group_by_key(key: str) -> UnitGroup | None:
    """The active group the notice assistant's group key names ("departments"), if the office keeps one."""
    if not key:
        return None
    return UnitGroup.objects.filter(key=key, is_active=True).first()


def unit_group_keys() -> dict[str, int]:
    """{assistant key: group id} of the active groups that carry a key (one query)."""
    return dict(UnitGroup.objects.filter(is_active=True, key__isnull=False).values_list("key", "pk"))


# ------------------------------------------------------------------------- the organisation at a date


def unit_valid_q(day, prefix: str = "") -> Q:
    """Units that exist on `day` (validity dates, both days included)."""
    p = f"{prefix}__" if prefix else ""
    return (Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": day})) & (
        Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": day})
    )


def unit_names_at(unit_ids, day) -> dict[int, tuple[str, str]]:
    """{unit id: (name, short name)} as the units were called on `day` (a renamed unit shows the name it
    had then), in two queries whatever the number of units."""
    from .models import UnitName

    ids = list(unit_ids)
    names = {
        pk: (name, short)
        for pk, name, short in Unit.objects.filter(pk__in=ids).values_list("pk", "name", "short_name")
    }
    former = (
        UnitName.objects.filter(unit_id__in=ids, valid_until__gte=day)
        .order_by("unit_id", "-valid_until")
        .values_list("unit_id", "name", "short_name")
    )
    for pk, name, short in former:  # the earliest row still running on `day` is written last
        names[pk] = (name, short)
    return names


def unit_name_at(unit: Unit, day) -> str:
    return unit_names_at([unit.pk], day).get(unit.pk, (unit.name, ""))[0]


def unit_current(unit: Unit) -> Unit:
    """The unit that carries on `unit`'s work today: its successor's successor..., or itself."""
    seen = set()
    while unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.successor
    return unit


def unit_detail(*, pk: int) -> Unit:
    return Unit.objects.select_related("parent", "successor").get(pk=pk)


def unit_history(*, unit: Unit) -> dict:
    """What the unit page shows of its history: former names, predecessors, successor, the changes."""
    from .models import UnitChange

    changes = (
        UnitChange.objects.filter(Q(from_units=unit) | Q(to_units=unit))
        .distinct()
        .select_related("created_by")
        .prefetch_related("from_units", "to_units")
        .order_by("-date", "-id")
    )
    return {
        "former_names": list(unit.former_names.order_by("valid_until")),
        "predecessors": list(unit.predecessors.order_by("name")),
        "changes": list(changes),
    }


def unit_change_list() -> QuerySet:
    from .models import UnitChange

    return (
        UnitChange.objects.select_related("created_by")
        .prefetch_related("from_units", "to_units")
        .order_by("-date", "-id")
    )
