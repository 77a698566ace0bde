"""One show on several machines (no sockets, no GL): show time, frame slots, and the changes every
machine applies at the same show time.

Show time is the leader's clock minus the anchor (show time 0 in the leader's wall-clock seconds); it
never pauses or jumps, so every machine can compute it. What the pipeline draws, the exhibit time, is
a function of show time made of segments: from show time `at`, exhibit time = base + rate * (s - at)
(rate 0 while paused; a seek or a scene jump starts a segment with a new base). Blackout and the
parameter overrides are values that hold from an `at` on; screenshots are events at an `at`. A change
is sent ahead of its `at` (LEAD_S) and repeated, and is keyed by show time rather than by arrival, so a
machine that receives it in time applies it at the same frame as every other, and one that receives it
late (or restarts) is right again from the frame it arrives: every value is a function of show time.

Frames sit on a grid every machine shares: frame n is the one presented at show time n / fps, and
each machine renders the frame for its own next present time (`Slots`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

LEAD_S = 0.2              # changes are scheduled this far ahead: the network and a frame fit well inside
STATES = ("time", "blackout", "params")   # a value that holds from its `at` on
EVENTS = ("shot",)                        # happens once, at the first frame at or after its `at`
EVENT_KEPT_S = 1.0        # an event is still announced this long after its `at` (late is better than never)


@dataclass(frozen=True)
class Change:
    """A change of the shared show: sequence number (the leader's), show time it takes effect, what."""

    seq: int
    at: float
    name: str
    value: tuple = ()

    def key(self) -> tuple[float, int]:
        return (self.at, self.seq)


class SharedShow:
    """The changes one machine knows of, and what they make of any show time."""

    def __init__(self, start: float = 0.0):
        self.changes: dict[int, Change] = {0: Change(0, 0.0, "time", (float(start), 1.0))}
        self.fired: set[int] = set()

    def add(self, change: Change) -> bool:
        """Keep a change (a repeat of a known one is ignored); True when it is new."""
        if change.name not in STATES + EVENTS:
            raise ValueError(f"unknown wall change {change.name!r}")
        if change.seq in self.changes or change.seq in self.fired:
            return False
        self.changes[change.seq] = change
        return True

    def in_effect(self, name: str, s: float) -> Change | None:
        """The state change of `name` that holds at show time s."""
        best = None
        for change in self.changes.values():
            if change.name == name and change.at <= s and (best is None or change.key() > best.key()):
                best = change
        return best

    def exhibit_time(self, s: float) -> float:
        change = self.in_effect("time", s)
        base, rate = change.value
        return max(0.0, float(base) + float(rate) * (s - change.at))

    def paused(self, s: float) -> bool:
        return float(self.in_effect("time", s).value[1]) == 0.0

    def blackout(self, s: float) -> bool:
        change = self.in_effect("blackout", s)
        return bool(change.value[0]) if change else False

    def params(self, s: float) -> dict[str, dict[str, float]]:
        change = self.in_effect("params", s)
        return json.loads(change.value[0]) if change else {}

    def events_due(self, s: float) -> list[Change]:
        """Events a frame at show time s has reached and that have not fired yet, in order."""
        due = sorted((c for c in self.changes.values() if c.name in EVENTS and c.at <= s
                      and c.seq not in self.fired), key=Change.key)
        self.fired.update(c.seq for c in due)
        return due

    def current(self, s: float) -> list[Change]:
        """What a newcomer needs: each state's change in effect at s, then everything still to come
        (events a little longer: one that arrives late still fires, late)."""
        held = [c for c in (self.in_effect(name, s) for name in STATES) if c is not None]
        return held + sorted((c for c in self.changes.values()
                              if c.at > s or c.name in EVENTS and c.at > s - EVENT_KEPT_S), key=Change.key)

    def prune(self, s: float) -> None:
        """Forget state changes another one has replaced by show time s, and events long past."""
        keep = {c.seq for c in self.current(s)}
        self.changes = {seq: c for seq, c in self.changes.items() if seq in keep}

    @property
    def last_seq(self) -> int:
        return max(self.changes, default=0)


@dataclass
class Slots:
    """The frame grid: frame n is presented at show time n / fps; a frame takes one frame to reach
    the screen, so rendering frame n starts at show time (n - 1) / fps."""

    fps: float

    def due(self, s_now: float) -> int:
        """The frame to render now: the one presented at the next frame boundary after a frame's work."""
        return int(math.floor(s_now * self.fps + 0.5)) + 1

    def start(self, n: int) -> float:
        """Show time at which rendering frame n begins."""
        return (n - 1) / self.fps

    def time(self, n: int) -> float:
        return n / self.fps

    def first_at_or_after(self, at: float) -> int:
        """The first frame whose show time is at or after `at` (where a change lands)."""
        return int(math.ceil(at * self.fps - 1e-9))


def encode_change(change: Change) -> list:
    """OSC arguments of /lumen/wall/change (types: i, d, s, then the value's)."""
    values = [("d", float(v)) for v in change.value] if change.name == "time" else \
        [("i", int(v)) for v in change.value] if change.name == "blackout" else [("s", str(v)) for v in change.value]
    return [("i", change.seq), ("d", change.at), ("s", change.name)] + values


def decode_change(args: tuple) -> Change:
    """A /lumen/wall/change message's arguments as a Change; ValueError when malformed."""
    if len(args) < 3:
        raise ValueError(f"/lumen/wall/change: expected seq, at, name, values; got {args!r}")
    seq, at, name, *values = args
    value = tuple(float(v) for v in values) if name == "time" else tuple(values)
    if name == "time" and len(value) != 2 or not math.isfinite(float(at)):
        raise ValueError(f"/lumen/wall/change: malformed {name!r} change {args!r}")
    return Change(int(seq), float(at), str(name), value)
