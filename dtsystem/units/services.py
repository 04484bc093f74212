"""Writes for units and memberships."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.text import fold
from extraction.units import canonical_key

from .choices import GroupMembership, UnitKind
from .models import Membership, Unit, UnitGroup


def unit_search_text(*, name: str, short_name: str, aliases: list[str]) -> str:
    return " | ".join(fold(n) for n in [name, short_name, *aliases] if n)


def unit_save(*, unit: Unit) -> Unit:
    """Validate and save a unit, keeping its folded search text in step with its names."""
    unit.aliases = [a.strip() for a in (unit.aliases or []) if a and a.strip()]
    unit.search_text = unit_search_text(name=unit.name, short_name=unit.short_name, aliases=unit.aliases)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def units_load(*, rows: list[dict]) -> tuple[int, int]:
    """Create or update units from fixture rows ({code, name, short_name, kind, parent, aliases, email}).

    Idempotent: matched by code. Returns (created, updated)."""
    created = updated = 0
    by_code = {u.code: u for u in Unit.objects.all()}
    for row in rows:
        unit = by_code.get(row["code"]) or Unit(code=row["code"])
        is_new = unit.pk is None
        if not is_new and (unit.valid_until is not None or unit.former_names.exists()):
            continue  # a reorganisation ended or renamed it: the fixture's row is its past, not its present
        unit.name = row["name"]
        unit.short_name = row.get("short_name", "")
        unit.kind = row.get("kind", unit.kind)
        unit.email = row.get("email", "") or ("" if is_new else unit.email)
        # Names a reorganisation gave the unit (its predecessors') are kept beside the fixture's.
        kept = [a for a in (unit.aliases or []) if a not in row.get("aliases", [])] if not is_new else []
        unit.aliases = [*row.get("aliases", []), *kept]
        if row.get("valid_from"):
            unit.valid_from = date.fromisoformat(row["valid_from"])
        parent_code = row.get("parent")
        parent = by_code[parent_code] if parent_code else None
        if parent is not None and parent.valid_until is not None and not is_new:
            parent = unit.parent  # its parent was reorganised: keep where the reorganisation put it
        unit.parent = parent
        unit_save(unit=unit)
        by_code[unit.code] = unit
        created += is_new
        updated += not is_new
    return created, updated


def membership_ensure(*, user, unit: Unit, role: str, title: str = "") -> Membership:
    """The membership, in the unit that carries on `unit`'s work if a reorganisation ended it."""
    from .selectors import unit_current

    unit = unit_current(unit)
    membership, _ = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    return membership


_KIND_BY_HEAD = [
    (
        ("ubnd xa", "ubnd phuong", "ubnd thi tran", "uy ban nhan dan xa", "uy ban nhan dan phuong"),
        UnitKind.COMMUNE,
    ),
    (("ubnd huyen", "ubnd thi xa", "ubnd thanh pho", "uy ban nhan dan huyen"), UnitKind.DISTRICT),
    (
        ("cong ty", "tap doan", "tong cong ty", "vien thong", "viettel", "vnpt", "buu dien", "ngan hang"),
        UnitKind.ENTERPRISE,
    ),
    (("tinh doan", "hoi ", "mat tran", "lien doan"), UnitKind.MASS_ORG),
    (("bo ",), UnitKind.CENTRAL),
]


def unit_get_or_create_by_name(*, user, name: str) -> Unit:
    """A unit named in a document that is not in the register yet (the notice assistant proposes it).

    A same-named unit is reused, never doubled; the kind is guessed from the name's head word."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    existing = Unit.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    folded = fold(name)
    kind = next(
        (kind for heads, kind in _KIND_BY_HEAD if folded.startswith(heads)),
        UnitKind.DEPARTMENT,
    )
    base = slugify(folded)[:56] or "don-vi-moi"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return unit_save(unit=Unit(code=code, name=name, kind=kind, aliases=[]))


@transaction.atomic
def unit_alias_add(*, user, unit: Unit, alias: str) -> Unit:
    """Teach the register another name of `unit` (the notice assistant offers it when the clerk corrects a
    unit it read): the next document, and every import, then finds `unit` under that name.

    A name that already stands for another active unit (its name or short name) is refused; the same name
    as another unit's alias moves to `unit` (the clerk's latest correction wins: one name, one unit).
    Names are compared as the engine compares them ("Sở TT&TT" = "Sở TT và TT")."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    alias = " ".join((alias or "").split())
    if not alias:
        raise ValidationError({"aliases": _("Tên gọi khác không được để trống.")})
    if len(alias) > 255:
        raise ValidationError({"aliases": _("Tên gọi khác dài quá 255 ký tự.")})
    key = canonical_key(alias)
    if key in {canonical_key(name) for name in unit.all_names()}:
        return unit
    for other in Unit.objects.filter(is_active=True).exclude(pk=unit.pk).select_for_update():
        if key in {canonical_key(other.name), canonical_key(other.short_name or "")}:
            raise ValidationError(
                {
                    "aliases": _(
                        "“%(alias)s” là tên của đơn vị “%(other)s”; không thể làm tên gọi khác của “%(unit)s”."
                    )
                    % {"alias": alias, "other": other.name, "unit": unit.name}
                }
            )
        kept = [a for a in other.aliases or [] if canonical_key(a) != key]
        if len(kept) != len(other.aliases or []):
            other.aliases = kept
            unit_save(unit=other)
    unit.aliases = [*(unit.aliases or []), alias]
    return unit_save(unit=unit)


# ------------------------------------------------------------------------------------- Excel/CSV import


def units_import(*, user, rows: list[dict], commit: bool):
    """Import units (dtsystem.units.resources.UnitImport): all or nothing, office staff only."""
    from dtsystem.common.imports import rows_import

    from .resources import UnitImport

    return rows_import(spec=UnitImport(), user=user, rows=rows, commit=commit)


# ------------------------------------------------------------------------------------------ unit groups

UNIT_GROUP_FIELDS = ("name", "key", "description", "membership_kind", "unit_kind", "is_active")


@transaction.atomic
def unit_group_save(*, user, group: UnitGroup | None = None, data: dict, units=None) -> UnitGroup:
    """Create (`group` None) or update a unit group; `units` is the list of a "by list" group (ignored
    for a "by kind" group, whose members are the active units of its kind)."""
    policy.require(user, policy.MANAGE_UNIT_GROUPS)
    unknown = set(data) - set(UNIT_GROUP_FIELDS)
    if unknown:
        raise ValueError(f"unknown unit group fields: {sorted(unknown)}")
    group = group or UnitGroup()
    for key, value in data.items():
        if key in ("name", "description"):
            value = (value or "").strip()
        if key == "key":
            value = (value or "").strip() or None
        if key == "unit_kind":
            value = value or ""
        setattr(group, key, value)
    group.full_clean()
    group.save()
    if group.membership_kind == GroupMembership.BY_LIST:
        if units is not None:
            group.units.set(units)
    else:
        group.units.clear()
    return group


@transaction.atomic
def unit_group_delete(*, user, group: UnitGroup) -> None:
    """Remove a group no order was ever addressed to (else the database refuses: ProtectedError)."""
    policy.require(user, policy.MANAGE_UNIT_GROUPS)
    group.delete()


# ------------------------------------------------------------------------------------ reorganisation
# The operations live in reorganisation.py (with their previews and the movers of every app).
from .reorganisation import (  # noqa: E402, F401
    unit_dissolve,
    unit_dissolve_preview,
    unit_move,
    unit_move_preview,
    unit_rename,
    unit_rename_preview,
    unit_split,
    unit_split_preview,
    units_merge,
    units_merge_preview,
)
