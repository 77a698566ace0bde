"""The pass contract: declared params and inputs, render(frame, inputs) -> Target, release()."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import moderngl

from lumen.gl.fullscreen import FullscreenTriangle
from lumen.gl.shaders import build_program
from lumen.gl.targets import Target, make_target


@dataclass(frozen=True)
class Param:
    """A pass parameter: default, inclusive range, and one line for docs and errors."""

    default: float
    lo: float
    hi: float
    doc: str = ""


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
    """Everything a frame depends on besides the data: time, the dataset day, size, overrides."""

    time: float
    day: float
    canvas: tuple[int, int]
    region: Region
    overrides: dict[str, dict[str, float]] = field(default_factory=dict)


class GLResources:
    """Shared GL objects: the context, the full-screen triangle, a program cache, and the scene's
    data textures and palette (set by the pipeline) that data-bound passes read."""

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.data = None      # JourneyTextures
        self.palette: dict[str, tuple[float, float, float]] = {}
        self.triangle = FullscreenTriangle(ctx)
        self._programs: dict[tuple, moderngl.Program] = {}

    def program(self, fragment: str, defines: dict[str, object] | None = None,
                vertex: str = "passes/common/fullscreen.vert") -> moderngl.Program:
        key = (vertex, fragment, tuple(sorted((defines or {}).items())))
        if key not in self._programs:
            self._programs[key] = build_program(self.ctx, vertex, fragment, defines)
        return self._programs[key]

    def release(self) -> None:
        self.triangle.release()
        for program in self._programs.values():
            program.release()
        self._programs.clear()


class Pass:
    """One node of the render graph. Subclasses set kind, INPUTS, PARAMS and implement render()."""

    kind: ClassVar[str] = ""
    INPUTS: ClassVar[tuple[str, ...]] = ()  # input slot names, filled in the exhibit's order
    PARAMS: ClassVar[dict[str, Param]] = {}
    FORMAT: ClassVar[str] = "rgba16f"

    def __init__(self, gl: GLResources, name: str, params: dict[str, float], scale: float = 1.0,
                 fmt: str | None = None):
        self.gl = gl
        self.name = name
        self.params = {key: spec.default for key, spec in self.PARAMS.items()} | params
        self.scale = scale
        self.format = fmt or self.FORMAT
        self.output: Target | None = None

    def value(self, frame: Frame, key: str) -> float:
        """A parameter's value in this frame: a timeline override, else the exhibit's, else default."""
        return frame.overrides.get(self.name, {}).get(key, self.params[key])

    def output_size(self, region: tuple[int, int]) -> tuple[int, int]:
        return (max(1, round(region[0] * self.scale)), max(1, round(region[1] * self.scale)))

    def ensure_output(self, size: tuple[int, int], linear: bool = False) -> Target:
        """(Re)create the output target when the size changes; keep it otherwise."""
        if self.output is None or self.output.size != size:
            if self.output is not None:
                self.output.release()
            self.output = make_target(self.gl.ctx, f"{self.name}.out", size, self.format, linear)
        return self.output

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        raise NotImplementedError

    def extra_outputs(self) -> dict[str, Target]:
        """Further named targets this pass publishes (e.g. 'state.state'), for tests and debug views."""
        return {}

    def release(self) -> None:
        if self.output is not None:
            self.output.release()
            self.output = None


def draw(gl: GLResources, program: moderngl.Program, target: Target, textures: dict[str, moderngl.Texture],
         uniforms: dict[str, object]) -> None:
    """Bind textures to units in order, set uniforms, and draw the full-screen triangle into target."""
    for unit, (name, texture) in enumerate(textures.items()):
        texture.use(location=unit)
        if name in program:
            program[name].value = unit
    for name, value in uniforms.items():
        if name in program:
            program[name].value = value
    target.fbo.use()
    gl.ctx.viewport = (0, 0, *target.size)
    gl.triangle.draw(program)
