"""Timing helpers: medians over repeated runs, each finished on the GPU before the clock stops."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def time_frames(render: Callable[[], None], finish: Callable[[], None], frames: int, warmup: int = 2) -> dict:
    """Median and p90 wall time (ms) of render()+finish(), plus the median CPU-side time of render() alone."""
    for _ in range(warmup):
        render()
        finish()
    totals, submits = [], []
    for _ in range(frames):
        start = time.perf_counter()
        render()
        submitted = time.perf_counter()
        finish()
        end = time.perf_counter()
        totals.append((end - start) * 1e3)
        submits.append((submitted - start) * 1e3)
    totals.sort()
    return {
        "median_ms": statistics.median(totals),
        "p90_ms": totals[min(len(totals) - 1, int(0.9 * len(totals)))],
        "python_ms": statistics.median(submits),
        "frames": frames,
    }
