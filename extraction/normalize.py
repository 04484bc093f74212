"""Text helpers for Vietnamese: folding diacritics so that "chuyen doi so" finds "chuyển đổi số".

The canonical implementation: the engine needs it, and the engine imports nothing of the project;
`dtsystem.common.text` re-exports it for the rest of the project."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def fold_terms(query: str | None) -> list[str]:
    """The folded words of a search query."""
    return [t for t in fold(query).split(" ") if t]
