"""One projector's output stage in the show (lumen/runtime/wall_output.py): staff commands move the warp
and save it, keys act only with the test pattern on, the pattern marks the blend zone and the handles,
and an unreadable calibration file starts the show unwarped instead of dark."""

from __future__ import annotations

import glfw
import numpy as np
import pytest

from lumen.assets import exhibit_path
from lumen.exhibit import load_exhibit
from lumen.runtime.controls import key_command
from lumen.runtime.wall_output import Projector, WallOptions
from lumen.wall.calibration import load_calibration
from lumen.wall.pattern import HANDLE, SELECTED, ZONE, draw_test_pattern
from lumen.wall.slices import slice_setup

CANVAS = (480, 135)   # the shipped wall at 1/8 scale: slices of 240x135 overlapping by 16 px


@pytest.fixture(scope="module")
def exhibit():
    return load_exhibit(exhibit_path("traveling/projector-wall"))


def projector(exhibit, calibration=None, name="left") -> Projector:
    return Projector(WallOptions(slice=name, calibration=calibration), exhibit, CANVAS)


def test_keys_map_to_warp_commands_shift_for_coarse_steps_and_held_keys_repeat():
    assert key_command(glfw.KEY_F2, glfw.PRESS).name == "warp_pattern"
    assert key_command(glfw.KEY_TAB, glfw.PRESS).args == ("+1",)
    assert key_command(glfw.KEY_TAB, glfw.PRESS, glfw.MOD_SHIFT).args == ("-1",)
    assert key_command(glfw.KEY_J, glfw.PRESS).args == (-1.0, 0.0)
    assert key_command(glfw.KEY_K, glfw.REPEAT, glfw.MOD_SHIFT).args == (0.0, 1.0, "coarse")
    assert key_command(glfw.KEY_TAB, glfw.REPEAT) is None, "only nudges repeat while held"


def test_nudges_save_the_calibration_and_a_restart_keeps_it(exhibit, tmp_path):
    path = tmp_path / "venue.toml"
    first = projector(exhibit, path)
    assert "ignored" in first.command("warp_nudge", (1.0, 0.0), "key"), "a stray key never moves a live show"
    assert not path.exists()
    first.command("warp_pattern", (), "key")
    assert first.command("warp_select", ("tr",), "osc /lumen/warp/select") == "selected corner top-right"
    first.command("warp_nudge", (-1.0, 0.0, "coarse"), "key")     # 10 px left
    first.command("warp_nudge", (0.0, 12.0), "osc /lumen/warp/nudge")
    width, height = first.size
    expected = [1.0 - 10 / width, 12 / height]
    assert np.allclose(load_calibration(path).output("left").corners[1], expected)
    again = projector(exhibit, path)
    assert np.allclose(again.editor.warp.corners[1], expected) and again.status()["warped"]
    assert projector(exhibit, path, "right").editor.warp.identity, "each output has its own warp"


def test_a_fold_is_refused_and_a_mesh_adds_handles(exhibit, tmp_path):
    p = projector(exhibit, tmp_path / "venue.toml")
    p.command("warp_pattern", ("1",), "osc")
    p.command("warp_select", ("tl",), "osc")
    before = p.editor.warp.corners.copy()
    p.command("warp_nudge", (1000.0, 1000.0), "osc")   # past the opposite corner: would fold over
    assert np.array_equal(p.editor.warp.corners, before)
    assert p.command("warp_mesh", ("3", "2"), "osc") == "mesh 3x2"
    assert p.editor.warp.handles == 4 + 6
    p.command("warp_select", ("9",), "osc")
    assert p.editor.warp.handle_name(p.editor.selected) == "mesh point row 1 col 2"
    with pytest.raises(ValueError, match="expected 0..9"):
        p.command("warp_select", ("10",), "osc")
    assert p.command("warp_reset", (), "osc") == "warp reset" and p.editor.warp.identity


def test_the_pattern_marks_the_blend_zone_the_name_and_the_selected_handle(exhibit):
    p = projector(exhibit)
    setup = slice_setup(exhibit, "left", CANVAS)
    rgba = draw_test_pattern(setup, p.editor.warp, 1)
    assert rgba.shape == (135, 240, 4)
    rgb = rgba[..., :3].reshape(-1, 3)
    overlap = setup.overlaps[0]
    assert overlap.side == "right" and overlap.width == 16
    band = rgba[:, -overlap.width:, :3].reshape(-1, 3)
    assert (band == ZONE).all(axis=1).mean() > 0.2, "the blend zone is hatched"
    assert not (rgba[:, :120, :3].reshape(-1, 3) == ZONE).all(axis=1).any(), "and nothing far from it"
    assert (rgb == SELECTED).all(axis=1).any() and (rgb == HANDLE).all(axis=1).any()
    assert (rgba[:, 100:140, :3] > 150).any(), "the slice's name, in the middle"


def test_an_unreadable_calibration_starts_unwarped_and_is_moved_aside_at_the_first_save(exhibit, tmp_path):
    path = tmp_path / "venue.toml"
    path.write_text("[outputs.left]\ncorners = [[0, 0], [1, 0]]\n")
    p = projector(exhibit, path)
    assert "outputs.left.corners" in p.error and p.editor.warp.identity and p.status()["calibration_error"]
    p.command("warp_pattern", ("1",), "osc")
    p.command("warp_nudge", (3.0, 0.0), "osc")
    assert load_calibration(path).output("left").corners[0][0] > 0
    assert len(list(tmp_path.glob("venue.toml.broken-*"))) == 1, "the broken file is kept, never lost"


def test_the_output_stage_crops_blends_and_shows_the_pattern(exhibit, gl_context):
    from lumen.pipeline.headless import HeadlessRenderer
    from lumen.pipeline.pipeline import read_rgba8

    renderer = HeadlessRenderer(exhibit, ctx=gl_context, captions=False)
    p = projector(exhibit)
    try:
        pipeline = renderer.pipeline
        frame = pipeline.frame(421.0, CANVAS, p.region())
        out = p.finish(gl_context, p.crop(gl_context, pipeline.render(frame)[pipeline.output_name], frame.crop))
        shown = read_rgba8(out)
        assert shown.shape == (135, 240, 4) and shown[..., :3].max() > 40
        assert shown[:, -2:, :3].mean() < shown[:, -40:-20, :3].mean(), "the blend fades the overlap"
        p.command("warp_pattern", ("1",), "osc")
        pattern = read_rgba8(p.finish(gl_context, out))
        assert np.array_equal(pattern, draw_test_pattern(p.setup, p.editor.warp, 0))
        assert p.warp_for(gl_context) is not None, "the pattern is shown through the warp, handles and all"
    finally:
        p.release()
        renderer.release()
