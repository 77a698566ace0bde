"""`lumen bench`: per-frame costs of the festival pipeline, each beside a trivial full-screen pass
(the floor) timed in the same run, plus the naive instanced-quads baseline and Python time."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from lumen.bench.baseline import InstancedQuads
from lumen.bench.timing import time_frames
from lumen.exhibit import load_exhibit
from lumen.features import compute_features
from lumen.gl.context import create_headless_context, renderer_name
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.pipeline import Pipeline
from lumen.synth import synthesize
from lumen.tiles import TileData, build_tile_data

FESTIVAL = Path(__file__).resolve().parents[2] / "exhibits" / "festival.toml"
FULL_SIZES = ((1920, 1080), (3840, 2160))
FULL_JOURNEYS = (1_000, 100_000, 1_000_000)
QUICK_SIZES = ((640, 360),)
QUICK_JOURNEYS = (1_000, 20_000)


@lru_cache(maxsize=None)
def tiles_for(journeys: int) -> TileData:
    """Synthetic Harmonia of this size, encoded with the festival's encodings (seeded)."""
    exhibit = load_exhibit(FESTIVAL)
    data = synthesize(journeys, seed=1)
    return build_tile_data(data, compute_features(data, outage_days=tuple(exhibit["data"]["outage_days"])), exhibit)


def floor_cost(ctx, size: tuple[int, int], frames: int) -> dict:
    """The floor: one trivial full-screen pass into an rgba8 target of the same size."""
    gl = GLResources(ctx)
    target = make_target(ctx, "floor", size, "rgba8")
    program = gl.program("passes/floor/solid.frag")
    result = time_frames(lambda: draw(gl, program, target, {}, {"u_value": 0.5}), ctx.finish, frames)
    target.release()
    gl.release()
    return result


def pipeline_cost(ctx, journeys: int, size: tuple[int, int], frames: int, start: float = 420.0) -> dict:
    """Per-frame cost of the festival pipeline, playing forward at 60 fps from `start` (unity act)."""
    pipeline = Pipeline(ctx, load_exhibit(FESTIVAL), tiles_for(journeys))
    clock = iter(range(10**9))
    result = time_frames(lambda: pipeline.render(pipeline.frame(start + next(clock) / 60.0, size)),
                         ctx.finish, frames)
    pipeline.release()
    return result


def python_cost(ctx, journeys: int, frames: int) -> float:
    """Main-thread CPU per frame at a 64x36 canvas, where rasterising costs next to nothing: the
    pipeline's own Python and GL-call overhead, which does not grow with pixels or journeys."""
    return pipeline_cost(ctx, journeys, (64, 36), frames)["main_thread_ms"]


def baseline_cost(ctx, journeys: int, size: tuple[int, int], frames: int) -> dict:
    quads = InstancedQuads(ctx, tiles_for(journeys), size)
    result = time_frames(quads.render, ctx.finish, frames)
    quads.release()
    return result


def scenario(name: str, cost: dict, floor: dict, **extra) -> dict:
    return {
        "name": name, **extra,
        "ms": round(cost["median_ms"], 2), "p90_ms": round(cost["p90_ms"], 2),
        "main_thread_ms": round(cost["main_thread_ms"], 3),
        "floor_ms": round(floor["median_ms"], 2),
        "ratio_to_floor": round(cost["median_ms"] / floor["median_ms"], 2),
        "fps": round(1000.0 / cost["median_ms"], 1),
    }


def run_scenarios(ctx, sizes, journey_counts, frames: int, baseline_journeys: int) -> list[dict]:
    """Every (size, journeys) pipeline figure and the baseline, each with a floor timed just before."""
    results = []
    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        for journeys in journey_counts:
            floor = floor_cost(ctx, size, frames)
            cost = pipeline_cost(ctx, journeys, size, frames)
            results.append(scenario(f"pipeline {label} {journeys:,} journeys", cost, floor, kind="pipeline",
                                    size=list(size), journeys=journeys,
                                    python_overhead_ms=round(python_cost(ctx, journeys, 4 * frames), 3)))
    size = sizes[0]
    floor = floor_cost(ctx, size, max(3, frames // 3))
    results.append(scenario(f"instanced quads {size[0]}x{size[1]} {baseline_journeys:,} journeys",
                            baseline_cost(ctx, baseline_journeys, size, max(3, frames // 3)), floor,
                            kind="baseline", size=list(size), journeys=baseline_journeys))
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
    same = pipe.get((tuple(base["size"]), base["journeys"]))
    if same:
        summary[f"baseline / pipeline at {base['journeys']:,} journeys"] = round(base["ms"] / same["ms"], 1)
    summary["max python overhead ms per frame (64x36)"] = max(r["python_overhead_ms"] for r in pipe.values())
    return summary


def run_bench(json_out: bool = False, quick: bool = False, size=None, journeys=None) -> int:
    """Print every scenario with its floor and ratio, the goal ratios, and the renderer."""
    ctx = create_headless_context()
    sizes = (size,) if size else (QUICK_SIZES if quick else FULL_SIZES)
    counts = (journeys,) if journeys else (QUICK_JOURNEYS if quick else FULL_JOURNEYS)
    frames = 5 if quick else 20
    results = run_scenarios(ctx, sizes, counts, frames, baseline_journeys=max(counts))
    report = {"renderer": renderer_name(ctx), "scenarios": results, "summary": summarise(results)}
    if json_out:
        print(json.dumps(report, indent=2))
        return 0
    print(f"renderer: {report['renderer']}")
    for r in results:
        print(f"{r['name']:<44} {r['ms']:8.2f} ms  floor {r['floor_ms']:6.2f} ms  ratio {r['ratio_to_floor']:6.1f}x"
              f"  {r['fps']:7.1f} fps  main thread {r['main_thread_ms']:.2f} ms"
              + (f"  python {r['python_overhead_ms']:.2f} ms" if "python_overhead_ms" in r else ""))
    for key, value in report["summary"].items():
        print(f"{key}: {value}")
    return 0
