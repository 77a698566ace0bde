"""Encodings: journeys + features + palette -> per-tile numeric arrays (TileData). Pure numpy."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from lumen.encode.colour import hex_to_srgb, srgb_to_linear
from lumen.records.journeys import Journeys
from lumen.records.schema import CHANNELS, EVENT_KINDS

# How each event kind moves a tile's light: care lights it up, missed care and barriers shade it.
EVENT_GAIN = {
    "checkup": 1.0, "cleaning": 0.8, "filling": 0.9, "extraction": 0.7, "root_canal": 0.9,
    "orthodontic": 0.7, "emergency": 0.6, "outreach": 1.0, "workshop": 1.0,
    "missed": -1.0, "barrier": -1.0,
}
_versions = itertools.count(1)


@dataclass(frozen=True)
class TileData:
    """What the GPU needs per journey; no identifiers, only numbers."""

    count: int
    hue: np.ndarray         # (n,) int32: colour code, a row of `palette`
    brightness: np.ndarray  # (n,) float32: base brightness
    palette: np.ndarray     # (codes, 3) float32: linear rgb of each colour code
    palette_b: np.ndarray   # (codes, 3) float32: the same under palette.blend_to (= palette without one)
    rhythm: np.ndarray      # (n, 4) float32: pulse Hz, phase0 rad, outage impact, presence day
    spans: np.ndarray     # (n, 2) int32: first event, event count
    events: np.ndarray    # (m, 2) float32: day, signed gain
    order: np.ndarray     # (n,) int32: layout slot -> journey index
    version: int          # changes whenever the data changes, so GL caches know to rebuild
    groups: np.ndarray | None = None  # (n,) int32: group code per journey ([layout] group, for clusters)
    journey: np.ndarray | None = None  # (n,) int32: the journey of each row, once rows are in slot order

    @property
    def colour(self) -> np.ndarray:
        """(n, 4) float32: each tile's linear rgb and base brightness."""
        return np.concatenate([self.palette[self.hue], self.brightness[:, None]], axis=1)

    @property
    def colour_b(self) -> np.ndarray:
        """(n, 3) float32: each tile's linear rgb under palette.blend_to."""
        return self.palette_b[self.hue]


@dataclass(frozen=True)
class EncodingScale:
    """What an encoding takes from the whole dataset: the min-max ranges of the brightness and rhythm
    features, and the days over which continuity counts its windows. Kept from a full load until the
    next, so journeys that arrive live encode on their own, at the scale of the tiles on screen (their
    values clamped into it), and no tile already shown changes."""

    brightness: tuple[float, float]
    rhythm: tuple[float, float]
    span_days: int


def value_range(values: np.ndarray) -> tuple[float, float]:
    """(min, max) of a column as float32 sees it; (0, 1) for an empty one."""
    values = values.astype(np.float32)
    return (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)


def encoding_scale(journeys: Journeys, features: dict[str, np.ndarray], exhibit) -> EncodingScale:
    """The scale of a whole dataset (the same days compute_features counts continuity over)."""
    enc = exhibit["encodings"]
    span_days = int(journeys.event_day.max()) + 1 if journeys.n_events else 1
    return EncodingScale(value_range(features[enc["brightness"]]), value_range(features[enc["rhythm"]]), span_days)


def normalise(values: np.ndarray, bounds: tuple[float, float] | None = None) -> np.ndarray:
    """Rank-free min-max to [0,1] over `bounds` (default: the column's own range), values outside
    clamped; a constant range maps to 0.5 so nothing is lost to NaN."""
    values = values.astype(np.float32)
    lo, hi = value_range(values) if bounds is None else bounds
    if hi - lo < 1e-12:
        return np.full_like(values, 0.5)
    return np.clip((values - lo) / (hi - lo), 0.0, 1.0)


def channel_colours(channels: dict[str, str]) -> np.ndarray:
    """Palette table -> (len(CHANNELS), 3) float32 linear colours indexed by channel code."""
    return srgb_to_linear(hex_to_srgb([channels[name] for name in CHANNELS])).astype(np.float32)


def layout_order(journeys: Journeys, features: dict[str, np.ndarray], keys: tuple[str, ...]) -> np.ndarray:
    """Slot order: a stable sort by the given journey columns or features, so groups sit together."""
    columns = []
    for key in keys:
        column = getattr(journeys, key, None) if key in ("district", "age_band", "income_band") else features[key]
        columns.append(np.asarray(column))
    if not columns:
        return np.arange(len(journeys), dtype=np.int32)
    return np.lexsort(tuple(reversed(columns))).astype(np.int32)


def layout_groups(journeys: Journeys, features: dict[str, np.ndarray], key: str) -> np.ndarray:
    """Group code per journey from a journey field or a feature ([layout] group), int32 from 0."""
    column = getattr(journeys, key) if key in ("district", "age_band", "income_band") else features[key]
    return np.unique(np.asarray(column), return_inverse=True)[1].reshape(-1).astype(np.int32)


def build_tile_data(journeys: Journeys, features: dict[str, np.ndarray], exhibit, scale: EncodingScale | None = None,
                    rng: np.random.Generator | None = None) -> TileData:
    """Apply the exhibit's encodings and palette to the journeys; deterministic for a given seed.
    `scale` fixes the ranges (default: these journeys' own); `rng` continues a phase stream (default:
    a new one from the exhibit's seed), so journeys encoded later draw what one encode of all would."""
    enc, pal = exhibit["encodings"], exhibit["palette"]
    n = len(journeys)
    rng = np.random.default_rng(exhibit["data"]["seed"]) if rng is None else rng

    palette = channel_colours(pal["channels"])
    palette_b = channel_colours(pal["blend_channels"]) if pal.get("blend_channels") else palette
    hue = np.clip(features[enc["hue"]].astype(np.int64), 0, len(CHANNELS) - 1).astype(np.int32)
    lo, hi = enc["brightness_range"]
    fixed = (None, None) if scale is None else (scale.brightness, scale.rhythm)
    brightness = (lo + (hi - lo) * normalise(features[enc["brightness"]], fixed[0])).astype(np.float32)

    slow, fast = enc["rhythm_range"]
    rhythm = np.empty((n, 4), np.float32)
    rhythm[:, 0] = slow + (fast - slow) * normalise(features[enc["rhythm"]], fixed[1])
    rhythm[:, 1] = rng.uniform(0.0, 2.0 * np.pi, n)
    rhythm[:, 2] = np.clip(features["outage_impact"], 0.0, 1.0)
    rhythm[:, 3] = np.nan_to_num(features["first_day"], nan=0.0)  # no events: present from day 0

    starts = journeys.event_start
    spans = np.stack([starts[:-1], np.diff(starts)], axis=1).astype(np.int32)
    gains = np.array([EVENT_GAIN[kind] for kind in EVENT_KINDS], np.float32)
    events = np.stack([journeys.event_day.astype(np.float32), gains[journeys.event_kind]], axis=1)

    order = layout_order(journeys, features, tuple(exhibit["layout"]["order"]))
    groups = layout_groups(journeys, features, exhibit["layout"].get("group", "district"))
    return TileData(n, hue, brightness, palette, palette_b, rhythm, spans, events, order, next(_versions), groups)
