"""Journeys: the columnar container of journey records (journey columns plus an event table)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS, OUTCOMES


def ranges_index(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenate arange(s, s + c) for each (s, c) pair without a Python loop."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # Each output position is its range start plus its offset inside the range.
    offsets = np.cumsum(counts) - counts
    keep = counts > 0
    base = np.repeat(np.asarray(starts, dtype=np.int64)[keep] - offsets[keep], counts[keep])
    return base + np.arange(total, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Journeys:
    """n journeys and m events as numpy columns, sorted by journey then day."""

    ids: np.ndarray  # bytes (numpy S<width>): pseudonyms, never sent to GL
    district: np.ndarray  # int16 codes into .districts
    districts: tuple[str, ...]
    age_band: np.ndarray  # int8 codes into AGE_BANDS
    income_band: np.ndarray  # int8 codes into INCOME_BANDS
    event_start: np.ndarray  # int64, length n + 1
    event_day: np.ndarray  # int32
    event_kind: np.ndarray  # int8 codes into EVENT_KINDS
    event_channel: np.ndarray  # int8 codes into CHANNELS
    event_outcome: np.ndarray  # int8 codes into OUTCOMES, -1 when absent

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def n_events(self) -> int:
        """Number of events over all journeys."""
        return int(self.event_day.shape[0])

    def event_counts(self) -> np.ndarray:
        """Events per journey (int64, length n)."""
        return np.diff(self.event_start)

    def event_journey(self) -> np.ndarray:
        """Journey index of each event (int32, length m)."""
        return np.repeat(np.arange(len(self), dtype=np.int32), self.event_counts())

    def subset(self, mask_or_indices) -> Journeys:
        """Journeys selected by a boolean mask or an index array, in the given order."""
        sel = np.asarray(mask_or_indices)
        if sel.dtype == bool:
            if sel.shape != (len(self),):
                raise ValueError(f"mask has shape {sel.shape}, expected ({len(self)},)")
            sel = np.flatnonzero(sel)
        sel = sel.astype(np.int64, copy=False)
        counts = self.event_counts()[sel]
        ev = ranges_index(self.event_start[:-1][sel], counts)
        start = np.zeros(sel.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=start[1:])
        return Journeys(
            ids=self.ids[sel], district=self.district[sel], districts=self.districts,
            age_band=self.age_band[sel], income_band=self.income_band[sel],
            event_start=start, event_day=self.event_day[ev], event_kind=self.event_kind[ev],
            event_channel=self.event_channel[ev], event_outcome=self.event_outcome[ev],
        )

    def check_invariants(self) -> None:
        """Raise AssertionError if the columns break the container's contract (used by tests)."""
        n, m = len(self), self.n_events
        assert self.event_start.dtype == np.int64 and self.event_start.shape == (n + 1,)
        assert self.event_start[0] == 0 and self.event_start[-1] == m
        assert np.all(np.diff(self.event_start) >= 0)
        for col, dt in ((self.district, np.int16), (self.age_band, np.int8), (self.income_band, np.int8)):
            assert col.dtype == dt and col.shape == (n,)
        for col, dt in ((self.event_day, np.int32), (self.event_kind, np.int8),
                        (self.event_channel, np.int8), (self.event_outcome, np.int8)):
            assert col.dtype == dt and col.shape == (m,)
        assert self.ids.dtype.kind == "S"
        if n:
            assert 0 <= self.district.min() and self.district.max() < len(self.districts)
            assert 0 <= self.age_band.min() and self.age_band.max() < len(AGE_BANDS)
            assert 0 <= self.income_band.min() and self.income_band.max() < len(INCOME_BANDS)
        if m:
            assert 0 <= self.event_kind.min() and self.event_kind.max() < len(EVENT_KINDS)
            assert 0 <= self.event_channel.min() and self.event_channel.max() < len(CHANNELS)
            assert -1 <= self.event_outcome.min() and self.event_outcome.max() < len(OUTCOMES)
            # Days never decrease inside a journey; a decrease is only allowed at a journey start.
            d = np.diff(self.event_day.astype(np.int64))
            first = np.zeros(m, dtype=bool)
            first[self.event_start[:-1][np.diff(self.event_start) > 0]] = True
            assert np.all((d >= 0) | first[1:])


def empty_journeys() -> Journeys:
    """A Journeys with no journeys and no events."""
    z8 = np.zeros(0, dtype=np.int8)
    return Journeys(
        ids=np.zeros(0, dtype="S4"), district=np.zeros(0, dtype=np.int16), districts=(),
        age_band=z8, income_band=z8.copy(), event_start=np.zeros(1, dtype=np.int64),
        event_day=np.zeros(0, dtype=np.int32), event_kind=z8.copy(), event_channel=z8.copy(),
        event_outcome=z8.copy(),
    )
