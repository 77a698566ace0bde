"""Loads an exhibit's data and turns it into tiles: the one place records meet the render path."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from lumen.encode.features import compute_features
from lumen.encode.tiles import TileData, build_tile_data
from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.exhibit.values import suggest
from lumen.records import Journeys, load_records


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
    journeys = select_district(result.journeys, exhibit)
    features = compute_features(journeys, outage_days=tuple(exhibit["data"]["outage_days"]))
    return SceneData(build_tile_data(journeys, features, exhibit), result.summary())


def select_district(journeys: Journeys, exhibit: Exhibit) -> Journeys:
    """Only the journeys of `[data] district`, when the exhibit names one (a kiosk's neighbourhood)."""
    district = exhibit["data"].get("district", "")
    if not district:
        return journeys
    if district not in journeys.districts:
        raise UserError(f"{exhibit.origin('data', 'district')}: data.district: no journeys in {district!r}"
                        f"{suggest(district, journeys.districts)}; {exhibit.data_path.name} has "
                        f"{', '.join(journeys.districts) or 'no districts'}")
    return journeys.subset(journeys.district == journeys.districts.index(district))
