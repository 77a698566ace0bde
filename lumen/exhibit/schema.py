"""The exhibit schema as data: every key's type, default and range, used to validate and document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """One config key: its type name, default (None = required), an optional range or choice list."""

    type: str                      # "int", "float", "str", "bool", "path", "size", "colour", "list[str]", "table"
    default: Any = None
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    doc: str = ""


# Sections with fixed keys. Tables with free keys (passes, palette.channels) are validated elsewhere.
SECTIONS: dict[str, dict[str, Key]] = {
    "exhibit": {
        "title": Key("str", "Untitled exhibit", doc="shown by `lumen exhibits` and the legend"),
        "summary": Key("str", "", doc="one line for `lumen exhibits`"),
    },
    "display": {
        "size": Key("size", (1920, 1080), doc="canvas size in pixels, [width, height]"),
        "fps": Key("int", 60, 1, 240, doc="target frame rate of the window runtime"),
    },
    "data": {
        "path": Key("path", doc="journey records (JSONL or CSV), relative to the declaring exhibit"),
        "outage_days": Key("list[int]", (180, 210), doc="the network outage window, [first, last] day"),
        "seed": Key("int", 7, 0, 2**31 - 1, doc="seed for per-tile phases (deterministic)"),
    },
    "layout": {
        "kind": Key("str", "grid", choices=("grid",), doc="how tiles are placed"),
        "order": Key("list[str]", ("district", "income_band", "first_day"),
                     doc="sort keys that decide which tiles sit together"),
        "roundness": Key("float", 3.0, 1.0, 16.0, doc="cell shape: 2 round, larger squarer"),
        "margin": Key("float", 0.04, 0.0, 0.4, doc="empty border as a fraction of the short side"),
    },
    "encodings": {
        "hue": Key("str", "dominant_channel", doc="feature that picks a tile's colour"),
        "brightness": Key("str", "continuity", doc="feature that sets a tile's steady brightness"),
        "rhythm": Key("str", "care_count", doc="feature that sets a tile's pulse frequency"),
        "brightness_range": Key("list[float]", (0.25, 1.6), doc="[dim, bright] light for the feature's min and max"),
        "rhythm_range": Key("list[float]", (0.06, 0.22), doc="[slow, fast] pulse frequency in Hz"),
    },
    "palette": {
        "background_top": Key("colour", "#06121f"),
        "background_bottom": Key("colour", "#010307"),
        "flare": Key("colour", "#fff2c8", doc="colour of a care event's flare"),
        "channels": Key("table", doc="channel name -> colour, used when hue = dominant_channel"),
    },
    "timeline": {
        "days_per_second": Key("float", 2.0, 0.001, 1000.0, doc="dataset days shown per exhibit second"),
        "start_day": Key("float", 0.0, 0.0, 36500.0, doc="dataset day shown at time 0"),
    },
    "render": {
        "output": Key("str", "display", doc="the pass whose target is the frame"),
    },
    "passes": {},
}

PASS_KEYS: dict[str, Key] = {
    "kind": Key("str", "", doc="pass kind; defaults to the pass name"),
    "inputs": Key("list[str]", (), doc="names of the passes this one reads, in slot order"),
    "scale": Key("float", 1.0, 0.0625, 1.0, doc="output resolution relative to the render region"),
    "format": Key("str", "", choices=("", "rgba8", "rgba16f", "rgba32f"), doc="output texture format"),
    "params": Key("table", doc="parameter values; each kind declares its own with ranges"),
}
