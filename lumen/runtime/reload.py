"""Hot reload: watchfiles reports edits to the exhibit, its shaders and its data as 'changed' commands."""

from __future__ import annotations

import threading
from pathlib import Path

from watchfiles import watch

from lumen.runtime.controls import Command, CommandQueue
from lumen.runtime.logs import log

SOURCE_SUFFIXES = {".toml", ".glsl", ".frag", ".vert", ".comp", ".jsonl", ".csv"}


class ReloadWatcher:
    """Watches directories in a daemon thread; only files with SOURCE_SUFFIXES (minus `ignore`) count."""

    def __init__(self, roots: list[Path], commands: CommandQueue, ignore: list[Path] = ()):
        self.roots = sorted({Path(r).resolve() for r in roots if Path(r).exists()})
        self.ignore = {Path(p).resolve() for p in ignore}
        self.commands = commands
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="lumen-reload", daemon=True)

    def start(self) -> ReloadWatcher:
        self.thread.start()
        log.info("hot reload watching %s", ", ".join(str(r) for r in self.roots))
        return self

    def _wanted(self, change, path: str) -> bool:
        p = Path(path)
        return p.suffix in SOURCE_SUFFIXES and not any(p == i or i in p.parents for i in self.ignore)

    def _run(self) -> None:
        try:
            for changes in watch(*self.roots, watch_filter=self._wanted, stop_event=self.stop,
                                 debounce=300, step=50, rust_timeout=500, yield_on_timeout=False):
                paths = sorted({Path(p) for _, p in changes})
                self.commands.put(Command("changed", tuple(paths), "watch"))
        except Exception:
            log.exception("hot reload watcher stopped")

    def close(self) -> None:
        self.stop.set()
