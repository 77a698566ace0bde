"""The show's look options: the flash guard is on by default and damps a strobe; --no-flash-guard is
explicit and reported; --set values reach every frame under OSC's; captions come from the shown data."""

from __future__ import annotations

import pytest

from lumen.runtime.controls import Command
from lumen.runtime.show import RunOptions, Show
from lumen.runtime.status import hud_lines, show_status
from lumen.runtime.window import OffscreenSurface
from tests.safety.hazards import full_strobe

SIZE = (160, 90)


def run_show(tmp_path, exhibit, frames: int, on_frame=None, **options) -> Show:
    opts = RunOptions(exhibit=exhibit, size=SIZE, osc_port=None, reload=False, pace=False, step=1 / 30,
                      state=tmp_path, max_frames=frames, **options)
    show = Show(opts, lambda commands: OffscreenSurface(commands, SIZE))
    show.on_frame = on_frame
    show.run()
    return show


@pytest.mark.parametrize("guard", [True, False])
def test_a_strobe_is_damped_unless_the_guard_is_switched_off(gl_context, tmp_path, guard):
    seen = []
    show = run_show(tmp_path, full_strobe(tmp_path), 90, flash_guard=guard, hud=True,
                    on_frame=lambda s: seen.append((show_status(s), hud_lines(s))))
    status, hud = seen[-1]
    if guard:
        assert status["flash_guard"] == "on" and status["guard_interventions"] > 0
        assert any(line.startswith("flash guard ") and "interventions" in line for line in hud)
    else:
        assert status["flash_guard"] == "off" and status["guard_interventions"] == 0
        assert "flash guard OFF (--no-flash-guard)" in hud
    assert show.errors == 0


def test_set_values_sit_under_osc_overrides(gl_context, tmp_path):
    from lumen.assets import exhibit_path

    opts = RunOptions(exhibit=exhibit_path("festival"), size=SIZE, osc_port=None, reload=False, pace=False,
                      step=1 / 30, state=tmp_path, overrides={"state": {"coupling": 1.0, "outage": 0.5}})
    show = Show(opts, lambda commands: OffscreenSurface(commands, SIZE))
    show.start()
    try:
        show.handle(Command("param", ("state", "outage", 0.25), "test"))
        assert show.frame_overrides() == {"state": {"coupling": 1.0, "outage": 0.25}}
        show.handle(Command("param_reset", (), "test"))
        assert show.frame_overrides() == {"state": {"coupling": 1.0, "outage": 0.5}}, "OSC's reset keeps --set"
        assert show.pipeline.gl.captions["malfunction"].startswith("When the network failed, 39%")
    finally:
        show.close()


def test_a_live_journey_gets_a_ring_that_fades(gl_context, tmp_path):
    """A journey that arrives while the show runs is born with a ring round its tile (a visitor finds
    their light); the ring is gone a few seconds later; journeys there at start get none."""
    import numpy as np

    from lumen.assets import exhibit_path
    from tests.runtime.test_show_data import live_batch

    opts = RunOptions(exhibit=exhibit_path("festival"), size=(320, 180), osc_port=None, reload=False,
                      pace=False, step=1 / 30, state=tmp_path, flash_guard=False, captions=False, start=420.0)
    show = Show(opts, lambda commands: OffscreenSurface(commands, (320, 180)))
    show.start()
    try:
        def frame_at(t: float) -> np.ndarray:
            p = show.pipeline
            return p.render_rgba(p.frame(t, (320, 180))).astype(int)

        show.handle(Command("live", (live_batch(tmp_path, ["Riverside"]), True, "a visitor"), "test"))
        assert len(show.pipeline.gl.births) == 1
        row, born = show.pipeline.gl.births[0]
        with_ring = frame_at(born + 1.0)
        show.pipeline.gl.births.clear()
        without = frame_at(born + 1.0)
        changed = np.abs(with_ring - without).max(axis=2) > 8
        assert changed.sum() > 30, "a ring is drawn"
        x, y = show.pipeline.gl.tile_centres((320, 180))[row]
        ys, xs = np.nonzero(changed)
        assert np.hypot(xs - x, (179 - ys) - y).max() < 0.06 * 180 + 4, "round the new tile"
        later_without = frame_at(born + 10.0)
        show.pipeline.mark_births(row, 1, born)
        assert np.array_equal(frame_at(born + 10.0), later_without), "and gone a few seconds later"
    finally:
        show.close()
