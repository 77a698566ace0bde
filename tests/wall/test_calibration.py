"""The venue's calibration file: round trips, atomic writes, clear errors for broken files."""

from __future__ import annotations

import os

import numpy as np
import pytest

from lumen.errors import UserError
from lumen.wall.calibration import Calibration, OutputWarp, load_calibration, write_atomic
from lumen.wall.warp import UNIT_CORNERS, identity_mesh


def test_a_calibration_round_trips(tmp_path):
    path = tmp_path / "venue.toml"
    mesh = identity_mesh(4, 3)
    mesh[1, 2] += (0.013, -0.007)
    calibration = Calibration(path, {"left": OutputWarp(np.array([[0.01, 0.02], [0.99, 0.0], [1.0, 0.98], [0.0, 1.0]])),
                                     "right": OutputWarp(UNIT_CORNERS.copy(), mesh)})
    calibration.save()
    again = load_calibration(path)
    assert set(again.outputs) == {"left", "right"}
    assert np.allclose(again.outputs["left"].corners, calibration.outputs["left"].corners, atol=1e-6)
    assert again.outputs["left"].mesh is None
    assert np.allclose(again.outputs["right"].mesh, mesh, atol=1e-6)
    assert not again.outputs["right"].identity and OutputWarp().identity
    assert [p.name for p in tmp_path.iterdir()] == ["venue.toml"], "no temp file is left behind"


def test_a_missing_file_is_an_empty_calibration(tmp_path):
    calibration = load_calibration(tmp_path / "new.toml")
    assert calibration.outputs == {} and calibration.output("left").identity


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "venue.toml"
    path.write_text("version = 1\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(path, "version = 2\n")
    assert path.read_text() == "version = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["venue.toml"]


@pytest.mark.parametrize("text, where", [
    ("[outputs.left\ncorners = 1", "not a readable calibration file"),
    ("[outputs.left]\ncorners = [[0, 0], [1, 0], [1, 1]]", "outputs.left.corners: expected 4 [x, y] pairs"),
    ("[outputs.left]\ncorners = [[0, 0], [1, 1], [1, 0], [0, 1]]", "outputs.left.corners: expected a convex"),
    ("[outputs.left]\nmesh = [[[0, 0], [1, 0]]]", "outputs.left.mesh: expected 2..33 rows"),
    ("[outputs.left]\nmesh = [[0, 0], [1, 0]]", "outputs.left.mesh: expected rows of [x, y]"),
    ("[outputs.left]\nkeystone = 3", "outputs.left.keystone: unknown key"),
    ("outputs = 3", "outputs: expected tables"),
])
def test_a_broken_file_names_the_file_and_key(tmp_path, text, where):
    path = tmp_path / "venue.toml"
    path.write_text(text)
    with pytest.raises(UserError) as err:
        load_calibration(path)
    assert str(path) in str(err.value) and where in str(err.value)
