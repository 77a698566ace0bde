"""Edge blending for projector walls (numpy, no GL): where two slices overlap, each projector fades
its light across the overlap so that the two add up to the frame's light, and optionally lifts its
black outside the overlap to meet the overlap's doubled black.

Light model: a projector shows display value v (0..1) as light v ** gamma. Across an overlap, at
position u (0 at the slice's outer edge, 1 at the overlap's inner border) the slice keeps a share
w(u) of the light and its neighbour, whose u runs the other way, keeps w(1 - u); the curve

    w(u) = u**p / (u**p + (1 - u)**p)          (p = blend_curve; 1 is linear)

satisfies w(u) + w(1 - u) = 1, so the light adds to the frame's. To put out w * v**gamma the slice
shows v * w**(1 / gamma): the mask below is that factor, per pixel of the slice."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Rect = tuple[int, int, int, int]   # x, y, width, height in canvas pixels, origin top-left


@dataclass(frozen=True)
class Overlap:
    """One side of a slice that another slice covers: which side, and how many pixels deep."""

    side: str        # "left", "right", "top" or "bottom"
    width: int
    neighbour: str


def overlaps(slices: dict[str, Rect], name: str) -> list[Overlap]:
    """The bands along slice `name`'s edges that another slice also covers. A band runs the slice's
    full height (a left or right overlap) or full width (top or bottom); slices that only touch a
    corner (diagonal neighbours in a grid) need nothing: the side ramps' products already add up."""
    x, y, w, h = slices[name]
    found = []
    for other, (ox, oy, ow, oh) in slices.items():
        ix0, iy0, ix1, iy1 = max(x, ox), max(y, oy), min(x + w, ox + ow), min(y + h, oy + oh)
        if other == name or ix1 <= ix0 or iy1 <= iy0:
            continue
        if (iy0, iy1) == (y, y + h) and (ix0 == x) != (ix1 == x + w):
            found.append(Overlap("left" if ix0 == x else "right", ix1 - ix0, other))
        elif (ix0, ix1) == (x, x + w) and (iy0 == y) != (iy1 == y + h):
            found.append(Overlap("top" if iy0 == y else "bottom", iy1 - iy0, other))
    return found


def ramp(u: np.ndarray, curve: float) -> np.ndarray:
    """The share of light a slice keeps at u across an overlap (see the module docstring)."""
    u = np.clip(u, 0.0, 1.0)
    a, b = u ** curve, (1.0 - u) ** curve
    return a / np.maximum(a + b, 1e-12)


def blend_mask(size: tuple[int, int], edges: list[Overlap], gamma: float = 2.2, curve: float = 2.0) -> np.ndarray:
    """(height, width) float32 factor for the slice's display values: w ** (1 / gamma), the product
    over its overlaps (a corner covered twice fades in both directions). Rows run top to bottom."""
    width, height = size
    cols = (np.arange(width) + 0.5)
    rows = (np.arange(height) + 0.5)
    light = np.ones((height, width), np.float64)
    for edge in edges:
        depth = float(edge.width)
        if edge.side == "left":
            light *= ramp(cols / depth, curve)[None, :]
        elif edge.side == "right":
            light *= ramp((width - cols) / depth, curve)[None, :]
        elif edge.side == "top":
            light *= ramp(rows / depth, curve)[:, None]
        else:
            light *= ramp((height - rows) / depth, curve)[:, None]
    return (light ** (1.0 / gamma)).astype(np.float32)


def black_lift(size: tuple[int, int], edges: list[Overlap], black: float, soften: int = 8) -> np.ndarray:
    """(height, width) float32 light to add outside the overlaps, so that a projector whose black
    is `black` (a share of its full light) matches the overlap's doubled black: `black` away from
    every overlap, 0 inside one, eased over `soften` pixels. Off (all 0) when black is 0."""
    width, height = size
    if black <= 0.0 or not edges:
        return np.zeros((height, width), np.float32)
    cols, rows = np.arange(width) + 0.5, np.arange(height) + 0.5
    outside = np.ones((height, width), np.float64)
    for edge in edges:
        if edge.side == "left":
            outside *= np.clip((cols - edge.width) / soften, 0.0, 1.0)[None, :]
        elif edge.side == "right":
            outside *= np.clip((width - edge.width - cols) / soften, 0.0, 1.0)[None, :]
        elif edge.side == "top":
            outside *= np.clip((rows - edge.width) / soften, 0.0, 1.0)[:, None]
        else:
            outside *= np.clip((height - edge.width - rows) / soften, 0.0, 1.0)[:, None]
    return (black * outside).astype(np.float32)
