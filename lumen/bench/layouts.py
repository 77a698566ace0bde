"""Layout cost: one tile-map computation per layout kind, journey count and size (`python -m lumen.bench.layouts`)."""

from __future__ import annotations

import argparse
import time

import numpy as np

from lumen.encode.tiles import TileData
from lumen.gl.context import create_headless_context, renderer_name
from lumen.passes.base import GLResources
from lumen.passes.frame import Frame, Region
from lumen.passes.journey_textures import JourneyTextures
from lumen.passes.layout import KINDS, LayoutPass


def fake_tiles(n: int, groups: int = 12, seed: int = 1) -> TileData:
    """Tile data with only what a layout reads (order, groups); skewed group sizes like districts."""
    rng = np.random.default_rng(seed)
    weights = rng.pareto(1.5, groups) + 0.2
    group = rng.choice(groups, n, p=weights / weights.sum()).astype(np.int32)
    order = np.lexsort((rng.random(n), group)).astype(np.int32)
    zeros4 = np.zeros((n, 4), np.float32)
    palette = np.zeros((1, 3), np.float32)
    return TileData(count=n, hue=np.zeros(n, np.int32), brightness=np.zeros(n, np.float32), palette=palette,
                    palette_b=palette, rhythm=zeros4, spans=np.zeros((n, 2), np.int32),
                    events=np.zeros((1, 2), np.float32), order=order, version=int(rng.integers(1 << 30)),
                    groups=group)


def time_layout(ctx, kind: str, tiles: TileData, size: tuple[int, int], repeats: int) -> tuple[float, float]:
    """Fastest wall and process-CPU milliseconds (all threads: steadier when other work shares the
    cores) of a full, uncached tile-map computation, seeds included."""
    gl = GLResources(ctx)
    gl.layout = {"kind": kind, "seed": 7}
    gl.data = JourneyTextures(ctx, tiles)
    node = LayoutPass(gl, "tiles", {})
    times, cpu = [], []
    for i in range(repeats + 1):
        frame = Frame(0.0, 0.0, size, Region(0, 0, *size), {"tiles": {"margin": 0.04 + 1e-6 * i}})
        start, start_cpu = time.perf_counter(), time.process_time()
        node.render(frame, [])
        node.output.texture.read()  # wait for the GPU work, as a consumer would
        times.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    node.release()
    gl.data.release()
    gl.release()
    return float(np.min(times[1:])), float(np.min(cpu[1:]))   # the first run compiles shaders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--journeys", default="5000,1000000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    ctx = create_headless_context()
    print(f"renderer: {renderer_name(ctx)}  size {size[0]}x{size[1]}")
    print("ms per tile-map computation (seeds, flood, resolve, readback): wall / CPU of all threads")
    for n in (int(v) for v in args.journeys.split(",")):
        tiles = fake_tiles(n)
        cells = (time_layout(ctx, kind, tiles, size, args.repeats) for kind in KINDS)
        row = "  ".join(f"{kind} {wall:5.0f} / {cpu:4.0f}" for kind, (wall, cpu) in zip(KINDS, cells))
        print(f"{n:>8} journeys: {row}")


if __name__ == "__main__":
    main()
