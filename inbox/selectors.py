"""Reads for the inbox: who receives an event (members of units, the office), and a user's items."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet

from dtsystem.units.choices import Role
from dtsystem.units.models import Membership

from .choices import InboxKind
from .models import InboxItem

PAGE_LIMIT = 50  # items shown per kind on the page (the unread ones first); the API pages through all


def unit_member_ids(unit_ids: Iterable[int], roles: Iterable[str] = (Role.LEAD, Role.STAFF)) -> list[int]:
    """Active users holding one of `roles` in one of the (active) units: one query."""
    ids = [u for u in unit_ids if u]
    if not ids:
        return []
    return list(
        Membership.objects.filter(
            unit_id__in=ids, role__in=list(roles), unit__is_active=True, user__is_active=True
        )
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def office_user_ids() -> list[int]:
    """Active office staff (they approve completion reports and extension requests): one query."""
    return list(
        Membership.objects.filter(role=Role.OFFICE, unit__is_active=True, user__is_active=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def inbox_items(*, user, unread: bool | None = None) -> QuerySet[InboxItem]:
    """The user's own items (nobody sees another's inbox), newest first, with what lists show."""
    qs = InboxItem.objects.filter(user=user).select_related("task__document", "task__lead_unit")
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    return qs.order_by("-created_at", "-id")


def inbox_groups(*, user, kinds: list[str] | None = None) -> list[dict]:
    """The page: one group per kind (in InboxKind's order), unread first, at most PAGE_LIMIT items each.
    One query for the counts by kind, then one per kind present (at most len(InboxKind)), whatever the
    number of items."""
    counts = {
        row["kind"]: row
        for row in InboxItem.objects.filter(user=user)
        .order_by()
        .values("kind")
        .annotate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))
    }
    groups = []
    for kind in InboxKind:
        row = counts.get(kind.value)
        if not row or (kinds and kind.value not in kinds):
            continue
        items = list(
            inbox_items(user=user)
            .filter(kind=kind.value)
            .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")[:PAGE_LIMIT]
        )
        groups.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "total": row["total"],
                "unread": row["unread"],
                "items": items,
                "hidden": row["total"] - len(items),
            }
        )
    return groups
