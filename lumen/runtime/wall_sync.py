"""Several machines, one show: the leader's timeline carried over OSC, each follower's offset to the
leader's clock, and state changes and live batches applied at the same frame everywhere. The logic
(show time, frame slots, changes by show time) is lumen/wall/sync.py; docs/wall.md tells the story."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import os
import socket
import threading
import time
import uuid
from collections import deque

from lumen.errors import UserError
from lumen.runtime.logs import log
from lumen.wall.clock import OffsetEstimator, Sample, skewed_from_env, system_clock_synced
from lumen.wall.pool import JourneyPool
from lumen.wall.sync import LEAD_S, Change, SharedShow, Slots, decode_change, encode_change

ANNOUNCE_EVERY_S = 0.25    # the leader's anchor and live changes, to every follower
PING_FAST_S, PING_SLOW_S, FAST_FOR_S = 0.05, 0.2, 3.0   # pings: fast while starting, then steady
FOLLOWER_GONE_S = 10.0     # a follower silent this long gets no more announcements
BATCHES_PER_REQUEST = 16
BATCH_LEAD_S = 1.0         # live batches are born this far ahead: a follower's feed reads the journal
                           # every 0.5 s (lumen/runtime/live.py), so every machine has the journeys by then
LATE_RING_S = 5.0          # a live batch applied this late gets no ring (its birth is long past)
WARN_EVERY_S = 60.0
CHANGE_COPIES = 3          # a new change goes out this many times at once (then with every announcement)
SHARED = {"pause", "scene", "seek", "blackout", "param", "param_reset", "screenshot"}


def local_clock():
    """This machine's wall clock, or the skewed one a test gives it through LUMEN_WALL_CLOCK."""
    text = os.environ.get("LUMEN_WALL_CLOCK", "")
    if not text:
        return time.time, False
    try:
        return skewed_from_env(text), True
    except ValueError as exc:
        raise UserError(str(exc)) from None


def leader_address(host: str, port: int) -> tuple[str, int]:
    try:
        return socket.gethostbyname(host), port
    except OSError as exc:
        raise UserError(f"--follow {host}:{port}: cannot resolve {host!r} ({exc.strerror or exc})") from None


class WallClock:
    """The show clock of a wall machine (ShowClock's interface): the exhibit time of the frame drawn."""

    def __init__(self, sync: WallSync):
        self.sync = sync

    def time(self) -> float:
        return self.sync.frame_time

    @property
    def paused(self) -> bool:
        return self.sync.state.paused(self.sync.frame_show)

    def tick(self) -> None:
        self.sync.next_frame()

    def seek(self, t: float) -> None:
        self.sync.seek(float(t))

    def set_paused(self, paused: bool) -> None:
        self.sync.set_paused(paused)


class WallSync:
    """This machine's part in a wall's show, as leader or follower; owned by the Show."""

    def __init__(self, show, lead: bool, follow: tuple[str, int] | None, allow: tuple[str, ...]):
        self.show = show
        self.role = "leader" if lead else "follower"
        self.clock, self.injected = local_clock()
        self.lock = threading.RLock()
        self.state = SharedShow(show.opts.start)
        self.slots: Slots | None = None
        self.anchor: float | None = None
        self.frame, self.frame_show, self.frame_time = 0, 0.0, show.opts.start
        self.drawn = 0                           # the frame whose values before_frame applied last
        self.previous_show = -math.inf           # show time of the frame drawn before this one
        self.first_frame_at: float | None = None # wall clock of the first frame, and of the first on the
        self.joined_at: float | None = None      # leader's timeline (how long a restart takes to catch up)
        self.estimator = OffsetEstimator()
        self.correction = 0.0
        self.synced = system_clock_synced()
        self.correcting = not lead and (self.injected or not self.synced)
        self.server = None
        self.leader = leader_address(*follow) if follow else None
        self.allowed_hosts = ({self.leader[0]} if self.leader else set()) | {socket.gethostbyname(h) for h in allow}
        self.leader_id = uuid.uuid4().hex[:8] if lead else ""
        self.followers: dict[tuple[str, int], float] = {}
        self.next_seq = 2                        # 1 is the show's start (see seek)
        self.batch_log: list[tuple[int, float, float, str]] = []
        self.batches: dict[int, tuple[float, float, str]] = {}
        self.next_batch = 1
        self.leader_batches = 0
        self.prepared: deque = deque()           # (seq, show time due, LiveBatch or None)
        self.pool = JourneyPool()
        self.applied: deque = deque(maxlen=16)   # (seq, what, frame, late ms): status and tests
        self._in_effect: dict[str, int] = {}
        self.refused = 0
        self.shot_tag = ""
        self._warned = {"offset": 0.0, "source": 0.0, "pool": 0.0}
        self._waiting: dict[int, float] = {}     # live batch -> when it began to wait for its journeys
        self._stop = threading.Event()
        self._ready = threading.Event()          # follower: journeys or an announcement arrived
        self._ping = 0

    # ---- show time ------------------------------------------------------------------------------
    def leader_now(self) -> float:
        return self.clock() + self.correction

    @property
    def on_timeline(self) -> bool:
        """The leader's timeline is known here: its anchor, and (when correcting) our offset to it."""
        return self.anchor is not None and (not self.correcting or bool(self.estimator.samples))

    def show_now(self) -> float:
        return self.leader_now() - self.anchor if self.on_timeline else 0.0

    def seek(self, t: float) -> None:
        """The show's start (the leader's show time 0 is now), or a seek the leader schedules."""
        if self.slots is None:
            self.slots = Slots(float(self.show.exhibit["display"]["fps"]))
            if self.role == "leader":
                self.anchor = self.clock()
                self.state.add(Change(1, 0.0, "time", (t, 1.0)))
                log.info("wall: leading as %s; anchor %.6f, fps %g", self.leader_id, self.anchor, self.slots.fps)
            return
        if self.role == "leader":
            at = self.show_now() + LEAD_S
            self.schedule("time", (t, 0.0 if self.state.paused(at) else 1.0), at)

    def set_paused(self, paused: bool) -> None:
        if self.role == "leader" and self.slots is not None:
            at = self.show_now() + LEAD_S
            self.schedule("time", (self.state.exhibit_time(at), 0.0 if paused else 1.0), at)

    def next_frame(self) -> None:
        """Pick the frame to draw next: the next on the shared grid, or the one due if we fell behind."""
        with self.lock:
            if not self.on_timeline or self.slots is None:
                return
            self.frame = max(self.frame + 1, self.slots.due(self.show_now()))
            self.frame_show = self.slots.time(self.frame)

    def pace(self, budget: float) -> None:
        """Sleep until this frame's turn on the shared grid (or a frame's budget before an anchor)."""
        if not self.on_timeline or self.slots is None:
            time.sleep(budget)
            return
        wait = self.anchor + self.slots.start(self.frame) - self.leader_now()
        if wait > 0:
            time.sleep(min(wait, 1.0))

    # ---- each frame (render thread) -------------------------------------------------------------
    def before_frame(self) -> None:
        """Apply what the frame's show time has reached: the time segment, blackout, overrides, shots
        and live batches, exactly as every other machine does at this frame."""
        show, s = self.show, self.frame_show
        with self.lock:
            self.frame_time = self.state.exhibit_time(s)
            self.drawn = self.frame
            self._joined(s)
            for name in ("time", "blackout", "params"):
                change = self.state.in_effect(name, s)
                if change is not None and self._in_effect.get(name) != change.seq:
                    self._in_effect[name] = change.seq
                    self._note(change, s)
            blackout, params, events = self.state.blackout(s), self.state.params(s), self.state.events_due(s)
            if self.frame % 60 == 0:
                self.state.prune(s)
        if blackout != show.blackout:
            show.cmd_blackout(int(blackout))
        if params != show.overrides:
            show.overrides = params
        for event in events:
            self._note(event, s)
            self.shot_tag = f"-f{self.frame}"
            show.cmd_screenshot()
        while self.prepared and self.prepared[0][1] <= s:
            seq, at, batch = self.prepared.popleft()
            self._note(Change(seq, at, "batch"), s)
            if batch is not None:
                if s - at > LATE_RING_S and batch.born:
                    batch = dataclasses.replace(batch, born=False)
                show.cmd_live_rows(batch, "")
        self.previous_show = s

    def _joined(self, s: float) -> None:
        now = time.time()
        if self.first_frame_at is None:
            self.first_frame_at = now
        if self.joined_at is None and self.on_timeline and self.state.in_effect("time", s).seq >= 1:
            self.joined_at = now
            log.info("wall: on the leader's timeline %.2f s after this show's first frame (frame %d)",
                     now - self.first_frame_at, self.frame)

    def _note(self, change: Change, s: float) -> None:
        """Record where a change landed: at its own frame (the first at or after its show time), at the
        next frame drawn when this machine dropped that one under load, or late (it arrived after a
        frame it was due for had been drawn: applied at once)."""
        due = self.slots.first_at_or_after(change.at) if self.slots else self.frame
        late = 0.0 if change.at > self.previous_show else s - change.at
        self.applied.append((change.seq, change.name, self.frame, round(late * 1e3, 1), due))
        if change.seq > 1 or change.name == "batch":
            what = f"live batch {change.seq}" if change.name == "batch" else f"change {change.seq} ({change.name})"
            how = (f", {late * 1e3:.0f} ms late" if late else
                   f", frame {due} was dropped here" if self.frame > due else "")
            log.info("wall: %s applied at frame %d, show time %.3f (due %.3f)%s", what, self.frame, s, change.at, how)

    # ---- commands -------------------------------------------------------------------------------
    def intercept(self, cmd) -> bool:
        """Show-state commands: a follower refuses them (the leader's timeline rules), the leader
        schedules them LEAD_S ahead for every machine. True when handled here."""
        if cmd.name not in SHARED:
            return False
        if self.role == "follower":
            self.refused += 1
            log.warning("wall: %s from %s refused: this machine follows %s:%d; send show commands to the leader",
                        cmd.name, cmd.source, *self.leader)
            return True
        if cmd.name in ("pause", "scene", "seek"):
            return False   # their handlers move the clock, and WallClock schedules the move
        show = self.show
        try:
            if cmd.name == "blackout":
                self.schedule("blackout", (int(show._flag(self.state.blackout(math.inf), cmd.args)),))
            elif cmd.name == "screenshot":
                self.schedule("shot", ())
            else:   # param, param_reset: the handler checks them against a copy of the coming overrides
                kept = show.overrides
                show.overrides = copy.deepcopy(self.state.params(math.inf))
                try:
                    getattr(show, f"cmd_{cmd.name}")(*cmd.args)
                    wanted = show.overrides
                finally:
                    show.overrides = kept
                self.schedule("params", (json.dumps(wanted, sort_keys=True),))
        except (TypeError, ValueError, KeyError) as exc:
            show.error(f"{cmd.name} from {cmd.source}: {exc}")
        return True

    def schedule(self, name: str, value: tuple, at: float | None = None) -> Change:
        """A change for every machine at show time `at` (default: LEAD_S from now)."""
        with self.lock:
            at = self.show_now() + LEAD_S if at is None else at
            change = Change(self.next_seq, at, name, value)
            self.next_seq += 1
            self.state.add(change)
        log.info("wall: change %d (%s %s) for show time %.3f, frame %d", change.seq, name,
                 " ".join(map(str, value)), at, self.slots.first_at_or_after(at))
        for follower in list(self.followers):
            for _ in range(CHANGE_COPIES):   # a lost datagram must not make one machine late
                self._send(follower, "/lumen/wall/change", encode_change(change))
        return change

    # ---- live data ------------------------------------------------------------------------------
    def prepare_live(self, journeys, flare: bool):
        """The feed's thread. Leader: number the batch, give it a birth show time BATCH_LEAD_S ahead (its day
        on the timeline) and announce it; every machine appends it at that show time. Follower: keep
        the journeys until the leader says which batch they are in."""
        if self.role == "follower":
            self.pool.add(journeys)
            self._ready.set()
            return None
        with self.lock:
            at = max(self.show_now() + BATCH_LEAD_S, self.prepared[-1][1] if self.prepared else 0.0)
            day = self._day_at(self.state.exhibit_time(at)) if flare else math.nan
        batch = self.show.prepare_live(journeys, flare, day=None if math.isnan(day) else day)
        if batch is None:
            return None
        ids = "\n".join(key.decode("utf-8", "replace") for key in journeys.ids.tolist())
        with self.lock:
            seq = len(self.batch_log) + 1
            self.batch_log.append((seq, at, day, ids))
            self.prepared.append((seq, at, batch))
        for follower in list(self.followers):
            self._send_batch(follower, seq)
        return None

    def _day_at(self, t: float) -> float:
        pipeline = self.show.pipeline
        return pipeline.day_at(t) if pipeline is not None else self.show.day_now

    def _prepare_loop(self) -> None:
        """Follower: batches are prepared in a thread of their own, as the leader's feed thread does,
        so a frame never waits for encoding (or the captions' recount that comes with it)."""
        while not self._stop.is_set():
            self._ready.wait(0.5)
            self._ready.clear()
            try:
                self._prepare_announced()
            except Exception:   # live data must never take the show down
                log.exception("wall: preparing a live batch failed")

    def _prepare_announced(self) -> None:
        """Follower: prepare the announced batches, in order, whose journeys the journal has brought."""
        while True:
            with self.lock:
                entry = self.batches.get(self.next_batch)
            if entry is None:
                return
            at, day, ids = entry
            keys = [line.encode("utf-8") for line in ids.split("\n") if line]
            journeys = self.pool.take(keys)
            if journeys is None:
                waiting = self._waiting.setdefault(self.next_batch, time.monotonic())
                if time.monotonic() - waiting > 2.0 and time.monotonic() - self._warned["pool"] > WARN_EVERY_S:
                    self._warned["pool"] = time.monotonic()
                    log.warning("wall: live batch %d waits for %d journey(s) not in this machine's journal yet "
                                "(is the journal folder shared? docs/wall.md)", self.next_batch,
                                len(self.pool.missing(keys)))
                return
            flare = not math.isnan(day)
            batch = self.show.prepare_live(journeys, flare, day=day if flare else None)
            with self.lock:
                self.prepared.append((self.next_batch, at, batch))
                del self.batches[self.next_batch]
                self.next_batch += 1

    # ---- the network (the OSC thread, and one thread of our own) ---------------------------------
    def allowed(self, client_address) -> bool:
        """A follower takes messages from its leader (and --allow) only; the leader from anyone."""
        if self.role == "leader" or client_address[0] in self.allowed_hosts:
            return True
        self.refused += 1
        if time.monotonic() - self._warned["source"] > 10.0:
            self._warned["source"] = time.monotonic()
            log.warning("wall: OSC from %s:%d ignored: this machine follows %s:%d only (--allow adds sources)",
                        client_address[0], client_address[1], *self.leader)
        return False

    def start(self, server) -> None:
        """Begin talking: the leader announces, a follower pings."""
        self.server = server
        target = self._announce_loop if self.role == "leader" else self._ping_loop
        threading.Thread(target=target, name=f"lumen-wall-{self.role}", daemon=True).start()
        if self.role == "follower":
            threading.Thread(target=self._prepare_loop, name="lumen-wall-prepare", daemon=True).start()
        if self.correcting:
            log.warning("wall: %s; show time follows the leader by this machine's own estimate of the offset "
                        "(docs/wall.md: set up chrony)", "a test clock is injected (LUMEN_WALL_CLOCK)"
                        if self.injected else "this machine's clock is not synchronised (no chrony/NTP)")

    def close(self) -> None:
        self._stop.set()
        self._ready.set()

    def _send(self, to, address: str, args: list) -> None:
        if self.server is not None:
            self.server.send(to, address, args)

    def _send_batch(self, to, seq: int) -> None:
        _, at, day, ids = self.batch_log[seq - 1]
        self._send(to, "/lumen/wall/batch", [("i", seq), ("d", at), ("d", day), ("s", ids)])

    def _announce_loop(self) -> None:
        while not self._stop.wait(ANNOUNCE_EVERY_S):
            now = time.monotonic()
            with self.lock:
                for gone in [f for f, seen in self.followers.items() if now - seen > FOLLOWER_GONE_S]:
                    del self.followers[gone]
                    log.info("wall: follower %s:%d went quiet", *gone)
                s = self.show_now()
                followers, current = list(self.followers), self.state.current(s)
                coming = [seq for seq, at, _, _ in self.batch_log[-BATCHES_PER_REQUEST:] if at > s]
            for follower in followers:
                self._announce(follower, current)
                for seq in coming:   # repeated until due, like changes: a datagram may be lost
                    self._send_batch(follower, seq)

    def _announce(self, follower, current: list[Change]) -> None:
        self._send(follower, "/lumen/wall/anchor", [("s", self.leader_id), ("d", self.anchor),
                                                     ("d", self.slots.fps), ("i", len(self.batch_log))])
        for change in current:
            self._send(follower, "/lumen/wall/change", encode_change(change))

    def _ping_loop(self) -> None:
        began = time.monotonic()
        while not self._stop.wait(PING_FAST_S if time.monotonic() - began < FAST_FOR_S else PING_SLOW_S):
            self._ping += 1
            self._send(self.leader, "/lumen/wall/ping", [("i", self._ping), ("d", self.clock())])
            with self.lock:
                wanted = self.next_batch + len(self.batches)
                missing = self.leader_batches >= wanted and self._ping % 2 == 0
            if missing:
                self._send(self.leader, "/lumen/wall/batches", [("i", wanted)])
            self._check_offset()

    def _check_offset(self) -> None:
        if not self.estimator.ready or self.slots is None:
            return
        offset = self.estimator.offset()
        if abs(offset) > 0.5 / self.slots.fps and time.monotonic() - self._warned["offset"] > WARN_EVERY_S:
            self._warned["offset"] = time.monotonic()
            log.warning("wall: this clock is %.1f ms off the leader's, more than half a frame; %s", offset * 1e3,
                        "show time is corrected by that estimate" if self.correcting else
                        "the system clock is said to be in sync: check `chronyc tracking` on both machines")

    def on_message(self, client_address, address: str, *args) -> None:
        """Every /lumen/wall/* message, in the OSC thread (the sender already passed `allowed`)."""
        try:
            getattr(self, f"_on_{address.rsplit('/', 1)[-1]}")(client_address, *args)
        except (AttributeError, TypeError, ValueError, IndexError) as exc:
            log.warning("wall: %s from %s:%d not understood (%s)", address, *client_address, exc)

    def _on_ping(self, source, seq, sent) -> None:
        stamp = self.clock()   # first: the reply's time is as close to the arrival as we can make it
        self._send(source, "/lumen/wall/pong", [("i", int(seq)), ("d", float(sent)), ("d", stamp)])
        with self.lock:
            fresh = source not in self.followers
            self.followers[source] = time.monotonic()
            current = self.state.current(self.show_now()) if fresh and self.slots else None
        if fresh:
            log.info("wall: follower %s:%d joined", *source)
            if current is not None:
                self._announce(source, current)

    def _on_pong(self, source, seq, sent, leader_time) -> None:
        received = self.clock()
        self.estimator.add(Sample(float(sent), float(leader_time), received))
        if self.correcting:
            self.correction = self.estimator.offset()

    def _on_anchor(self, source, leader_id, anchor, fps, batches) -> None:
        with self.lock:
            if leader_id != self.leader_id:
                if self.leader_id:
                    log.warning("wall: the leader restarted (%s -> %s); following its new timeline",
                                self.leader_id, leader_id)
                    self.state = SharedShow(self.show.opts.start)
                    self._in_effect.clear()
                    self.batches.clear()
                    self.next_batch, self.prepared = 1, deque()
                else:
                    log.info("wall: following leader %s at %s:%d, anchor %.6f", leader_id, *self.leader, anchor)
                self.leader_id = leader_id
            self.anchor = float(anchor)
            if self.slots is None or self.slots.fps != float(fps):
                self.slots = Slots(float(fps))
            self.leader_batches = int(batches)

    def _on_change(self, source, *args) -> None:
        change = decode_change(args)
        with self.lock:
            new = self.state.add(change)
            late = self.frame_show - change.at
        if new and late > 0 and change.seq > 1:
            log.warning("wall: change %d (%s) arrived %.0f ms after its show time: applied at once",
                        change.seq, change.name, late * 1e3)

    def _on_batch(self, source, seq, at, day, ids) -> None:
        with self.lock:
            if int(seq) >= self.next_batch:
                self.batches[int(seq)] = (float(at), float(day), str(ids))
        self._ready.set()

    def _on_batches(self, source, first) -> None:
        with self.lock:
            last = min(len(self.batch_log), int(first) + BATCHES_PER_REQUEST - 1)
        for seq in range(max(1, int(first)), last + 1):
            self._send_batch(source, seq)

    # ---- reporting ------------------------------------------------------------------------------
    def status(self) -> dict:
        offset = self.estimator.offset() if self.estimator.samples else 0.0
        real, s = time.time(), self.show_now()   # read together: show time at a known wall-clock instant
        return {
            "role": self.role, "leader": f"{self.leader[0]}:{self.leader[1]}" if self.leader else None,
            "leader_id": self.leader_id, "offset_ms": round(offset * 1e3, 3),
            "rtt_ms": round(self.estimator.rtt() * 1e3, 3), "clock_synced": self.synced,
            "correcting": self.correcting, "show_time": s if self.on_timeline else None,
            "show_time_at": real,
            "show_frame": self.drawn, "anchor": self.anchor, "followers": len(self.followers),
            "wall_changes": [list(a) for a in self.applied], "wall_refused": self.refused,
            "wall_batches": (len(self.batch_log) if self.role == "leader" else self.next_batch - 1),
            "joined_after_s": (round(self.joined_at - self.first_frame_at, 3) if self.joined_at else None),
        }

    def hud_line(self) -> str:
        if self.role == "leader":
            return f"wall leader {self.leader_id}  followers {len(self.followers)}  frame {self.frame}"
        offset = self.estimator.offset() * 1e3 if self.estimator.samples else float("nan")
        return (f"wall follower of {self.leader[0]}:{self.leader[1]}  offset {offset:+.2f} ms"
                f"{' (corrected)' if self.correcting else ''}  rtt {self.estimator.rtt() * 1e3:.2f} ms  "
                f"frame {self.frame}")
