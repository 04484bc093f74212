"""Shared machinery of the Excel/CSV imports: reading a file into rows of text, the report of an import
(every row, every error with its row number and column), and the one import loop (`rows_import`) that
every kind of file runs through its row specification (`RowSpec`: columns, cleaning, matching, saving).
Imports save nothing unless the whole file is valid. Matching units by name lives with the units
(dtsystem.units.matching)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dtsystem.common.exceptions import DomainError

FORMATS = ("xlsx", "csv")


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did or would do: the rows read (with their action), and every error found."""

    rows: list[dict] = field(default_factory=list)  # {"row", "cells": [text], "action": create/update/""}
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def read_dataset(upload) -> tablib.Dataset:
    """A tablib Dataset from an uploaded .xlsx or .csv file (first sheet, first row = headers)."""
    name = (getattr(upload, "name", "") or "").lower()
    raw = upload.read()
    try:
        if name.endswith(".xlsx"):
            return tablib.Dataset().load(raw, format="xlsx")
        if name.endswith(".csv"):
            return tablib.Dataset().load(raw.decode("utf-8-sig"), format="csv")
    except Exception as exc:  # tablib/openpyxl raise many kinds of errors for a broken file
        raise ValidationError(_("Không đọc được tệp: %(error)s") % {"error": exc}) from exc
    raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))


def cell_text(value) -> str:
    """A cell as text; a number cell becomes Vietnamese text without grouping (1.917 → "1,917")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral_value():
            return str(int(number))
        return str(number.normalize()).replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def dataset_rows(dataset: tablib.Dataset, *, required: list[str], columns: list[str]) -> list[dict]:
    """The file's rows as {column: text}, with the spreadsheet's row number under "_row"."""
    headers = [cell_text(h) for h in (dataset.headers or [])]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError(
            _("Tệp thiếu cột: %(columns)s. Các cột cần có: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(columns)}
        )
    rows = []
    for index, raw in enumerate(dataset, start=2):
        values = {h: cell_text(v) for h, v in zip(headers, raw, strict=False) if h}
        if not any(values.values()):
            continue
        values["_row"] = index
        rows.append(values)
    return rows


# ---------------------------------------------------------------------------------- one import, any rows


@dataclass
class ImportRow:
    """One row of a file on its way in: its cells, what the spec made of them, and its errors."""

    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, str]  # {column: text}
    errors: list[RowError] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # what the spec's clean() made of the cells
    existing: object | None = None  # what the row updates; None: the row adds a new object
    action: str = ""  # "create" or "update" once the row is valid; "" while it has an error

    def cell(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def error(self, column: str, message) -> None:
        self.errors.append(RowError(row=self.number, column=column, message=str(message)))

    def parse(self, column: str, parse: Callable[[str], Any]) -> Any:
        """`parse` of the cell `column`; its ValidationError is an error of the row under `column` (None)."""
        try:
            return parse(self.values.get(column, ""))
        except ValidationError as exc:
            self.error(column, exc.messages[0])
            return None


@dataclass
class RowKey:
    """A key that no two rows of a file may share: `message` (with %(row)s, the first row that has it,
    and `params`) goes under `column` of every later row with the same key. A value of None: no key."""

    column: str
    value: Hashable | None
    message: str
    params: dict = field(default_factory=dict)


class RowSpec:
    """What one kind of import file holds and how a row of it is read, matched, checked and saved;
    `rows_import` runs it. The steps, in order:

    - `authorize(user)`: the permission (through dtsystem.policy, which this layer cannot import), checked
      by the import page before anything else and again by rows_import;
    - `prepare(rows)`: load once everything the rows are matched against (no query per row);
    - `clean(row)`: each row alone: cells to values in `row.fields`, `row.existing`, `row.error(...)`;
    - `keys(row)`: keys that rows of the file may not share (rows_import finds the duplicates);
    - `link(rows)`: checks across rows (a parent named further down the file);
    - `validate(row)`: each row still without an error, without a query: raise ValidationError;
    - `save_rows(rows)`: only when the import is committed and every row is valid.

    ValidationError (and DomainError) of `validate` and `save_row` name model or service fields;
    `field_columns` puts each under its column of the file (others under `default_column`)."""

    columns: list[str]  # every column of the file, in order (the preview shows them)
    required: list[str]  # the columns a file must have
    field_columns: dict[str, str] = {}
    default_column: str
    user = None  # the user who imports (set by rows_import)

    @classmethod
    def from_options(cls, **options) -> RowSpec:
        """The spec for the options an import page took from its form (JSON-able: ids)."""
        return cls(**options)

    @classmethod
    def read(cls, dataset: tablib.Dataset) -> list[dict]:
        """The file's rows as {column: text} (dataset_rows), or ValidationError for a missing column."""
        return dataset_rows(dataset, required=cls.required, columns=cls.columns)

    @classmethod
    def authorize(cls, user) -> None:
        raise NotImplementedError

    def prepare(self, rows: list[ImportRow]) -> None:
        pass

    def clean(self, row: ImportRow) -> None:
        raise NotImplementedError

    def keys(self, row: ImportRow) -> list[RowKey]:
        return []

    def link(self, rows: list[ImportRow]) -> None:
        pass

    def validate(self, row: ImportRow) -> None:
        pass

    def save_rows(self, rows: list[ImportRow]) -> None:
        """Write the rows, each in its own savepoint; a spec may write a whole batch at once instead."""
        for row in rows:
            with self.row_errors(row), transaction.atomic():
                self.save_row(row)

    def save_row(self, row: ImportRow) -> None:
        raise NotImplementedError

    def column_of(self, name: str | None) -> str:
        """The column an error of model or service field `name` (None: of no field) is shown under."""
        return self.field_columns.get(name, self.default_column)

    @contextmanager
    def row_errors(self, row: ImportRow):
        """A ValidationError or DomainError raised inside becomes errors of `row`, by column."""
        try:
            yield
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        row.error(self.column_of(name), message)
            else:
                for message in exc.messages:
                    row.error(self.column_of(None), message)
        except DomainError as exc:
            row.error(self.column_of(None), exc.message)
        if row.errors:
            row.action = ""


def resource_columns(resource) -> dict[str, str]:
    """{field: column} of an import-export Resource: an import shows the error of a model field under the
    column that the export writes the field in (the export and the import share their columns)."""
    return {name: f.column_name for name, f in resource.fields.items()}


def validate_instance(instance) -> None:
    """A model instance's field values and clean(), without a query: its relations, uniqueness and
    constraints are checked by the database when it is saved."""
    relations = [f.name for f in instance._meta.fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def rows_import(*, spec: RowSpec, user, rows: list[dict], commit: bool) -> ImportReport:
    """Check every row of a file (`rows`: dataset_rows) with `spec`, and save them only if `commit` and
    no row has an error: a file with one bad row saves nothing (one transaction, rolled back). A preview
    (commit=False) writes nothing and runs the same number of queries whatever the number of rows."""
    spec.authorize(user)
    spec.user = user
    items = [ImportRow(number=values.get("_row", 0), values=values) for values in rows]
    with transaction.atomic():
        spec.prepare(items)
        for row in items:
            spec.clean(row)
        _find_duplicates(spec, items)
        spec.link(items)
        for row in items:
            if not row.errors:
                row.action = "create" if row.existing is None else "update"
                with spec.row_errors(row):
                    spec.validate(row)
        if commit and not any(row.errors for row in items):
            spec.save_rows(items)
        report = ImportReport(
            rows=[
                {
                    "row": row.number,
                    "cells": [row.values.get(c, "") for c in spec.columns],
                    "action": row.action,
                    # (label, before, after) of each field the row changes, when the spec says (updates)
                    "changes": row.fields.get("changes", []) if isinstance(row.fields, dict) else [],
                }
                for row in items
            ],
            errors=sorted((e for row in items for e in row.errors), key=lambda e: e.row),
            created=sum(row.action == "create" for row in items),
            updated=sum(row.action == "update" for row in items),
        )
        if report.errors or not commit:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report


def _find_duplicates(spec: RowSpec, rows: list[ImportRow]) -> None:
    first: dict[tuple, int] = {}
    for row in rows:
        for key in spec.keys(row):
            if key.value is None:
                continue
            number = first.setdefault((key.column, key.value), row.number)
            if number != row.number:
                row.error(key.column, key.message % {"row": number, **key.params})
