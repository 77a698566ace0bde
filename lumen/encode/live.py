"""Journeys that arrive while the show runs, kept beside the exhibit's own and encoded through the
same loader (the district filter included): a kiosk never shows another district's newcomers.

A full encode (start, reload) fixes the scale, the group codes and the phase stream; each batch after
it is encoded alone against them (`prepare`, in the feed's thread, in time proportional to the batch)
into rows that take the slots after the tiles on screen."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import numpy as np

from lumen.encode.loader import encode_tiles, shown_mask
from lumen.encode.tile_store import TileStore, slot_ordered
from lumen.encode.tiles import EncodingScale, TileData, encoding_scale
from lumen.exhibit.model import Exhibit
from lumen.records import Journeys

BIRTH_GAIN = 1.5       # a new tile's flare, in event-gain units (a care event is 1.0)
JOIN_EVERY = 64        # live batches kept apart before they are joined into one part


def concat_journeys(parts: list[Journeys]) -> Journeys:
    """The journeys of all parts, in order, as one Journeys; district codes are remapped into the
    union of the parts' district names."""
    districts: list[str] = []
    for part in parts:
        districts += [d for d in part.districts if d not in districts]
    codes = [np.array([districts.index(d) for d in part.districts] or [0], np.int16)[part.district] for part in parts]
    starts = np.cumsum([0] + [part.n_events for part in parts])
    width = max([part.ids.dtype.itemsize for part in parts] + [1])
    return Journeys(
        ids=np.concatenate([part.ids.astype(f"S{width}") for part in parts]),
        district=np.concatenate(codes).astype(np.int16), districts=tuple(districts),
        age_band=np.concatenate([part.age_band for part in parts]),
        income_band=np.concatenate([part.income_band for part in parts]),
        event_start=np.concatenate([[0]] + [part.event_start[1:] + s for part, s in zip(parts, starts)]),
        event_day=np.concatenate([part.event_day for part in parts]),
        event_kind=np.concatenate([part.event_kind for part in parts]),
        event_channel=np.concatenate([part.event_channel for part in parts]),
        event_outcome=np.concatenate([part.event_outcome for part in parts]),
    )


def group_keys(journeys: Journeys, features: dict[str, np.ndarray], key: str) -> np.ndarray:
    """The `[layout] group` column as values that compare across loads (district names, not codes)."""
    if key == "district":
        return np.asarray(journeys.districts or ("",))[journeys.district]
    return np.asarray(getattr(journeys, key) if key in ("age_band", "income_band") else features[key])


class GroupCodes:
    """The group code of each `[layout] group` value, as a full encode numbered them; a value first
    seen live gets the next free code (a new island for the clusters layout)."""

    def __init__(self, values: np.ndarray, codes: np.ndarray):
        self.values, first = np.unique(values, return_index=True)
        self.codes = codes[first].astype(np.int32)
        self.next = int(codes.max()) + 1 if len(codes) else 0

    def of(self, values: np.ndarray) -> np.ndarray:
        unknown = ~_in_sorted(self.values, values)
        if unknown.any():
            fresh = np.unique(values[unknown])
            merged = np.concatenate([self.values, fresh])
            codes = np.concatenate([self.codes, np.arange(self.next, self.next + len(fresh), dtype=np.int32)])
            self.next += len(fresh)
            sort = np.argsort(merged, kind="stable")
            self.values, self.codes = merged[sort], codes[sort]
        return self.codes[np.searchsorted(self.values, values)]


@dataclass
class Encoded:
    """A full encode: its tiles and what batches after it continue from. Nothing is shared with the
    state it may replace until LiveJourneys.commit."""

    exhibit: Exhibit
    base: Journeys
    live_count: int        # how many live journeys it includes
    scale: EncodingScale
    groups: GroupCodes
    rng: np.random.Generator
    store: TileStore
    generation: int

    @property
    def tiles(self) -> TileData:
        return self.store.view()


@dataclass(frozen=True)
class LiveBatch:
    """One prepared batch: the shown rows it appends (slot order, from slot `start`; None when none of
    its journeys is shown), every shown tile with them (`full`, for rebuilds) and the new journeys."""

    rows: TileData | None
    full: TileData
    start: int
    added: int
    generation: int
    born: bool = False   # arrived while the show ran: a birth flare (and a ring on the wall)


class LiveJourneys:
    """The exhibit's journeys (all districts, as loaded) plus those that arrived live, with each live
    journey's birth day (NaN: no flare, for journeys that were there when the show started).

    `lock` orders the feed thread's `prepare` against a full encode and its commit: hold it across
    encode, building the pipeline and commit, and no batch falls between two datasets."""

    def __init__(self, base: Journeys):
        self.base = base
        self.lock = threading.RLock()
        self._live: list[Journeys] = []
        self._births: list[np.ndarray] = []
        self._live_count = 0
        self._live_ids = np.zeros(0, "S1")      # sorted
        self._base_ids: tuple[int, np.ndarray] | None = None
        self._state: Encoded | None = None
        self._generations = 0
        self._removed = np.zeros(0, "S1")      # sorted: ids staff took off the wall

    @property
    def generation(self) -> int:
        """Which full encode is current (a batch carries the one it was prepared against)."""
        return self._state.generation if self._state is not None else 0

    def journeys(self) -> Journeys:
        """Every journey still on show: the base, then the live ones in arrival order."""
        with self.lock:
            self._join_live()
            journeys = concat_journeys([self.base] + self._live) if self._live else self.base
            return journeys.subset(~_in_sorted(self._removed, journeys.ids)) if len(self._removed) else journeys

    def remove(self, ids) -> int:
        """Journeys that staff took off the wall: left out of every later encode (the show then
        rebuilds without them) and never added if they arrive later. Returns how many were known."""
        with self.lock:
            ids = np.unique(np.asarray([i.encode() if isinstance(i, str) else i for i in ids], dtype="S64"))
            ids = ids[np.char.str_len(ids) > 0]
            self._join_live()
            known = int((~self._unseen_mask(ids)).sum())
            self._unseen(ids)   # remembered as seen: a late arrival stays off the wall
            width = max(self._removed.dtype.itemsize, ids.dtype.itemsize)
            self._removed = np.union1d(self._removed.astype(f"S{width}"), ids.astype(f"S{width}"))
            return known

    def _join_live(self) -> None:
        """Join the live batches (and their birth days) into one part each."""
        if len(self._live) > 1:
            self._live, self._births = [concat_journeys(self._live)], [np.concatenate(self._births)]

    def encode(self, exhibit: Exhibit, base: Journeys | None = None) -> Encoded:
        """Encode all journeys the exhibit shows (with `base` in place of the current one, if given):
        the scale, group codes and phases batches will continue from. Changes nothing until commit."""
        with self.lock:
            base = self.base if base is None else base
            self._join_live()
            journeys = concat_journeys([base] + self._live) if self._live else base
            births = np.concatenate([np.full(len(base), np.nan, np.float32)] + self._births)
            mask = shown_mask(journeys, exhibit)
            if len(self._removed):
                kept = ~_in_sorted(self._removed, journeys.ids)
                mask = kept if mask is None else mask & kept
            if mask is not None:
                journeys, births = journeys.subset(mask), births[mask]
            rng = np.random.default_rng(exhibit["data"]["seed"])
            features, tiles = encode_tiles(journeys, exhibit, rng)
            born = np.flatnonzero(~np.isnan(births))
            if len(born):
                tiles = with_births(tiles, born, births[born])
            key = exhibit["layout"].get("group", "district")
            groups = GroupCodes(group_keys(journeys, features, key), tiles.groups)
            self._generations += 1
            return Encoded(exhibit, base, self._live_count, encoding_scale(journeys, features, exhibit), groups,
                           rng, TileStore(tiles), self._generations)

    def commit(self, encoded: Encoded) -> None:
        """Make an encode current: later batches continue from it."""
        with self.lock:
            if encoded.live_count != self._live_count:
                raise ValueError("journeys arrived between this encode and its commit; hold `lock` across both")
            self.base, self._state = encoded.base, encoded

    def tiles(self, exhibit: Exhibit) -> TileData:
        """Encode and commit at once (the show's start, tests): every shown tile, slot-ordered."""
        with self.lock:
            encoded = self.encode(exhibit)
            self.commit(encoded)
            return encoded.tiles

    def prepare(self, new: Journeys, birth_day: float | None) -> LiveBatch | None:
        """Keep the journeys not seen yet and encode the shown ones at the current scale; None when
        none is new. Work and copies grow with the batch (and the live journeys' ids), not the dataset."""
        with self.lock:
            state = self._state
            if state is None:
                raise RuntimeError("live journeys before the first full encode")
            new = new.subset(self._unseen(new.ids))
            if not len(new):
                return None
            self._live.append(new)
            self._births.append(np.full(len(new), np.nan if birth_day is None else birth_day, np.float32))
            self._live_count += len(new)
            if len(self._live) >= JOIN_EVERY:  # a few parts, not one per batch, over a long show
                self._join_live()
            mask = shown_mask(new, state.exhibit, missing_ok=True)
            shown = new if mask is None else new.subset(mask)
            start, rows = state.store.count, None
            if len(shown):
                rows = self._rows(state, shown, birth_day)
                state.store.append(rows)
            return LiveBatch(rows, state.store.view(), start, len(new), state.generation, birth_day is not None)

    def _rows(self, state: Encoded, shown: Journeys, birth_day: float | None) -> TileData:
        """The shown new journeys as rows at the state's scale, in arrival order, with births."""
        k = len(shown)
        features, rows = encode_tiles(shown, state.exhibit, state.rng, state.scale)
        key = state.exhibit["layout"].get("group", "district")
        rows = dataclasses.replace(rows, order=np.arange(k, dtype=np.int32), version=state.store.version,
                                   groups=state.groups.of(group_keys(shown, features, key)))
        if birth_day is not None:
            rows = with_births(rows, np.arange(k), np.full(k, birth_day, np.float32))
        return slot_ordered(rows)

    def _unseen_mask(self, ids: np.ndarray) -> np.ndarray:
        """Mask of ids not known yet (base or live), without remembering them."""
        if self._base_ids is None or self._base_ids[0] != id(self.base):
            self._base_ids = (id(self.base), np.sort(self.base.ids))
        return ~_in_sorted(self._base_ids[1], ids) & ~_in_sorted(self._live_ids, ids)

    def _unseen(self, ids: np.ndarray) -> np.ndarray:
        """Mask of ids neither shown before nor repeated earlier in the batch; remembers them."""
        # Sorted numpy arrays, not Python sets: a set of every shown id scatters millions of small
        # objects among long-lived ones in pymalloc's arenas, which are only returned when empty.
        _, first = np.unique(ids, return_index=True)
        keep = np.zeros(len(ids), bool)
        keep[first] = True
        keep &= self._unseen_mask(ids)
        fresh = np.sort(ids[keep])
        width = max(self._live_ids.dtype.itemsize, fresh.dtype.itemsize)
        live = self._live_ids.astype(f"S{width}", copy=False)
        self._live_ids = np.insert(live, np.searchsorted(live, fresh), fresh.astype(f"S{width}"))
        return keep


def _in_sorted(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mask of values found in a sorted array, in O(k log n): ids are first cast to its width (a
    search across widths would convert the whole array); a longer id cannot be in it."""
    found = np.zeros(len(values), bool)
    if not len(sorted_values) or not len(values):
        return found
    fits = np.ones(len(values), bool)
    if sorted_values.dtype.kind == "S" and values.dtype.kind == "S":
        width = sorted_values.dtype.itemsize
        fits = np.char.str_len(values) <= width
        values = values.astype(f"S{width}")
    pos = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    found[fits] = (sorted_values[pos] == values)[fits]
    return found


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
