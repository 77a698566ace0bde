"""Scenes and the timeline: validation against the render graph, values at known times, crossfade, loop."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.errors import UserError
from lumen.exhibit import load_exhibit
from lumen.exhibit.load import ExhibitError
from lumen.pipeline.timeline import Timeline
from tests.exhibit.test_extends import BASE, write

SCENES = """
[[scenes]]
name = "calm"
duration = 10.0
days = [0, 100]
ease = "linear"
[scenes.params]
state.coupling = [[0.0, 0.0], [1.0, 1.0]]
display.exposure = -1.0

[[scenes]]
name = "storm"
duration = 20.0
days = [100, 120]
crossfade = 4.0
[scenes.params]
state.outage = { keys = [[0.0, 0.0], [0.5, 1.0]], ease = "linear" }

[[scenes]]
name = "drift"
duration = 10.0
"""


def exhibit_with(tmp_path, scenes: str, extra: str = ""):
    return load_exhibit(write(tmp_path / "e.toml", BASE + extra + scenes))


def scene_problems(tmp_path, scenes: str) -> list[str]:
    with pytest.raises(ExhibitError) as info:
        exhibit_with(tmp_path, scenes)
    return info.value.problems


def test_values_at_known_times(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES))
    assert t.loop_length == 40.0
    s = t.at(5.0)
    assert (s.scene, s.scene_index, s.progress, s.day) == ("calm", 0, 0.5, 50.0)
    assert s.overrides["state"]["coupling"] == pytest.approx(0.5)
    assert s.overrides["display"]["exposure"] == -1.0
    assert s.overrides["state"]["outage"] == 0.0, "unkeyed params keep the exhibit's value (default)"
    s = t.at(20.0)  # storm, progress 0.5: outage reached 1, day halfway through its window
    assert (s.scene, s.progress, s.day, s.fade) == ("storm", 0.5, 110.0, 1.0)
    assert s.overrides["state"]["outage"] == pytest.approx(1.0)
    assert s.overrides["state"]["coupling"] == pytest.approx(0.2), "storm does not key coupling: base value"
    assert s.overrides["display"]["exposure"] == 0.0


def test_scene_without_days_continues_at_days_per_second(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES, "[timeline]\ndays_per_second = 3.0\n"))
    assert t.at(35.0).scene == "drift"
    assert t.at(35.0).day == pytest.approx(120 + 5 * 3.0)


def test_crossfade_blends_params_and_days(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES))
    start = t.at(10.0)
    assert start.scene == "storm" and start.fade == 0.0
    assert start.overrides["state"]["coupling"] == pytest.approx(1.0), "starts at calm's last value"
    assert start.day == pytest.approx(100.0)
    mid = t.at(12.0)  # halfway through the 4 s crossfade: smoothstep(0.5) = 0.5
    assert mid.fade == pytest.approx(0.5)
    assert mid.overrides["state"]["coupling"] == pytest.approx(0.5 * 1.0 + 0.5 * 0.2)
    calm_day, storm_day = 100 + 2 / 10 * 100, 100 + 2 / 20 * 20  # calm keeps moving while it fades out
    assert mid.day == pytest.approx(0.5 * calm_day + 0.5 * storm_day)
    assert t.at(14.0).fade == 1.0


def test_loop(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES))
    for time in (3.0, 11.5, 27.0):
        assert t.at(time) == t.at(time + 40.0) == t.at(time + 400.0)


def test_loop_seconds_scales_durations_and_crossfades(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES, "[timeline]\nloop_seconds = 20.0\n"))
    assert t.loop_length == 20.0
    assert t.at(2.5).day == pytest.approx(50.0) and t.at(2.5).scene == "calm"
    assert t.at(6.0).fade == pytest.approx(0.5), "the 4 s crossfade became 2 s"
    assert t.scene_midpoint("storm") == pytest.approx(10.0)


def test_no_scenes_keeps_the_steady_mapping(tmp_path):
    t = Timeline(exhibit_with(tmp_path, "", "[timeline]\ndays_per_second = 4.0\nstart_day = 10.0\n"))
    s = t.at(5.0)
    assert (s.day, s.overrides, s.scene, s.scene_index) == (30.0, {}, "", -1)
    assert t.time_at_day(30.0) == 5.0


def test_scene_midpoint_and_unknown_scene(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES))
    assert t.scene_midpoint("calm") == 5.0 and t.scene_midpoint("drift") == 35.0
    with pytest.raises(UserError, match=r"--scene strom: no scene named 'strom' \(did you mean \"storm\"\?\)"):
        t.scene_midpoint("strom")


def test_easing_per_key(tmp_path):
    t = Timeline(exhibit_with(tmp_path, SCENES.replace('ease = "linear" }', 'ease = "hold" }')))
    assert t.at(14.0).overrides["state"]["outage"] == 0.0, "hold keeps the previous keyframe"
    assert t.at(21.0).overrides["state"]["outage"] == 1.0


@pytest.mark.parametrize("change, expected", [
    ("state.coupling = [[0.0, 0.0], [1.0, 1.0]]", None),
    ("coupling = 1.0", r'scenes\[0\] \(a\).params.coupling: unknown parameter \(did you mean "state.coupling"\?\)'),
    ("state.coupeling = 1.0", r'params.state.coupeling: unknown parameter \(did you mean "state.coupling"\?\)'),
    ("glow.coupling = 1.0", r'params.glow.coupling: unknown parameter \(did you mean "state.coupling"\?\)'),
    ("state.coupling = 2.0", r"params.state.coupling: expected a value in \[0, 1\], got 2"),
    ("display.exposure = [[0.0, 0.0], [1.5, 1.0]]", r"keyframe progress must be in \[0, 1\]"),
    ("display.exposure = [[0.5, 0.0], [0.2, 1.0]]", r"keyframes must be in order of progress"),
    ("display.exposure = [[0.5]]", r"expected keyframes as \[progress, value\] pairs"),
    ('display.exposure = { keys = [[0.0, 1.0]], ease = "bouncy" }', r"ease: expected one of linear"),
    ('display.exposure = "bright"', r"expected the value to be a number"),
])
def test_param_errors(tmp_path, change, expected):
    scene = f'[[scenes]]\nname = "a"\nduration = 5.0\n[scenes.params]\n{change}\n'
    if expected is None:
        exhibit_with(tmp_path, scene)
        return
    import re

    found = scene_problems(tmp_path, scene)
    assert len(found) == 1 and re.search(expected, found[0]), found
    assert found[0].startswith(str((tmp_path / "e.toml").resolve()))


def test_scene_key_errors_are_all_reported(tmp_path):
    found = scene_problems(tmp_path, '[[scenes]]\nname = "a"\nduraton = 5.0\n'
                                     '[[scenes]]\nname = "a"\nduration = 2.0\ncrossfade = 3.0\neese = "linear"\n')
    text = "\n".join(found)
    assert 'scenes[0] (a).duraton: unknown key (did you mean "duration"?)' in text
    assert "scenes[0] (a).duration: required key is missing" in text
    assert "scenes[1] (a).name: another scene is already named 'a'" in text
    assert "scenes[1] (a).crossfade: expected at most the scene's duration (2 s), got 3" in text
    assert 'scenes[1] (a).eese: unknown key (did you mean "ease"?)' in text


def test_child_scenes_replace_the_parents(tmp_path):
    write(tmp_path / "base.toml", BASE + SCENES)
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n[[scenes]]\nname = "only"\nduration = 7.0\n')
    t = Timeline(load_exhibit(child))
    assert [s.name for s in t.scenes] == ["only"] and t.loop_length == 7.0


def test_frame_takes_day_and_overrides_from_the_timeline(gl_context, festival, festival_data):
    from lumen.pipeline.pipeline import Pipeline

    p = Pipeline(gl_context, festival, festival_data.tiles)
    try:
        t = p.timeline.scene_midpoint("malfunction")
        frame = p.frame(t, (64, 36), overrides={"state": {"coupling": 0.75}})
        state = p.timeline.at(t)
        assert frame.day == state.day == p.day_at(t)
        assert frame.overrides["state"]["outage"] == state.overrides["state"]["outage"] > 0.9
        assert frame.overrides["state"]["coupling"] == 0.75, "explicit overrides win over the timeline"
    finally:
        p.release()


def test_a_keyed_pulse_never_races_through_a_crossfade(festival):
    """The shared pulse's phase is its frequency's integral: through the unity act's crossfade it turns
    at the frequency of the moment, never faster than any keyed value (f(t) * t raced to ~1.4 Hz)."""
    timeline = Timeline(festival)
    start = timeline.starts[3]            # unity, which keys global_freq = 0.1 against the exhibit's 0.12
    times = np.arange(start - 2.0, start + 12.0, 0.05)
    phase = np.array([timeline.phase("state", "global_freq", t) for t in times])
    speed = np.diff(phase) / 0.05
    assert speed.max() <= 0.12 + 1e-6 and speed.min() >= 0.1 - 1e-6
    assert timeline.phase("state", "global_freq", 1.0 + timeline.loop_length) == pytest.approx(
        timeline.phase("state", "global_freq", 1.0) + timeline.phase("state", "global_freq", timeline.loop_length))
