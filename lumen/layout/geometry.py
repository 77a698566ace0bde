"""Layout geometry in canvas pixels (pure math): where the grid of n cells sits on the canvas, and the
rectangle a run of its slots covers (what an append redraws)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


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


Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in canvas pixels, GL orientation


def grid_slots_box(g: GridGeometry, first: int, stop: int) -> Box:
    """The canvas rectangle that holds the grid cells of slots first..stop-1 (rows run top down)."""
    top, bottom = first // g.cols, (stop - 1) // g.cols
    c0, c1 = (first % g.cols, (stop - 1) % g.cols) if top == bottom else (0, g.cols - 1)
    x, y = g.origin
    return (x + c0 * g.cell, y + (g.rows - 1 - bottom) * g.cell, x + (c1 + 1) * g.cell, y + (g.rows - top) * g.cell)


def grid_centres(g: GridGeometry, slots: np.ndarray) -> np.ndarray:
    """(n, 2) canvas centres (GL orientation) of grid slots; slot 0 is the top-left cell."""
    row, col = slots // g.cols, slots % g.cols
    return np.stack([g.origin[0] + (col + 0.5) * g.cell, g.origin[1] + (g.rows - row - 0.5) * g.cell], 1)


def hex_centres(g: HexGeometry, canvas: tuple[int, int], slots: np.ndarray) -> np.ndarray:
    """(n, 2) canvas centres (GL orientation) of hex slots (see hex.frag's frames)."""
    row, col = slots // g.cols, slots % g.cols
    x = g.origin[0] + SQRT3 * g.size * (col + 0.5 * (row & 1))
    y = g.origin[1] + 1.5 * g.size * row   # counts down from the top (pointy) or in from the left (flat)
    if g.flat:  # the layout frame is the canvas transposed: x runs down from the top, y to the right
        return np.stack([y, canvas[1] - x], 1)
    return np.stack([x, canvas[1] - y], 1)


def hex_slots_box(g: HexGeometry, canvas: tuple[int, int], first: int, stop: int) -> Box:
    """The canvas rectangle that holds the hexagons of slots first..stop-1."""
    centres = hex_centres(g, canvas, np.arange(first, stop))
    (x0, y0), (x1, y1) = centres.min(axis=0), centres.max(axis=0)
    return (x0 - g.size, y0 - g.size, x1 + g.size, y1 + g.size)
