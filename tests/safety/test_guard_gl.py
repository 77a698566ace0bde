"""The flash guard on real frames: synthetic hazards held to 3 flashes a second (checked by flashcheck
and by an independent count here), a small strobe and the festival left alone, GPU = numpy measure."""

from __future__ import annotations

import imageio_ffmpeg
import numpy as np
import pytest

from lumen.exhibit import load_exhibit
from lumen.export.clip import ClipSpec, export_clip
from lumen.export.flashcheck import check_video
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.pipeline import read_rgba8
from lumen.safety.count import FlashCounter
from lumen.safety.measure import measure_frame
from lumen.safety.surface import FlashGuard
from tests.safety.hazards import full_strobe, red_strobe, small_strobe

FPS = 30
SIZE = (192, 108)


@pytest.fixture(scope="module")
def hazards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hazards")
    return {"full": full_strobe(folder), "red": red_strobe(folder), "small": small_strobe(folder)}


def decoded(path) -> list[np.ndarray]:
    reader = imageio_ffmpeg.read_frames(str(path), pix_fmt="rgb24")
    meta = next(reader)
    w, h = meta["size"]
    return [np.frombuffer(raw, np.uint8).reshape(h, w, 3) for raw in reader]


def transitions(series: list[float], big) -> list[int]:
    """Frames where a transition completes: a big enough change from the extreme since the last one."""
    times, direction = [], 0
    hi = lo = series[0]
    for k, v in enumerate(series):
        hi, lo = max(hi, v), min(lo, v)
        if direction <= 0 and big(v - lo, lo):        # a rise from the lowest point (the darker state)
            times.append(k)
            direction, hi, lo = 1, v, v
        elif direction >= 0 and big(hi - v, v):       # a fall from the highest point
            times.append(k)
            direction, hi, lo = -1, v, v
    return times


def independent_flashes(frames, fps: int = FPS) -> int:
    """Most flashes in any second of the whole frame's mean light, counted with a plain loop: WCAG's
    general (luminance change >= 0.1 with the darker state < 0.8) and red ((R - G - B) x 320 changing
    by more than 20 on saturated red) transitions; a flash is two."""
    lum, red = [], []
    for frame in frames:
        c = frame[..., :3].astype(np.float64) / 255.0
        lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        r, g, b = lin[..., 0], lin[..., 1], lin[..., 2]
        lum.append(float((0.2126 * r + 0.7152 * g + 0.0722 * b).mean()))
        red.append(float(np.where(r >= 0.8 * (r + g + b), np.maximum(r - g - b, 0) * 320, 0).mean()))
    most = 0
    for times in (transitions(lum, lambda change, darker: change >= 0.1 - 1e-9 and darker < 0.8),
                  transitions(red, lambda change, darker: change > 20)):
        most = max([most] + [sum(1 for t in times if k - fps < t <= k) // 2 for k in range(len(lum))])
    return most


def export(path, out, guard=True, seconds=3.0):
    renderer = HeadlessRenderer(load_exhibit(path))
    try:
        return export_clip(renderer, ClipSpec(out, 0.0, seconds, FPS, SIZE, guard=guard))
    finally:
        renderer.release()


@pytest.mark.parametrize("name, flashes", [("full", 10), ("red", 5)])
def test_guard_holds_a_strobe_to_three_flashes(gl_context, hazards, tmp_path, name, flashes):
    raw = export(hazards[name], tmp_path / "raw.mp4", guard=False)
    assert raw.interventions == 0 and raw.provenance.guard == "off"
    unguarded = check_video(tmp_path / "raw.mp4")
    assert unguarded.hazard and unguarded.worst_flashes >= flashes - 1
    assert independent_flashes(decoded(tmp_path / "raw.mp4")) >= flashes - 1

    guarded = export(hazards[name], tmp_path / "guarded.mp4")
    assert guarded.interventions >= 2   # armed, then smoothing
    report = check_video(tmp_path / "guarded.mp4")
    assert not report.hazard and report.worst_flashes <= 3, report.text()
    assert independent_flashes(decoded(tmp_path / "guarded.mp4")) <= 3


def test_a_strobe_under_the_area_is_left_alone(gl_context, hazards):
    renderer = HeadlessRenderer(load_exhibit(hazards["small"]), ctx=gl_context)
    pipeline = renderer.pipeline
    guard = FlashGuard(gl_context, pipeline, SIZE)
    local = FlashCounter(guard.geometry)
    most_in_a_cell = 0
    try:
        for k in range(3 * FPS):
            t = k / FPS
            assert guard.overrides(t, {}) == {}
            target = pipeline.render(pipeline.frame(t, SIZE, None, guard.overrides(t, {})))[pipeline.output_name]
            assert guard.apply(target, t) is target, "frames pass through untouched"
            window = local.push(t, *measure_frame(read_rgba8(target), guard.geometry))
            most_in_a_cell = max(most_in_a_cell, int(window.counts.max()))
        guard.finish()
        assert most_in_a_cell // 2 > 3, "the tile itself flashes fast"
        assert guard.controller.interventions == 0 and guard.controller.worst_output < 2
    finally:
        guard.release()
        renderer.release()


def test_gpu_measure_equals_numpy(gl_context, festival, festival_data):
    renderer = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    pipeline = renderer.pipeline
    for size in [(320, 180), (333, 201), (1280, 720)]:
        guard = FlashGuard(gl_context, pipeline, size)
        target = pipeline.render(pipeline.frame(431.0, size))[pipeline.output_name]
        guard.apply(target, 0.0)
        gx, gy = guard.geometry.grid
        cells = np.frombuffer(guard._pending[0][1].read(), np.float32).reshape(gy, 2 * gx, 4)[::-1]
        lum, red = measure_frame(read_rgba8(target), guard.geometry)
        assert np.allclose(cells[:, :gx, 0], lum, atol=1e-6) and np.allclose(cells[:, :gx, 1], red, atol=1e-4)
        assert lum.max() > 0.05
        guard.release()
    renderer.release()


def test_keeping_a_frame_changes_no_pixel_and_damping_scales_the_keyed_values(gl_context, festival, festival_data):
    from lumen.safety.guard import DAMP, Decision

    renderer = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    pipeline = renderer.pipeline
    guard = FlashGuard(gl_context, pipeline, (320, 180))
    guard.controller.decision = Decision(DAMP, True, 1.0)
    target = pipeline.render(pipeline.frame(300.0, (320, 180)))[pipeline.output_name]
    before = read_rgba8(target)
    shown = guard.apply(target, 300.0)
    assert shown is not target and np.array_equal(read_rgba8(shown), before)
    keyed = pipeline.timeline.at(300.0).overrides["state"]
    damped = guard.overrides(300.0, {"display": {"exposure": 1.0}})
    assert damped["state"]["flare_gain"] == pytest.approx(keyed["flare_gain"] * DAMP)
    assert damped["state"]["pulse_depth"] == pytest.approx(pipeline.passes[1].params["pulse_depth"] * DAMP)
    assert damped["display"] == {"exposure": 1.0}
    guard.release()
    renderer.release()


def test_the_festival_is_never_damped(gl_context, festival, festival_data):
    """A minute of the unity act, where every tile pulses together (the most transitions of any act)."""
    from lumen.safety.guard import ARM_AT

    renderer = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    pipeline = renderer.pipeline
    guard = FlashGuard(gl_context, pipeline, SIZE)
    try:
        for k in range(60 * FPS):
            t = 400.0 + k / FPS
            target = pipeline.render(pipeline.frame(t, SIZE, None, guard.overrides(t, {})))[pipeline.output_name]
            assert guard.apply(target, t) is target
        guard.finish()
        assert guard.controller.interventions == 0 and guard.controller.worst_output < ARM_AT
    finally:
        guard.release()
        renderer.release()
