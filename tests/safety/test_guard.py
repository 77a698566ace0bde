"""The guard's decisions on cell measures made here, with the surface's blend modelled in cell space.

Blending in linear light is linear, so a cell's mean light after the blend is the same blend of its
means: the model below is what the GPU blend does to the measured cells."""

from __future__ import annotations

import logging

import numpy as np

from lumen.safety.count import FlashCounter
from lumen.safety.geometry import flash_geometry
from lumen.safety.guard import DAMP, Decision, GuardController

FPS = 30
GEOMETRY = flash_geometry((320, 180), 12.0, 6.0)
SHAPE = GEOMETRY.cell_areas.shape


def run(inputs, lag: int = 1):
    """Feed (lum, red) cell arrays per frame as the surface does; return (controller, shown frames, decisions)."""
    guard = GuardController(GEOMETRY)
    state, kept, shown, decisions = None, False, [], []
    pending = []
    for k, (lum, red) in enumerate(inputs):
        while len(pending) > lag - 1:
            guard.observe(*pending.pop(0))
        d = guard.decision
        decisions.append(d)
        out = (lum, red)
        if d.keep:
            alpha = d.alpha if kept else 1.0
            state = out if state is None or not kept else tuple(s + alpha * (i - s) for s, i in zip(state, out))
            out = state
        kept = d.keep
        pending.append((k / FPS, (lum, red), out if d.keep else None))
        shown.append(out)
    for item in pending:
        guard.observe(*item)
    return guard, shown, decisions


def square(hz: float, seconds: float, lo=0.0, hi=0.6, mask=None, red_hi=0.0):
    frames = []
    for k in range(round(seconds * FPS)):
        on = int(k / FPS * 2 * hz) % 2 == 1
        lum = np.full(SHAPE, 0.05)
        red = np.zeros(SHAPE)
        where = mask if mask is not None else np.ones(SHAPE, bool)
        lum[where] = hi if on else lo
        red[where] = red_hi if on else 0.0
        frames.append((lum, red))
    return frames


def most_flashes(shown) -> int:
    counter = FlashCounter(GEOMETRY)
    return max(counter.push(k / FPS, lum, red).flashes for k, (lum, red) in enumerate(shown))


def test_a_full_screen_strobe_is_held_to_three_flashes(caplog):
    caplog.set_level(logging.INFO, "lumen.safety")
    inputs = square(10.0, 4.0)
    assert most_flashes(inputs) == 10
    guard, shown, decisions = run(inputs)
    assert most_flashes(shown) <= 3 and guard.worst_output <= 7
    assert decisions[-1].smoothing and decisions[-1].damp == DAMP
    assert any("armed" in r.message for r in caplog.records) and any("smoothing" in r.message for r in caplog.records)


def test_a_saturated_red_strobe_is_held_to_three_flashes():
    inputs = square(5.0, 4.0, lo=0.0, hi=0.05, red_hi=150.0)   # under 0.1 of luminance: only the red rule sees it
    assert most_flashes(inputs) == 5
    guard, shown, _ = run(inputs, lag=2)
    assert most_flashes(shown) <= 3


def test_a_strobe_smaller_than_the_area_is_left_alone(caplog):
    caplog.set_level(logging.INFO, "lumen.safety")
    mask = np.zeros(SHAPE, bool)
    mask[10:12, 20:24] = True          # 8 cells: under the 9 that make the area
    assert (GEOMETRY.cell_areas[mask].sum()) < GEOMETRY.threshold_px
    guard, shown, decisions = run(square(10.0, 3.0, mask=mask))
    assert all(d == Decision() for d in decisions) and guard.interventions == 0
    assert not caplog.records


def test_the_guard_lets_go_once_the_input_is_calm(caplog):
    caplog.set_level(logging.INFO, "lumen.safety")
    calm = [(np.full(SHAPE, 0.3), np.zeros(SHAPE))] * (4 * FPS)
    guard, shown, decisions = run(square(10.0, 2.0) + calm)
    assert decisions[2 * FPS].smoothing
    assert decisions[-1] == Decision()
    assert any("released" in r.message for r in caplog.records)
    assert most_flashes(shown) <= 3
