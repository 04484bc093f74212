"""The notice-text engine: from the text of a conclusion notice (or a plan's sections) to the header
facts and the proposed tasks, ready for review. Pure Python over text: it imports neither Django nor
anything of the project (an import-linter contract holds this); the units a notice may name come in
as data (KnownUnit), built by the caller. See docs/extraction.md."""

from .core import extract_notice
from .deadlines import Deadline, DeadlineKind, Recurrence, parse_deadline
from .files import NoticeFileError, read_notice_file, validate_notice_text
from .model import Extraction, KnownUnit, ProposedTask, SourceSpan, UnitRef

__all__ = [
    "Deadline",
    "DeadlineKind",
    "Extraction",
    "KnownUnit",
    "NoticeFileError",
    "ProposedTask",
    "Recurrence",
    "SourceSpan",
    "UnitRef",
    "extract_notice",
    "parse_deadline",
    "read_notice_file",
    "validate_notice_text",
]
