"""Timing helpers: medians over repeated frames, each finished on the GPU before the clock stops.

Cases that are compared with each other are timed interleaved (one frame of each, round after round),
so that the slow drifts of a shared, noisy machine land on all of them alike and their ratios hold."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def _stats(totals: list[float], main_thread: list[float]) -> dict:
    totals = sorted(totals)
    return {
        "median_ms": statistics.median(totals),
        "p90_ms": totals[min(len(totals) - 1, int(0.9 * len(totals)))],
        "main_thread_ms": statistics.median(main_thread),
        "frames": len(totals),
    }


def time_interleaved(cases: dict[str, Callable[[], None]], finish: Callable[[], None], frames: int,
                     warmup: int = 2) -> dict[str, dict]:
    """Per case: median and p90 wall time (ms) of render()+finish(), and the median CPU time the
    calling thread spent inside render() (Python plus driver submission, without the rasteriser's
    worker threads). Round r times frame r of every case before frame r + 1 of any."""
    totals: dict[str, list[float]] = {name: [] for name in cases}
    main_thread: dict[str, list[float]] = {name: [] for name in cases}
    for round_index in range(warmup + frames):
        for name, render in cases.items():
            finish()
            start, cpu = time.perf_counter(), time.thread_time()
            render()
            spent = time.thread_time() - cpu
            finish()
            if round_index >= warmup:
                totals[name].append((time.perf_counter() - start) * 1e3)
                main_thread[name].append(spent * 1e3)
    return {name: _stats(totals[name], main_thread[name]) for name in cases}


def time_frames(render: Callable[[], None], finish: Callable[[], None], frames: int, warmup: int = 2) -> dict:
    """One case alone: see time_interleaved."""
    return time_interleaved({"case": render}, finish, frames, warmup)["case"]
