"""The notice-text assistant: from the text of a conclusion notice (or a plan's sections) to the
header facts and the proposed tasks, ready for review. Pure functions over text; the only database
read is the default unit list. See docs/extraction.md."""

from .core import extract_notice, load_active_units
from .files import read_notice_file, validate_notice_text
from .model import Extraction, ProposedTask, SourceSpan, UnitRef

__all__ = [
    "Extraction",
    "ProposedTask",
    "SourceSpan",
    "UnitRef",
    "extract_notice",
    "load_active_units",
    "read_notice_file",
    "validate_notice_text",
]
