"""The validated exhibit: plain values with every default filled in and paths made absolute."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lumen.exhibit.layers import Origins
    from lumen.exhibit.scenes import SceneSpec


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
    scenes: list[SceneSpec] = field(default_factory=list)
    origins: Origins | None = None  # which file declared each key path (after `extends`)
    order: list[PassSpec] = field(default_factory=list)  # the passes `render.output` needs, in run order
    captions: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> scene -> template

    def caption_templates(self) -> dict[str, str]:
        """Scene name -> caption template in the exhibit's `[story] language` (none: no captions)."""
        return self.captions.get(self.sections["story"]["language"], {})

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.sections[section]

    def origin(self, *keys: str) -> Path:
        """The file that declared a key path (after `extends`), e.g. origin("passes", "state")."""
        return self.origins(*keys) if self.origins is not None else self.path

    @property
    def title(self) -> str:
        return self.sections["exhibit"]["title"]

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.sections["display"]["size"])

    @property
    def data_path(self) -> Path:
        return self.sections["data"]["path"]

    @property
    def slices(self) -> dict[str, tuple[int, int, int, int]]:
        """Named canvas parts, [x, y, w, h] in image pixels (origin top-left), in declared order."""
        return {s["name"]: tuple(s["region"]) for s in self.sections["display"]["slices"]}
