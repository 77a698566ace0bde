"""A minimal progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys


class Progress:
    """Report done/total as a percentage on one terminal line; silent when not on a terminal."""

    def __init__(self, label: str, total: int, *, stream=None):
        self.stream = stream or sys.stderr
        self.label, self.total, self.done, self.shown = label, max(total, 1), 0, -1
        self.active = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, k: int = 1) -> None:
        """Count k more units of work."""
        self.done += k
        pct = min(100, self.done * 100 // self.total)
        if self.active and pct != self.shown:
            self.shown = pct
            self.stream.write(f"\r{self.label} {pct:3d}%")
            self.stream.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.active:
            self.stream.write("\n")
            self.stream.flush()
