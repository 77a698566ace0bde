"""`lumen bench`: the pipeline's per-frame cost beside a trivial full-screen pass, in one run."""

from __future__ import annotations

import json
from pathlib import Path

from lumen.bench.timing import time_frames
from lumen.exhibit import load_exhibit
from lumen.features import compute_features
from lumen.gl.context import create_headless_context, renderer_name
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.pipeline import Pipeline
from lumen.synth import synthesize
from lumen.tiles import build_tile_data

FESTIVAL = Path(__file__).resolve().parents[2] / "exhibits" / "festival.toml"


def floor_cost(ctx, size: tuple[int, int], frames: int) -> dict:
    """The floor: one trivial full-screen pass into an rgba8 target of the same size."""
    gl = GLResources(ctx)
    target = make_target(ctx, "floor", size, "rgba8")
    program = gl.program("passes/floor/solid.frag")
    result = time_frames(lambda: draw(gl, program, target, {}, {"u_value": 0.5}), ctx.finish, frames)
    target.release()
    gl.release()
    return result


def pipeline_cost(ctx, exhibit, journeys: int, size: tuple[int, int], frames: int, seed: int = 1) -> dict:
    """Per-frame cost of the exhibit's full pipeline on `journeys` synthetic journeys."""
    data = synthesize(journeys, seed=seed)
    features = compute_features(data, outage_days=tuple(exhibit["data"]["outage_days"]))
    pipeline = Pipeline(ctx, exhibit, build_tile_data(data, features, exhibit))
    clock = iter(range(10**9))
    # Advance time every frame so the simulation does real work, as in a show.
    result = time_frames(lambda: pipeline.render(pipeline.frame(next(clock) / 60.0, size)), ctx.finish, frames)
    pipeline.release()
    return result


def run_bench(json_out: bool = False, quick: bool = False, size=(1920, 1080), journeys: int = 5000) -> int:
    """Print the scenario figures, each with the same-run floor and the ratio, and the renderer."""
    ctx = create_headless_context()
    exhibit = load_exhibit(FESTIVAL)
    frames = 5 if quick else 30
    if quick:
        size = (min(size[0], 640), min(size[1], 360))
    floor = floor_cost(ctx, size, frames)
    pipe = pipeline_cost(ctx, exhibit, journeys, size, frames)
    report = {
        "renderer": renderer_name(ctx),
        "scenarios": [{
            "name": f"pipeline {size[0]}x{size[1]} {journeys} journeys",
            "size": list(size), "journeys": journeys,
            "pipeline_ms": round(pipe["median_ms"], 3), "pipeline_p90_ms": round(pipe["p90_ms"], 3),
            "python_ms": round(pipe["python_ms"], 4),
            "floor_ms": round(floor["median_ms"], 3),
            "ratio": round(pipe["median_ms"] / floor["median_ms"], 2),
            "fps": round(1000.0 / pipe["median_ms"], 1),
        }],
    }
    if json_out:
        print(json.dumps(report, indent=2))
    else:
        print(f"renderer: {report['renderer']}")
        for s in report["scenarios"]:
            print(f"{s['name']:<40} {s['pipeline_ms']:8.2f} ms  floor {s['floor_ms']:6.2f} ms  "
                  f"ratio {s['ratio']:5.1f}x  {s['fps']:6.1f} fps  python {s['python_ms']:.3f} ms")
    return 0
