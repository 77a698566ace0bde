"""`lumen bench`: per-frame costs of the festival pipeline, each beside a trivial full-screen pass
(the floor) timed in the same run, plus the naive instanced-quads baseline and Python time."""

from __future__ import annotations

import json
import statistics
import time
from functools import cache

from lumen.assets import EXHIBITS
from lumen.bench.baseline import InstancedQuads
from lumen.bench.captions import caption_cost
from lumen.encode.loader import scene_data
from lumen.encode.tiles import TileData
from lumen.exhibit import load_exhibit
from lumen.gl.context import create_headless_context, renderer_name
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.pipeline.pipeline import Pipeline
from lumen.pipeline.timing import time_frames, time_interleaved
from lumen.records.synth import synthesize

FESTIVAL = EXHIBITS / "festival.toml"
FULL_SIZES = ((1920, 1080), (3840, 2160))
FULL_JOURNEYS = (1_000, 100_000, 1_000_000)
QUICK_SIZES = ((640, 360),)
QUICK_JOURNEYS = (1_000, 20_000)


@cache
def tiles_for(journeys: int) -> TileData:
    """Synthetic Harmonia of this size, encoded with the festival's encodings (seeded)."""
    return scene_data(load_exhibit(FESTIVAL), synthesize(journeys, seed=1)).tiles


def floor_case(ctx, size: tuple[int, int]):
    """The floor: one trivial full-screen pass into an rgba8 target of the same size.
    Returns (render, release)."""
    gl = GLResources(ctx)
    target = make_target(ctx, "floor", size, "rgba8")
    program = gl.program("passes/floor/solid.frag")

    def release() -> None:
        target.release()
        gl.release()
    return (lambda: draw(gl, program, target, {}, {"u_value": 0.5})), release


def pipeline_case(ctx, journeys: int, size: tuple[int, int], start: float = 420.0):
    """The festival pipeline, playing forward at 60 fps from `start` (unity act). Returns (render, release)."""
    pipeline = Pipeline(ctx, load_exhibit(FESTIVAL), tiles_for(journeys))
    clock = iter(range(10**9))
    return (lambda: pipeline.render(pipeline.frame(start + next(clock) / 60.0, size))), pipeline.release


def baseline_case(ctx, journeys: int, size: tuple[int, int]):
    quads = InstancedQuads(ctx, tiles_for(journeys), size)
    return quads.render, quads.release


def python_cost(ctx, journeys: int, frames: int, start: float = 420.0) -> dict:
    """Main-thread CPU per frame at a 64x36 canvas (medians, ms): `main_thread` in all, `driver` inside
    the draw calls, and `python`, the rest: the pipeline's own Python and GL-state calls.

    Draw calls are where llvmpipe works on this thread (binning, and waiting for a pass that reads
    the previous pass's output), and that grows with the journey count, since the simulate pass draws
    one texel per journey whatever the canvas. The GPU is also finished (uncounted) before each draw:
    otherwise Python shares the two cores with a million-texel pass rasterising behind it, and runs
    slower for reasons that are not its own."""
    pipeline = Pipeline(ctx, load_exhibit(FESTIVAL), tiles_for(journeys))
    in_draws, idle = [0.0], [0.0]
    draw_triangle = pipeline.gl.triangle.draw

    def timed_draw(*args, **kwargs):
        before = time.thread_time()
        ctx.finish()
        after_finish = time.thread_time()
        try:
            return draw_triangle(*args, **kwargs)
        finally:
            idle[0] += after_finish - before
            in_draws[0] += time.thread_time() - after_finish

    pipeline.gl.triangle.draw = timed_draw  # an instance attribute shadows the method, for this pipeline
    totals, drivers = [], []
    try:
        for index in range(frames + 2):
            in_draws[0] = idle[0] = 0.0
            ctx.finish()
            before = time.thread_time()
            pipeline.render(pipeline.frame(start + index / 60.0, (64, 36)))
            if index >= 2:  # the first frames build programs and caches
                totals.append((time.thread_time() - before - idle[0]) * 1e3)
                drivers.append(in_draws[0] * 1e3)
    finally:
        pipeline.release()
    python = [total - driver for total, driver in zip(totals, drivers)]
    return {"main_thread": round(statistics.median(totals), 3), "driver": round(statistics.median(drivers), 3),
            "python": round(statistics.median(python), 3)}


def overhead_fields(cost: dict) -> dict:
    return {"python_overhead_ms": cost["python"], "small_canvas_main_thread_ms": cost["main_thread"],
            "small_canvas_driver_ms": cost["driver"]}


def scenario(name: str, cost: dict, floor: dict, hot_floor: dict, **extra) -> dict:
    """One figure beside two floors: the floor timed interleaved with it (the same conditions) and
    the floor in a tight loop of its own (hot caches and threads: lower, so the stricter ratio)."""
    return {
        "name": name, **extra,
        "ms": round(cost["median_ms"], 2), "p90_ms": round(cost["p90_ms"], 2),
        "main_thread_ms": round(cost["main_thread_ms"], 3),
        "floor_ms": round(floor["median_ms"], 2),
        "ratio_to_floor": round(cost["median_ms"] / floor["median_ms"], 2),
        "hot_floor_ms": round(hot_floor["median_ms"], 2),
        "ratio_to_hot_floor": round(cost["median_ms"] / hot_floor["median_ms"], 2),
        "fps": round(1000.0 / cost["median_ms"], 1),
    }


def timed_block(ctx, cases: dict, frames: int) -> dict[object, dict]:
    """Time (render, release) cases interleaved, then release them all."""
    try:
        return time_interleaved({name: render for name, (render, _) in cases.items()}, ctx.finish, frames)
    finally:
        for _, release in cases.values():
            release()


def run_scenarios(ctx, sizes, journey_counts, frames: int, baseline_journeys: int) -> list[dict]:
    """Every (size, journeys) pipeline figure and, at the first size, the baseline. The pipelines of
    one size are timed interleaved with their floor, and the baseline with the pipeline at the same
    journey count (see time_interleaved), so each ratio comes from frames timed side by side."""
    results = []
    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        floor = floor_case(ctx, size)
        hot_floor = time_frames(floor[0], ctx.finish, frames)
        stats = timed_block(ctx, {"floor": floor} | {n: pipeline_case(ctx, n, size) for n in journey_counts}, frames)
        for journeys in journey_counts:
            results.append(scenario(f"pipeline {label} {journeys:,} journeys", stats[journeys], stats["floor"],
                                    hot_floor, kind="pipeline", size=list(size), journeys=journeys,
                                    **overhead_fields(python_cost(ctx, journeys, 4 * frames))))
        if size == sizes[0]:
            # The baseline costs many pipeline frames each: fewer rounds, beside its own pipeline figure.
            rounds = max(3, frames // 2)
            stats = timed_block(ctx, {"floor": floor_case(ctx, size),
                                      "pipeline": pipeline_case(ctx, baseline_journeys, size),
                                      "baseline": baseline_case(ctx, baseline_journeys, size)}, rounds)
            results.append(scenario(f"instanced quads {label} {baseline_journeys:,} journeys", stats["baseline"],
                                    stats["floor"], hot_floor, kind="baseline", size=list(size),
                                    journeys=baseline_journeys,
                                    speedup=round(stats["baseline"]["median_ms"] / stats["pipeline"]["median_ms"], 2),
                                    pipeline_ms=round(stats["pipeline"]["median_ms"], 2)))
    return results


def summarise(results: list[dict]) -> dict:
    """The ratios the performance goals are stated in."""
    pipe = {(tuple(r["size"]), r["journeys"]): r for r in results if r["kind"] == "pipeline"}
    base = next(r for r in results if r["kind"] == "baseline")
    sizes = sorted({size for size, _ in pipe})
    counts = sorted({count for _, count in pipe})
    summary = {}
    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        summary[f"{label} cost at {counts[-1]:,} / cost at {counts[0]:,}"] = round(
            pipe[(size, counts[-1])]["ms"] / pipe[(size, counts[0])]["ms"], 2)
    summary[f"baseline / pipeline at {base['journeys']:,} journeys"] = base["speedup"]
    summary["max python overhead ms per frame (64x36)"] = max(r["python_overhead_ms"] for r in pipe.values())
    return summary


def run_bench(json_out: bool = False, quick: bool = False, size=None, journeys=None) -> int:
    """Print every scenario with its floor and ratio, the goal ratios, and the renderer."""
    ctx = create_headless_context()
    sizes = (size,) if size else (QUICK_SIZES if quick else FULL_SIZES)
    counts = (journeys,) if journeys else (QUICK_JOURNEYS if quick else FULL_JOURNEYS)
    frames = 5 if quick else 20
    results = run_scenarios(ctx, sizes, counts, frames, baseline_journeys=max(counts))
    report = {"renderer": renderer_name(ctx), "scenarios": results, "summary": summarise(results),
              "captions": caption_cost(ctx, sizes[0], 4 * frames)}
    if json_out:
        print(json.dumps(report, indent=2))
        return 0
    print(f"renderer: {report['renderer']}")
    for r in results:
        print(f"{r['name']:<44} {r['ms']:8.2f} ms  floor {r['floor_ms']:6.2f} ms  ratio {r['ratio_to_floor']:6.1f}x"
              f"  hot floor {r['hot_floor_ms']:6.2f} ms  ratio {r['ratio_to_hot_floor']:6.1f}x  {r['fps']:7.1f} fps"
              f"  main thread {r['main_thread_ms']:.2f} ms"
              + (f"  python {r['python_overhead_ms']:.2f} ms" if "python_overhead_ms" in r else "")
              + (f"  (pipeline beside it {r['pipeline_ms']:.2f} ms)" if "pipeline_ms" in r else ""))
    for key, value in report["summary"].items():
        print(f"{key}: {value}")
    c = report["captions"]
    print(f"captions pass {c['size'][0]}x{c['size'][1]}: {c['ms']:.3f} ms a frame (floor {c['floor_ms']:.3f} ms), "
          f"{c['text_change_ms']:.1f} ms when the text changes")
    return 0
