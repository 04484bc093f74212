"""What the home page shows of the user's organisation: one card per unit the user belongs to, with
the user's roles there and the unit's members (from what dtsystem.units.selectors read)."""

from __future__ import annotations


def unit_cards(memberships: list, members: list) -> list[dict]:
    """`memberships`: the user's (unit joined); `members`: every member of those units."""
    members_by_unit: dict[int, list] = {}
    for member in members:
        members_by_unit.setdefault(member.unit_id, []).append(member)
    cards, seen = [], set()
    for membership in memberships:
        if membership.unit_id in seen:
            continue
        seen.add(membership.unit_id)
        cards.append(
            {
                "unit": membership.unit,
                "my_roles": [m.get_role_display() for m in memberships if m.unit_id == membership.unit_id],
                "members": members_by_unit.get(membership.unit_id, []),
            }
        )
    return cards
