"""Layout slots reserved ahead of the journeys that fill them (numpy). Every layout's geometry follows
the slots, not the journey count, so journeys appended within them leave every tile where it is."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Room a live show keeps: a quarter more journeys, and at least MIN_ROOM (MIN_GROUP_ROOM per group). At
# 1M journeys that is 11 % smaller cells, and a texture re-upload and re-layout (one slow frame) only
# after a quarter million arrivals; at the sample's 5 000, 1 250 arrivals between them.
LIVE_HEADROOM = 0.25
MIN_ROOM = 1024
MIN_GROUP_ROOM = 64


@dataclass(frozen=True, eq=False)
class Slots:
    """How many tiles the layout places (`total`) and how many each group's island holds (`groups`,
    by group code; clusters only). Unfilled slots are water."""

    total: int
    groups: np.ndarray   # (g,) int64

    def fits(self, count: int, group_counts: np.ndarray, grouped: bool) -> bool:
        """Whether count journeys (group_counts per group, when the layout groups) fit."""
        if count > self.total:
            return False
        if not grouped:
            return True
        caps = np.zeros(max(len(group_counts), len(self.groups)), np.int64)
        caps[:len(self.groups)] = self.groups
        return bool(np.all(group_counts <= caps[:len(group_counts)]))


def group_counts(groups: np.ndarray | None, count: int) -> np.ndarray:
    """Journeys per group code (a single group when there are none)."""
    if groups is None:
        return np.array([count], np.int64)
    return np.bincount(groups, minlength=1).astype(np.int64)


def reserve(count: int, counts: np.ndarray, headroom: float) -> Slots:
    """Slots for count journeys (counts per group) plus `headroom` of them; exactly them for 0, so a
    dataset that does not grow is laid out as it always was."""
    if headroom <= 0.0:
        return Slots(count, counts.astype(np.int64))
    room = max(math.ceil(count * headroom), MIN_ROOM)
    group_room = np.maximum(np.ceil(counts * headroom), MIN_GROUP_ROOM).astype(np.int64)
    return Slots(count + room, counts + np.where(counts > 0, group_room, 0))


def ranks_after(groups: np.ndarray, filled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each new row's rank inside its group, after `filled` rows per group, in row order; and the
    filled counts with them. Ranks of a whole dataset are ranks_after(groups, zeros)."""
    size = max(len(filled), int(groups.max()) + 1 if len(groups) else 0)
    counts = np.bincount(groups, minlength=size)
    before = np.zeros(size, np.int64)
    before[:len(filled)] = filled
    by_group = np.argsort(groups, kind="stable")
    starts = np.cumsum(counts) - counts
    rank = np.empty(len(groups), np.int64)
    rank[by_group] = np.arange(len(groups)) - np.repeat(starts, counts)
    return rank + before[groups], before + counts
