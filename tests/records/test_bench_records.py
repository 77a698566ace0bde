"""The records benchmark runs end to end on a small population and reports consistent figures."""

from __future__ import annotations

from lumen.bench.records import run


def test_bench_small():
    r = run(2000, seed=3, repeats=1)
    assert r["journeys"] == 2000 and r["events"] > 2000
    assert r["counts"] == "read 2000 = accepted 2000 + quarantined 0"
    assert r["total_s"] > 0 and r["naive_json_loads_s"] > 0 and r["peak_rss_mb_upper_bound"] > 0
    assert abs(r["total_s"] - r["load_validate_s"] - r["features_s"]) < 0.02
