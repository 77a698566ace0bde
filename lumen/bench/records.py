"""Records benchmark: load + validate + features of n synthetic journeys against a naive json loop."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Each measurement runs in a fresh interpreter, so its peak RSS is its own and nothing is warm.
_FAST = """
import json, resource, sys, time
ti = time.perf_counter()
from lumen.encode.features import compute_features
from lumen.records import load_records
t0 = time.perf_counter()
res = load_records([sys.argv[1]])
t1 = time.perf_counter()
feats = compute_features(res.journeys)
t2 = time.perf_counter()
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"import_s": t0 - ti, "load_validate_s": t1 - t0, "features_s": t2 - t1, "total_s": t2 - t0,
                  "read": res.read, "accepted": res.accepted, "quarantined": res.quarantined,
                  "events": res.journeys.n_events, "rss_main_kib": me, "rss_largest_worker_kib": kids}))
"""
_SYNTH = """
import sys
from lumen.records.synth import synthesize
from lumen.records.writers import write_jsonl
write_jsonl(synthesize(int(sys.argv[2]), seed=int(sys.argv[3])), sys.argv[1])
"""
_NAIVE = """
import json, sys, time
t0 = time.perf_counter()
records = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        records.append(json.loads(line))
print(json.dumps({"total_s": time.perf_counter() - t0, "read": len(records)}))
"""


def _child(code: str, path: Path, *extra) -> dict | None:
    out = subprocess.run([sys.executable, "-c", code, str(path), *map(str, extra)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout) if out.stdout.strip() else None


def run(n: int, seed: int = 1, *, repeats: int = 2, keep: Path | None = None) -> dict:
    """Synthesize n journeys to a temporary JSONL, then time lumen's path and the naive loop on it,
    each `repeats` times in fresh processes, keeping the fastest run of each (the least disturbed
    by other work on the machine)."""
    with tempfile.TemporaryDirectory(prefix="lumen-bench-") as tmp:
        path = keep or Path(tmp) / "journeys.jsonl"
        t0 = time.perf_counter()
        # Synthesis runs in its own child too: a child forked from a big parent would inherit
        # the parent's peak RSS in its own figure (Linux keeps ru_maxrss across fork and exec).
        _child(_SYNTH, path, n, seed)
        synth_s = time.perf_counter() - t0
        fast = min((_child(_FAST, path) for _ in range(repeats)), key=lambda r: r["total_s"])
        naive = min((_child(_NAIVE, path) for _ in range(repeats)), key=lambda r: r["total_s"])
        size = path.stat().st_size
    workers = os.cpu_count() or 1
    # The loader decodes in this process plus (workers - 1) pool processes at the same time, so
    # the bound adds the largest pool process once for each of them.
    peak_kib = fast["rss_main_kib"] + (workers - 1) * fast["rss_largest_worker_kib"]
    return {
        "journeys": n, "events": fast["events"], "seed": seed, "file_mb": round(size / 1e6, 1),
        "repeats": repeats,
        "synth_write_s": round(synth_s, 3),
        # Milliseconds kept: a small run's figures would otherwise read 0.0.
        "load_validate_s": round(fast["load_validate_s"], 3), "features_s": round(fast["features_s"], 3),
        "total_s": round(fast["total_s"], 3), "import_s": round(fast["import_s"], 3),
        "peak_rss_mb_upper_bound": round(peak_kib / 1024), "rss_main_mb": round(fast["rss_main_kib"] / 1024),
        "rss_largest_worker_mb": round(fast["rss_largest_worker_kib"] / 1024), "workers": workers,
        "naive_json_loads_s": round(naive["total_s"], 3), "naive_read": naive["read"],
        "speedup_vs_naive": round(naive["total_s"] / fast["total_s"], 1),
        "counts": f"read {fast['read']} = accepted {fast['accepted']} + quarantined {fast['quarantined']}",
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: print the benchmark figures as JSON."""
    p = argparse.ArgumentParser(prog="python -m lumen.bench.records", description=__doc__)
    p.add_argument("--n", type=int, default=1_000_000, help="journeys to synthesize (default 1000000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=2, help="runs of each side; the fastest counts")
    args = p.parse_args(argv)
    print(json.dumps(run(args.n, args.seed, repeats=max(1, args.repeats)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
