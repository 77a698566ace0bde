"""Flash counting on hand-computed sequences: thresholds, the one-second window, the area rule."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.safety.count import FlashCounter, over_area
from lumen.safety.geometry import FlashGeometry, flash_geometry, threshold_area
from lumen.safety.measure import measure_frame, srgb_table

FPS = 30


def one_cell(threshold: float = 50.0) -> FlashGeometry:
    """A 10x10 canvas that is one cell, whose area (100 px) is over the threshold."""
    return FlashGeometry((10, 10), threshold, (0, 10), (0, 10), 1)


def worst(values, red=None, geometry=None, fps=FPS) -> tuple[int, int]:
    """(most transitions over the area in any window, most flashes) for one cell's values per frame."""
    counter = FlashCounter(geometry or one_cell())
    red = red if red is not None else [0.0] * len(values)
    n = max(counter.push(k / fps, np.array([[v]]), np.array([[r]])).over_area for k, (v, r) in enumerate(zip(values, red)))
    return n, n // 2


def toggles(at: list[int], frames: int, lo: float = 0.0, hi: float = 0.5) -> list[float]:
    """A signal that starts at `lo` and switches between lo and hi at the given frame indices."""
    out, level = [], lo
    for k in range(frames):
        if k in at:
            level = hi if level == lo else lo
        out.append(level)
    return out


def test_exactly_three_flashes_in_a_second_is_not_a_hazard():
    assert worst(toggles([4, 8, 12, 16, 20, 24], 60)) == (6, 3)


def test_four_flashes_in_a_second_is_a_hazard():
    # 8 transitions completed in frames 4..32: 29 frames, inside one second's 30.
    assert worst(toggles([4, 8, 12, 16, 20, 24, 28, 32], 60)) == (8, 4)


def test_eight_transitions_spread_over_more_than_a_second_are_three_flashes():
    # Frames 3 and 33 are 30 frames apart: no 30 consecutive frames (one second) hold both.
    assert worst(toggles([3, 7, 11, 15, 19, 23, 27, 33], 60)) == (7, 3)
    assert worst(toggles([3, 7, 11, 15, 19, 23, 27, 32], 60)) == (8, 4)


def test_a_change_of_exactly_0_1_counts_and_0_09_does_not():
    assert worst(toggles([2, 4, 6, 8], 12, lo=0.2, hi=0.3))[0] == 4
    assert worst(toggles([2, 4, 6, 8], 12, lo=0.2, hi=0.29))[0] == 0


def test_no_transition_when_the_darker_state_is_above_0_8():
    assert worst(toggles([2, 4, 6, 8], 12, lo=0.85, hi=1.0))[0] == 0
    assert worst(toggles([2, 4, 6, 8], 12, lo=0.75, hi=1.0))[0] == 4


def test_a_slow_ramp_is_one_transition_however_long():
    assert worst(list(np.linspace(0.0, 1.0, 90)))[0] == 1


def test_transitions_alternate_so_a_staircase_up_is_one():
    assert worst(toggles([2], 12, 0.0, 0.2) + [0.4] * 3 + [0.6] * 3)[0] == 1


def test_red_flashes_need_a_change_over_20():
    steady = [0.05] * 12
    assert worst(steady, toggles([2, 4, 6, 8], 12, 0.0, 20.0))[0] == 0
    assert worst(steady, toggles([2, 4, 6, 8], 12, 0.0, 20.5))[0] == 4


def test_the_area_rule_needs_cells_covering_the_threshold():
    geometry = FlashGeometry((20, 10), 150.0, (0, 10, 20), (0, 10), 1)  # two 100 px cells
    counter = FlashCounter(geometry)
    strobe = toggles(list(range(2, 30, 2)), 30)
    for k, v in enumerate(strobe):
        window = counter.push(k / FPS, np.array([[v, 0.0]]), np.zeros((1, 2)))
    assert window.counts.tolist() == [[14, 0]] and window.over_area == 0
    counter = FlashCounter(geometry)
    for k, v in enumerate(strobe):
        window = counter.push(k / FPS, np.array([[v, v]]), np.zeros((1, 2)))
    assert window.over_area == 14 and window.hazard


def test_over_area_takes_the_count_that_enough_cells_reach():
    counts = np.array([9, 5, 5, 1])
    areas = np.array([10.0, 10.0, 10.0, 10.0])
    assert over_area(counts, areas, 10.0) == 9
    assert over_area(counts, areas, 25.0) == 5
    assert over_area(counts, areas, 35.0) == 1
    assert over_area(counts, areas, 50.0) == 0


def test_threshold_area_follows_the_room():
    # 10 degrees at 6 m is 2 * 6 * tan(5 deg) = 1.0499 m; a quarter of that square on a 12 m, 3840 px screen.
    side_px = 2 * 6 * np.tan(np.radians(5)) * 3840 / 12
    assert threshold_area((3840, 2160), 12.0, 6.0) == pytest.approx(0.25 * side_px ** 2)
    assert threshold_area((1000, 1000), 1.0, 50.0) == 0.25 * 1000 * 1000  # the frame ceiling
    assert threshold_area((1024, 768), None, None) == pytest.approx(341 * 256)


def test_cells_are_a_third_of_the_threshold_square():
    g = flash_geometry((1920, 1080), 12.0, 6.0)
    assert g.grid == (69, 39) and g.stride == 9   # 27-pixel cells: 3 samples a side at least
    assert g.cell_areas.sum() == 1920 * 1080
    assert 9 * g.cell_areas.mean() == pytest.approx(g.threshold_px, rel=0.1)


def test_measure_of_solid_colours():
    g = FlashGeometry((8, 8), 16.0, (0, 4, 8), (0, 8), 1)
    frame = np.zeros((8, 8, 3), np.uint8)
    frame[:, :4] = (255, 0, 0)
    frame[:, 4:] = (128, 128, 128)
    lum, red = measure_frame(frame, g)
    grey = ((128 / 255 + 0.055) / 1.055) ** 2.4
    assert lum[0, 0] == pytest.approx(0.2126) and red[0, 0] == pytest.approx(320.0)
    assert lum[0, 1] == pytest.approx(grey, rel=1e-6) and red[0, 1] == 0.0
    assert srgb_table()[255] == 1.0 and srgb_table()[10] == pytest.approx(10 / 255 / 12.92)


def test_an_orange_is_not_saturated_red():
    g = FlashGeometry((4, 4), 4.0, (0, 4), (0, 4), 1)
    # R / (R + G + B) in linear light: (255, 90, 0) -> 1 / (1 + 0.1022) = 0.907 (red); (255, 140, 0) -> 0.79 (not)
    lum, red = measure_frame(np.full((4, 4, 3), (255, 90, 0), np.uint8), g)
    assert red[0, 0] == pytest.approx((1.0 - srgb_table()[90]) * 320, rel=1e-5)
    assert measure_frame(np.full((4, 4, 3), (255, 140, 0), np.uint8), g)[1][0, 0] == 0.0
