"""Timing helpers: medians over repeated runs, each finished on the GPU before the clock stops."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def time_frames(render: Callable[[], None], finish: Callable[[], None], frames: int, warmup: int = 2) -> dict:
    """Median and p90 wall time (ms) of render()+finish(), and the median CPU time the calling thread
    spent inside render(): Python plus driver submission, without the rasteriser's worker threads."""
    for _ in range(warmup):
        render()
        finish()
    totals, main_thread = [], []
    for _ in range(frames):
        start, cpu = time.perf_counter(), time.thread_time()
        render()
        main_thread.append((time.thread_time() - cpu) * 1e3)
        finish()
        totals.append((time.perf_counter() - start) * 1e3)
    totals.sort()
    return {
        "median_ms": statistics.median(totals),
        "p90_ms": totals[min(len(totals) - 1, int(0.9 * len(totals)))],
        "main_thread_ms": statistics.median(main_thread),
        "frames": frames,
    }
