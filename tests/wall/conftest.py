"""Walls of several processes on one machine: `lumen run --offscreen` processes with their own state
folders, OSC ports and (optionally) skewed clocks, and a UDP relay that delays, jitters and drops."""

from __future__ import annotations

import heapq
import json
import os
import random
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import REPO
from tests.runtime.conftest import free_udp_port

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


class WallProcess:
    """`python -m lumen.cli run ...` offscreen (or in a window when `display` is given)."""

    def __init__(self, state: Path, args: list[str], clock: str = "", display: str = "", osc_port: int | None = None):
        self.state = state
        self.args = args
        self.clock = clock
        self.display = display
        self.osc_port = osc_port or free_udp_port()
        self.proc = None
        self.start()

    def start(self) -> None:
        env = dict(os.environ, LUMEN_STATE_DIR=str(self.state), DISPLAY=self.display)
        env.pop("LUMEN_STATUS_FILE", None)
        env.pop("LUMEN_WALL_CLOCK", None)
        if self.clock:
            env["LUMEN_WALL_CLOCK"] = self.clock
        argv = [sys.executable, "-m", "lumen.cli", "run", *self.args, "--osc-port", str(self.osc_port),
                "--no-reload", "--no-flash-guard"]
        if not self.display:
            argv.append("--offscreen")
        self.log = open(self.state / "stdout.txt", "ab")
        self.proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)

    def status(self) -> dict:
        try:
            return json.loads((self.state / "status.json").read_text())
        except (OSError, ValueError):
            return {}

    def wait_for(self, test, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status and test(status):
                return status
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting; last status {self.status()}\n{self.output()[-3000:]}")

    def send(self, address: str, *values, source: str = "127.0.0.1") -> None:
        from pythonosc.osc_message_builder import OscMessageBuilder

        builder = OscMessageBuilder(address)
        for value in values:
            builder.add_arg(value)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((source, 0))
            s.sendto(builder.build().dgram, ("127.0.0.1", self.osc_port))

    def output(self) -> str:
        self.log.flush()
        return (self.state / "stdout.txt").read_text(errors="replace")

    def show_log(self) -> str:
        path = self.state / "logs" / "show.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)
        self.log.close()

    def stop(self, timeout: float = 20.0) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            self.log.close()


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
