"""Checks that span a whole record or dataset, run vectorised after decoding: order, guard, duplicates."""

from __future__ import annotations

import numpy as np

from lumen.records.chunk import Chunk, Reject
from lumen.records.privacy import identifier_kind, scan_ids
from lumen.records.validate import CODES


def unsorted_journeys(counts: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Indices of journeys whose event days decrease somewhere."""
    if day.size < 2:
        return np.zeros(0, dtype=np.int64)
    start = np.cumsum(counts) - counts
    drop = np.flatnonzero(np.diff(day) < 0) + 1  # event index where a day went down
    if drop.size == 0:
        return drop
    first = np.zeros(day.size, dtype=bool)
    first[start[counts > 0]] = True
    drop = drop[~first[drop]]  # a drop at a journey's first event is just a new journey
    return np.unique(np.searchsorted(start, drop, side="right") - 1)


def _hashes_distinct(ids: np.ndarray) -> bool:
    """True when a 64-bit hash of every id differs (then the ids surely differ)."""
    width = -(-ids.dtype.itemsize // 8) * 8
    words = np.frombuffer(ids.astype(f"S{width}").tobytes(), dtype="<u8").reshape(ids.size, width // 8)
    h = np.zeros(ids.size, dtype=np.uint64)
    for k in range(words.shape[1]):  # multiply-xor mixing, one 8-byte word at a time
        h = (h ^ words[:, k]) * np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(29)
    h.sort()
    return not (h[1:] == h[:-1]).any()


def duplicate_rows(ids: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (among candidates) repeating an earlier id, and the row of that id's first use."""
    sub = ids[candidates]
    if sub.size < 2 or _hashes_distinct(sub):  # the common case, decided without a string sort
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(sub, kind="stable")
    s = sub[order]
    same = np.concatenate([[False], s[1:] == s[:-1]])
    group_first = np.maximum.accumulate(np.where(~same, np.arange(s.size), 0))
    return candidates[order[same]], candidates[order[group_first[same]]]


def post_checks(data: Chunk) -> tuple[np.ndarray, list[Reject]]:
    """Keep-mask over decoded journeys, and a Reject for each journey that fails a dataset check."""
    n = len(data.lines)
    keep = np.ones(n, dtype=bool)
    rejects: list[Reject] = []

    def reject(rows, field, code, expected):
        for r in np.asarray(rows, dtype=np.int64).tolist():
            rejects.append(Reject(int(data.file_of[r]), int(data.lines[r]), field, code, expected, ""))
        keep[rows] = False

    bad = unsorted_journeys(data.counts, data.event_day)
    reject(bad, "$.events", "unsorted_days", CODES["unsorted_days"])
    # The guard on free strings: each district name once, then every id in one regex pass.
    for code, name in enumerate(data.districts):
        kind = identifier_kind(name)
        if kind:
            reject(np.flatnonzero(data.district == code), "$.district", "identifier_value",
                   f"an opaque value, not {kind}: direct identifiers are not accepted")
    hits, kinds = scan_ids(data.ids)
    for row, kind in zip(hits.tolist(), kinds):
        reject([row], "$.id", "identifier_value",
               f"an opaque value, not {kind}: direct identifiers are not accepted")
    dup, first = duplicate_rows(data.ids, np.flatnonzero(keep))
    for r, f in zip(dup.tolist(), first.tolist()):
        reject([r], "$.id", "duplicate_id",
               f"{CODES['duplicate_id']} (first used on line {int(data.lines[f])})")
    return keep, rejects
