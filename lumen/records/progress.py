"""A minimal progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time


def clock_text(seconds: float) -> str:
    """'1:05' or '2:03:07'."""
    seconds = max(0, int(seconds + 0.5))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Report done/total as a percentage on one terminal line; silent when not on a terminal.

    With a `unit` (e.g. "frames") the line also shows the count, the rate per second and the time
    left (ETA), redrawn at most every `every` seconds."""

    def __init__(self, label: str, total: int, *, stream=None, unit: str = "", every: float = 0.25, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.label, self.total, self.done, self.shown = label, max(total, 1), 0, -1
        self.unit, self.every, self.clock = unit, every, clock
        self.started = self.clock()
        self._drawn_at = -float("inf")
        self.active = hasattr(self.stream, "isatty") and self.stream.isatty()

    def rate(self) -> float:
        """Units per second so far."""
        elapsed = self.clock() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The text of the bar now."""
        pct = min(100, self.done * 100 // self.total)
        if not self.unit:
            return f"{self.label} {pct:3d}%"
        rate = self.rate()
        eta = clock_text((self.total - self.done) / rate) if rate > 0 else "?"
        return f"{self.label} {pct:3d}%  {self.done}/{self.total} {self.unit}  {rate:.1f} {self.unit}/s  ETA {eta}"

    def advance(self, k: int = 1) -> None:
        """Count k more units of work."""
        self.done += k
        if not self.active:
            return
        pct = min(100, self.done * 100 // self.total)
        now = self.clock()
        due = now - self._drawn_at >= self.every or self.done >= self.total if self.unit else pct != self.shown
        if due:
            self.shown, self._drawn_at = pct, now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.active:
            self.stream.write("\n")
            self.stream.flush()
