"""A wheel built from the repository installs into a fresh venv and works from any folder: shaders,
exhibits and data are package data, found through lumen.assets, never through the checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def run(argv, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory, gl_context) -> tuple[Path, Path]:
    """(the fresh venv's bin folder, an empty folder outside the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", REPO], cwd=work)
    (wheel,) = (work / "dist").glob("lumen-*.whl")
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], cwd=work)
    empty = work / "elsewhere"
    empty.mkdir()
    return bin_dir, empty


def test_the_installed_package_is_not_the_checkout(installed):
    bin_dir, empty = installed
    where = run([bin_dir / "python", "-c", "import lumen.assets as a; print(a.SHADERS)"], cwd=empty).stdout.strip()
    assert "site-packages" in where and not where.startswith(str(REPO))


def test_exhibits_and_validate_work_from_an_empty_folder(installed):
    bin_dir, empty = installed
    listing = run([bin_dir / "lumen", "exhibits"], cwd=empty).stdout
    assert listing.splitlines()[0].startswith("festival ") and "traveling/kiosk" in listing
    checked = run([bin_dir / "lumen", "validate", "festival", "traveling/kiosk", "traveling/projector-wall"],
                  cwd=empty).stdout
    assert checked.count("ok ") == 3


@pytest.mark.parametrize("name", ["festival", "traveling/kiosk"])
def test_render_a_shipped_exhibit_by_name(installed, name):
    bin_dir, empty = installed
    out = empty / f"{name.replace('/', '-')}.png"
    run([bin_dir / "lumen", "render", name, "--time", "30", "--size", "320x180", "--out", out], cwd=empty)
    frame = np.asarray(Image.open(out).convert("RGB"))
    assert frame.shape == (180, 320, 3)
    assert frame.max() > 100 and frame.std() > 5, "a lit mosaic, not a blank frame"
