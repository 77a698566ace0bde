"""The festival frame: a snapshot, determinism, and measurable properties of what it shows."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

from lumen.pipeline.headless import HeadlessRenderer
from tests.gl_helpers import luminance


@pytest.fixture(scope="module")
def renderer(gl_context, festival, festival_data):
    r = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    yield r
    r.release()


def test_festival_snapshot(ctx, renderer, snapshot):
    snapshot(renderer.render(30.0, (320, 180)), "festival_t30_320x180")


def test_same_frame_twice_is_identical(ctx, renderer):
    a = renderer.render(42.5, (256, 144))
    renderer.render(7.0, (256, 144))  # something else in between must not leak into the next frame
    b = renderer.render(42.5, (256, 144))
    assert np.array_equal(a, b)


def test_frame_reads_as_glowing_cells_on_dark_water(ctx, renderer):
    frame = renderer.render(30.0, (640, 360))
    luma = luminance(frame)
    assert luma[:4, :4].mean() < 25, "the ground (corners) must stay dark"
    assert 8 < luma.mean() < 110, f"overall brightness {luma.mean():.1f} should be a night scene"
    assert np.percentile(luma, 99.5) > 150, "some cells must glow brightly"
    assert luma.std() > 15, "the mosaic must have visible structure, not a flat wash"


def test_colour_variety_comes_from_the_data(ctx, renderer):
    frame = renderer.render(30.0, (640, 360))[..., :3].reshape(-1, 3) / 255.0
    lit = frame[frame.max(axis=1) > 0.35]
    hsv = np.array([colorsys.rgb_to_hsv(*px) for px in lit[:: max(1, len(lit) // 4000)]])
    saturated = hsv[hsv[:, 1] > 0.35]
    bins = np.histogram(saturated[:, 0], bins=12, range=(0, 1))[0] / max(len(saturated), 1)
    assert (bins > 0.03).sum() >= 3, f"expected at least three channel hues, got bins {np.round(bins, 2)}"


def test_frame_changes_over_time(ctx, renderer):
    a = renderer.render(10.0, (320, 180)).astype(np.int16)
    b = renderer.render(60.0, (320, 180)).astype(np.int16)
    assert np.abs(a - b).mean() > 1.0, "the mosaic must live: pulses and flares change the picture"
