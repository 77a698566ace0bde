"""Scene navigation behind a small interface: the exhibit's timeline when present, else dataset years."""

from __future__ import annotations

from dataclasses import dataclass

from lumen.pipeline.timeline import Timeline


@dataclass(frozen=True)
class Scene:
    """A named span of show time starting at `start` seconds."""

    name: str
    start: float


class Scenes:
    """An ordered list of scenes; index_at(t), and the start time of the next or previous one."""

    def __init__(self, scenes: list[Scene], loop: float | None = None):
        self.scenes = sorted(scenes, key=lambda s: s.start) or [Scene("show", 0.0)]
        self.loop = loop if loop and loop > 0 else None  # the scene list repeats every `loop` seconds

    def _cycle(self, t: float) -> tuple[float, float]:
        """(start of the current loop, time within it)."""
        if self.loop is None:
            return 0.0, t
        base = (t // self.loop) * self.loop
        return base, t - base

    def index_at(self, t: float) -> int:
        _, local = self._cycle(t)
        index = 0
        for i, scene in enumerate(self.scenes):
            if scene.start <= local + 1e-6:
                index = i
        return index

    def name_at(self, t: float) -> str:
        return self.scenes[self.index_at(t)].name

    def resolve(self, t: float, spec) -> float:
        """Start time for '+1', '-1', an index or a name; raise KeyError for an unknown scene."""
        text = str(spec)
        if text.startswith(("+", "-")):
            index = self.index_at(t) + int(text)
        elif text.lstrip("-").isdigit():
            index = int(text)
        else:
            names = [s.name for s in self.scenes]
            if text not in names:
                raise KeyError(f"unknown scene {text!r}; scenes: {', '.join(names)}")
            index = names.index(text)
        base, _ = self._cycle(t)
        if self.loop is not None:  # next after the last scene wraps to the first, in the next loop
            base += (index // len(self.scenes)) * self.loop
            return base + self.scenes[index % len(self.scenes)].start
        return self.scenes[max(0, min(len(self.scenes) - 1, index))].start

    def names(self) -> list[str]:
        return [s.name for s in self.scenes]


def scenes_for(exhibit, last_day: float) -> Scenes:
    """The exhibit timeline's scenes when it has any; else one scene per dataset year."""
    timeline = Timeline(exhibit)
    if timeline.scenes:
        return Scenes([Scene(s.name, float(start)) for s, start in zip(timeline.scenes, timeline.starts)],
                      loop=timeline.loop_length)
    spec = exhibit["timeline"]
    per_second, start_day = spec["days_per_second"], spec["start_day"]
    years = max(1, int(max(last_day - start_day, 0.0) // 365) + 1)
    return Scenes([Scene(f"year {i + 1}", i * 365.0 / per_second) for i in range(years)])
