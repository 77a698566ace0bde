"""Shared fixtures: one GL context per session (fail, never skip, under CI), state reset, snapshots, and
a private Xvfb for the window tests (a missing Xvfb fails under CI too)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import moderngl
import pytest

from lumen.errors import UserError

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite reference images under tests/snapshots/ instead of comparing")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config):
    # References change only on a developer's machine, where the new images are looked at and
    # reviewed; a CI run that rewrote them would pass against whatever it just drew.
    if in_ci() and config.getoption("--update-snapshots"):
        raise pytest.UsageError("--update-snapshots is refused under CI=true: regenerate reference images "
                                "locally, look at them, and commit tests/snapshots/")


@pytest.fixture(scope="session")
def gl_context():
    """The session's headless context; under CI a missing context fails the run."""
    from lumen.gl.context import create_headless_context

    try:
        ctx = create_headless_context()
    except UserError as err:
        if in_ci():
            pytest.fail(f"CI=true and no GL context could be made: {err}")
        pytest.skip(f"a GL context is required and none could be made (set CI=true to fail): {err}")
    yield ctx
    ctx.release()


@pytest.fixture
def ctx(gl_context):
    """Per-test GL state reset, and a check that the test left no GL error behind."""
    gl_context.enable_only(moderngl.NOTHING)
    gl_context.blend_func = moderngl.DEFAULT_BLENDING
    gl_context.gc_mode = None
    _ = gl_context.error  # clear any stale error flag
    yield gl_context
    error = gl_context.error
    assert error == "GL_NO_ERROR", f"test left a GL error: {error}"


@pytest.fixture
def snapshot(request):
    """assert_snapshot bound to this run's --update-snapshots flag."""
    from tests.snapshots import SnapshotChecker

    return SnapshotChecker(update=request.config.getoption("--update-snapshots"))


@pytest.fixture(scope="session")
def festival():
    from lumen.exhibit import load_exhibit

    return load_exhibit(REPO / "exhibits" / "festival.toml")


@pytest.fixture(scope="session")
def festival_data(festival):
    from lumen.encode.loader import load_scene_data

    return load_scene_data(festival, quiet=True)


SCREEN = (320, 180)   # the Xvfb screen the window tests share


def _free_display() -> int:
    for n in range(91, 200):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number in :91-:199")


@pytest.fixture(scope="session")
def xvfb():
    """A private Xvfb server at SCREEN size; yields its DISPLAY string."""
    if shutil.which("Xvfb") is None:
        message = "Xvfb is not installed (apt-get install xvfb xauth)"
        if in_ci():
            pytest.fail(f"CI=true: {message}")
        pytest.skip(f"{message}; required for the window tests (CI=true fails instead)")
    for _ in range(5):
        n = _free_display()
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                break
            time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        pytest.fail("Xvfb would not start")
    yield f":{n}"
    proc.terminate()
    proc.wait(10)
