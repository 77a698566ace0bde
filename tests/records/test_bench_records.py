"""The records benchmark measures the file it wrote: its counts match an independent load of it."""

from __future__ import annotations

from lumen.bench.records import run
from lumen.records import load_records


def test_bench_counts_match_an_independent_load_of_its_file(tmp_path):
    path = tmp_path / "journeys.jsonl"
    r = run(2000, seed=3, repeats=1, keep=path)
    res = load_records([path])
    assert r["journeys"] == len(res.journeys) == 2000
    assert r["events"] == res.journeys.n_events > 2000
    assert r["counts"] == f"read {res.read} = accepted {res.accepted} + quarantined {res.quarantined}"
    assert r["naive_read"] == r["journeys"], "the naive loop parsed every line of the same file"
    assert r["file_mb"] == round(path.stat().st_size / 1e6, 1)


def test_bench_times_and_memory_are_measured(tmp_path):
    r = run(2000, seed=3, repeats=1)
    for key in ("load_validate_s", "total_s", "naive_json_loads_s", "synth_write_s"):
        assert r[key] > 0, key
    assert r["features_s"] >= 0  # 2000 journeys' features may take under half a millisecond
    assert r["peak_rss_mb_upper_bound"] >= r["rss_main_mb"] > 0
