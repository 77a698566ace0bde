"""Walls of several processes on one machine: `lumen run --offscreen` processes with their own state
folders, OSC ports and (optionally) skewed clocks, and a UDP relay that delays, jitters and drops."""

from __future__ import annotations

import heapq
import random
import select
import socket
import threading
import time
from pathlib import Path

from tests.conftest import REPO
from tests.runtime.conftest import ShowProcess

# A small wall: two 176x90 slices overlapping by 32 px on a 320x90 canvas, at 30 fps. The trails'
# share of the halo is 0, so a frame is a pure function of its time (see test_wall_processes).
WALL = """extends = "{base}"
[display]
size = [320, 90]
fps = 30
[[display.slices]]
name = "left"
region = [0, 0, 176, 90]
[[display.slices]]
name = "right"
region = [144, 0, 176, 90]
[passes.halo.params]
b = 0.0
"""


def write_wall(folder: Path) -> Path:
    path = folder / "wall.toml"
    path.write_text(WALL.format(base=(REPO / "exhibits" / "traveling" / "projector-wall.toml").as_posix()))
    return path


class WallProcess(ShowProcess):
    """`lumen run` offscreen (or in a window when `display` is given), with a clock of its own when
    `clock` is given (LUMEN_WALL_CLOCK), without hot reload or the flash guard (each process's guard
    acts on its own history)."""

    def __init__(self, state: Path, args: list[str], clock: str = "", display: str = "", osc_port: int | None = None):
        self.clock = clock
        super().__init__(display, state, args, osc_port=osc_port)

    def env(self) -> dict:
        env = super().env()
        env.pop("LUMEN_WALL_CLOCK", None)
        if self.clock:
            env["LUMEN_WALL_CLOCK"] = self.clock
        return env

    def argv(self) -> list[str]:
        return super().argv() + ["--no-reload", "--no-flash-guard"] + ([] if self.display else ["--offscreen"])

    def show_log(self) -> str:
        path = self.state / "logs" / "show.log"
        return path.read_text(errors="replace") if path.exists() else ""


class UdpRelay:
    """Between a follower and its leader: every datagram either way waits `delay` plus an exponential
    queueing time of mean `jitter` (queues only ever add), and a share `loss` is dropped. The follower
    talks to the relay's port; the leader sees (and answers) one socket of the relay per follower."""

    def __init__(self, leader_port: int, delay: float = 0.002, jitter: float = 0.001, loss: float = 0.1,
                 seed: int = 1):
        self.leader = ("127.0.0.1", leader_port)
        self.delay, self.jitter, self.loss = delay, jitter, loss
        self.rng = random.Random(seed)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.port = self.front.getsockname()[1]
        self.backs: dict[tuple, socket.socket] = {}     # follower address -> its socket toward the leader
        self.clients: dict[socket.socket, tuple] = {}
        self.queue: list = []
        self.cv = threading.Condition()
        self.stop = threading.Event()
        self.passed = self.dropped = 0
        threading.Thread(target=self._receive, daemon=True).start()
        threading.Thread(target=self._deliver, daemon=True).start()

    def _later(self, sock: socket.socket, data: bytes, to: tuple) -> None:
        if self.rng.random() < self.loss:
            self.dropped += 1
            return
        due = time.monotonic() + self.delay + self.rng.expovariate(1.0 / self.jitter)
        with self.cv:
            heapq.heappush(self.queue, (due, id(data), sock, data, to))
            self.cv.notify()

    def _receive(self) -> None:
        while not self.stop.is_set():
            readable, _, _ = select.select([self.front, *self.clients], [], [], 0.2)
            for sock in readable:
                data, source = sock.recvfrom(65536)
                if sock is self.front:
                    if source not in self.backs:
                        back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                        back.bind(("127.0.0.1", 0))
                        self.backs[source], self.clients[back] = back, source
                    self._later(self.backs[source], data, self.leader)
                else:
                    self._later(self.front, data, self.clients[sock])

    def _deliver(self) -> None:
        while not self.stop.is_set():
            with self.cv:
                while not self.queue or self.queue[0][0] > time.monotonic():
                    wait = self.queue[0][0] - time.monotonic() if self.queue else 0.2
                    self.cv.wait(max(0.0, min(wait, 0.2)))
                    if self.stop.is_set():
                        return
                _, _, sock, data, to = heapq.heappop(self.queue)
            sock.sendto(data, to)
            self.passed += 1

    def close(self) -> None:
        self.stop.set()
        with self.cv:
            self.cv.notify()
