"""`lumen export`, `lumen poster` and `lumen flashcheck`: clips, posters, and checking them for flashes."""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from pathlib import Path

from lumen.cli.args import EXHIBIT_HELP, add_look_options, open_exhibit, size_arg, time_arg
from lumen.errors import CheckFailed, UserError


def fps_arg(text: str) -> float:
    """A frame rate in (0, 240]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected frames per second, got {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= 240:
        raise argparse.ArgumentTypeError(f"expected a frame rate in (0, 240], got {text!r}")
    return value


def duration_arg(text: str) -> float:
    value = time_arg(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration > 0 seconds, got {text!r}")
    return value


def _logging() -> None:
    """Guard interventions and export warnings on stderr, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("lumen: %(message)s"))
    for name in ("lumen.safety", "lumen.export"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def cmd_export(args: argparse.Namespace) -> int:
    from lumen.exhibit.overrides import check_overrides
    from lumen.export.clip import ClipSpec, export_clip
    from lumen.pipeline.headless import HeadlessRenderer
    from lumen.records.progress import Progress

    _logging()
    exhibit = open_exhibit(args.exhibit)
    out = Path(args.out)
    spec = ClipSpec(out, args.start, args.duration, args.fps, args.size, check_overrides(exhibit, args.overrides),
                    guard=not args.no_flash_guard, preset=args.preset, crf=args.crf)
    _ = spec.kind  # a bad suffix is a user error before anything renders
    renderer = HeadlessRenderer(exhibit, quiet=False, captions=not args.no_captions)
    size = spec.size or exhibit.size
    progress = Progress(f"export {out.name or out}", spec.frames, unit="frames")
    try:
        result = export_clip(renderer, spec, progress)
    finally:
        progress.close()
        renderer.release()
    state = "interrupted" if result.interrupted else "done"
    print(f"{result.path}: {state}, {result.frames} of {result.planned} frames at {spec.fps:g} fps, "
          f"{size[0]}x{size[1]}, flash guard {'on' if spec.guard else 'OFF'}"
          + (f" ({result.interventions} interventions, logged above)" if result.interventions else ""))
    print(f"provenance of {result.path}:\n{result.provenance.lines()}", file=sys.stderr)
    return 130 if result.interrupted else 0


def cmd_poster(args: argparse.Namespace) -> int:
    import resource

    from lumen.export.png_stream import PngStream
    from lumen.export.poster import poster_steps, render_poster
    from lumen.pipeline.headless import HeadlessRenderer
    from lumen.pipeline.provenance import provenance_of, time_text
    from lumen.records.progress import Progress

    exhibit = open_exhibit(args.exhibit)
    if args.out.suffix.lower() != ".png":
        raise UserError(f"{args.out}: a poster is a .png file")
    renderer = HeadlessRenderer(exhibit, quiet=False, captions=not args.no_captions)
    facts = provenance_of(exhibit, time_text(args.time), args.size)
    sink = PngStream(args.out, args.size, facts.fields())
    progress = Progress(f"poster {args.out.name}", poster_steps(renderer.pipeline, args.size), unit="bands")
    try:
        how = render_poster(renderer, args.time, args.size, sink, progress=progress)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    finally:
        progress.close()
        renderer.release()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(args.out)
    print(f"poster {args.size[0]}x{args.size[1]} ({how}), peak memory {peak:.0f} MiB\n"
          f"provenance of {args.out}:\n{facts.lines()}", file=sys.stderr)
    return 0


def cmd_flashcheck(args: argparse.Namespace) -> int:
    from lumen.export.flashcheck import check_folder, check_video

    source = Path(args.source)
    if source.is_dir():
        report = check_folder(source, args.fps)
    elif source.is_file():
        report = check_video(source)
    else:
        raise UserError(f"{source}: no such video file or folder of frames")
    print(json.dumps(report.as_dict(), indent=1) if args.json else report.text())
    if report.hazard:
        raise CheckFailed(f"{source}: flash hazard: {report.worst_flashes} flashes in one second over the area "
                          f"(WCAG 2.3.1 allows 3)")
    return 0


def register(sub) -> None:
    """Add export, poster and flashcheck to the `lumen` subparsers."""
    p = sub.add_parser("export", help="render a clip offline to .mp4, .gif or a folder of PNG frames")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--out", required=True, help="FILE.mp4, FILE.gif, or a folder (frames as PNGs)")
    p.add_argument("--start", type=time_arg, default=0.0, help="exhibit time of the first frame, seconds")
    p.add_argument("--duration", type=duration_arg, default=10.0, help="seconds of exhibit time (default 10)")
    p.add_argument("--fps", type=fps_arg, default=30.0, help="frames per second (default 30); frame k shows start + k/fps")
    p.add_argument("--size", type=size_arg, help="WIDTHxHEIGHT (default: the exhibit's)")
    p.add_argument("--preset", default="veryfast", choices=["ultrafast", "superfast", "veryfast", "faster", "fast",
                                                            "medium", "slow"], help="x264 speed preset (mp4)")
    p.add_argument("--crf", type=int, default=18, choices=range(52), metavar="0-51",
                   help="x264 quality, lower is better (mp4; default 18)")
    add_look_options(p)
    p.add_argument("--no-flash-guard", action="store_true",
                   help="write frames as rendered, without the flash guard (logged; for checking the guard itself)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("poster", help="one frame at any size (beyond the GL limit), streamed to a PNG in bands")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--time", type=time_arg, required=True, help="exhibit time in seconds")
    p.add_argument("--size", type=size_arg, required=True, help="WIDTHxHEIGHT, e.g. 16384x16384")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--no-captions", action="store_true", help="leave the captions out")
    p.set_defaults(func=cmd_poster)

    p = sub.add_parser("flashcheck", help="count flashes in a video or a folder of frames (exit 3 on a hazard)")
    p.add_argument("source", metavar="VIDEO|DIR")
    p.add_argument("--fps", type=fps_arg, help="frame rate of a folder of frames (default: its manifest's)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_flashcheck)
