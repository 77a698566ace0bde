"""Layout geometry in canvas pixels (pure math): where the grid of n cells sits on the canvas."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class GridGeometry:
    """A grid of near-square cells centred on the canvas; GL orientation (origin bottom-left)."""

    cols: int
    rows: int
    cell: float
    origin: tuple[float, float]


def grid_geometry(canvas: tuple[int, int], n: int, margin: float) -> GridGeometry:
    """Choose cols x rows >= n so square cells fill the canvas (minus a margin) as fully as possible."""
    width, height = canvas
    pad = margin * min(width, height)
    avail_w, avail_h = max(1.0, width - 2 * pad), max(1.0, height - 2 * pad)
    n = max(n, 1)
    best = None
    # Try the column counts around the ideal aspect ratio and keep the largest cell.
    ideal = math.sqrt(n * avail_w / avail_h)
    for cols in range(max(1, math.floor(ideal) - 2), math.ceil(ideal) + 3):
        rows = math.ceil(n / cols)
        cell = min(avail_w / cols, avail_h / rows)
        if best is None or cell > best[2]:
            best = (cols, rows, cell)
    cols, rows, cell = best
    origin = ((width - cols * cell) / 2.0, (height - rows * cell) / 2.0)
    return GridGeometry(cols, rows, cell, origin)


SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class HexGeometry:
    """Offset rows of hexagons (odd rows shifted half a cell), in a frame whose x runs along rows.

    Pointy-top hexagons use the canvas frame; flat-top ones the transposed frame (rows become
    columns), so one shader handles both. `size` is the centre-to-vertex radius.
    """

    cols: int
    rows: int
    size: float
    origin: tuple[float, float]   # centre of slot 0 in the layout frame (y counts down from the top)
    flat: bool


def hex_geometry(canvas: tuple[int, int], n: int, margin: float, flat: bool = False) -> HexGeometry:
    """Choose cols x rows >= n hexagons with the largest size that fits the canvas minus a margin."""
    width, height = canvas
    if flat:
        width, height = height, width
    pad = margin * min(width, height)
    avail_w, avail_h = max(1.0, width - 2 * pad), max(1.0, height - 2 * pad)
    n = max(n, 1)
    best = None
    # A pointy hexagon of size s is sqrt(3)*s wide; rows sit 1.5*s apart.
    ideal = math.sqrt(n * avail_w / avail_h * 1.5 / SQRT3)
    for cols in range(max(1, math.floor(ideal) - 3), math.ceil(ideal) + 4):
        rows = math.ceil(n / cols)
        shift = 0.5 if rows > 1 else 0.0
        size = min(avail_w / (SQRT3 * (cols + shift)), avail_h / (1.5 * rows + 0.5))
        if best is None or size > best[2]:
            best = (cols, rows, size)
    cols, rows, size = best
    shift = 0.5 if rows > 1 else 0.0
    used_w, used_h = SQRT3 * size * (cols + shift), size * (1.5 * rows + 0.5)
    origin = ((width - used_w) / 2.0 + SQRT3 * size / 2.0, (height - used_h) / 2.0 + size)
    return HexGeometry(cols, rows, size, origin, flat)
