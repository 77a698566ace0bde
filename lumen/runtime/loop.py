"""Frame pacing: the show clock (real time, pausable, seekable), frame statistics, dropped frames."""

from __future__ import annotations

import time
from collections import deque

import numpy as np


class ShowClock:
    """Exhibit time from a monotonic clock; pause freezes it, seek jumps it. `step` fixes dt (soak)."""

    def __init__(self, start: float = 0.0, step: float | None = None, now=time.perf_counter):
        self._now = now
        self.step = step
        self._base = start
        self._anchor = now()
        self.paused = False
        self._frames = 0

    def time(self) -> float:
        if self.step is not None:
            return self._base + (0.0 if self.paused else self._frames * self.step)
        return self._base if self.paused else self._base + (self._now() - self._anchor)

    def tick(self) -> None:
        """Advance a fixed-step clock by one frame; real-time clocks ignore it."""
        if self.step is not None and not self.paused:
            self._frames += 1

    def set_paused(self, paused: bool) -> None:
        if paused == self.paused:
            return
        self.seek(self.time())
        self.paused = paused

    def seek(self, t: float) -> None:
        self._base = max(0.0, float(t))
        self._anchor = self._now()
        self._frames = 0


class FrameStats:
    """A rolling window of frame times: fps, p50, p99, and a count of frames over budget (dropped)."""

    def __init__(self, target_fps: float, window: int = 600):
        self.budget = 1.0 / max(1.0, target_fps)
        self.times: deque[float] = deque(maxlen=window)
        self.frames = 0
        self.dropped = 0
        self._last: float | None = None

    def mark(self, now: float | None = None) -> float | None:
        """Record a frame boundary; return how many frames were missed if this one was late, else None."""
        now = time.perf_counter() if now is None else now
        late = None
        if self._last is not None:
            dt = now - self._last
            self.times.append(dt)
            missed = int(dt / self.budget + 0.25) - 1  # 1.25 budgets or more: at least one vsync missed
            if missed > 0:
                self.dropped += missed
                late = dt
        self._last = now
        self.frames += 1
        return late

    def percentiles(self) -> tuple[float, float]:
        """(p50, p99) frame time in milliseconds over the window."""
        if not self.times:
            return 0.0, 0.0
        p50, p99 = np.percentile(np.fromiter(self.times, float), [50, 99])
        return float(p50) * 1e3, float(p99) * 1e3

    def fps(self) -> float:
        return len(self.times) / sum(self.times) if self.times else 0.0


class Fader:
    """A brightness that eases toward a target at a fixed rate per second (fades, never cuts)."""

    def __init__(self, value: float = 0.0, seconds: float = 1.5):
        self.value = value
        self.target = value
        self.seconds = seconds

    def to(self, target: float, seconds: float | None = None) -> None:
        self.target = target
        if seconds is not None:
            self.seconds = seconds

    def update(self, dt: float) -> float:
        step = min(max(dt, 0.0), 0.1) / max(self.seconds, 1e-3)  # a stalled frame never jumps the fade
        if self.value < self.target:
            self.value = min(self.target, self.value + step)
        else:
            self.value = max(self.target, self.value - step)
        return self.value

    @property
    def done(self) -> bool:
        return self.value == self.target

    def eased(self) -> float:
        """Smoothstep of the linear value: soft at both ends."""
        v = self.value
        return v * v * (3.0 - 2.0 * v)
