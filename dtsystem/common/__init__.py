"""Shared machinery of every layer: no models, no app imports (ground of the import contract)."""
