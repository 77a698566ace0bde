"""Where flashes are counted: the area threshold for the room and the grid of cells that measures it.

WCAG 2.3.1 and ITU-R BT.1702 call a flashing area hazardous from 25 % of a 10° visual field. A viewer
at `viewing_distance_m` sees 10° as 2·d·tan 5° metres; on a screen `screen_width_m` wide that is
`canvas_width / screen_width_m` pixels per metre, and the threshold is a quarter of that square, but
never more than a quarter of the frame. Without a room (a video of unknown origin) the threshold is
WCAG's desktop default: a 341x256 rectangle on a 1024x768 screen, 11.1 % of the frame."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FIELD_DEG = 10.0
FIELD_SHARE = 0.25          # of the 10° field
FRAME_CEILING = 0.25        # of the frame
WCAG_DEFAULT_SHARE = 341 * 256 / (1024 * 768)
CELLS_PER_SIDE = 3          # cells across the threshold square: 9 cells make the threshold area
MAX_CELLS = 96              # along either axis: the readback stays a few thousand texels
SAMPLES_PER_CELL = 3        # at least this many sample columns and rows in a cell
MAX_STRIDE = 16             # a sample every 16th pixel of every 16th row at most (the measure's cost)


@dataclass(frozen=True)
class FlashGeometry:
    """Canvas size, threshold area in pixels, the cell grid (edges in image pixels) and the sampling stride."""

    size: tuple[int, int]
    threshold_px: float
    x_edges: tuple[int, ...]
    y_edges: tuple[int, ...]
    stride: int
    room: tuple[float, float] | None = None   # (screen_width_m, viewing_distance_m), None: WCAG default

    @property
    def grid(self) -> tuple[int, int]:
        """(columns, rows) of cells."""
        return len(self.x_edges) - 1, len(self.y_edges) - 1

    @property
    def cell_areas(self) -> np.ndarray:
        """(rows, columns) pixel area of each cell."""
        return np.outer(np.diff(self.y_edges), np.diff(self.x_edges)).astype(np.float64)

    def with_stride(self, stride: int) -> FlashGeometry:
        """The same cells sampled at another stride (1: every pixel)."""
        return FlashGeometry(self.size, self.threshold_px, self.x_edges, self.y_edges, stride, self.room)

    def describe(self) -> str:
        """One line for logs and reports."""
        w, h = self.size
        where = (f"screen {self.room[0]:g} m wide seen from {self.room[1]:g} m" if self.room
                 else "WCAG's default viewing (341x256 of 1024x768)")
        return (f"area threshold {self.threshold_px:.0f} px ({100 * self.threshold_px / (w * h):.2f} % of {w}x{h}; "
                f"{where}), {self.grid[0]}x{self.grid[1]} cells")


def threshold_area(size: tuple[int, int], screen_width_m: float | None, viewing_distance_m: float | None) -> float:
    """The hazardous area in canvas pixels: 25 % of a 10° field, at most 25 % of the frame."""
    w, h = size
    if not screen_width_m or not viewing_distance_m:
        return WCAG_DEFAULT_SHARE * w * h
    field_m = 2.0 * viewing_distance_m * math.tan(math.radians(FIELD_DEG / 2.0))
    field_px = field_m * w / screen_width_m
    return min(FIELD_SHARE * field_px * field_px, FRAME_CEILING * w * h)


def _edges(length: int, cells: int) -> tuple[int, ...]:
    return tuple(int(v) for v in (np.arange(cells + 1, dtype=np.int64) * length) // cells)


def flash_geometry(size: tuple[int, int], screen_width_m: float | None = None,
                   viewing_distance_m: float | None = None) -> FlashGeometry:
    """Cells a third of the threshold square across (so nine make the area), capped at MAX_CELLS a side."""
    w, h = size
    threshold = threshold_area(size, screen_width_m, viewing_distance_m)
    cell = math.sqrt(threshold) / CELLS_PER_SIDE
    gx = min(MAX_CELLS, max(1, math.ceil(w / cell)))
    gy = min(MAX_CELLS, max(1, math.ceil(h / cell)))
    smallest = min(w // gx, h // gy)
    stride = max(1, min(MAX_STRIDE, smallest // SAMPLES_PER_CELL))
    room = (screen_width_m, viewing_distance_m) if screen_width_m and viewing_distance_m else None
    return FlashGeometry(size, threshold, _edges(w, gx), _edges(h, gy), stride, room)


def exhibit_geometry(exhibit, size: tuple[int, int]) -> FlashGeometry:
    """The geometry for an exhibit's room (`[safety]`) at a canvas size."""
    safety = exhibit["safety"]
    return flash_geometry(size, safety["screen_width_m"], safety["viewing_distance_m"])
