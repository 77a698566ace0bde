"""`lumen run`, `lumen supervise` and `lumen install-service`: the venue runtime's commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from lumen.cli.args import EXHIBIT_HELP, add_look_options, exhibit_file, size_arg, time_arg

STILL_TIME = 420.0  # the still `lumen run` renders with no display: the festival's unity act


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("exhibit", nargs="?", help=EXHIBIT_HELP + " (default: festival)")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen (for artists)")
    p.add_argument("--monitor", help="full-screen monitor: index (0, 1, ...) or part of its name")
    p.add_argument("--size", type=size_arg, help="render size WIDTHxHEIGHT (default: the window's size)")
    p.add_argument("--start", type=time_arg, help="show time to start at, seconds (default 0)")
    p.add_argument("--duration", type=time_arg, help="exit by itself after this many seconds")
    p.add_argument("--watch", type=Path, help="live journeys: a JSONL file that grows, or a folder of files")
    p.add_argument("--osc-host", default="127.0.0.1", help="OSC address to bind (default loopback only)")
    p.add_argument("--osc-port", type=int, default=9137, help="OSC UDP port (default 9137; 0 turns OSC off)")
    p.add_argument("--hud", action="store_true", help="start with the HUD shown")
    p.add_argument("--no-reload", action="store_true", help="do not watch files for hot reload")
    add_look_options(p)
    p.add_argument("--no-flash-guard", action="store_true", help="switch the flash guard off (logged, shown "
                   "in the HUD; for measuring the light alone, never for an audience)")
    p.add_argument("--state-dir", type=Path, help="logs, status, screenshots, quarantine "
                   "(default $LUMEN_STATE_DIR or ~/.local/state/lumen)")
    wall = p.add_argument_group("projector walls (docs/wall.md)")
    wall.add_argument("--slice", help="show one named slice of the canvas (this machine's projector); --size "
                      "is then the canvas size, scaled from the exhibit's")
    role = wall.add_mutually_exclusive_group()
    role.add_argument("--lead", action="store_true", help="lead a wall: announce the show's timeline to followers")
    role.add_argument("--follow", type=follow_arg, metavar="HOST[:PORT]",
                      help="follow the leader at HOST (its --osc-port, default 9137)")
    wall.add_argument("--allow", type=lambda text: tuple(h for h in text.split(",") if h), default=(),
                      metavar="HOST[,HOST]", help="a follower also takes OSC from these (a staff tablet)")
    wall.add_argument("--calibration", type=Path, help="the venue's warp calibration file (made if missing; "
                      "saved as staff adjust the warp)")
    wall.add_argument("--no-blend", action="store_true", help="leave the slice's edge blend out")
    wall.add_argument("--swap-group", type=swap_group_arg, metavar="GROUP[:BARRIER]",
                      help="frame-locked swaps with NVIDIA swap groups and a sync card (GLX_NV_swap_group; "
                      "logged and skipped where the driver lacks it)")
    p.add_argument("--offscreen", action="store_true", help="run the show on an offscreen surface (no window: "
                   "a wall's leader without a projector, tests)")


def follow_arg(text: str) -> tuple[str, int]:
    """'HOST[:PORT]' -> (host, port), the port defaulting to the show's OSC port."""
    host, _, port = text.rpartition(":") if ":" in text else (text, "", "9137")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST or HOST:PORT such as 10.0.0.5:9137, got {text!r}")
    return host, int(port)


def swap_group_arg(text: str) -> tuple[int, int]:
    """'GROUP[:BARRIER]' (whole numbers, GROUP >= 1; BARRIER 0 or left out: none) -> (group, barrier)."""
    group, _, barrier = text.partition(":")
    if not group.isdigit() or int(group) < 1 or (barrier and not barrier.isdigit()):
        raise argparse.ArgumentTypeError(f"expected GROUP[:BARRIER] such as 1 or 1:1 (GROUP >= 1), got {text!r}")
    return int(group), int(barrier or 0)


def _state(args) -> Path:
    from lumen.runtime.logs import state_dir

    if args.state_dir:
        os.environ["LUMEN_STATE_DIR"] = str(args.state_dir.resolve())
    return state_dir()


def render_still(args: argparse.Namespace, exhibit_path: Path, overrides: dict) -> int:
    """No display (make demo on a headless machine): one still of the show into out/."""
    from lumen.exhibit import load_exhibit
    from lumen.pipeline.headless import HeadlessRenderer, save_png
    from lumen.pipeline.provenance import provenance_of, time_text

    exhibit = load_exhibit(exhibit_path)
    start = STILL_TIME if args.start is None else args.start
    out = Path("out") / f"{exhibit.path.stem}-t{start:g}.png"
    size = args.size or (1920, 1080)
    print(f"lumen run: no display; rendering a {size[0]}x{size[1]} still at t={start:g}s", file=sys.stderr)
    renderer = HeadlessRenderer(exhibit, quiet=False, captions=not args.no_captions)
    print(save_png(renderer.render(start, size, overrides=overrides), out, provenance_of(exhibit, time_text(start), size)))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from lumen.exhibit import load_exhibit
    from lumen.exhibit.overrides import check_overrides

    exhibit_path = exhibit_file(args.exhibit)
    # A broken exhibit or --set at start is a user error (exit 1), not a black screen.
    exhibit = load_exhibit(exhibit_path)
    overrides = check_overrides(exhibit, args.overrides)
    if not has_display() and not args.offscreen:
        return render_still(args, exhibit_path, overrides)
    if args.no_flash_guard:
        print("lumen run: the flash guard is OFF (--no-flash-guard)", file=sys.stderr)
    from lumen.runtime.logs import setup_logging
    from lumen.runtime.show import RunOptions, Show
    from lumen.runtime.wall_output import WallOptions
    from lumen.runtime.window import OffscreenSurface, WindowSurface

    wall, size, surface_size = None, args.size, args.size
    if args.slice or args.lead or args.follow or args.calibration:
        from lumen.wall.slices import slice_setup

        wall = WallOptions(slice=args.slice, calibration=args.calibration, blend=not args.no_blend,
                           lead=args.lead, follow=args.follow, allow=args.allow)
        if args.slice:   # --size is the canvas; the window shows the slice
            size = args.size or exhibit.size
            surface_size = slice_setup(exhibit, args.slice, size).size
    state = _state(args)
    setup_logging(state / "logs", "show")
    opts = RunOptions(exhibit=exhibit_path, windowed=args.windowed, monitor=args.monitor, size=size,
                      start=args.start or 0.0, duration=args.duration, watch=args.watch,
                      osc_host=args.osc_host, osc_port=args.osc_port or None, hud=args.hud,
                      reload=not args.no_reload, state=state, overrides=overrides,
                      captions=not args.no_captions, flash_guard=not args.no_flash_guard, wall=wall)

    def surface(commands):
        if args.offscreen:
            return OffscreenSurface(commands, surface_size or size or exhibit.size)
        return WindowSurface(commands, windowed=args.windowed, monitor=args.monitor,
                             size=surface_size, title=f"lumen: {exhibit_path.stem}", swap_group=args.swap_group)

    return Show(opts, surface).run()


def cmd_supervise(args: argparse.Namespace) -> int:
    from lumen.runtime.logs import setup_logging
    from lumen.runtime.supervise import Supervisor, run_argv

    state = _state(args)
    setup_logging(state / "logs", "supervise")
    args.exhibit = exhibit_file(args.exhibit)  # the child gets an absolute path, whatever its folder
    return Supervisor(run_argv(args), state, min_backoff=args.backoff).run()


def cmd_install_service(args: argparse.Namespace) -> int:
    from lumen.runtime.service import install_service

    args.exhibit = exhibit_file(args.exhibit)
    print(install_service(args))
    return 0


def register(sub) -> None:
    """Add run, supervise and install-service to the `lumen` subparsers."""
    p = sub.add_parser("run", help="run the installation full screen (renders a still when there is no display)")
    add_run_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("supervise", help="run the show and restart it after a crash (backoff >= 3 s)")
    add_run_options(p)
    p.add_argument("--backoff", type=float, default=3.0, help="first restart delay, seconds (minimum 3)")
    p.set_defaults(func=cmd_supervise)

    p = sub.add_parser("install-service", help="write a systemd user unit that starts `lumen supervise`")
    p.add_argument("exhibit", nargs="?", help=EXHIBIT_HELP + " (default: festival)")
    p.add_argument("--out", type=Path, help="unit file path (default ~/.config/systemd/user/lumen.service)")
    p.add_argument("--display", default=os.environ.get("DISPLAY") or ":0", help="X display (default :0)")
    p.add_argument("--windowed", action="store_true")
    p.add_argument("--monitor")
    p.add_argument("--watch", type=Path)
    p.set_defaults(func=cmd_install_service)

