"""KPI measurement files as a browser uploads them (xlsx, csv), and the rows the import reads from them."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from kpis.resources import MEASUREMENT_COLUMNS, measurement_rows, read_dataset


def xlsx_file(rows, name="so-lieu.xlsx", headers=MEASUREMENT_COLUMNS):
    data = tablib.Dataset(*rows, headers=headers)
    return SimpleUploadedFile(name, data.xlsx)


def csv_file(rows, name="so-lieu.csv"):
    data = tablib.Dataset(*rows, headers=MEASUREMENT_COLUMNS)
    return SimpleUploadedFile(name, ("\ufeff" + data.csv).encode("utf-8"))


def rows_of(upload):
    return measurement_rows(read_dataset(upload))
