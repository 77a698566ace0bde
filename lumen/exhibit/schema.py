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


EASES: tuple[str, ...] = ("linear", "smoothstep", "ease-in", "ease-out", "ease-in-out", "hold")

# Sections with fixed keys. Tables with free keys (passes, palette.channels) are validated elsewhere.
SECTIONS: dict[str, dict[str, Key]] = {
    "exhibit": {
        "title": Key("str", "Untitled exhibit", doc="shown by `lumen exhibits` and the legend"),
        "summary": Key("str", "", doc="one line for `lumen exhibits`"),
    },
    "display": {
        "size": Key("size", (1920, 1080), doc="canvas size in pixels, [width, height]"),
        "fps": Key("int", 60, 1, 240, doc="target frame rate of the window runtime"),
        "slices": Key("list[table]", (), doc="`[[display.slices]]`: named parts of the canvas, one per "
                      "projector or screen (keys below); they may overlap for edge blending"),
    },
    "black_level": {
        "level": Key("float", 0.0, 0.0, 0.25, doc="projector wall: a projector's black as a share of its full "
                     "light; each slice lifts its black by this much outside its overlaps, so that single "
                     "coverage meets the overlaps' doubled black (docs/wall.md); 0 = off"),
        "soften": Key("int", 8, 1, 512, doc="pixels over which the lift eases in beside an overlap"),
    },
    "data": {
        "path": Key("path", doc="journey records (JSONL or CSV), relative to the declaring exhibit"),
        "district": Key("str", "", doc="show only this district's journeys; empty = every district"),
        "outage_days": Key("list[int]", (180, 210), doc="the network outage window, [first, last] day"),
        "seed": Key("int", 7, 0, 2**31 - 1, doc="seed for per-tile phases (deterministic)"),
        "first_date": Key("date", "", doc="the calendar date of dataset day 0 (`lumen data anonymize` writes "
                          "it into its report); the web form maps a month to a day with it; empty = unknown"),
    },
    "layout": {
        "kind": Key("str", "grid", choices=("grid", "hex", "spiral", "voronoi", "clusters"),
                    doc="how tiles are placed: grid, hex, spiral (golden-angle sunflower), voronoi "
                        "(organic cells), clusters (one island per group)"),
        "order": Key("list[str]", ("district", "income_band", "first_day"),
                     doc="grouping: journey fields (district, age_band, income_band) or features "
                         "that decide which tiles sit together, most significant first"),
        "roundness": Key("float", 3.0, 1.0, 16.0, doc="cell shape: 2 round, larger squarer"),
        "margin": Key("float", 0.04, 0.0, 0.4, doc="empty border as a fraction of the short side"),
        "orientation": Key("str", "pointy", choices=("pointy", "flat"), doc="hex: pointy-top or flat-top cells"),
        "group": Key("str", "district", doc="clusters: the journey field or feature whose values become islands"),
        "gap": Key("float", 0.3, 0.0, 4.0, doc="clusters: water between islands, as a fraction of the mean "
                   "island radius"),
        "arrange": Key("str", "rings", choices=("rings", "sectors"), doc="spiral and clusters: the order runs "
                       "outward in rings, or clockwise round each disc in wedges (neighbours in order sit "
                       "together as a wedge)"),
    },
    "encodings": {
        "hue": Key("str", "dominant_channel", doc="categorical feature that picks a tile's colour "
                   "from `palette.channels`"),
        "brightness": Key("str", "continuity", doc="numeric feature that sets a tile's steady brightness"),
        "rhythm": Key("str", "care_count", doc="numeric feature that sets a tile's pulse frequency"),
        "flare": Key("str", "uniform", choices=("uniform", "dominant_channel"),
                     doc="flare colour: `uniform` (palette.flare for every tile) or `dominant_channel` "
                         "(palette.flare tinted halfway toward the tile's channel colour)"),
        "brightness_range": Key("list[float]", (0.25, 1.6), doc="[dim, bright] light for the feature's min and max"),
        "rhythm_range": Key("list[float]", (0.06, 0.22), doc="[slow, fast] pulse frequency in Hz"),
    },
    "palette": {
        "preset": Key("str", "harmonia", doc="a named palette from the palette library; keys given here override it"),
        "library": Key("path", "", doc="palette library file (`[palettes.NAME]` tables); empty = lumen's "
                       "exhibits/palettes.toml"),
        "background_top": Key("colour", "#06121f", doc="water colour at the top of the canvas"),
        "background_bottom": Key("colour", "#010307", doc="water colour at the bottom of the canvas"),
        "flare": Key("colour", "#fff2c8", doc="colour of a care event's flare"),
        "blend_to": Key("str", "", doc="a second preset whose channel colours the `state.palette_blend` "
                        "parameter fades toward (scenes keyframe it); empty = none"),
        "channels": Key("table", doc="channel name -> colour, used when hue = dominant_channel; "
                        "every channel (clinic, network, mobile, community, none) needs one"),
    },
    "timeline": {
        "days_per_second": Key("float", 2.0, 0.001, 1000.0, doc="dataset days per exhibit second, when "
                               "there are no scenes or a scene gives no `days`"),
        "start_day": Key("float", 0.0, 0.0, 36500.0, doc="dataset day shown at time 0 (or where the first "
                         "scene without `days` starts)"),
        "loop_seconds": Key("float", 0.0, 0.0, 86400.0, doc="if > 0, scene durations and crossfades are "
                            "scaled so the loop lasts this long (a shorter tour of the same story)"),
    },
    "safety": {
        "screen_width_m": Key("float", 4.0, 0.1, 200.0, doc="physical width of the image, metres "
                              "(the flash guard sizes hazardous areas from it)"),
        "viewing_distance_m": Key("float", 3.0, 0.3, 500.0, doc="closest distance a visitor stands from the "
                                  "image, metres"),
    },
    "render": {
        "output": Key("str", "display", doc="the pass whose target is the frame"),
    },
    "story": {
        "language": Key("str", "en", doc="which `[captions.LANG]` table the captions come from"),
        "reroute_origin": Key("list[float]", (0.5, 0.5), doc="[x, y] in canvas fractions (0..1, from the "
                              "top-left): where the rerouting wave starts, as `state.reroute` keys it"),
    },
    "privacy": {
        "min_group": Key("int", 11, 2, 100000, doc="a figure computed over fewer residents than this (or "
                         "counting fewer people) prints as \"–\" (small-number suppression)"),
    },
    "passes": {},
    "scenes": {},
    "captions": {},
}

# Sections whose keys are names the exhibit chooses (passes, scenes, caption languages): each has its
# own checker in lumen/exhibit/.
FREE_SECTIONS = ("passes", "scenes", "captions")

PASS_KEYS: dict[str, Key] = {
    "kind": Key("str", "", doc="pass kind; defaults to the pass name"),
    "inputs": Key("list[str]", (), doc="names of the passes this one reads, in slot order"),
    "scale": Key("float", 1.0, 0.0625, 1.0, doc="output resolution relative to the render region"),
    "format": Key("str", "", choices=("", "rgba8", "rgba16f", "rgba32f"), doc="output texture format"),
    "params": Key("table", doc="parameter values; each kind declares its own with ranges"),
}

SLICE_KEYS: dict[str, Key] = {
    "name": Key("str", doc="the slice's name (`lumen render --slice NAME`)"),
    "region": Key("list[int]", doc="[x, y, width, height] in canvas pixels, origin top-left"),
    "gamma": Key("float", 2.2, 1.0, 3.5, doc="the projector's response (light = value ** gamma): the edge "
                 "blend fades light, not values, across overlaps"),
    "blend_curve": Key("float", 2.0, 0.5, 8.0, doc="shape of the blend ramp across an overlap, w(u) = u^p / "
                       "(u^p + (1 - u)^p): 1 is linear, larger is steeper in the middle; neighbours should "
                       "share it so their light adds up"),
}

SCENE_KEYS: dict[str, Key] = {
    "name": Key("str", doc="the scene's name (`lumen render --scene NAME` renders its midpoint)"),
    "duration": Key("float", lo=0.1, hi=86400.0, doc="length in exhibit seconds"),
    "days": Key("list[float]", (), doc="[first, last] dataset days the scene plays; empty = continue from "
                "the previous scene at `timeline.days_per_second`"),
    "crossfade": Key("float", 0.0, 0.0, 600.0, doc="seconds at the scene's start during which parameters and "
                     "days blend in from the previous scene (the first scene blends from the last: the loop)"),
    "ease": Key("str", "smoothstep", choices=EASES, doc="easing between keyframes, for keys that name none"),
    "params": Key("table", doc="`<pass>.<param>` = a number, keyframes `[[progress, value], ...]` with "
                  "progress 0..1, or `{ keys = [[...]], ease = \"...\" }`"),
}
