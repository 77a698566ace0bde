"""Live-data benchmark: what one batch of journeys arriving live costs the render thread, beside the
frames around it (`python -m lumen.bench.live [--size 1920x1080] [--journeys 1000000] [--batch 10]`).

The festival pipeline plays forward at 60 fps with room reserved as in `lumen run --watch`. Frames with a
batch and frames without take turns (so the host's slow spells land on both); each starts with the GPU
idle, as after a swap. What a batch adds is measured on an identical frame: the frame a batch landed
on is rendered again with a second batch appended first, and once more without. Batches are prepared
beforehand, as the feed's thread does, and timed apart (the worker's numpy time, off the render thread).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time

import numpy as np

from lumen.assets import EXHIBITS
from lumen.encode.live import LiveJourneys
from lumen.exhibit import load_exhibit
from lumen.gl.context import create_headless_context, renderer_name
from lumen.layout.capacity import LIVE_HEADROOM
from lumen.pipeline.pipeline import Pipeline
from lumen.records import Journeys
from lumen.records.synth import synthesize

FRAME_BUDGET_MS = 1000.0 / 60.0
START = 420.0   # the unity act: every tile lit and pulsing, the glow field stepping


def arrivals(n: int, seed: int) -> Journeys:
    """Synthetic journeys with ids no base journey has."""
    journeys = synthesize(n, seed=seed)
    return dataclasses.replace(journeys, ids=np.char.add(b"live-", journeys.ids))


def summary(values: list[float]) -> dict:
    return {"median_ms": round(statistics.median(values), 2), "max_ms": round(max(values), 2)}


def run(size: tuple[int, int], journeys: int, batch: int, batches: int, seed: int) -> dict:
    ctx = create_headless_context()
    exhibit = load_exhibit(EXHIBITS / "festival.toml")
    data = LiveJourneys(synthesize(journeys, seed=seed))
    began = time.perf_counter()
    tiles = data.tiles(exhibit)
    full_encode_s = time.perf_counter() - began
    pipeline = Pipeline(ctx, exhibit, tiles, headroom=LIVE_HEADROOM)
    source = arrivals(3 * batch * (batches + 1), seed + 1)
    step = iter(range(10**9))
    worker: list[float] = []
    pending = iter(range(3 * (batches + 1)))

    def prepared():
        """The next batch, prepared as the feed's thread would (timed as the worker's share)."""
        index = next(pending)
        start = time.perf_counter()
        out = data.prepare(source.subset(np.arange(index * batch, (index + 1) * batch)), START)
        worker.append((time.perf_counter() - start) * 1e3)
        return out

    def timed(at: float, landing=None) -> tuple[float, float]:
        """(ms from the GPU idle to the frame at `at` finished, ms of it spent appending `landing`)."""
        ctx.finish()
        start = time.perf_counter()
        if landing is not None:
            pipeline.append(landing.rows, landing.full)
        applied = time.perf_counter()
        pipeline.render(pipeline.frame(at, size))
        ctx.finish()
        return (time.perf_counter() - start) * 1e3, (applied - start) * 1e3

    layout = next(node for node in pipeline.passes if node.kind == "layout")
    simulate = next(node for node in pipeline.passes if node.kind == "simulate")

    def work(at: float, landing) -> float:
        """ms of the render thread's work for one batch alone: the append, the layout drawing the new
        tiles and the event sums adding their rows (what the frame it lands on does more)."""
        frame = pipeline.frame(at, size)
        ctx.finish()
        start = time.perf_counter()
        pipeline.append(landing.rows, landing.full)
        layout.render(frame, [])
        simulate.event_sums(frame)
        ctx.finish()
        return (time.perf_counter() - start) * 1e3

    for _ in range(3):  # programs, the tile map, the glow field's warm-up
        timed(START + next(step) / 60.0)
    plain, landed, added, apply, own = [], [], [], [], []
    for index in range(batches + 1):
        # Three new times a round, so frames of each kind take their share of the glow field's steps
        # (every fourth frame at 60 fps); then the batch-landing frame's time twice more, with a second
        # batch and without: their difference is what the batch added to an identical frame. A third
        # batch times that work alone, without the frame around it (steadier on a busy host).
        first, second, third = prepared(), prepared(), prepared()
        without = [timed(START + next(step) / 60.0)[0] for _ in range(2)]
        at = START + next(step) / 60.0
        landing, appending = timed(at, first)
        again, appending_again = timed(at, second)
        same, _ = timed(at)
        alone = work(at, third)
        if index:  # the first round also builds the update's programs
            plain += without
            landed.append(landing)
            added.append(again - same)
            apply += [appending, appending_again]
            own.append(alone)
    result = {
        "renderer": renderer_name(ctx), "size": list(size), "journeys": journeys, "batch": batch,
        "rounds": len(own), "batches": len(apply) + len(own), "journeys_after": pipeline.count,
        "room_left": pipeline.gl.data.room,
        "full_encode_s": round(full_encode_s, 2),
        "worker_prepare": summary(worker[3:]), "render_thread_append": summary(apply),
        "frame_without_batch": summary(plain), "frame_with_batch": summary(landed),
        "added_by_batch": summary(added), "batch_work_alone": summary(own),
        "layout_full_computations": next(p.runs for p in pipeline.passes if p.kind == "layout"),
    }
    result["fits_budget"] = result["batch_work_alone"]["median_ms"] < FRAME_BUDGET_MS
    result["fits_budget_max"] = result["batch_work_alone"]["max_ms"] < FRAME_BUDGET_MS
    result["rebuild"] = rebuild(data, pipeline, timed, START + next(step) / 60.0, seed)
    pipeline.release()
    return result


def rebuild(data: LiveJourneys, pipeline: Pipeline, timed, at: float, seed: int) -> dict:
    """The rare case: a batch beyond the reserved room re-uploads everything and lays out again."""
    batch = data.prepare(arrivals(pipeline.gl.data.room + 1, seed + 2), START)
    epoch = pipeline.gl.data.epoch
    ms, _ = timed(at, batch)
    return {"rebuilt": pipeline.gl.data.epoch != epoch, "ms": round(ms, 1), "journeys": pipeline.count}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lumen.bench.live", description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10, help="journeys per live batch")
    parser.add_argument("--batches", type=int, default=20,
                        help="rounds timed, each of three batches (one on a new frame, two on the same frame)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.lower().split("x"))
    result = run(size, args.journeys, args.batch, args.batches, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"renderer: {result['renderer']}  size {size[0]}x{size[1]}  {args.journeys:,} journeys, "
          f"batches of {args.batch} ({result['batches']} timed in {result['rounds']} rounds)")
    for key in ("worker_prepare", "render_thread_append", "batch_work_alone", "frame_without_batch", "frame_with_batch",
                "added_by_batch"):
        print(f"  {key.replace('_', ' '):24s} median {result[key]['median_ms']:8.2f} ms   max {result[key]['max_ms']:8.2f} ms")
    verdict = "yes" if result["fits_budget"] else "no"
    print(f"  a batch's work (append, layout, sums) < {FRAME_BUDGET_MS:.1f} ms: {verdict} (median), "
          f"{'yes' if result['fits_budget_max'] else 'no'} (max)")
    print(f"  full encode at start {result['full_encode_s']} s; layout computed in full "
          f"{result['layout_full_computations']} time(s); rare rebuild (room used up): {result['rebuild']['ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
