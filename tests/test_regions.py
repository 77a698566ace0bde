"""Region rendering: a sub-rectangle gives exactly the pixels of that crop of the full frame."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.passes.frame import Region
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.regions import Crop, pad_region

CANVAS = (480, 270)


@pytest.fixture(scope="module")
def renderer(gl_context, festival, festival_data):
    r = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    yield r
    r.release()


@pytest.fixture(scope="module")
def full(renderer):
    return renderer.render(200.0, CANVAS)


@pytest.mark.parametrize("crop", [Crop(0, 0, 240, 135), Crop(240, 135, 240, 135), Crop(37, 11, 101, 77),
                                  Crop(400, 200, 80, 70), Crop(1, 1, 1, 1)])
def test_region_equals_crop_of_full_frame(ctx, renderer, full, crop):
    part = renderer.render(200.0, CANVAS, crop)
    expected = full[crop.y: crop.y + crop.height, crop.x: crop.x + crop.width]
    assert part.shape == expected.shape
    assert np.array_equal(part, expected), f"max diff {np.abs(part.astype(int) - expected).max()}"


def test_stitched_tiles_equal_the_full_frame(ctx, renderer, full):
    tiles = [(x, y) for y in (0, 90, 180) for x in (0, 160, 320)]
    stitched = np.zeros_like(full)
    for x, y in tiles:
        stitched[y: y + 90, x: x + 160] = renderer.render(200.0, CANVAS, Crop(x, y, 160, 90))
    assert np.array_equal(stitched, full)


def test_region_outside_canvas_is_a_user_error(renderer):
    from lumen.errors import UserError

    with pytest.raises(UserError, match="inside the 480x270 canvas"):
        renderer.render(1.0, CANVAS, Crop(400, 0, 100, 10))


def test_pad_region_aligns_and_clips():
    padded = pad_region(Region(100, 50, 10, 10), (1920, 1080), align=64, margin=40)
    assert (padded.x, padded.y) == (0, 0)
    padded = pad_region(Region(700, 500, 10, 10), (1920, 1080), align=64, margin=40)
    assert padded.x % 64 == 0 and padded.y % 64 == 0
    assert padded.x <= 660 and padded.x + padded.width >= 750
    assert pad_region(Region(0, 0, 1920, 1080), (1920, 1080), 64, 400) == Region(0, 0, 1920, 1080)


def test_a_scene_that_keys_reach_up_keeps_regions_exact(gl_context, festival, festival_data, tmp_path):
    """A scene may key bloom `levels` and glow `drift` above the exhibit's own values; regions pad
    for the largest keyed value, so a crop still equals the full frame's pixels."""
    from lumen.exhibit import load_exhibit

    child = tmp_path / "wide.toml"
    child.write_text(f'extends = "{festival.path}"\n'
                     '[[scenes]]\nname = "wide"\nduration = 60.0\ndays = [150, 250]\n'
                     '[scenes.params]\nbloom.levels = [[0.0, 3.0], [0.5, 6.0]]\n'
                     'trails.drift = [[0.0, 0.02], [0.5, 0.3]]\n')
    wide = load_exhibit(child)
    renderer = HeadlessRenderer(wide, festival_data, ctx=gl_context)
    canvas = (960, 540)  # wide enough that the exhibit's own padding would not cover the canvas
    try:
        full = renderer.render(50.0, canvas)
        # Crops far from most of the canvas: padded for the exhibit's own values only, the deep bloom
        # levels and the fast drift would miss light from outside the padding (off by one step).
        for crop in (Crop(0, 0, 64, 540), Crop(60, 200, 100, 100)):
            part = renderer.render(50.0, canvas, crop)
            assert np.array_equal(part, full[crop.y: crop.y + crop.height, crop.x: crop.x + crop.width]), crop
    finally:
        renderer.release()
