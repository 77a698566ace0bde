"""Loads an exhibit's data and turns it into tiles: the one place records meet the render path."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from lumen.exhibit.model import Exhibit
from lumen.features import compute_features
from lumen.records import load_records
from lumen.tiles import TileData, build_tile_data


@dataclass
class SceneData:
    """The loaded dataset of an exhibit, as tiles, with the load's counts for reports."""

    tiles: TileData
    summary: str


def load_scene_data(exhibit: Exhibit, quiet: bool = False) -> SceneData:
    """Load, validate (privacy guard included) and encode the exhibit's journeys."""
    result = load_records([exhibit.data_path])
    if not quiet:
        print(f"lumen: {exhibit.data_path.name}: {result.summary()}", file=sys.stderr)
    features = compute_features(result.journeys, outage_days=tuple(exhibit["data"]["outage_days"]))
    return SceneData(build_tile_data(result.journeys, features, exhibit), result.summary())
