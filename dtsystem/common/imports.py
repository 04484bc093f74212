"""Shared machinery of the Excel/CSV imports: reading a file into rows of text and the report of an
import (every row, every error with its row number and column). Imports save nothing unless the whole
file is valid. Matching units by name lives with the units (dtsystem.units.matching)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def row_error_collector(errors: list, number: int):
    def error(column: str, message) -> None:
        errors.append(RowError(row=number, column=column, message=str(message)))

    return error


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
