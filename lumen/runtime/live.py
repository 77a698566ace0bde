"""Live data: journeys appended to a JSONL file or dropped into a folder, read through the same guard as
every other load, and prepared for the show (lumen.encode.live: features and encodings of the new
journeys only) in this thread, so the render thread only appends rows."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import numpy as np

from lumen.errors import UserError
from lumen.records import load_records
from lumen.runtime.controls import Command, CommandQueue
from lumen.runtime.logs import log

DATA_SUFFIXES = (".jsonl", ".csv")
# Journeys per prepared batch: the show applies one batch a frame, and at 1M journeys a batch of this
# size costs that frame a few milliseconds (docs/benchmarks.md); a bigger load appears over frames.
LIVE_CHUNK = 32


class LiveFeed:
    """Polls a JSONL file (new complete lines) or a folder (new, settled files) in a daemon thread."""

    def __init__(self, path: Path, commands: CommandQueue, workdir: Path, quarantine: Path, poll: float = 0.5,
                 prepare=None):
        self.path = Path(path)
        self.prepare = prepare  # (journeys, flare) -> LiveBatch | None, called here; None: hand journeys over
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
