"""A folder of PNG frames: each written under a temporary name and renamed when complete, beside a
manifest (rewritten atomically after each frame) that says how many frames are complete, their
times and the clip's provenance. An interrupted export leaves only complete frames."""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import threading
from pathlib import Path

import numpy as np

from lumen.errors import UserError
from lumen.pipeline.headless import save_png
from lumen.pipeline.provenance import Provenance, time_text

MANIFEST = "manifest.json"
PNG_LEVEL = 1      # PNG compression: level 1 keeps the writer ahead of the renderer


def frame_name(index: int) -> str:
    return f"frame_{index:06d}.png"


class FrameFolder:
    """Takes raw frames (bottom row first, as GL reads them) and writes PNGs from a background thread."""

    def __init__(self, out: Path, size: tuple[int, int], fps: float, start: float, components: int,
                 provenance: Provenance, planned: int):
        self.out = Path(out)
        self.size, self.fps, self.start, self.components = size, fps, start, components
        self.provenance, self.planned = provenance, planned
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{self.out}: cannot create the frames folder ({exc.strerror or exc})") from None
        stale = sorted(self.out.glob("frame_*.png"))
        if stale:
            raise UserError(f"{self.out}: already holds {len(stale)} frames ({stale[0].name}, ...); "
                            "choose an empty folder")
        self.written = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(3)
        self._thread = threading.Thread(target=self._pump, name="lumen-png-writer", daemon=True)
        self._write_manifest(done=False)
        self._thread.start()

    def time_of(self, index: int) -> float:
        return self.start + index / self.fps

    def _pump(self) -> None:
        while (raw := self._queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                self._write(raw)
            except Exception as exc:  # reported by put/close on the main thread
                self.error = exc

    def _write(self, raw: bytes) -> None:
        w, h = self.size
        rgba = np.frombuffer(raw, np.uint8).reshape(h, w, self.components)[::-1]
        index = self.written
        final = self.out / frame_name(index)
        tmp = self.out / f".{final.stem}.tmp.png"
        facts = dataclasses.replace(self.provenance, time=time_text(self.time_of(index)))
        save_png(rgba, tmp, facts, compress_level=PNG_LEVEL)
        os.replace(tmp, final)
        self.written += 1
        self._write_manifest(done=False)

    def _write_manifest(self, done: bool) -> None:
        manifest = {
            "frames": self.written, "planned": self.planned, "complete": done and self.written == self.planned,
            "fps": self.fps, "start": self.start, "size": list(self.size),
            "frame_time": "start + index / fps", "names": "frame_%06d.png",
            "provenance": self.provenance.fields(),
        }
        tmp = self.out / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.out / MANIFEST)

    def put(self, raw: bytes) -> None:
        if self.error is not None:
            raise UserError(f"{self.out}: writing frames failed: {self.error}")
        self._queue.put(raw)

    def close(self) -> int:
        """Write every queued frame, remove any partial file, finish the manifest; return the frames written."""
        self._queue.put(None)
        self._thread.join()
        for tmp in self.out.glob(".frame_*.tmp.png"):
            tmp.unlink(missing_ok=True)
        self._write_manifest(done=True)
        if self.error is not None:
            raise UserError(f"{self.out}: writing frames failed: {self.error}")
        return self.written
