"""Files as users upload them: a spreadsheet built from rows keyed by column title."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def spreadsheet(columns: list[str], rows: list[dict], name: str = "du-lieu.xlsx") -> SimpleUploadedFile:
    """An .xlsx file with `columns` as its header row; each row gives the cells it fills by column title."""
    unknown = {title for row in rows for title in row} - set(columns)
    assert not unknown, f"not columns of this file: {unknown}"
    data = tablib.Dataset(*[[row.get(title, "") for title in columns] for row in rows], headers=columns)
    return SimpleUploadedFile(name, data.xlsx)


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
