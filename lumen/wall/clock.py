"""Clocks of a wall's machines: a skewable clock for tests, a follower's estimate of its own clock's
offset to the leader's, and whether the kernel says a time daemon keeps this clock in step. Show time
and the changes scheduled on it are lumen/wall/sync.py. No sockets here: the runtime carries the
messages over OSC."""

from __future__ import annotations

import ctypes
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Clock = Callable[[], float]   # wall-clock seconds; tests inject one with an offset and a drift


class SkewedClock:
    """A clock that runs `offset` seconds ahead and `drift` (e.g. 50e-6) faster than `base`, the drift
    counted from `start` (default: now)."""

    def __init__(self, offset: float = 0.0, drift: float = 0.0, base: Clock = time.time, start: float | None = None):
        self.offset, self.drift, self.base = offset, drift, base
        self.start = base() if start is None else start

    def __call__(self) -> float:
        now = self.base()
        return now + self.offset + self.drift * (now - self.start)


@dataclass(frozen=True)
class Sample:
    """One ping: when it left and came back on our clock, and the leader's clock in between."""

    sent: float
    leader: float
    received: float

    @property
    def rtt(self) -> float:
        return self.received - self.sent

    @property
    def offset(self) -> float:
        """Leader minus us, assuming the reply took half the round trip (NTP's estimate)."""
        return self.leader - (self.sent + self.received) / 2.0


class OffsetEstimator:
    """The leader's clock minus ours, from the pings with the shortest round trips.

    Delay, jitter and queueing only ever lengthen a round trip, and a long one can hide an
    asymmetric path, so only the fastest ping of each stretch of the recent window is trusted; their
    offsets, fitted against time (a drifting clock makes the offset a line, not a constant) and read
    at the latest sample, are the estimate; its error is bounded by half their round trips."""

    def __init__(self, window: int = 64, bins: int = 8):
        self.samples: deque[Sample] = deque(maxlen=window)
        self.bins = bins

    def add(self, sample: Sample) -> None:
        if sample.rtt >= 0.0:
            self.samples.append(sample)

    def _trusted(self) -> list[Sample]:
        """The fastest ping of each of BINS stretches of the window: good samples spread in time."""
        samples = list(self.samples)
        if not samples:
            return []
        bins = max(1, min(self.bins, len(samples) // 4))
        step = -(-len(samples) // bins)
        return [min(samples[i: i + step], key=lambda s: s.rtt) for i in range(0, len(samples), step)]

    @property
    def ready(self) -> bool:
        return len(self.samples) >= 4

    def offset(self) -> float:
        trusted = self._trusted()
        if not trusted:
            return 0.0
        times = np.array([s.received for s in trusted])
        offsets = np.array([s.offset for s in trusted])
        if len(trusted) < 3 or np.ptp(times) < 1.0:
            return float(np.median(offsets))
        slope, intercept = np.polyfit(times - times.mean(), offsets, 1)
        return float(intercept + slope * (self.samples[-1].received - times.mean()))

    def rtt(self) -> float:
        trusted = self._trusted()
        return trusted[len(trusted) // 2].rtt if trusted else 0.0


def skewed_from_env(text: str) -> SkewedClock:
    """`offset=0.35,drift=5e-5[,start=T]` (seconds, a rate, wall-clock seconds) as a SkewedClock over
    time.time: how tests give one process of a wall a clock of its own."""
    try:
        values = {k.strip(): float(v) for k, v in (item.split("=", 1) for item in text.split(",") if item.strip())}
        unknown = set(values) - {"offset", "drift", "start"}
        if unknown:
            raise ValueError(f"unknown {sorted(unknown)[0]!r}")
    except ValueError as exc:
        raise ValueError(f"LUMEN_WALL_CLOCK={text!r}: expected offset=S,drift=R[,start=T] ({exc})") from None
    return SkewedClock(values.get("offset", 0.0), values.get("drift", 0.0), start=values.get("start"))


TIME_ERROR = 5   # adjtimex(2): the kernel's clock is not synchronised


def system_clock_synced() -> bool | None:
    """Whether the kernel says a time daemon (chrony, ntpd, phc2sys for PTP) keeps this clock in sync:
    adjtimex(2) with nothing to set only reads the state. None where that cannot be asked (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        timex = ctypes.create_string_buffer(512)   # struct timex (208 bytes on x86-64), modes = 0: read only
        state = ctypes.CDLL(None, use_errno=True).adjtimex(timex)
    except (OSError, AttributeError):
        return None
    return None if state < 0 else state != TIME_ERROR

