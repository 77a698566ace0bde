"""The `lumen` command as users run it: exit codes, messages without tracebacks, byte-identical renders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FESTIVAL = REPO / "exhibits" / "festival.toml"


def lumen(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "lumen.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=300)


def test_help_and_version():
    out = lumen("--help")
    assert out.returncode == 0 and "render" in out.stdout and "bench" in out.stdout
    version = lumen("--version")
    assert version.returncode == 0 and version.stdout.startswith("lumen ")


def test_render_twice_gives_identical_bytes(gl_context, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for out in (a, b):
        result = lumen("render", FESTIVAL, "--time", "30", "--size", "320x180", "--out", out)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == str(out)
    assert a.read_bytes() == b.read_bytes()
    assert "read" in result.stderr and "accepted" in result.stderr, "every load reports its counts"


def test_missing_exhibit_is_a_user_error(tmp_path):
    result = lumen("render", tmp_path / "nope.toml", "--time", "1", "--out", tmp_path / "x.png")
    assert result.returncode == 1
    assert "nope.toml: exhibit file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_key_names_the_key_and_exits_1(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(FESTIVAL.read_text().replace("fps = 60", 'fps = "sixty"').replace(
        '"../data/', f'"{REPO}/data/'))
    result = lumen("render", bad, "--time", "1", "--out", tmp_path / "x.png")
    assert result.returncode == 1
    assert "display.fps: expected an integer" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(tmp_path):
    result = lumen("render", FESTIVAL, "--time", "soon", "--out", tmp_path / "x.png")
    assert result.returncode == 2
    assert "expected a time in seconds" in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = lumen("--debug", "render", tmp_path / "nope.toml", "--time", "1", "--out", tmp_path / "x.png")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_validate_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(FESTIVAL.read_text().replace("fps = 60", "fps = 0").replace("seed = 7", "seeed = 7"))
    result = lumen("validate", FESTIVAL, bad)
    assert result.returncode == 1
    assert "display.fps: expected a value in [1, 240]" in result.stderr
    assert 'data.seeed: unknown key (did you mean "seed"?)' in result.stderr


def test_bench_json_reports_pipeline_floor_and_ratio(gl_context):
    result = lumen("bench", "--json", "--quick", "--size", "320x180")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "llvmpipe" in report["renderer"] or report["renderer"]
    kinds = [s["kind"] for s in report["scenarios"]]
    assert kinds == ["pipeline", "pipeline", "baseline"]
    for scenario in report["scenarios"]:
        assert scenario["ms"] > 0 and scenario["floor_ms"] > 0 and scenario["main_thread_ms"] >= 0
        assert scenario["ratio_to_floor"] == pytest.approx(scenario["ms"] / scenario["floor_ms"], rel=0.05)
        assert scenario["ratio_to_hot_floor"] == pytest.approx(scenario["ms"] / scenario["hot_floor_ms"], rel=0.05)
    assert any(key.startswith("baseline / pipeline") for key in report["summary"])
