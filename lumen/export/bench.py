"""Export and safety benchmarks: `python -m lumen.export.bench [--size WxH] [--seconds S] [--json]`.

1. Where an export's time goes: rendering alone, + the flash guard, + readback, the encoder alone
   (x264 on rendered frames), and the whole export (render, guard, readback, x264 in parallel).
2. The guard's cost as a ratio: a guarded and an unguarded pipeline play the same frames, one frame
   of each in turn (the order swapped every round), so a slow minute of this host lands on both.
3. Posters: peak memory (RSS) of `lumen poster` at 4K and 16384x16384, beside the process's own
   baseline (a 64x36 render) and the full image in float."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lumen.assets import exhibit_path
from lumen.exhibit import load_exhibit
from lumen.export.clip import ClipSpec, export_clip
from lumen.export.ffmpeg import FfmpegSink
from lumen.pipeline.headless import HeadlessRenderer
from lumen.safety.surface import FlashGuard

START = 420.0     # the unity act: every tile lit and pulsing, the glow field stepping


def frame_times(renderer, guard, size, fps, frames, start, readback=False) -> list[float]:
    ctx, p = renderer.ctx, renderer.pipeline
    buffer = ctx.buffer(reserve=size[0] * size[1] * 4)
    times = []
    for k in range(frames):
        t = start + k / fps
        began = time.perf_counter()
        target = p.render(p.frame(t, size, None, guard.overrides(t, {}) if guard else {}))[p.output_name]
        shown = guard.apply(target, t) if guard else target
        if readback:
            shown.fbo.read_into(buffer, components=4)
            buffer.read()
        ctx.finish()
        times.append(time.perf_counter() - began)
    buffer.release()
    return times


def guard_ratio(exhibit, size, fps, frames) -> dict:
    """Interleaved: round k renders frame k with and without the guard, in alternating order."""
    plain = HeadlessRenderer(exhibit)
    guarded = HeadlessRenderer(exhibit, data=plain.data, ctx=plain.ctx)
    guard = FlashGuard(plain.ctx, guarded.pipeline, size)
    on, off = [], []
    for k in range(frames):
        t = START + k / fps
        pair = [(guarded, guard, on), (plain, None, off)]
        for renderer, g, out in (pair if k % 2 else pair[::-1]):
            out += frame_times(renderer, g, size, fps, 1, t, readback=True)
    on, off = on[5:], off[5:]   # warm-up
    guard.release()
    plain.release()
    guarded.release()
    return {"frames": len(on), "guarded_ms": statistics.median(on) * 1e3, "plain_ms": statistics.median(off) * 1e3,
            "ratio": statistics.median(on) / statistics.median(off),
            "mean_ratio": statistics.fmean(on) / statistics.fmean(off)}


def export_stages(exhibit, size, fps, seconds, preset) -> dict:
    frames = round(seconds * fps)
    renderer = HeadlessRenderer(exhibit)
    frame_times(renderer, None, size, fps, 5, START - 1)
    render = frame_times(renderer, None, size, fps, frames, START)
    guard = FlashGuard(renderer.ctx, renderer.pipeline, size)
    guarded = frame_times(renderer, guard, size, fps, frames, START + seconds, readback=True)
    guard.release()
    raw = [renderer.render(START + k / fps, size).tobytes() for k in range(0, frames, max(1, frames // 30))]
    with tempfile.TemporaryDirectory() as tmp:
        sink = FfmpegSink(Path(tmp) / "encode.mp4", size, fps, 4, preset=preset)
        began = time.perf_counter()
        for k in range(frames):
            sink.put(raw[k % len(raw)])
        sink.close()
        encode = time.perf_counter() - began
        began = time.perf_counter()
        export_clip(renderer, ClipSpec(Path(tmp) / "clip.mp4", START + 2 * seconds, seconds, fps, size, preset=preset))
        whole = time.perf_counter() - began
    renderer.release()
    return {"frames": frames, "size": list(size), "preset": preset,
            "render_ms": statistics.median(render) * 1e3, "render_guard_readback_ms": statistics.median(guarded) * 1e3,
            "encode_alone_fps": frames / encode, "export_fps": frames / whole, "export_s": whole}


def poster_memory(size: tuple[int, int]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "poster.png"
        began = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "lumen.cli", "poster", "festival", "--time", str(START),
                                 "--size", f"{size[0]}x{size[1]}", "--out", str(out)],
                                capture_output=True, text=True, timeout=7200)
        seconds = time.perf_counter() - began
        base = subprocess.run([sys.executable, "-c", "import resource; from lumen.cli import main; "
                               f"main(['render', 'festival', '--time', '{START}', '--size', '64x36', '--out', '{tmp}/b.png']); "
                               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                              capture_output=True, text=True, timeout=600)
    peak = re.search(r"peak memory (\d+) MiB", result.stderr)
    return {"size": list(size), "seconds": seconds, "peak_mib": int(peak.group(1)) if peak else None,
            "baseline_mib": int(base.stdout.split()[-1]) // 1024,
            "float_image_mib": size[0] * size[1] * 16 // 2 ** 20, "error": result.stderr[-400:] if result.returncode else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lumen.export.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--preset", default="veryfast")
    parser.add_argument("--posters", default="3840x2160,16384x16384", help="comma-separated sizes ('' for none)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.split("x"))
    exhibit = load_exhibit(exhibit_path("festival"))
    report = {"export": export_stages(exhibit, size, args.fps, args.seconds, args.preset),
              "guard": guard_ratio(exhibit, size, args.fps, round(args.seconds * args.fps)),
              "posters": [poster_memory(tuple(int(v) for v in s.split("x"))) for s in args.posters.split(",") if s]}
    print(json.dumps(report, indent=1) if args.json else "\n".join(f"{k}: {v}" for k, v in report.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
