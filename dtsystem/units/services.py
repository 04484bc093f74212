"""Writes for units and memberships."""

from django.db import transaction
from django.utils.text import slugify

from dtsystem import policy
from dtsystem.common.text import fold

from .choices import UnitKind
from .models import Membership, Unit


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
        unit.name = row["name"]
        unit.short_name = row.get("short_name", "")
        unit.kind = row.get("kind", unit.kind)
        unit.email = row.get("email", "")
        unit.aliases = row.get("aliases", [])
        parent_code = row.get("parent")
        unit.parent = by_code[parent_code] if parent_code else None
        unit_save(unit=unit)
        by_code[unit.code] = unit
        created += is_new
        updated += not is_new
    return created, updated


def membership_ensure(*, user, unit: Unit, role: str, title: str = "") -> Membership:
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


# ------------------------------------------------------------------------------------- Excel/CSV import

_YES = {"co", "x", "1", "true", "yes", "dang hoat dong", "hoat dong"}
_NO = {"khong", "0", "false", "no", "ngung", "ngung hoat dong", "khong hoat dong"}


def _unit_kind_of(text: str) -> str | None:
    folded = fold(text)
    for value, label in UnitKind.choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return None


def units_import(*, user, rows: list[dict], commit: bool):
    """Import units (dtsystem.units.resources.unit_rows): a unit with the same code is updated, any other
    is added; the parent is named by code, name, short name or alias (of a unit in the register or in
    the file). Every row is checked and written through unit_save inside one transaction, rolled back
    unless `commit` and no row has an error: a file with one bad row saves nothing. Office staff only."""
    import difflib

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils.translation import gettext as _

    from dtsystem.common.imports import ImportReport, row_error_collector

    from . import resources as r

    policy.require(user, policy.IMPORT_DATA)
    report = ImportReport()
    by_code = {u.code: u for u in Unit.objects.all()}
    by_name = {fold(u.name): u.code for u in by_code.values()}
    names: dict[str, str] = {}  # folded name/short name/alias → code (register, then the file)
    for unit in by_code.values():
        for name in unit.all_names():
            names.setdefault(fold(name), unit.code)
    columns = {
        "code": r.COL_CODE,
        "name": r.COL_NAME,
        "short_name": r.COL_SHORT,
        "kind": r.COL_KIND,
        "parent": r.COL_PARENT,
        "email": r.COL_EMAIL,
        "aliases": r.COL_ALIASES,
        "is_active": r.COL_ACTIVE,
    }
    parsed: list[dict] = []
    seen_code: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    for values in rows:
        number = values.get("_row", 0)
        errors: list = []
        error = row_error_collector(errors, number)
        name = values.get(r.COL_NAME, "").strip()
        # Without a code, a unit of the register with the same name is updated; otherwise a code is made.
        code = values.get(r.COL_CODE, "").strip() or by_name.get(fold(name)) or slugify(fold(name))[:64]
        if not name:
            error(r.COL_NAME, _("Thiếu tên đơn vị."))
        elif fold(name) in seen_name:
            error(r.COL_NAME, _("Trùng tên đơn vị với dòng %(row)s.") % {"row": seen_name[fold(name)]})
        else:
            seen_name[fold(name)] = number
        if code in seen_code:
            error(
                r.COL_CODE,
                _("Trùng mã “%(code)s” với dòng %(row)s.") % {"code": code, "row": seen_code[code]},
            )
        elif code:
            seen_code[code] = number
        kind_text = values.get(r.COL_KIND, "").strip()
        kind = _unit_kind_of(kind_text) if kind_text else (by_code[code].kind if code in by_code else None)
        if kind_text and kind is None:
            error(
                r.COL_KIND,
                _("Không có loại đơn vị “%(kind)s”. Các loại: %(all)s.")
                % {"kind": kind_text, "all": "; ".join(str(label) for _v, label in UnitKind.choices)},
            )
        email = values.get(r.COL_EMAIL, "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error(r.COL_EMAIL, _("E-mail “%(email)s” không hợp lệ.") % {"email": email})
        active_text = fold(values.get(r.COL_ACTIVE, ""))
        is_active = True
        if active_text in _NO:
            is_active = False
        elif active_text and active_text not in _YES:
            error(r.COL_ACTIVE, _("Cột “Đang hoạt động” ghi “có” hoặc “không”."))
        aliases = [a.strip() for a in values.get(r.COL_ALIASES, "").split(r.ALIAS_SEPARATOR) if a.strip()]
        short_name = values.get(r.COL_SHORT, "").strip()
        for other in (name, short_name, *aliases):
            if other:
                names.setdefault(fold(other), code)
        parsed.append(
            {
                "row": number,
                "values": values,
                "errors": errors,
                "code": code,
                "fields": {
                    "name": name,
                    "short_name": short_name,
                    "kind": kind or UnitKind.DEPARTMENT,
                    "email": email,
                    "aliases": aliases,
                    "is_active": is_active,
                },
            }
        )
    file_codes = {item["code"] for item in parsed}
    with transaction.atomic():
        # Pass 1: every unit without its parent (a parent may come later in the file).
        for item in parsed:
            number, values, errors = item["row"], item["values"], item["errors"]
            error = row_error_collector(errors, number)
            parent_text = values.get(r.COL_PARENT, "").strip()
            item["parent"] = None
            if parent_text:
                parent_code = parent_text if parent_text in by_code or parent_text in file_codes else None
                parent_code = parent_code or names.get(fold(parent_text))
                if parent_code is None:
                    message = _("Không có đơn vị cấp trên “%(unit)s”.") % {"unit": parent_text}
                    hints = difflib.get_close_matches(fold(parent_text), list(names), n=9, cutoff=0.5)
                    suggestions: list[str] = []
                    for key in hints:
                        unit = by_code.get(names[key])
                        label = unit.name if unit else key
                        if label not in suggestions:
                            suggestions.append(label)
                    if suggestions:
                        message += " " + _("Có phải: %(names)s?") % {"names": "; ".join(suggestions[:3])}
                    error(r.COL_PARENT, message)
                elif parent_code == item["code"]:
                    error(r.COL_PARENT, _("Một đơn vị không thể là đơn vị cấp trên của chính nó."))
                else:
                    item["parent"] = parent_code
            row_report = {"row": number, "cells": [values.get(c, "") for c in r.UNIT_COLUMNS], "action": ""}
            item["report"] = row_report
            if not errors:
                existing = by_code.get(item["code"])
                unit = existing or Unit(code=item["code"])
                item["existed"] = existing is not None and existing.pk is not None
                for key, value in item["fields"].items():
                    setattr(unit, key, value)
                if item["parent"] is None:
                    unit.parent = None
                elif item["parent"] in file_codes:
                    unit.parent = None  # set in pass 2, once every unit of the file is saved
                else:
                    unit.parent = by_code[item["parent"]]
                try:
                    with transaction.atomic():
                        unit_save(unit=unit)
                except ValidationError as exc:
                    for key, messages in exc.message_dict.items():
                        for message in messages:
                            error(columns.get(key, r.COL_NAME), message)
                else:
                    by_code[unit.code] = unit
                    item["unit"] = unit
            report.errors.extend(errors)
            report.rows.append(row_report)
        # Pass 2: parents named in the file, now that every unit of the file is saved.
        for item in parsed:
            unit = item.get("unit")
            if unit is None:
                continue
            parent = by_code.get(item["parent"]) if item["parent"] else None
            if parent is not None:
                # Walk up from the parent (in memory: the file's units carry their new parents).
                ancestor, cycle, steps = parent, False, 0
                while ancestor is not None and steps < 1000:
                    if ancestor.pk == unit.pk:
                        cycle = True
                        break
                    ancestor = (
                        by_code.get(ancestor.parent.code, ancestor.parent) if ancestor.parent_id else None
                    )
                    steps += 1
                if cycle:
                    report.errors.append(
                        row_error_collector_message(
                            item["row"],
                            r.COL_PARENT,
                            _("Đơn vị cấp trên tạo thành vòng lặp (A thuộc B, B thuộc A)."),
                        )
                    )
                    continue
                if unit.parent_id != parent.pk:
                    unit.parent = parent
                    unit_save(unit=unit)
            item["report"]["action"] = "update" if item["existed"] else "create"
            report.updated += item["existed"]
            report.created += not item["existed"]
        report.errors.sort(key=lambda e: e.row)
        if report.errors or not commit:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report


def row_error_collector_message(row: int, column: str, message):
    from dtsystem.common.imports import RowError

    return RowError(row=row, column=column, message=str(message))
