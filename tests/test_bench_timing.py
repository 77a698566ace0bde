"""The benchmark's timing harness: interleaved rounds, warm-up frames left out, medians."""

from __future__ import annotations

from lumen.pipeline.timing import time_frames, time_interleaved


def test_cases_are_timed_round_robin_and_warm_up_is_not_counted():
    calls = []
    stats = time_interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
                             lambda: None, frames=3, warmup=2)
    assert calls == ["a", "b"] * 5
    assert stats["a"]["frames"] == stats["b"]["frames"] == 3
    assert 0 <= stats["a"]["median_ms"] <= stats["a"]["p90_ms"]


def test_a_slow_case_measures_slower_than_a_fast_one():
    import time

    slow = time_frames(lambda: time.sleep(0.004), lambda: None, frames=5, warmup=0)
    fast = time_frames(lambda: None, lambda: None, frames=5, warmup=0)
    assert slow["median_ms"] >= 4.0 > fast["median_ms"]
    assert slow["main_thread_ms"] < 2.0, "sleeping is wall time, not the calling thread's CPU time"
