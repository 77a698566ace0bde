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


def test_bench_json_reports_each_scenario_on_this_renderer(gl_context):
    from lumen.gl.context import renderer_name

    result = lumen("bench", "--json", "--quick", "--size", "320x180")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["renderer"] and report["renderer"] == renderer_name(gl_context)
    assert [(s["kind"], s["journeys"]) for s in report["scenarios"]] == [
        ("pipeline", 1_000), ("pipeline", 20_000), ("baseline", 20_000)]
    for scenario in report["scenarios"]:
        assert scenario["size"] == [320, 180]
        assert scenario["ms"] > 0 and scenario["floor_ms"] > 0 and scenario["hot_floor_ms"] > 0
        assert scenario["p90_ms"] >= scenario["ms"] and scenario["main_thread_ms"] >= 0
    baseline = report["scenarios"][-1]
    assert baseline["pipeline_ms"] > 0 and baseline["speedup"] > 0
    assert report["summary"]["baseline / pipeline at 20,000 journeys"] == baseline["speedup"]


def test_bench_ratios_come_from_unrounded_times():
    from lumen.bench.gpu import scenario

    # Rounded to 2 decimals both read 0.01 ms; the ratio must be the measured 2.45, not 1.0.
    row = scenario("s", {"median_ms": 0.0147, "p90_ms": 0.02, "main_thread_ms": 0.01},
                   floor={"median_ms": 0.006}, hot_floor={"median_ms": 0.0049})
    assert row["ms"] == row["floor_ms"] == 0.01
    assert row["ratio_to_floor"] == 2.45 and row["ratio_to_hot_floor"] == 3.0
    assert row["fps"] == round(1000 / 0.0147, 1)


LOADS_NO_GL = """
import sys
from lumen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(any(m.startswith(("moderngl", "glfw")) for m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["data", "check", "data/harmonia-sample.jsonl"],
                                  ["validate", "festival"]], ids=["help", "data-check", "validate"])
def test_data_and_validate_commands_load_no_gl(args):
    result = subprocess.run([sys.executable, "-c", LOADS_NO_GL, *args], capture_output=True, text=True, cwd=REPO,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False", result.stdout[-2000:]
