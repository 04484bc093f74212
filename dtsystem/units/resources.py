"""Excel (xlsx) and CSV for units: Vietnamese column headers; the export writes what the unit list shows
(UnitFilterSet) in the columns of the import, so an export imports again unchanged. Imports read a file
into rows of text (dtsystem.common.imports) and `dtsystem.units.services.units_import` checks every row and saves
nothing unless the whole file is valid."""

from __future__ import annotations

from import_export import fields, resources

from dtsystem.common.imports import dataset_rows

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


def unit_rows(dataset) -> list[dict]:
    return dataset_rows(dataset, required=UNIT_REQUIRED_COLUMNS, columns=UNIT_COLUMNS)


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
