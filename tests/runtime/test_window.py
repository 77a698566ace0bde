"""The show in a real window under Xvfb: full screen, same pixels as headless, reload, OSC, supervision."""

from __future__ import annotations

import os
import shutil
import signal
import time

import numpy as np
from PIL import Image

from tests.conftest import REPO, SCREEN
from tests.runtime.conftest import screenshot_x
from tests.snapshots import Tolerance, compare

FESTIVAL = str(REPO / "exhibits" / "festival.toml")


def test_fullscreen_window_opens_at_screen_size_and_renders(show):
    proc = show([FESTIVAL, "--duration", "2.5"])
    assert proc.proc.wait(60) == 0, proc.output()
    status = proc.status()
    assert status["exited"] and status["surface"] == list(SCREEN) and status["canvas"] == list(SCREEN)
    assert status["frame"] >= 20, status
    assert status["errors"] == 0 and status["pipeline_ok"], status
    assert status["fade"] == 0.0  # it faded out on the way out


def test_window_pixels_match_the_headless_frame(show, xvfb, gl_context, festival, festival_data):
    from lumen.pipeline.headless import HeadlessRenderer

    proc = show([FESTIVAL, "--start", "37.25"])
    proc.wait_for(lambda s: s.get("fade") == 1.0 and s["frame"] > 5, timeout=60)
    proc.send("/lumen/pause", 1)
    paused = proc.wait_for(lambda s: s["paused"])
    proc.wait_for(lambda s: s["frame"] > paused["frame"] + 3)  # frames at the paused time are on screen
    screen = screenshot_x(xvfb)
    if screen is None:  # no xwd: the window's own framebuffer readback
        proc.send("/lumen/screenshot")
        proc.wait_for(lambda s: s["screenshots"] >= 1)
        shot = next((proc.state / "screenshots").glob("*.png"))
        screen = np.asarray(Image.open(shot).convert("RGB"))
    expected = HeadlessRenderer(festival, festival_data, ctx=gl_context).render(paused["time"], SCREEN)
    ok, summary, _ = compare(screen, expected[..., :3], Tolerance(channel=3, fraction=0.001, mean=0.25))
    assert ok, summary
    proc.send("/lumen/quit")
    assert proc.proc.wait(30) == 0


def test_broken_shader_keeps_rendering_and_reports_file_and_line(show, tmp_path):
    # A private copy of the code and shaders: the real shaders/ is never touched.
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "lumen", tree / "lumen", ignore=shutil.ignore_patterns("__pycache__"),
                    symlinks=True)  # lumen/assets/* point at the copied folders
    shutil.copytree(REPO / "shaders", tree / "shaders")
    shutil.copytree(REPO / "exhibits", tree / "exhibits")
    shutil.copytree(REPO / "fonts", tree / "fonts")
    (tree / "data").symlink_to(REPO / "data")
    exhibit = str(tree / "exhibits" / "festival.toml")
    proc = show([exhibit, "--windowed", "--size", "160x90"], cwd=tree, pythonpath=tree)
    proc.wait_for(lambda s: s["frame"] > 10, timeout=60)
    shader = tree / "shaders" / "passes" / "simulate" / "state.frag"
    good = shader.read_text()
    lines = good.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith("void main")) + 2  # 1-based, inside main
    lines.insert(line - 1, "    this is not glsl;")
    shader.write_text("\n".join(lines) + "\n")
    broken = proc.wait_for(lambda s: "state.frag" in s["last_error"], timeout=30)
    assert f"shaders/passes/simulate/state.frag:{line}" in broken["last_error"], broken
    after = proc.wait_for(lambda s: s["frame"] > broken["frame"] + 10)
    assert after["pipeline_ok"] and after["reloads"] == 0
    assert "state.frag:" in (proc.state / "logs" / "show.log").read_text()
    shader.write_text(good)
    fixed = proc.wait_for(lambda s: s["reloads"] >= 1 and s["last_error"] == "", timeout=30)
    assert fixed["pipeline_ok"]


def test_osc_changes_scene_and_parameter(show):
    proc = show([FESTIVAL, "--windowed", "--size", "160x90"])
    first = proc.wait_for(lambda s: s["frame"] > 5, timeout=60)
    assert first["scene_index"] == 0 and len(first["scenes"]) >= 2
    proc.send("/lumen/scene/next")
    proc.wait_for(lambda s: s["scene_index"] == 1)
    proc.send("/lumen/scene", 0)
    proc.wait_for(lambda s: s["scene_index"] == 0)
    proc.send("/lumen/param/state/coupling", 1.0)
    proc.wait_for(lambda s: s["overrides"] == {"state": {"coupling": 1.0}})
    proc.send("/lumen/param/state/coupling", 7.0)  # outside 0..1: refused, named in the HUD's error
    status = proc.wait_for(lambda s: "coupling" in s["last_error"])
    assert status["overrides"] == {"state": {"coupling": 1.0}}
    proc.send("/lumen/blackout", 1)
    proc.wait_for(lambda s: s["blackout"] and s["fade"] == 0.0)
    proc.send("/lumen/quit")
    assert proc.proc.wait(30) == 0


def test_supervisor_restarts_a_killed_show(show):
    proc = show([FESTIVAL, "--windowed", "--size", "160x90", "--no-reload"], command="supervise")
    beat = proc.wait_for(lambda s: s.get("child_pid"), timeout=30, name="heartbeat.json")
    proc.wait_for(lambda s: s.get("pid") == beat["child_pid"] and s["frame"] > 3, timeout=60)
    os.kill(beat["child_pid"], signal.SIGKILL)
    killed_at = time.monotonic()
    again = proc.wait_for(lambda s: s.get("child_pid") not in (None, beat["child_pid"]), timeout=30,
                          name="heartbeat.json")
    assert time.monotonic() - killed_at >= 2.5  # the >= 3 s backoff (heartbeats are 1 s apart)
    assert again["restarts"] == 1 and again["last_exit"] == -signal.SIGKILL
    proc.wait_for(lambda s: s.get("pid") == again["child_pid"] and s["frame"] > 3, timeout=60)
    assert proc.stop() == 0
