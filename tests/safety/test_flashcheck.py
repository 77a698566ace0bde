"""`lumen flashcheck` on frames made here: verdicts, exit codes, JSON, folders and videos."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from lumen.export.ffmpeg import FfmpegSink
from lumen.export.flashcheck import check_folder, check_video
from tests.conftest import REPO

FPS = 30
SIZE = (64, 36)


def strobe(hz: float, seconds: float = 2.0, box: tuple[int, int, int, int] | None = None) -> list[np.ndarray]:
    """Frames alternating black and white `hz` times a second (a flash per period), whole frame or a box."""
    frames = []
    for k in range(round(seconds * FPS)):
        on = int(k / FPS * 2 * hz) % 2 == 1
        frame = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
        x, y, w, h = box or (0, 0, *SIZE)
        frame[y:y + h, x:x + w] = 255 if on else 0
        frames.append(frame)
    return frames


def folder(tmp_path, frames, name="frames"):
    out = tmp_path / name
    out.mkdir()
    for k, frame in enumerate(frames):
        Image.fromarray(frame).save(out / f"f{k:04d}.png")
    return out


def lumen(*args):
    return subprocess.run([sys.executable, "-m", "lumen.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_three_hertz_passes_and_four_fails(tmp_path):
    ok = check_folder(folder(tmp_path, strobe(3.0), "three"), FPS)
    assert ok.worst_flashes == 3 and not ok.hazard
    assert ok.per_second == [2, 3]  # second 0 holds 5 transitions (frames 5, 10, ..., 25), later windows 6
    bad = check_folder(folder(tmp_path, strobe(4.0), "four"), FPS)
    assert bad.worst_flashes == 4 and bad.hazard
    assert bad.worst_region == (0, 0, *SIZE)


def test_a_small_box_is_under_wcags_default_area(tmp_path):
    # WCAG's default area is 11.1 % of the frame; a 16x8 box is 5.6 %.
    report = check_folder(folder(tmp_path, strobe(10.0, box=(8, 8, 16, 8))), FPS)
    assert not report.hazard and report.worst_flashes == 0


def test_cli_exit_codes_and_json(tmp_path):
    hazard = lumen("flashcheck", folder(tmp_path, strobe(5.0), "five"), "--fps", FPS, "--json")
    assert hazard.returncode == 3, hazard.stderr
    report = json.loads(hazard.stdout)
    assert report["hazard"] and report["worst"]["flashes"] == 5 and report["frames"] == 60
    assert "flash hazard" in hazard.stderr and "Traceback" not in hazard.stderr
    calm = lumen("flashcheck", folder(tmp_path, strobe(1.0), "one"), "--fps", FPS)
    assert calm.returncode == 0 and ": ok:" in calm.stdout
    missing = lumen("flashcheck", folder(tmp_path, strobe(1.0)[:3], "nofps"))
    assert missing.returncode == 1 and "--fps" in missing.stderr


@pytest.mark.parametrize("hz, hazard", [(2.0, False), (6.0, True)])
def test_a_video_is_decoded_and_checked(tmp_path, hz, hazard):
    out = tmp_path / f"strobe{hz:g}.mp4"
    sink = FfmpegSink(out, SIZE, FPS, components=3, preset="ultrafast")
    for frame in strobe(hz):
        sink.put(np.ascontiguousarray(frame[::-1]).tobytes())  # the sink takes GL's bottom-up rows
    assert sink.close() == 60
    report = check_video(out)
    assert report.frames == 60 and report.fps == FPS and report.hazard == hazard
    assert report.worst_flashes == (6 if hazard else 2)
