"""`lumen data check` and `lumen data synth` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).parent / "bad"


def lumen(*args, cwd):
    return subprocess.run([sys.executable, "-m", "lumen.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_synth_then_check(tmp_path):
    r = lumen("data", "synth", "--n", 300, "--seed", 4, "--out", "a.jsonl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r2 = lumen("data", "synth", "--n", 300, "--seed", 4, "--out", "b.jsonl", cwd=tmp_path)
    assert r2.returncode == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    c = lumen("data", "check", "a.jsonl", "--strict", cwd=tmp_path)
    assert c.returncode == 0, c.stderr
    assert "read 300 = accepted 300 + quarantined 0" in c.stdout
    for heading in ("events by kind", "events by channel", "journeys by age band",
                    "journeys by income band", "journeys by district"):
        assert heading in c.stdout
    assert not list(tmp_path.glob("*.quarantine.jsonl"))


def test_check_quarantines_by_default_and_strict_exits_3(tmp_path):
    r = lumen("data", "check", BAD / "good_then_bad.jsonl", BAD / "duplicate_id.jsonl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "read 4 = accepted 1 + quarantined 3" in r.stdout
    q = tmp_path / "good_then_bad.jsonl.quarantine.jsonl"
    codes = [json.loads(x)["code"] for x in q.read_text().splitlines()]
    assert sorted(codes) == ["bad_value", "duplicate_id", "duplicate_id"]
    s = lumen("data", "check", BAD / "many_problems_one_line.jsonl", "--strict", "--quarantine", "q.jsonl",
              cwd=tmp_path)
    assert s.returncode == 3
    assert s.stdout.count("many_problems_one_line.jsonl:1:") == 4
    assert "Traceback" not in s.stderr and (tmp_path / "q.jsonl").exists()


def test_strict_fails_on_an_empty_file(tmp_path):
    r = lumen("data", "check", BAD / "empty.jsonl", "--strict", cwd=tmp_path)
    assert r.returncode == 3 and "empty_file" in r.stdout


def test_user_errors_have_no_traceback(tmp_path):
    r = lumen("data", "check", "missing.jsonl", cwd=tmp_path)
    assert r.returncode == 1 and "missing.jsonl: no such file" in r.stderr and "Traceback" not in r.stderr
    r = lumen("data", "synth", "--n", "many", "--out", "x.jsonl", cwd=tmp_path)
    assert r.returncode == 2
