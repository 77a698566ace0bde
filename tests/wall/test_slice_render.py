"""What each projector shows, rendered for real: the slices' light adds up to the full frame's light
across the seam, and without the blend a slice is exactly its crop of the full frame."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.assets import exhibit_path
from lumen.errors import UserError
from lumen.exhibit import load_exhibit
from lumen.wall.slices import scaled_slices, slice_setup

CANVAS = (480, 135)     # the shipped wall at 1/8 scale: every slice edge stays a whole pixel
TIME = 421.0            # the unity act: the seam crosses lit tiles


@pytest.fixture(scope="module")
def wall(gl_context):
    from lumen.pipeline.headless import HeadlessRenderer

    exhibit = load_exhibit(exhibit_path("traveling/projector-wall"))
    renderer = HeadlessRenderer(exhibit, ctx=gl_context, captions=False)
    yield exhibit, renderer
    renderer.release()


def test_slices_scale_with_the_canvas_or_refuse_to_cut_pixels():
    exhibit = load_exhibit(exhibit_path("traveling/projector-wall"))
    assert scaled_slices(exhibit, CANVAS) == {"left": (8, 0, 240, 135), "right": (232, 0, 240, 135)}
    with pytest.raises(UserError, match=r"--size 500x135.*whole pixels.*480x135"):
        scaled_slices(exhibit, (500, 135))
    with pytest.raises(UserError, match=r"--slice 'middle': no such slice.*left, right"):
        slice_setup(exhibit, "middle")


def test_blended_slices_add_up_to_the_full_frame_in_light(wall):
    from lumen.wall.render import render_slice

    exhibit, renderer = wall
    full = renderer.render(TIME, CANVAS)[..., :3] / 255.0
    light = np.zeros(full.shape)
    for name in ("left", "right"):
        setup = slice_setup(exhibit, name, CANVAS)
        x, _, w, _ = setup.rect
        shown = render_slice(renderer, setup, TIME, CANVAS)[..., :3] / 255.0
        light[:, x: x + w] += shown ** setup.gamma
    left, right = slice_setup(exhibit, "left", CANVAS).rect, slice_setup(exhibit, "right", CANVAS).rect
    seam = slice(right[0] - 8, left[0] + left[2] + 8)          # the 16 px overlap and 8 px either side
    expected = full[:, seam] ** 2.2
    assert expected.max() > 0.3, "the premise: something lit crosses the seam"
    error = np.abs(light[:, seam] - expected)
    assert error.max() <= 0.02, f"light differs by up to {error.max():.4f} of full white at the seam"
    assert error.mean() <= 0.002
    inside = slice(left[0], right[0] + right[2])
    assert np.abs(light[:, inside] - full[:, inside] ** 2.2).max() <= 0.02


def test_without_the_blend_a_slice_is_its_crop_byte_for_byte(wall):
    from lumen.wall.render import render_slice

    exhibit, renderer = wall
    full = renderer.render(TIME, CANVAS)
    for name in ("left", "right"):
        setup = slice_setup(exhibit, name, CANVAS)
        x, y, w, h = setup.rect
        shown = render_slice(renderer, setup, TIME, CANVAS, blend=False)
        assert np.array_equal(shown, full[y: y + h, x: x + w]), name


def test_the_blend_touches_only_the_overlap(wall):
    from lumen.wall.render import render_slice

    exhibit, renderer = wall
    setup = slice_setup(exhibit, "left", CANVAS)
    plain = render_slice(renderer, setup, TIME, CANVAS, blend=False)
    blended = render_slice(renderer, setup, TIME, CANVAS)
    band = setup.overlaps[0].width
    assert np.array_equal(plain[:, :-band], blended[:, :-band])
    assert blended[:, -band:, :3].astype(int).sum() < plain[:, -band:, :3].astype(int).sum()
