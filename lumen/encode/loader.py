"""The one path from an exhibit and its records to tiles: load (validation, privacy guard,
quarantine), the exhibit's `[data] district` filter, features, encodings.

`lumen render`, `lumen run` (its data at start, reloads and live journeys), the benchmarks and the
story figures all come through `shown_journeys` and `encode_tiles`, so what a surface shows cannot
drift from what another one shows."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lumen.encode.features import compute_features
from lumen.encode.tiles import EncodingScale, TileData, build_tile_data
from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.exhibit.values import suggest
from lumen.records import Journeys, load_records


@dataclass
class SceneData:
    """An exhibit's shown journeys, their features and tiles, with the load's counts for reports."""

    journeys: Journeys
    features: dict[str, np.ndarray]
    tiles: TileData
    summary: str = ""


def load_journeys(exhibit: Exhibit, quarantine: Path | None = None, quiet: bool = True,
                  start_method: str = "fork") -> tuple[Journeys, str]:
    """The exhibit's data file, validated and guarded (rejects to `quarantine`), and its counts line.
    A file that holds no journey at all is a user error, not an empty show. A process that holds a
    GL context passes `start_method="spawn"` (see lumen.records.loader.START_METHODS)."""
    result = load_records([exhibit.data_path], quarantine_path=quarantine, start_method=start_method)
    summary = f"{exhibit.data_path.name}: {result.summary()}"
    if not quiet:
        print(f"lumen: {summary}", file=sys.stderr)
    if result.file_problems:
        raise UserError("; ".join(result.file_problems))
    return result.journeys, summary


def shown_mask(journeys: Journeys, exhibit: Exhibit, missing_ok: bool = False) -> np.ndarray | None:
    """Which journeys the exhibit shows: those of `[data] district` when it names one (a kiosk's
    neighbourhood), else all of them (None). A district the journeys lack is a user error, unless
    `missing_ok` (a live batch that holds only other districts: none of it is shown)."""
    district = exhibit["data"].get("district", "")
    if not district:
        return None
    if district not in journeys.districts and missing_ok:
        return np.zeros(len(journeys), bool)
    if district not in journeys.districts:
        raise UserError(f"{exhibit.origin('data', 'district')}: data.district: no journeys in {district!r}"
                        f"{suggest(district, journeys.districts)}; {exhibit.data_path.name} has "
                        f"{', '.join(journeys.districts) or 'no districts'}")
    return journeys.district == journeys.districts.index(district)


def shown_journeys(journeys: Journeys, exhibit: Exhibit) -> Journeys:
    """The journeys the exhibit shows (see shown_mask)."""
    mask = shown_mask(journeys, exhibit)
    return journeys if mask is None else journeys.subset(mask)


def encode_tiles(journeys: Journeys, exhibit: Exhibit, rng: np.random.Generator | None = None,
                 scale: EncodingScale | None = None) -> tuple[dict[str, np.ndarray], TileData]:
    """Features and tiles of already-shown journeys. A `scale` encodes them as journeys joining a
    dataset of that scale (live batches; see EncodingScale); `rng` continues that dataset's phases."""
    span_days = None if scale is None else scale.span_days
    features = compute_features(journeys, outage_days=tuple(exhibit["data"]["outage_days"]), span_days=span_days)
    return features, build_tile_data(journeys, features, exhibit, scale, rng)


def scene_data(exhibit: Exhibit, journeys: Journeys, summary: str = "") -> SceneData:
    """Records (already loaded) to what the exhibit shows: the district filter, features, tiles."""
    shown = shown_journeys(journeys, exhibit)
    features, tiles = encode_tiles(shown, exhibit)
    return SceneData(shown, features, tiles, summary)


def load_scene_data(exhibit: Exhibit, quiet: bool = True, quarantine: Path | None = None) -> SceneData:
    """Load the exhibit's data file and encode what it shows."""
    journeys, summary = load_journeys(exhibit, quarantine, quiet)
    return scene_data(exhibit, journeys, summary)
