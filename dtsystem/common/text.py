"""Text helpers for Vietnamese (fold, fold_terms). The implementation lives in the pure extraction
engine (extraction/normalize.py), which must not import the project; the project imports it here."""

from extraction.normalize import fold, fold_terms

__all__ = ["fold", "fold_terms"]
