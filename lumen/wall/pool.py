"""Journeys a follower has read from the journal, waiting for the leader to say which batch each is in
(no GL): every machine then appends the same journeys in the same order, so tiles take the same slots."""

from __future__ import annotations

import threading

import numpy as np

from lumen.encode.live import concat_journeys
from lumen.records import Journeys


class JourneyPool:
    """Journeys by id; the feed's thread adds, the render thread takes a batch in the leader's order."""

    def __init__(self):
        self._parts: list[Journeys] = []
        self._where: dict[bytes, tuple[int, int]] = {}   # id -> (part, row): a batch's ids, not every tile
        self._lock = threading.Lock()

    def add(self, journeys: Journeys) -> None:
        with self._lock:
            part = len(self._parts)
            self._parts.append(journeys)
            for row, key in enumerate(journeys.ids.tolist()):
                self._where.setdefault(bytes(key), (part, row))

    def missing(self, ids: list[bytes]) -> list[bytes]:
        with self._lock:
            return [key for key in ids if key not in self._where]

    def take(self, ids: list[bytes]) -> Journeys | None:
        """The journeys with these ids, in this order; None while any of them is not in the journal here."""
        with self._lock:
            if any(key not in self._where for key in ids):
                return None
            picks = [self._where[key] for key in ids]
            return concat_journeys([self._parts[part].subset(np.array([row])) for part, row in picks])

    def __len__(self) -> int:
        return len(self._where)
