"""Edge-blend ramps: two slices' light adds up to the frame's across their overlap, for any gamma and
curve; overlaps are found from the exhibit's slices; black lift is off unless asked for."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.assets import exhibit_path
from lumen.exhibit import load_exhibit
from lumen.wall.blend import Overlap, black_lift, blend_mask, overlaps, ramp


def test_the_shipped_wall_overlaps_by_128_pixels():
    slices = load_exhibit(exhibit_path("traveling/projector-wall")).slices
    assert overlaps(slices, "left") == [Overlap("right", 128, "right")]
    assert overlaps(slices, "right") == [Overlap("left", 128, "left")]


@pytest.mark.parametrize("gamma, curve", [(2.2, 2.0), (1.8, 1.0), (2.6, 3.5)])
def test_light_adds_up_across_the_overlap(gamma, curve):
    slices = {"a": (0, 0, 300, 100), "b": (220, 0, 300, 100)}
    a = blend_mask((300, 100), overlaps(slices, "a"), gamma, curve)
    b = blend_mask((300, 100), overlaps(slices, "b"), gamma, curve)
    light = np.zeros((100, 520))
    light[:, :300] += a ** gamma
    light[:, 220:] += b ** gamma
    assert np.allclose(light, 1.0, atol=1e-5)
    assert a[:, :220].min() == 1.0 and b[:, 80:].min() == 1.0, "outside the overlap nothing changes"


def test_a_two_by_two_grid_adds_up_in_the_corner_too():
    slices = {"tl": (0, 0, 200, 120), "tr": (160, 0, 200, 120), "bl": (0, 90, 200, 120), "br": (160, 90, 200, 120)}
    light = np.zeros((210, 360))
    for name, (x, y, w, h) in slices.items():
        light[y: y + h, x: x + w] += blend_mask((w, h), overlaps(slices, name)) ** 2.2
    assert np.allclose(light, 1.0, atol=1e-5)


def test_the_curve_is_symmetric_and_monotone():
    u = np.linspace(0, 1, 101)
    for curve in (1.0, 2.0, 4.0):
        w = ramp(u, curve)
        assert np.allclose(w + w[::-1], 1.0) and (np.diff(w) >= 0).all()
        assert w[0] == 0.0 and w[-1] == 1.0


def test_black_lift_is_off_by_default_and_meets_the_overlap():
    edges = [Overlap("right", 64, "b")]
    assert not black_lift((300, 10), edges, 0.0).any()
    lift = black_lift((300, 10), edges, 0.02, soften=8)
    assert lift[0, 0] == pytest.approx(0.02) and (lift[:, 300 - 64:] == 0).all()
