"""Excel (xlsx) and CSV for units: Vietnamese column headers; the export writes what the unit list shows
(UnitFilterSet) in the columns of the import, so an export imports again unchanged. The import is a row
specification (UnitImport) that dtsystem.common.imports.rows_import runs: every row is checked, and
nothing is saved unless the whole file is valid."""

from __future__ import annotations

import difflib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem import policy
from dtsystem.common.imports import ImportRow, RowKey, RowSpec, resource_columns, validate_instance
from dtsystem.common.text import fold

from . import services
from .choices import UnitKind
from .models import Unit

COL_CODE = "Mã"
COL_NAME = "Tên đơn vị"
COL_SHORT = "Tên viết tắt"
COL_KIND = "Loại"
COL_PARENT = "Đơn vị cấp trên"
COL_EMAIL = "E-mail"
COL_ALIASES = "Tên gọi khác"
COL_ACTIVE = "Đang hoạt động"
UNIT_COLUMNS = [COL_CODE, COL_NAME, COL_SHORT, COL_KIND, COL_PARENT, COL_EMAIL, COL_ALIASES, COL_ACTIVE]
UNIT_REQUIRED_COLUMNS = [COL_NAME]
ALIAS_SEPARATOR = ";"


_YES = {"co", "x", "1", "true", "yes", "dang hoat dong", "hoat dong"}
_NO = {"khong", "0", "false", "no", "ngung", "ngung hoat dong", "khong hoat dong"}
UNIT_FIELDS = ("name", "short_name", "kind", "email", "aliases", "is_active")


def unit_rows(dataset) -> list[dict]:
    return UnitImport.read(dataset)


class UnitResource(resources.ModelResource):
    """Units as the unit list shows them, in the columns of the import file."""

    code = fields.Field(attribute="code", column_name=COL_CODE)
    name = fields.Field(attribute="name", column_name=COL_NAME)
    short_name = fields.Field(attribute="short_name", column_name=COL_SHORT)
    kind = fields.Field(column_name=COL_KIND)
    parent = fields.Field(column_name=COL_PARENT)
    email = fields.Field(attribute="email", column_name=COL_EMAIL)
    aliases = fields.Field(column_name=COL_ALIASES)
    is_active = fields.Field(column_name=COL_ACTIVE)

    class Meta:
        model = Unit
        fields = ("code", "name", "short_name", "kind", "parent", "email", "aliases", "is_active")

    def dehydrate_kind(self, obj):
        return str(obj.get_kind_display())

    def dehydrate_parent(self, obj):
        return obj.parent.name if obj.parent_id else ""  # the full name is unique: it imports again

    def dehydrate_aliases(self, obj):
        return f"{ALIAS_SEPARATOR} ".join(obj.aliases or [])

    def dehydrate_is_active(self, obj):
        return "có" if obj.is_active else "không"


# --------------------------------------------------------------------------------------------- import


def _unit_kind_of(text: str) -> str | None:
    folded = fold(text)
    for value, label in UnitKind.choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return None


class UnitImport(RowSpec):
    """Units (office staff): a unit with the same code is updated, any other is added; a row without a
    code updates the unit of the register with the same name. The parent is named by code, name, short
    name or alias of a unit in the register or in the file (further down too); units are saved through
    unit_save, parents first."""

    columns = UNIT_COLUMNS
    required = UNIT_REQUIRED_COLUMNS
    field_columns = resource_columns(UnitResource)
    default_column = COL_NAME

    @classmethod
    def authorize(cls, user) -> None:
        policy.require(user, policy.IMPORT_DATA)

    def prepare(self, rows: list[ImportRow]) -> None:
        self.by_code = {u.code: u for u in Unit.objects.all()}
        self.by_name = {fold(u.name): u.code for u in self.by_code.values()}
        self.name_holder = {u.name: u.code for u in self.by_code.values()}
        code_of = {u.pk: u.code for u in self.by_code.values()}
        self.parents = {u.code: code_of.get(u.parent_id) for u in self.by_code.values()}
        self.names: dict[str, str] = {}  # folded name/short name/alias → code (register, then the file)
        for unit in self.by_code.values():
            for name in unit.all_names():
                self.names.setdefault(fold(name), unit.code)

    def clean(self, row: ImportRow) -> None:
        name = row.cell(COL_NAME)
        # Without a code, a unit of the register with the same name is updated; otherwise a code is made.
        code = row.cell(COL_CODE) or self.by_name.get(fold(name)) or slugify(fold(name))[:64]
        if not name:
            row.error(COL_NAME, _("Thiếu tên đơn vị."))
        kind_text = row.cell(COL_KIND)
        kind = _unit_kind_of(kind_text) if kind_text else getattr(self.by_code.get(code), "kind", None)
        if kind_text and kind is None:
            row.error(
                COL_KIND,
                _("Không có loại đơn vị “%(kind)s”. Các loại: %(all)s.")
                % {"kind": kind_text, "all": "; ".join(str(label) for _v, label in UnitKind.choices)},
            )
        email = row.cell(COL_EMAIL)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error(COL_EMAIL, _("E-mail “%(email)s” không hợp lệ.") % {"email": email})
        active_text = fold(row.cell(COL_ACTIVE))
        if active_text and active_text not in _YES | _NO:
            row.error(COL_ACTIVE, _("Cột “Đang hoạt động” ghi “có” hoặc “không”."))
        aliases = [a.strip() for a in row.cell(COL_ALIASES).split(ALIAS_SEPARATOR) if a.strip()]
        short_name = row.cell(COL_SHORT)
        for other in (name, short_name, *aliases):
            if other:
                self.names.setdefault(fold(other), code)
        row.existing = self.by_code.get(code)
        row.fields = {
            "code": code,
            "name": name,
            "short_name": short_name,
            "kind": kind or UnitKind.DEPARTMENT,
            "email": email,
            "aliases": aliases,
            "is_active": active_text not in _NO,
            "parent": None,  # a code, once link() has found it
        }

    def keys(self, row: ImportRow) -> list[RowKey]:
        code = row.fields["code"]
        return [
            RowKey(COL_NAME, fold(row.fields["name"]) or None, _("Trùng tên đơn vị với dòng %(row)s.")),
            RowKey(COL_CODE, code or None, _("Trùng mã “%(code)s” với dòng %(row)s."), {"code": code}),
        ]

    def link(self, rows: list[ImportRow]) -> None:
        """Parents by code or any name of the register or the file, then no cycle (A in B, B in A)."""
        file_codes = {row.fields["code"] for row in rows}
        self.file_names = {row.fields["code"]: row.fields["name"] for row in rows}
        for row in rows:
            text = row.cell(COL_PARENT)
            if not text:
                continue
            code = text if text in self.by_code or text in file_codes else self.names.get(fold(text))
            if code is None:
                row.error(COL_PARENT, self._unknown_parent(text))
            elif code == row.fields["code"]:
                row.error(COL_PARENT, _("Một đơn vị không thể là đơn vị cấp trên của chính nó."))
            else:
                row.fields["parent"] = code
        valid = [row for row in rows if not row.errors]
        parents = dict(self.parents)  # code → parent code, the register's, then the file's row by row
        for row in valid:
            parent = row.fields["parent"]
            parents[row.fields["code"]] = None if parent in file_codes else parent
        for row in valid:
            code, ancestor, steps = row.fields["code"], row.fields["parent"], 0
            while ancestor is not None and ancestor != code and steps < 1000:
                ancestor, steps = parents.get(ancestor), steps + 1
            if ancestor is not None and ancestor == code:
                row.error(COL_PARENT, _("Đơn vị cấp trên tạo thành vòng lặp (A thuộc B, B thuộc A)."))
            else:
                parents[code] = row.fields["parent"]

    def _unknown_parent(self, text: str) -> str:
        message = _("Không có đơn vị cấp trên “%(unit)s”.") % {"unit": text}
        suggestions: list[str] = []
        for key in difflib.get_close_matches(fold(text), list(self.names), n=9, cutoff=0.5):
            unit = self.by_code.get(self.names[key])
            label = unit.name if unit else key
            if label not in suggestions:
                suggestions.append(label)
        if suggestions:
            message += " " + _("Có phải: %(names)s?") % {"names": "; ".join(suggestions[:3])}
        return message

    def _unit(self, row: ImportRow) -> Unit:
        unit = row.existing or Unit(code=row.fields["code"])
        for key in UNIT_FIELDS:
            setattr(unit, key, row.fields[key])
        return unit

    def validate(self, row: ImportRow) -> None:
        validate_instance(self._unit(row))
        name, code = row.fields["name"], row.fields["code"]
        holder = self.name_holder.get(name)
        if holder not in (None, code) and self.file_names.get(holder, name) == name:
            raise ValidationError({"name": Unit().unique_error_message(Unit, ("name",))})

    def save_rows(self, rows: list[ImportRow]) -> None:
        """Parents before their children, so that every unit is saved once, with its parent."""
        parent_in_file = {row.fields["code"]: row.fields["parent"] for row in rows}

        def depth(code: str) -> int:
            steps = 0
            while parent_in_file.get(code) in parent_in_file and steps < len(rows):
                code, steps = parent_in_file[code], steps + 1
            return steps

        super().save_rows(sorted(rows, key=lambda row: depth(row.fields["code"])))

    def save_row(self, row: ImportRow) -> None:
        unit = self._unit(row)
        unit.parent = self.by_code[row.fields["parent"]] if row.fields["parent"] else None
        self.by_code[unit.code] = services.unit_save(unit=unit)
