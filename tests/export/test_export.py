"""`lumen export`: frame counts and times, provenance in the container and the frames, GIF, progress,
and what an interrupted export leaves (SIGINT, SIGTERM, SIGKILL)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from lumen.export.clip import ClipSpec, export_clip
from lumen.export.ffmpeg import probe
from lumen.pipeline.headless import HeadlessRenderer
from lumen.records.progress import Progress
from tests.conftest import REPO

SIZE = (160, 90)
FESTIVAL = REPO / "exhibits" / "festival.toml"


def lumen_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "lumen.cli", *map(str, args)]


def decoded(path: Path) -> list[np.ndarray]:
    reader = imageio_ffmpeg.read_frames(str(path), pix_fmt="rgb24")
    meta = next(reader)
    w, h = meta["size"]
    return [np.frombuffer(raw, np.uint8).reshape(h, w, 3) for raw in reader]


@pytest.fixture(scope="module")
def renderer(gl_context, festival, festival_data):
    r = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    yield r
    r.release()


def test_mp4_has_every_frame_and_its_provenance(renderer, tmp_path):
    out = tmp_path / "clip.mp4"
    result = export_clip(renderer, ClipSpec(out, start=30.0, duration=1.0, fps=12.0, size=SIZE))
    assert (result.frames, result.planned, result.interrupted) == (12, 12, False)
    assert imageio_ffmpeg.count_frames_and_secs(str(out)) == (12, 1.0)
    meta = probe(out)
    exhibit_hash = hashlib.sha256(FESTIVAL.read_bytes()).hexdigest()
    data_hash = hashlib.sha256((REPO / "data" / "harmonia-sample.jsonl").read_bytes()).hexdigest()
    assert meta["lumen:exhibit"] == "lumen:festival" and meta["lumen:exhibit_sha256"] == exhibit_hash
    assert meta["lumen:data_sha256"] == data_hash
    assert meta["lumen:time"] == "30-31" and meta["lumen:size"] == "160x90"
    assert meta["lumen:version"] == "0.1.0" and meta["lumen:guard"] == "on"
    assert meta["lumen:room"] == "screen_width_m=12 viewing_distance_m=6"
    frames = decoded(out)
    assert len(frames) == 12 and frames[6].max() > 60, "a lit mosaic"


def test_frame_k_shows_start_plus_k_over_fps(renderer, festival, festival_data, gl_context, tmp_path):
    out = tmp_path / "frames"
    export_clip(renderer, ClipSpec(out, start=12.5, duration=0.5, fps=8.0, size=SIZE))
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == [f"frame_{k:06d}.png" for k in range(4)]
    player = HeadlessRenderer(festival, festival_data, ctx=gl_context)   # the same times, played in order
    for k, name in enumerate(names):
        png = Image.open(out / name)
        assert png.text["lumen:time"] == f"{12.5 + k / 8:g}"
        assert np.array_equal(np.asarray(png.convert("RGB")), player.render(12.5 + k / 8.0, SIZE)[..., :3])
    player.release()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["frames"] == manifest["planned"] == 4 and manifest["complete"]
    assert manifest["fps"] == 8.0 and manifest["start"] == 12.5 and manifest["provenance"]["lumen:time"] == "12.5-13"


def test_gif_has_a_palette_per_clip_and_a_provenance_comment(renderer, tmp_path):
    out = tmp_path / "clip.gif"
    export_clip(renderer, ClipSpec(out, start=100.0, duration=0.5, fps=10.0, size=SIZE))
    gif = Image.open(out)
    assert gif.n_frames == 5 and gif.size == SIZE
    assert b"lumen:exhibit_sha256=" in gif.info["comment"]


def test_a_bad_suffix_is_a_user_error(tmp_path):
    result = subprocess.run(lumen_cmd("export", "festival", "--out", tmp_path / "clip.avi", "--duration", "1"),
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 1 and "expected a .mp4 or .gif" in result.stderr


def test_progress_shows_rate_and_eta_on_a_terminal_only():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    now = [0.0]
    bar = Progress("export clip.mp4", 4, stream=Tty(), unit="frames", every=0.0, clock=lambda: now[0])
    now[0] = 2.0
    bar.advance(2)
    assert "2/4 frames" in bar.stream.getvalue() and "1.0 frames/s" in bar.stream.getvalue()
    assert "ETA 0:02" in bar.stream.getvalue()
    quiet = Progress("export", 4, stream=io.StringIO(), unit="frames")
    quiet.advance(4)
    quiet.close()
    assert quiet.stream.getvalue() == ""


def start_export(out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen(lumen_cmd("export", "festival", "--out", out, "--duration", "120", "--size", "320x180",
                                      *extra), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def encoders_of(out: Path) -> list[int]:
    """Pids of ffmpeg processes writing `out`."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(out).encode() in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def test_sigint_leaves_a_playable_mp4_with_every_frame_it_reports(gl_context, tmp_path):
    out = tmp_path / "clip.mp4"
    proc = start_export(out)
    wait_for(lambda: out.exists() and out.stat().st_size > 50_000)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    reported = int(stdout.split("interrupted, ")[1].split(" of ")[0])
    assert 0 < reported < 3600
    assert len(decoded(out)) == reported


def test_sigterm_leaves_only_complete_frames(gl_context, tmp_path):
    out = tmp_path / "frames"
    proc = start_export(out)
    wait_for(lambda: len(list(out.glob("frame_*.png"))) >= 5)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    names = sorted(out.glob("frame_*.png"))
    assert [p.name for p in names] == [f"frame_{k:06d}.png" for k in range(len(names))]
    assert not list(out.glob(".*.png")), "no partial file is left"
    for png in names:
        Image.open(png).load()   # a truncated PNG raises here
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["frames"] == len(names) and not manifest["complete"]


def test_sigkill_leaves_a_playable_mp4(gl_context, tmp_path):
    out = tmp_path / "clip.mp4"
    proc = start_export(out)
    wait_for(lambda: out.exists() and out.stat().st_size > 50_000)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    wait_for(lambda: not encoders_of(out), timeout=60)   # ffmpeg reads the pipe's end and finishes the file
    frames = decoded(out)
    assert len(frames) > 10 and frames[-1].max() > 60
