"""Live data: journeys appended to a JSONL file or dropped into a folder, read through the same guard as
every other load, and prepared for the show (lumen.encode.live: features and encodings of the new
journeys only) in this thread, so the render thread only appends rows."""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path

import numpy as np

from lumen.errors import UserError
from lumen.records import load_records
from lumen.runtime.controls import Command, CommandQueue
from lumen.runtime.logs import log

DATA_SUFFIXES = (".jsonl", ".csv")
MODERATION_FILE = "moderation.jsonl"   # lumen web's decisions (docs/web.md): removals hide a journey
# Journeys per prepared batch: the show applies one batch a frame, and at 1M journeys a batch of this
# size costs that frame a few milliseconds (docs/benchmarks.md); a bigger load appears over frames.
LIVE_CHUNK = 32


class LiveFeed:
    """Polls, in a daemon thread, a JSONL file or a folder: every JSONL file in it is followed by byte
    offset (lumen web's journal appends to journeys-YYYY-MM-DD.jsonl), other data files are loaded
    once they settle, and moderation.jsonl's removals are passed on."""

    def __init__(self, path: Path, commands: CommandQueue, workdir: Path, quarantine: Path, poll: float = 0.5,
                 prepare=None):
        self.path = Path(path)
        self.prepare = prepare  # (journeys, flare) -> LiveBatch | None, called here; None: hand journeys over
        self.commands = commands
        self.workdir = workdir
        self.quarantine = quarantine
        self.poll = poll
        self.offsets: dict[Path, int] = {}   # bytes read so far of each growing JSONL file
        self.seen: dict[Path, int] = {}      # dropped files: size at the last scan, -1 once loaded
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
            for path in sorted(p for p in self.path.iterdir() if p.is_file()):
                if path.name == MODERATION_FILE:
                    self._tail(path, initial, self._moderation)
                elif path.suffix.lower() == ".jsonl":
                    self._tail(path, initial, self._load)     # a journal file grows: read its new lines
                elif path.suffix.lower() in DATA_SUFFIXES:
                    self._settled(path, initial)               # a CSV is dropped in whole
        elif self.path.is_file():
            self._tail(self.path, initial, self._load)

    def _settled(self, path: Path, initial: bool) -> None:
        """Load a dropped file once, when its size held between two scans."""
        size = path.stat().st_size
        if self.seen.get(path) == -1:
            return
        if initial or self.seen.get(path) == size:
            self.seen[path] = -1
            self._load(path, path.name, initial)
        else:
            self.seen[path] = size

    def _tail(self, path: Path, initial: bool, consume) -> None:
        """Hand the complete lines appended to `path` since the last scan to `consume`."""
        offset = self.offsets.get(path, 0)
        size = path.stat().st_size
        if size < offset:  # truncated or replaced: start again
            offset = 0
        if size == offset:
            return
        with open(path, "rb") as f:
            f.seek(offset)
            chunk = f.read(size - offset)
        end = chunk.rfind(b"\n") + 1
        if end == 0:
            return  # no complete line yet
        self.offsets[path] = offset + end
        label = f"{path.name} bytes {offset}-{offset + end}"
        if consume == self._moderation:   # bound methods compare equal, never identical
            consume(chunk[:end], label)
            return
        tmp = Path(tempfile.mkstemp(prefix="live-", suffix=".jsonl", dir=self.workdir)[1])
        try:
            tmp.write_bytes(chunk[:end])
            consume(tmp, label, initial)
        finally:
            tmp.unlink(missing_ok=True)

    def _moderation(self, lines: bytes, label: str) -> None:
        """Ids that staff removed (lumen web's moderation.jsonl): their tiles leave the wall."""
        removed = []
        for line in lines.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                log.warning("live data: %s: a moderation line that is not JSON was skipped", label)
                continue
            if isinstance(entry, dict) and entry.get("action") == "removed" and isinstance(entry.get("id"), str):
                removed.append(entry["id"])
        if removed:
            self.commands.put(Command("live_remove", (tuple(removed),), "live"))

    def _load(self, path: Path, label: str, initial: bool) -> None:
        batch_q = self.workdir / "batch-quarantine.jsonl"
        try:
            result = load_records([path], quarantine_path=batch_q, start_method="spawn")  # never fork GL
        except UserError as err:
            self.commands.put(Command("live_error", (f"{label}: {err}",), "live"))
            return
        if batch_q.exists():
            with open(self.quarantine, "ab") as out:
                out.write(batch_q.read_bytes())
            batch_q.unlink()
        summary = f"live {label}: {result.summary()}"
        if self.prepare is None:
            self.commands.put(Command("live", (result.journeys, not initial, summary), "live"))
            return
        journeys = result.journeys
        for start in range(0, max(len(journeys), 1), LIVE_CHUNK):  # a loop over chunks, not journeys
            try:
                batch = self.prepare(journeys.subset(np.arange(start, min(start + LIVE_CHUNK, len(journeys)))),
                                     not initial)
            except Exception as exc:  # a feed must never take the show down
                log.exception("live data: preparing %s failed", label)
                self.commands.put(Command("live_error", (f"{label}: {exc}",), "live"))
                return
            self.commands.put(Command("live_rows", (batch, summary if start == 0 else ""), "live"))
