"""Argument types shared by the CLI's commands: exhibits, sizes, regions, times."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

from lumen.assets import exhibit_path
from lumen.pipeline.regions import Crop

DEFAULT_EXHIBIT = "festival"
EXHIBIT_HELP = "exhibit .toml, or a shipped exhibit's name (festival, traveling/kiosk; see `lumen exhibits`)"

_SIZE = re.compile(r"^(\d{1,5})x(\d{1,5})$")


def size_arg(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720)."""
    match = _SIZE.match(text.strip().lower())
    if not match or not all(0 < int(v) <= 65536 for v in match.groups()):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1920x1080, got {text!r}")
    return int(match.group(1)), int(match.group(2))


def region_arg(text: str) -> Crop:
    """'X,Y,W,H' in image pixels (origin top-left) -> Crop."""
    parts = text.split(",")
    try:
        x, y, w, h = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected X,Y,W,H as four integers, got {text!r}") from None
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise argparse.ArgumentTypeError(f"expected X,Y >= 0 and W,H > 0, got {text!r}")
    return Crop(x, y, w, h)


def time_arg(text: str) -> float:
    """A finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time in seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a finite time >= 0, got {text!r}")
    return value


_SET = re.compile(r"^([A-Za-z_][\w-]*)\.([A-Za-z_]\w*)=(.+)$")


def set_arg(text: str) -> tuple[str, str, float]:
    """'bloom.levels=5' -> ('bloom', 'levels', 5.0); the exhibit checks the pass, name and range."""
    match = _SET.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected PASS.PARAM=VALUE such as state.coupling=1, got {text!r}")
    try:
        value = float(match.group(3))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number after '='") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a finite number")
    return match.group(1), match.group(2), value


def add_look_options(p: argparse.ArgumentParser) -> None:
    """--set and --no-captions, shared by render, run and export."""
    p.add_argument("--set", dest="overrides", type=set_arg, action="append", default=[], metavar="PASS.PARAM=V",
                   help="try a parameter value without editing the exhibit (repeatable), e.g. --set bloom.levels=5")
    p.add_argument("--no-captions", action="store_true", help="leave the captions out (stills, measuring the light)")


def exhibit_file(spec: str | None) -> Path:
    """The exhibit file an EXHIBIT argument names (the festival when omitted), absolute."""
    return exhibit_path(spec or DEFAULT_EXHIBIT).resolve()


def open_exhibit(spec: str | None):
    """Load and validate the exhibit an EXHIBIT argument names; a user error says what is wrong."""
    from lumen.exhibit import load_exhibit

    return load_exhibit(exhibit_file(spec))
