"""Journeys that arrive while the show runs, kept beside the exhibit's own and encoded through the
same loader (the district filter included): a kiosk never shows another district's newcomers."""

from __future__ import annotations

import dataclasses

import numpy as np

from lumen.encode.loader import encode_tiles, shown_mask
from lumen.encode.tiles import TileData
from lumen.exhibit.model import Exhibit
from lumen.records import Journeys

BIRTH_GAIN = 1.5       # a new tile's flare, in event-gain units (a care event is 1.0)


def concat_journeys(a: Journeys, b: Journeys) -> Journeys:
    """a then b as one Journeys; district codes of b are remapped into the union of names."""
    districts = list(a.districts) + [d for d in b.districts if d not in a.districts]
    remap = np.array([districts.index(d) for d in b.districts] or [0], np.int16)
    b_district = remap[b.district] if len(b) else b.district.astype(np.int16)
    width = max(a.ids.dtype.itemsize, b.ids.dtype.itemsize, 1)
    return Journeys(
        ids=np.concatenate([a.ids.astype(f"S{width}"), b.ids.astype(f"S{width}")]),
        district=np.concatenate([a.district.astype(np.int16), b_district.astype(np.int16)]),
        districts=tuple(districts),
        age_band=np.concatenate([a.age_band, b.age_band]),
        income_band=np.concatenate([a.income_band, b.income_band]),
        event_start=np.concatenate([a.event_start[:-1], b.event_start + a.event_start[-1]]),
        event_day=np.concatenate([a.event_day, b.event_day]),
        event_kind=np.concatenate([a.event_kind, b.event_kind]),
        event_channel=np.concatenate([a.event_channel, b.event_channel]),
        event_outcome=np.concatenate([a.event_outcome, b.event_outcome]),
    )


class LiveJourneys:
    """The exhibit's journeys (all districts, as loaded) plus those that arrived live, with each live
    journey's birth day (NaN: no birth flare, for journeys that were there when the show started)."""

    def __init__(self, base: Journeys):
        self.base = base
        self.live: Journeys | None = None
        self.birth_day = np.zeros(0, np.float32)
        self.order: np.ndarray | None = None   # the layout order on screen, kept when tiles are added

    def journeys(self) -> Journeys:
        if self.live is None or not len(self.live):
            return self.base
        return concat_journeys(self.base, self.live)

    def add(self, new: Journeys, birth_day: float | None) -> int:
        """Append journeys whose ids are not known yet; return how many were added."""
        # In numpy, not as Python sets: a set of every shown id, rebuilt on each update, scatters
        # thousands of short-lived bytes objects among long-lived ones in pymalloc's arenas, which
        # are only returned to the system when completely empty.
        known = self.base.ids if self.live is None else np.concatenate([self.base.ids, self.live.ids])
        fresh = ~np.isin(new.ids, known)
        _, first = np.unique(new.ids, return_index=True)  # duplicates inside the batch: keep the first
        unique = np.zeros(len(new), bool)
        unique[first] = True
        new = new.subset(fresh & unique)
        if not len(new):
            return 0
        self.live = new if self.live is None else concat_journeys(self.live, new)
        day = np.nan if birth_day is None else birth_day
        self.birth_day = np.concatenate([self.birth_day, np.full(len(new), day, np.float32)])
        return len(new)

    def tiles(self, exhibit: Exhibit, keep_order: bool) -> TileData:
        """Tiles of every journey the exhibit shows; new ones get a birth flare and slots after the
        ones on screen when `keep_order`."""
        journeys = self.journeys()
        births = np.concatenate([np.full(len(self.base), np.nan, np.float32), self.birth_day])
        mask = shown_mask(journeys, exhibit)
        if mask is not None:
            journeys, births = journeys.subset(mask), births[mask]
        _, tiles = encode_tiles(journeys, exhibit)
        born = np.flatnonzero(~np.isnan(births))
        if len(born):
            tiles = with_births(tiles, born, births[born])
        if keep_order and self.order is not None and len(self.order) <= tiles.count:
            order = np.concatenate([self.order, np.arange(len(self.order), tiles.count, dtype=np.int32)])
            tiles = dataclasses.replace(tiles, order=order.astype(np.int32))
        self.order = tiles.order
        return tiles


def with_births(tiles: TileData, index: np.ndarray, day: np.ndarray) -> TileData:
    """Add a flare event at each born journey's arrival day and make it appear from that day."""
    counts = tiles.spans[:, 1].astype(np.int64)
    owner = np.repeat(np.arange(tiles.count), counts)
    events = np.concatenate([tiles.events, np.stack([day, np.full(len(day), BIRTH_GAIN)], 1).astype(np.float32)])
    owner = np.concatenate([owner, index])
    sort = np.lexsort((events[:, 0], owner))
    counts = np.bincount(owner, minlength=tiles.count)
    spans = np.stack([np.cumsum(counts) - counts, counts], 1).astype(np.int32)
    rhythm = tiles.rhythm.copy()
    rhythm[index, 3] = day
    return dataclasses.replace(tiles, events=events[sort], spans=spans, rhythm=rhythm)
