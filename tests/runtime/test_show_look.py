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
