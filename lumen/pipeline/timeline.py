"""The timeline: exhibit seconds -> scene, dataset day and parameter overrides, looping, with crossfades."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np

from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.exhibit.scenes import SceneSpec, Track
from lumen.exhibit.values import suggest
from lumen.vocabulary.passes import PASS_KINDS

EASE = {
    "linear": lambda u: u,
    "smoothstep": lambda u: u * u * (3.0 - 2.0 * u),
    "ease-in": lambda u: u * u * u,
    "ease-out": lambda u: 1.0 - (1.0 - u) ** 3,
    "ease-in-out": lambda u: 4.0 * u ** 3 if u < 0.5 else 1.0 - (-2.0 * u + 2.0) ** 3 / 2.0,
    "hold": lambda u: 0.0,
}


@dataclass(frozen=True)
class TimelineState:
    """What the timeline says about one instant; fade is the current scene's weight in a crossfade (1 = alone)."""

    day: float
    overrides: dict[str, dict[str, float]]
    scene: str
    scene_index: int
    progress: float
    loop_length: float
    fade: float = 1.0


def evaluate(track: Track, progress: float) -> float:
    """A track's value at scene progress (clamped to its first and last keyframes)."""
    keys = track.keys
    if progress <= keys[0][0]:
        return keys[0][1]
    if progress >= keys[-1][0]:
        return keys[-1][1]
    k = bisect.bisect_right([p for p, _ in keys], progress) - 1
    (p0, v0), (p1, v1) = keys[k], keys[k + 1]
    u = (progress - p0) / (p1 - p0) if p1 > p0 else 1.0
    return v0 + (v1 - v0) * EASE[track.ease](u)


class Timeline:
    """The exhibit's scenes laid end to end and looped; without scenes, a steady days-per-second mapping."""

    def __init__(self, exhibit: Exhibit):
        timeline = exhibit["timeline"]
        self.days_per_second = timeline["days_per_second"]
        self.start_day = timeline["start_day"]
        self.scenes: list[SceneSpec] = list(exhibit.scenes)
        natural = sum(s.duration for s in self.scenes)
        scale = timeline.get("loop_seconds", 0.0) / natural if natural and timeline.get("loop_seconds") else 1.0
        self.durations = [s.duration * scale for s in self.scenes]
        self.crossfades = [min(s.crossfade * scale, d) for s, d in zip(self.scenes, self.durations)]
        self.starts = [sum(self.durations[:i]) for i in range(len(self.scenes))]
        self.loop_length = sum(self.durations)
        self.days = self._day_windows()
        self.base = self._base_values(exhibit)
        self._phase_tables: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def _day_windows(self) -> list[tuple[float, float]]:
        """Each scene's [first, last] days; a scene without days continues at days_per_second."""
        windows, day = [], self.start_day
        for scene in self.scenes:
            first, last = scene.days if scene.days else (day, day + scene.duration * self.days_per_second)
            windows.append((first, last))
            day = last
        return windows

    def _base_values(self, exhibit: Exhibit) -> dict[tuple[str, str], float]:
        """The exhibit's own value of every keyed parameter: what a scene that does not key it shows."""
        base = {}
        for scene in self.scenes:
            for pass_name, param in scene.tracks:
                spec = exhibit.passes[pass_name]
                default = PASS_KINDS[spec.kind].params[param].default
                base[(pass_name, param)] = spec.params.get(param, default)
        return base

    def _scene_values(self, i: int, progress: float) -> tuple[float, dict[tuple[str, str], float]]:
        """Day (extrapolated past the window's end, so a fading scene keeps moving) and parameter values."""
        first, last = self.days[i]
        day = first + (last - first) * progress
        tracks = self.scenes[i].tracks
        values = {key: evaluate(tracks[key], min(progress, 1.0)) if key in tracks else value
                  for key, value in self.base.items()}
        return day, values

    def at(self, time: float) -> TimelineState:
        """The state at exhibit time `time` (seconds, any value >= 0; the scene list loops)."""
        if not self.scenes:
            return TimelineState(self.start_day + time * self.days_per_second, {}, "", -1, 0.0, 0.0)
        local_time = math.fmod(time, self.loop_length) if time >= 0 else 0.0
        i = max(0, bisect.bisect_right(self.starts, local_time) - 1)
        local = local_time - self.starts[i]
        progress = min(local / self.durations[i], 1.0)
        day, values = self._scene_values(i, progress)
        fade = 1.0
        if local < self.crossfades[i]:
            prev = (i - 1) % len(self.scenes)
            prev_day, prev_values = self._scene_values(prev, 1.0 + local / self.durations[prev])
            fade = EASE["smoothstep"](local / self.crossfades[i])
            day = prev_day + (day - prev_day) * fade
            values = {k: prev_values[k] + (v - prev_values[k]) * fade for k, v in values.items()}
        overrides: dict[str, dict[str, float]] = {}
        for (pass_name, param), value in values.items():
            overrides.setdefault(pass_name, {})[param] = value
        return TimelineState(day, overrides, self.scenes[i].name, i, progress, self.loop_length, fade)

    PHASE_STEP = 0.1   # seconds between the samples of a keyed frequency's running integral

    def phase(self, pass_name: str, param: str, time: float) -> float | None:
        """The integral of a keyed frequency (Hz) from 0 to `time`: the phase, in turns, of an
        oscillator whose frequency the scenes key. f(t) * t would race or run backwards while the
        frequency changes (a crossfade); the integral only ever turns at the frequency of the moment.
        None when no scene keys it (a constant frequency: f * t is exact)."""
        key = (pass_name, param)
        if key not in self.base or not self.scenes:
            return None
        table = self._phase_tables.get(key)
        if table is None:
            times = np.arange(0.0, self.loop_length + self.PHASE_STEP, self.PHASE_STEP)
            freq = np.array([self.at(min(t, self.loop_length - 1e-9)).overrides[pass_name][param] for t in times])
            steps = np.diff(times) * (freq[1:] + freq[:-1]) / 2.0    # trapezoids
            table = self._phase_tables[key] = (times, np.concatenate([[0.0], np.cumsum(steps)]))
        times, turns = table
        loops, local = divmod(max(time, 0.0), self.loop_length)
        return float(loops * turns[-1] + np.interp(local, times, turns))

    def largest(self, pass_name: str, param: str, default: float) -> float:
        """The largest value any scene keys for a parameter (eased values never leave their
        keyframes' range), or `default` when no scene keys it."""
        values = [v for scene in self.scenes if (pass_name, param) in scene.tracks
                  for _, v in scene.tracks[(pass_name, param)].keys]
        return max(values, default=default)

    def scene_midpoint(self, name: str) -> float:
        """Exhibit time at the middle of the named scene (for `lumen render --scene NAME`)."""
        names = [s.name for s in self.scenes]
        if name not in names:
            listing = ", ".join(names) if names else "none: the exhibit has no [[scenes]]"
            raise UserError(f"--scene {name}: no scene named {name!r}{suggest(name, names)}; scenes: {listing}")
        i = names.index(name)
        return self.starts[i] + self.durations[i] / 2.0

    def time_at_day(self, day: float) -> float:
        """The first exhibit time (outside crossfades) that shows `day`; for tests and seeking by date."""
        if not self.scenes:
            return (day - self.start_day) / self.days_per_second
        for i, (first, last) in enumerate(self.days):
            if min(first, last) <= day <= max(first, last) and last != first:
                t = self.starts[i] + (day - first) / (last - first) * self.durations[i]
                if t - self.starts[i] >= self.crossfades[i]:
                    return t
        raise ValueError(f"no scene shows day {day:g} outside a crossfade")
