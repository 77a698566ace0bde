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
