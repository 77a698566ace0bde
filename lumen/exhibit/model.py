"""The validated exhibit: plain values with every default filled in and paths made absolute."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PassSpec:
    """One render-graph node as declared: name, kind, inputs, scale, format and params."""

    name: str
    kind: str
    inputs: tuple[str, ...]
    scale: float
    format: str
    params: dict[str, float]


@dataclass
class Exhibit:
    """An exhibit after loading and validation; sections are dicts of checked values."""

    path: Path
    sections: dict[str, dict[str, Any]]
    passes: dict[str, PassSpec] = field(default_factory=dict)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.sections[section]

    @property
    def title(self) -> str:
        return self.sections["exhibit"]["title"]

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.sections["display"]["size"])

    @property
    def data_path(self) -> Path:
        return self.sections["data"]["path"]
