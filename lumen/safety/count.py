"""Counting flashes per cell over the last second (GL-free; the guard and `lumen flashcheck` share it).

A *transition* is a change of a cell's relative luminance of at least 0.1 where the darker state is
below 0.8, or a change of its red measure of more than 20 (WCAG 2.2's definitions of general and
red flashes). Changes are tracked from the last extreme, so a slow ramp is one transition, however
long, and consecutive transitions alternate in direction: a *flash* is a pair of them, and the
flashes in a window are its transitions // 2. A window is one second: the transitions completed in
frames whose times lie less than a second apart (at F frames a second, F consecutive frames; the
frames they span cover exactly one second). A cell's count is the larger of its general and red
counts. A *hazard* is more than 3 flashes in a window over cells that together cover at least the
area threshold."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from lumen.safety.geometry import FlashGeometry

LUM_DELTA = 0.1
LUM_DARK = 0.8
RED_DELTA = 20.0
MAX_FLASHES = 3           # per second over the area: more is a hazard
WINDOW_S = 1.0
EPS = 1e-6                # float slack on the thresholds and the window's edge


class Transitions:
    """Per-cell transition detector for one measure: tracks the extreme since the last transition."""

    def __init__(self, delta: float, strict: bool, dark: float | None):
        self.delta, self.strict, self.dark = delta, strict, dark
        self.direction: np.ndarray | None = None   # +1 last transition rose, -1 it fell, 0 none yet
        self.hi = self.lo = None

    def _big(self, change: np.ndarray) -> np.ndarray:
        return change > self.delta + EPS if self.strict else change >= self.delta - EPS

    def _dark(self, darker: np.ndarray) -> np.ndarray:
        return np.ones(darker.shape, bool) if self.dark is None else darker < self.dark

    def update(self, value: np.ndarray) -> np.ndarray:
        """Feed one frame's cell values; return the cells where a transition completed (bool)."""
        value = np.asarray(value, np.float64).ravel()
        if self.direction is None:
            self.direction = np.zeros(value.shape, np.int8)
            self.hi, self.lo = value.copy(), value.copy()
            return np.zeros(value.shape, bool)
        np.maximum(self.hi, value, out=self.hi)
        np.minimum(self.lo, value, out=self.lo)
        d = self.direction
        rise = (d <= 0) & self._big(value - self.lo) & self._dark(self.lo)
        fall = (d >= 0) & self._big(self.hi - value) & self._dark(value)
        both = rise & fall  # only before the first transition: the larger change wins
        rise &= ~both | (value - self.lo >= self.hi - value)
        fall &= ~rise
        d[rise], d[fall] = 1, -1
        self.hi[rise | fall] = value[rise | fall]   # the new reference: track the next extreme from here
        self.lo[rise | fall] = value[rise | fall]
        return rise | fall


@dataclass(frozen=True)
class Window:
    """The last second at one frame: transitions per cell, and what they amount to over the area."""

    time: float
    counts: np.ndarray        # (rows, cols) transitions in the window, the larger of general and red
    over_area: int            # the most transitions that cells covering the threshold area all reach

    @property
    def flashes(self) -> int:
        """Flashes over the area in this window."""
        return self.over_area // 2

    @property
    def hazard(self) -> bool:
        return self.flashes > MAX_FLASHES


class FlashCounter:
    """Feeds per-frame cell measures (with the frame's time) and keeps one-second windows of transitions."""

    def __init__(self, geometry: FlashGeometry):
        self.geometry = geometry
        self.areas = geometry.cell_areas.ravel()
        self.shape = geometry.cell_areas.shape
        self.lum = Transitions(LUM_DELTA, strict=False, dark=LUM_DARK)
        self.red = Transitions(RED_DELTA, strict=True, dark=None)
        self._events: deque[tuple[float, np.ndarray, np.ndarray]] = deque()
        self._lum_counts = np.zeros(self.areas.size, np.int32)
        self._red_counts = np.zeros(self.areas.size, np.int32)
        self.last: Window | None = None

    def push(self, time: float, lum: np.ndarray, red: np.ndarray) -> Window:
        """Count one frame at `time` (seconds, increasing); return the window that ends with it."""
        new_lum, new_red = self.lum.update(lum), self.red.update(red)
        self._events.append((time, new_lum, new_red))
        self._lum_counts += new_lum
        self._red_counts += new_red
        while self._events and self._events[0][0] <= time - WINDOW_S + EPS:
            _, old_lum, old_red = self._events.popleft()
            self._lum_counts -= old_lum
            self._red_counts -= old_red
        counts = np.maximum(self._lum_counts, self._red_counts)
        self.last = Window(time, counts.reshape(self.shape), over_area(counts, self.areas, self.geometry.threshold_px))
        return self.last


def over_area(counts: np.ndarray, areas: np.ndarray, threshold: float) -> int:
    """The largest n such that the cells with at least n transitions cover at least `threshold` pixels."""
    order = np.argsort(-counts, kind="stable")
    covered = np.cumsum(areas[order])
    reached = np.searchsorted(covered, threshold - EPS, side="left")
    return int(counts[order[reached]]) if reached < len(order) else 0


def region_box(window: Window, geometry: FlashGeometry, at_least: int) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) in image pixels bounding the cells with at least `at_least` transitions, or None."""
    rows, cols = np.nonzero(window.counts >= max(at_least, 1))
    if rows.size == 0:
        return None
    x0, x1 = geometry.x_edges[cols.min()], geometry.x_edges[cols.max() + 1]
    y0, y1 = geometry.y_edges[rows.min()], geometry.y_edges[rows.max() + 1]
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)
