"""CI can never rewrite reference images: `--update-snapshots` under CI=true is a usage error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

TINY = "def test_flag(request):\n    assert request.config.getoption('--update-snapshots')\n"


def run_pytest(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_tiny.py").write_text(TINY)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci is not None else {})
    # -p loads lumen's conftest (its option and checks) for a test file outside tests/.
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           str(tmp_path / "test_tiny.py"), "--update-snapshots"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("ci", ["true", "1"])
def test_ci_refuses_to_update_snapshots(tmp_path, ci):
    result = run_pytest(tmp_path, ci)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "--update-snapshots" in result.stderr and "CI" in result.stderr
    assert "1 passed" not in result.stdout


def test_a_developer_may_update_snapshots(tmp_path):
    result = run_pytest(tmp_path, None)
    assert result.returncode == 0, result.stdout + result.stderr
