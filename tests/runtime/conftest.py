"""A helper to run the show in a window of the session's Xvfb (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ShowProcess:
    """`python -m lumen.cli run ...` in the background, with its own state dir and OSC port; start()
    again after stop() or kill() restarts it on the same state dir and port."""

    def __init__(self, display: str, state: Path, args: list[str], command: str = "run",
                 cwd: Path = REPO, pythonpath: Path | None = None, osc_port: int | None = None):
        self.display, self.state, self.args, self.command = display, state, args, command
        self.cwd, self.pythonpath = cwd, pythonpath
        self.osc_port = osc_port or free_udp_port()
        self.start()

    def env(self) -> dict:
        env = dict(os.environ, DISPLAY=self.display, LUMEN_STATE_DIR=str(self.state))
        env.pop("LUMEN_STATUS_FILE", None)
        if self.pythonpath is not None:
            env["PYTHONPATH"] = str(self.pythonpath)
        return env

    def argv(self) -> list[str]:
        argv = [sys.executable, "-m", "lumen.cli", self.command, *self.args]
        if "--osc-port" not in self.args:
            argv += ["--osc-port", str(self.osc_port)]
        return argv

    def start(self) -> None:
        self.log = open(self.state / "stdout.txt", "ab")
        self.proc = subprocess.Popen(self.argv(), env=self.env(), cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT)

    def status(self, name: str = "status.json") -> dict:
        try:
            return json.loads((self.state / name).read_text())
        except (OSError, ValueError):
            return {}

    def wait_for(self, test, timeout: float = 30.0, name: str = "status.json") -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status(name)
            if status and test(status):
                return status
            if self.proc.poll() is not None:
                status = self.status(name)
                if status and test(status):
                    return status
                break
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting; last {name}: {self.status(name)}\n{self.output()[-3000:]}")

    def send(self, address: str, *values, source: str = "127.0.0.1") -> None:
        """An OSC message to the show, from `source` (another loopback address looks like another host)."""
        from pythonosc.osc_message_builder import OscMessageBuilder

        builder = OscMessageBuilder(address)
        for value in values:
            builder.add_arg(value)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((source, 0))
            s.sendto(builder.build().dgram, ("127.0.0.1", self.osc_port))

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)
        self.log.close()

    def output(self) -> str:
        self.log.flush()
        return (self.state / "stdout.txt").read_text(errors="replace")

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


@pytest.fixture
def show(xvfb, tmp_path):
    """Start shows with show(args); each is stopped when the test ends."""
    started: list[ShowProcess] = []

    def start(args: list[str], **kw) -> ShowProcess:
        state = tmp_path / f"state{len(started)}"
        state.mkdir()
        proc = ShowProcess(xvfb, state, args, **kw)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


def read_xwd(data: bytes) -> np.ndarray:
    """An XWD dump (ZPixmap, 24/32 bpp TrueColor) as an (H, W, 3) uint8 array."""
    header = np.frombuffer(data[:100], ">u4")
    header_size, width, height = int(header[0]), int(header[4]), int(header[5])
    byte_order, bpp, bytes_per_line = int(header[7]), int(header[11]), int(header[12])
    red, green, blue = int(header[14]), int(header[15]), int(header[16])
    ncolors = int(header[19])
    start = header_size + ncolors * 12
    assert bpp == 32, f"expected a 32 bpp dump, got {bpp}"
    rows = np.frombuffer(data[start:start + height * bytes_per_line], np.uint8).reshape(height, bytes_per_line)
    pixels = rows[:, : width * 4].copy().view(">u4" if byte_order == 1 else "<u4").reshape(height, width)
    out = np.empty((height, width, 3), np.uint8)
    for i, mask in enumerate((red, green, blue)):
        shift = (mask & -mask).bit_length() - 1
        out[..., i] = (pixels & mask) >> shift
    return out


def screenshot_x(display: str) -> np.ndarray | None:
    """The whole X screen through xwd, or None when xwd (x11-apps) is not installed."""
    if shutil.which("xwd") is None:
        return None
    data = subprocess.run(["xwd", "-root", "-silent", "-display", display], check=True,
                          capture_output=True, timeout=20).stdout
    return read_xwd(data)
