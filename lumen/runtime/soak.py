"""Soak benchmark: the show loop offscreen for many frames with journeys arriving live; prints JSON.

python -m lumen.runtime.soak [--frames 20000] [--size 320x180] [--every 200]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
import threading
import time
from pathlib import Path

import moderngl
import numpy as np

from lumen.assets import DATA, EXHIBITS
from lumen.runtime.logs import setup_logging
from lumen.runtime.show import RunOptions, Show
from lumen.runtime.window import OffscreenSurface

GL_TYPES = (moderngl.Texture, moderngl.Framebuffer, moderngl.Program, moderngl.VertexArray, moderngl.Buffer)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def gl_objects() -> int:
    """Live moderngl wrapper objects that still hold a GL name (released ones have glo -1 or 0)."""
    return sum(1 for o in gc.get_objects() if isinstance(o, GL_TYPES) and getattr(o, "glo", -1) not in (-1, 0))


def feeder(source: Path, target: Path, stop: threading.Event, per_batch: int, interval: float) -> None:
    """Append journeys from `source` (ids renamed so each is new) to `target` until stopped."""
    lines = source.read_bytes().splitlines()
    batch = 0
    while not stop.wait(interval):
        chunk = []
        for k in range(per_batch):
            line = lines[(batch * per_batch + k) % len(lines)]
            chunk.append(line.replace(b'"id": "', f'"id": "soak{batch}x'.encode(), 1)
                         .replace(b'"id":"', f'"id":"soak{batch}x'.encode(), 1))
        with open(target, "ab") as f:
            f.write(b"\n".join(chunk) + b"\n")
        batch += 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lumen.runtime.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--exhibit", type=Path, default=EXHIBITS / "festival.toml")
    parser.add_argument("--frames", type=int, default=20000)
    parser.add_argument("--size", type=lambda text: tuple(int(v) for v in text.lower().split("x")),
                        default=(320, 180), help="WIDTHxHEIGHT")
    parser.add_argument("--every", type=int, default=500, help="sample RSS and GL objects every N frames")
    parser.add_argument("--batch", type=int, default=5, help="journeys per live append")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between live appends")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="lumen-soak-"))
    setup_logging(work / "logs", "soak", stderr=False)
    live = work / "live.jsonl"
    live.touch()
    opts = RunOptions(exhibit=args.exhibit, size=args.size, watch=live, osc_port=None, reload=False,
                      pace=False, step=1 / 60, state=work, max_frames=args.frames, hud=True)
    show = Show(opts, lambda commands: OffscreenSurface(commands, args.size))
    samples: list[tuple[int, float, int]] = []

    def sample(s: Show) -> None:
        if s.stats.frames % args.every == 0:
            samples.append((s.stats.frames, rss_mb(), gl_objects()))
            if s.hud_on:
                s.hud.set_lines(s.hud_lines())

    show.on_frame = sample
    stop = threading.Event()
    data_file = DATA / "harmonia-sample.jsonl"
    thread = threading.Thread(target=feeder, args=(data_file, live, stop, args.batch, args.interval), daemon=True)
    thread.start()
    began = time.perf_counter()
    # Preallocated, so the soak's own bookkeeping does not grow the memory it is measuring.
    all_times = np.zeros(args.frames + 1)
    recorded = 0

    def record(s: Show) -> None:
        nonlocal recorded
        if s.stats.times and recorded < len(all_times):
            all_times[recorded] = s.stats.times[-1]
            recorded += 1
        sample(s)

    show.on_frame = record
    show.run()
    stop.set()
    wall = time.perf_counter() - began
    frames = np.array([f for f, _, _ in samples], float)
    rss = np.array([r for _, r, _ in samples])
    warm = frames >= min(2000, frames.max() / 5) if len(frames) else frames
    slope = float(np.polyfit(frames[warm], rss[warm], 1)[0] * 10000) if warm.sum() >= 3 else float("nan")
    times = all_times[10:recorded] * 1e3
    result = {
        "frames": int(show.stats.frames), "size": list(args.size), "wall_s": round(wall, 1),
        "journeys_end": int(show.tiles.count), "live_added": show.counters["live_added"],
        "live_batches": show.counters["live_batches"], "live_relayouts": show.counters["live_relayouts"],
        "frame_ms_p50": round(float(np.percentile(times, 50)), 2), "frame_ms_p99": round(float(np.percentile(times, 99)), 2),
        "frame_ms_max": round(float(times.max()), 2),
        "rss_mb_start": round(float(rss[0]), 1), "rss_mb_end": round(float(rss[-1]), 1),
        "rss_slope_mb_per_10k_frames_after_warmup": round(slope, 3),
        "gl_objects_first": samples[0][2], "gl_objects_last": samples[-1][2],
        "gl_objects_max": max(s[2] for s in samples), "errors": show.errors, "state_dir": str(work),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
