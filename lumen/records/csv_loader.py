"""CSV loader for schema 1 (placeholder replaced in milestone 2)."""

from __future__ import annotations

from pathlib import Path

from lumen.errors import UserError


def load_csv(path: Path, file: int, notes: list[str]):
    """Load a schema-1 CSV file into a Chunk."""
    raise UserError(f"{path}: CSV loading is not available yet")
