"""The live-data benchmark runs end to end on a small city and reports what docs/benchmarks.md quotes."""

from __future__ import annotations

from lumen.bench.live import main, run


def test_live_bench_reports_batches_applied_in_place(gl_context):
    result = run((96, 54), journeys=2000, batch=3, batches=2, seed=1)
    assert result["batches"] == 6 and result["layout_full_computations"] == 1, "every batch drawn in place"
    assert result["journeys_after"] == 2000 + 3 * 3 * 3, "three rounds (the first untimed) of three batches"
    assert result["rebuild"]["journeys"] == result["journeys_after"] + result["room_left"] + 1
    assert result["rebuild"]["rebuilt"], "the batch beyond the room re-laid out"
    for key in ("worker_prepare", "render_thread_append", "batch_work_alone", "frame_without_batch", "frame_with_batch",
                "added_by_batch"):
        assert set(result[key]) == {"median_ms", "max_ms"}


def test_live_bench_prints_its_verdict(gl_context, capsys):
    assert main(["--size", "64x36", "--journeys", "1500", "--batch", "2", "--batches", "1"]) == 0
    out = capsys.readouterr().out
    assert "< 16.7 ms: " in out and "worker prepare" in out
