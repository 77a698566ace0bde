"""Live data: journeys appended to a JSONL file or dropped into a folder, through the same guard."""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from pathlib import Path

import numpy as np

from lumen.encode.features import compute_features
from lumen.encode.tiles import TileData, build_tile_data
from lumen.errors import UserError
from lumen.records import Journeys, load_records
from lumen.runtime.controls import Command, CommandQueue
from lumen.runtime.logs import log

BIRTH_GAIN = 1.5       # a new tile's flare, in event-gain units (a care event is 1.0)
DATA_SUFFIXES = (".jsonl", ".csv")


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


class ShowData:
    """The exhibit's journeys plus those that arrived live, and the tiles built from them."""

    def __init__(self, quarantine: Path):
        self.quarantine = quarantine
        self.base: Journeys | None = None
        self.live: Journeys | None = None
        self.birth_day = np.zeros(0, np.float32)   # per live journey; NaN = no flare (loaded at start)
        self.order: np.ndarray | None = None       # the layout order on screen, kept when tiles are added
        self.last_summary = ""

    def load_base(self, exhibit) -> Journeys:
        """Load the exhibit's data file (validation, privacy guard, quarantine); UserError on failure."""
        result = load_records([exhibit.data_path], quarantine_path=self.quarantine)
        self.last_summary = f"{exhibit.data_path.name}: {result.summary()}"
        log.info("data %s", self.last_summary)
        if result.file_problems:
            raise UserError("; ".join(result.file_problems))
        return result.journeys

    def journeys(self) -> Journeys:
        if self.live is None or not len(self.live):
            return self.base
        return concat_journeys(self.base, self.live)

    @property
    def count(self) -> int:
        return (len(self.base) if self.base is not None else 0) + (len(self.live) if self.live is not None else 0)

    def add(self, new: Journeys, birth_day: float | None) -> int:
        """Append journeys whose ids are not shown yet; return how many were added."""
        # In numpy, not as Python sets: a set of every shown id, rebuilt on each update, scatters
        # thousands of short-lived bytes objects among long-lived ones in pymalloc's arenas, which
        # are only returned to the system when completely empty.
        shown = self.base.ids if self.live is None else np.concatenate([self.base.ids, self.live.ids])
        fresh = ~np.isin(new.ids, shown)
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

    def tiles(self, exhibit, keep_order: bool) -> TileData:
        """Tiles for every journey; new ones get a birth flare and slots after the ones on screen."""
        journeys = self.journeys()
        features = compute_features(journeys, outage_days=tuple(exhibit["data"]["outage_days"]))
        tiles = build_tile_data(journeys, features, exhibit)
        n_base = len(self.base)
        born = np.flatnonzero(~np.isnan(self.birth_day))
        if len(born):
            tiles = _with_births(tiles, n_base + born, self.birth_day[born])
        if keep_order and self.order is not None and len(self.order) <= tiles.count:
            order = np.concatenate([self.order, np.arange(len(self.order), tiles.count, dtype=np.int32)])
            tiles = dataclasses.replace(tiles, order=order.astype(np.int32))
        self.order = tiles.order
        return tiles


def _with_births(tiles: TileData, index: np.ndarray, day: np.ndarray) -> TileData:
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


class LiveFeed:
    """Polls a JSONL file (new complete lines) or a folder (new, settled files) in a daemon thread."""

    def __init__(self, path: Path, commands: CommandQueue, workdir: Path, quarantine: Path, poll: float = 0.5):
        self.path = Path(path)
        self.commands = commands
        self.workdir = workdir
        self.quarantine = quarantine
        self.poll = poll
        self.offset = 0
        self.seen: dict[Path, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="lumen-live", daemon=True)

    def start(self) -> LiveFeed:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.thread.start()
        log.info("watching %s for live journeys", self.path)
        return self

    def close(self) -> None:
        self.stop.set()

    def _run(self) -> None:
        first = True
        while not self.stop.is_set():
            try:
                self._scan(initial=first)
            except Exception:  # a feed must never take the show down
                log.exception("live data: scan of %s failed", self.path)
            first = False
            self.stop.wait(self.poll)

    def _scan(self, initial: bool) -> None:
        if self.path.is_dir():
            for path in sorted(p for p in self.path.iterdir() if p.suffix.lower() in DATA_SUFFIXES):
                size = path.stat().st_size
                if self.seen.get(path) == -1:
                    continue
                if initial or self.seen.get(path) == size:   # settled: same size on two scans
                    self.seen[path] = -1
                    self._load(path, path.name, initial)
                else:
                    self.seen[path] = size
        elif self.path.is_file():
            size = self.path.stat().st_size
            if size < self.offset:  # truncated or replaced: start again
                self.offset = 0
            if size == self.offset:
                return
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read(size - self.offset)
            end = chunk.rfind(b"\n") + 1
            if end == 0:
                return  # no complete line yet
            start = self.offset
            self.offset += end
            tmp = Path(tempfile.mkstemp(prefix="live-", suffix=".jsonl", dir=self.workdir)[1])
            try:
                tmp.write_bytes(chunk[:end])
                self._load(tmp, f"{self.path.name} bytes {start}-{start + end}", initial)
            finally:
                tmp.unlink(missing_ok=True)

    def _load(self, path: Path, label: str, initial: bool) -> None:
        batch_q = self.workdir / "batch-quarantine.jsonl"
        try:
            result = load_records([path], quarantine_path=batch_q)
        except UserError as err:
            self.commands.put(Command("live_error", (f"{label}: {err}",), "live"))
            return
        if batch_q.exists():
            with open(self.quarantine, "ab") as out:
                out.write(batch_q.read_bytes())
            batch_q.unlink()
        summary = f"live {label}: {result.summary()}"
        self.commands.put(Command("live", (result.journeys, not initial, summary), "live"))
