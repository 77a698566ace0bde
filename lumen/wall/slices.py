"""A wall's slices on a canvas of any size (numpy, no GL): where one projector's part lies, which
neighbours overlap it, and its blend mask laid out as the GPU reads it (bottom row first)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lumen.errors import UserError
from lumen.exhibit.values import suggest
from lumen.wall.blend import Overlap, Rect, black_lift, blend_mask, overlaps


def scaled_slices(exhibit, canvas: tuple[int, int]) -> dict[str, Rect]:
    """The exhibit's slices on `canvas` (its own size, or one that scales every slice edge to a whole
    pixel); a size that would cut pixels is a user error that lists sizes which work."""
    width, height = exhibit.size
    slices = exhibit.slices
    if tuple(canvas) == (width, height):
        return dict(slices)
    out = {}
    for name, rect in slices.items():
        scaled = (rect[0] * canvas[0] / width, rect[1] * canvas[1] / height,
                  rect[2] * canvas[0] / width, rect[3] * canvas[1] / height)
        if any(abs(v - round(v)) > 1e-9 for v in scaled):
            grain = math.gcd(*[v for r in slices.values() for v in r], width, height)
            sizes = ", ".join(f"{width // d}x{height // d}" for d in range(1, grain + 1) if grain % d == 0)
            raise UserError(f"{exhibit.path}: --size {canvas[0]}x{canvas[1]}: slice {name!r} "
                            f"{list(rect)} of the {width}x{height} canvas would not land on whole pixels; "
                            f"expected a size that keeps every slice edge whole: {sizes}")
        out[name] = tuple(int(round(v)) for v in scaled)
    return out


@dataclass(frozen=True)
class SliceSetup:
    """One projector's slice: its rectangle on the canvas (image pixels, origin top-left), the overlaps
    its neighbours make, and its blend settings."""

    name: str
    rect: Rect
    overlaps: tuple[Overlap, ...]
    gamma: float = 2.2
    curve: float = 2.0
    black: float = 0.0
    soften: int = 8

    @property
    def size(self) -> tuple[int, int]:
        return self.rect[2], self.rect[3]

    def mask(self) -> np.ndarray:
        """(height, width, 2) float32, bottom row first: the display-value factor w ** (1 / gamma) and
        the black lift, as a display value, that the blend pass applies (value * factor + lift)."""
        factor = blend_mask(self.size, list(self.overlaps), self.gamma, self.curve)
        lift = black_lift(self.size, list(self.overlaps), self.black, self.soften) ** (1.0 / self.gamma)
        return np.ascontiguousarray(np.stack([factor, lift], -1)[::-1], dtype=np.float32)

    def blend_rects(self) -> list[Rect]:
        """The parts of the slice the blend pass must touch, in GL pixels (origin bottom-left): the
        overlap bands, or the whole slice when the black is lifted (it lifts everything else)."""
        width, height = self.size
        if self.black > 0.0:
            return [(0, 0, width, height)] if self.overlaps else []
        bands = {"left": lambda d: (0, 0, d, height), "right": lambda d: (width - d, 0, d, height),
                 "bottom": lambda d: (0, 0, width, d), "top": lambda d: (0, height - d, width, d)}
        return [bands[edge.side](edge.width) for edge in self.overlaps]


def slice_setup(exhibit, name: str, canvas: tuple[int, int] | None = None) -> SliceSetup:
    """The named slice of the exhibit on `canvas` (default: the exhibit's size), or a user error
    naming the slices there are."""
    slices = exhibit.slices
    if name not in slices:
        choices = ", ".join(slices) or "none: the exhibit has no [[display.slices]]"
        raise UserError(f"{exhibit.path}: --slice {name!r}: no such slice{suggest(name, slices)}; "
                        f"expected one of {choices}")
    rects = scaled_slices(exhibit, canvas or exhibit.size)
    declared = next(s for s in exhibit["display"]["slices"] if s["name"] == name)
    black = exhibit["black_level"]
    scale = (canvas or exhibit.size)[0] / exhibit.size[0]
    return SliceSetup(name, rects[name], tuple(overlaps(rects, name)), float(declared["gamma"]),
                      float(declared["blend_curve"]), float(black["level"]),
                      max(1, round(black["soften"] * scale)))
