"""What a frame is rendered for: the canvas region and the frame's time, day and parameter values.

GL-free, so that region arithmetic and argument parsing need no GL."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    """The rendered sub-rectangle of the canvas, in canvas pixels with GL's bottom-left origin."""

    x: int
    y: int
    width: int
    height: int

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def origin(self) -> tuple[float, float]:
        return (float(self.x), float(self.y))


@dataclass
class Frame:
    """Everything a frame depends on besides the data: time, the dataset day, size, overrides.

    `region` is what the passes render (the wanted crop grown by the graph's reach); `crop` is the
    wanted part of it, in region pixels, that the frame's reader keeps."""

    time: float
    day: float
    canvas: tuple[int, int]
    region: Region
    overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    crop: Region | None = None
    explicit: dict[str, dict[str, float]] = field(default_factory=dict)
    scene: str = ""                                  # the act on show ("" without scenes)
    scene_time: tuple[float, float] = (0.0, 0.0)     # (seconds into the act, its length)
    phases: dict[str, float] = field(default_factory=dict)  # pass -> its shared pulse's phase, in turns
