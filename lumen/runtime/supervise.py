"""Supervision: run the show as a child, restart it after a crash or hang, write a heartbeat, sd_notify."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from lumen.runtime.logs import log, write_json_atomic

MIN_BACKOFF_S = 3.0
MAX_BACKOFF_S = 60.0
STABLE_S = 60.0          # a child that ran this long resets the backoff
HANG_S = 30.0            # a child whose status file is this stale is hung
START_GRACE_S = 60.0     # loading data and compiling shaders may take this long


def sd_notify(message: str) -> bool:
    """Send one datagram to systemd's $NOTIFY_SOCKET (READY=1, WATCHDOG=1, STATUS=...); False if unset."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode("utf-8"), address)
        return True
    except OSError as exc:
        log.warning("sd_notify failed: %s", exc)
        return False


def run_argv(args) -> list[str]:
    """The `lumen run` command line for the child, from supervise's own options."""
    argv = [sys.executable, "-m", "lumen.cli", "run"]
    if args.exhibit:
        argv.append(str(args.exhibit))
    for flag, value in (("--monitor", args.monitor), ("--watch", args.watch), ("--osc-host", args.osc_host),
                        ("--osc-port", args.osc_port), ("--start", args.start), ("--duration", args.duration),
                        ("--slice", getattr(args, "slice", None)), ("--calibration", getattr(args, "calibration", None))):
        if value is not None:
            argv += [flag, str(value)]
    if getattr(args, "follow", None):
        argv += ["--follow", f"{args.follow[0]}:{args.follow[1]}"]
    if getattr(args, "swap_group", None):
        argv += ["--swap-group", "{}:{}".format(*args.swap_group)]
    if getattr(args, "allow", ()):
        argv += ["--allow", ",".join(args.allow)]
    if args.size:
        argv += ["--size", f"{args.size[0]}x{args.size[1]}"]
    for flag in ("windowed", "hud", "no_reload", "no_captions", "no_flash_guard", "lead", "no_blend", "offscreen"):
        if getattr(args, flag, False):
            argv.append("--" + flag.replace("_", "-"))
    for pass_name, param, value in getattr(args, "overrides", []):
        argv += ["--set", f"{pass_name}.{param}={value!r}"]
    return argv


class Supervisor:
    """Restarts the child on any non-zero exit; a clean exit (0: staff quit) ends supervision."""

    def __init__(self, argv: list[str], state: Path, min_backoff: float = MIN_BACKOFF_S):
        self.argv = argv
        self.state = state
        self.backoff0 = max(MIN_BACKOFF_S, min_backoff)
        self.heartbeat = state / "heartbeat.json"
        self.child_status = state / "status.json"
        self.child: subprocess.Popen | None = None
        self.restarts = 0
        self.stopping = False

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        if self.child and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)  # the show fades out and exits 0

    def _beat(self, last_exit) -> None:
        write_json_atomic(self.heartbeat, {
            "wall": time.time(), "supervisor_pid": os.getpid(),
            "child_pid": self.child.pid if self.child and self.child.poll() is None else None,
            "restarts": self.restarts, "last_exit": last_exit,
        })
        sd_notify("WATCHDOG=1")

    def _status_age(self) -> float | None:
        try:
            status = json.loads(self.child_status.read_text())
            if status.get("pid") != self.child.pid:
                return None
            return time.time() - float(status["wall"])
        except (OSError, ValueError, KeyError):
            return None

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._stop)
        env = dict(os.environ, LUMEN_STATE_DIR=str(self.state), LUMEN_STATUS_FILE=str(self.child_status))
        env.pop("NOTIFY_SOCKET", None)  # the supervisor speaks to systemd, not the child
        backoff, last_exit, ready = self.backoff0, None, False
        while True:
            started = time.monotonic()
            log.info("starting show: %s", " ".join(self.argv))
            self.child = subprocess.Popen(self.argv, env=env)
            while self.child.poll() is None:
                self._beat(last_exit)
                age = self._status_age()
                if age is not None and not ready:
                    ready = sd_notify("READY=1\nSTATUS=show running") or True
                if not self.stopping and time.monotonic() - started > START_GRACE_S and (age is None or age > HANG_S):
                    log.error("show pid %d is not responding (status %s); killing it", self.child.pid,
                              "missing" if age is None else f"{age:.0f} s old")
                    self.child.kill()
                time.sleep(1.0)
            code = last_exit = self.child.returncode
            ran = time.monotonic() - started
            if code == 0 or self.stopping:
                log.info("show exited with %s after %.0f s; supervision ends", code, ran)
                self._beat(last_exit)
                return 0
            backoff = self.backoff0 if ran >= STABLE_S else backoff
            self.restarts += 1
            log.error("show exited with %s after %.1f s; restart %d in %.0f s", code, ran, self.restarts, backoff)
            sd_notify(f"STATUS=show crashed ({code}); restarting in {backoff:.0f} s")
            deadline = time.monotonic() + backoff
            while time.monotonic() < deadline and not self.stopping:
                self._beat(last_exit)
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            if self.stopping:
                return 0
            backoff = min(MAX_BACKOFF_S, backoff * 2)
