"""Real servers for the browser and load tests: uvicorn in a thread, or `lumen web` as its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from lumen.web.app import create_app
from lumen.web.config import WebConfig
from lumen.web.server import bind
from tests.conftest import REPO


@contextmanager
def thread_server(config: WebConfig):
    """The app under uvicorn on a free loopback port, in a daemon thread; yields its base URL."""
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def spawn_web(tmp_path: Path, exhibit: Path | str, *args: str) -> tuple[subprocess.Popen, str]:
    """`lumen web EXHIBIT --port 0 ...` as its own process; returns it and its base URL (from its stdout).
    Its stderr (the log) goes to tmp_path/web.stderr, so a full pipe never stalls it."""
    env = dict(os.environ, LUMEN_STATE_DIR=str(tmp_path / "state"), PYTHONUNBUFFERED="1")
    with open(tmp_path / "web.stderr", "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "lumen.cli", "web", str(exhibit), "--port", "0",
                                 "--journal", str(tmp_path / "journal"), *args],
                                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    deadline = time.monotonic() + 60
    proc.startup_lines = []  # what it printed before its address (the staff token, on a first start)
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("lumen web: http://"):
            return proc, line.split(" ", 2)[2].strip().rstrip("/")
        proc.startup_lines.append(line)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"lumen web did not start: {(tmp_path / 'web.stderr').read_text()}")
