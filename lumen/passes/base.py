"""The pass contract: declared params and inputs, render(frame, inputs) -> Target, release()."""

from __future__ import annotations

import math
from collections import deque
from typing import ClassVar

import moderngl

from lumen.gl.fullscreen import FullscreenTriangle
from lumen.gl.shaders import ShaderError, declared_uniforms, link_program, load_stages
from lumen.gl.targets import Target, make_target
from lumen.passes.frame import Frame, Region
from lumen.passes.gpu_contract import SHADER_DEFINES
from lumen.vocabulary.passes import PassKind

MAX_RINGS = 16   # rings drawn at once around newly born tiles (passes/rings.py)


class GLResources:
    """Shared GL objects: the context, the full-screen triangle, a program cache, and the scene's
    data textures and palette (set by the pipeline) that data-bound passes read."""

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.data = None      # JourneyTextures
        self.palette: dict[str, tuple[float, float, float]] = {}
        self.flare_tinted = False  # [encodings] flare = "dominant_channel"
        self.analysis = False  # passes also write their analysis targets (e.g. 'state.state'), for tests
        self.layout: dict[str, object] = {}   # the exhibit's [layout] section plus [data] seed
        # Set by the pipeline, read by the overlay and simulate passes:
        self.captions: dict[str, str] = {}    # act -> caption, figures filled in (empty: --no-captions)
        self.caption_style = None             # lumen.passes.captions.CaptionStyle: the room
        self.reroute_origin = (0.5, 0.5)      # [story] reroute_origin, canvas fractions from the top-left
        self.tile_centres = None              # canvas -> (rows, 2) tile centres (set by the layout pass)
        self.births: deque[tuple[int, float]] = deque(maxlen=MAX_RINGS)  # (row, show time) of new tiles
        self.triangle = FullscreenTriangle(ctx)
        self._programs: dict[tuple, moderngl.Program] = {}
        self._members: dict[int, dict[str, object]] = {}
        self._declared: dict[int, tuple[str, frozenset[str]]] = {}  # glo -> (fragment file, declared names)

    def program(self, fragment: str, defines: dict[str, object] | None = None,
                vertex: str = "passes/common/fullscreen.vert") -> moderngl.Program:
        """A cached program; every one gets the CPU-GPU contract's defines (passes/gpu_contract.py)."""
        merged = SHADER_DEFINES | (defines or {})
        key = (vertex, fragment, tuple(sorted(merged.items())))
        if key not in self._programs:
            sources = load_stages(vertex, fragment, merged)
            program = self._programs[key] = link_program(self.ctx, sources)
            names = frozenset(name for source in sources.values() for name in declared_uniforms(source))
            self._declared[program.glo] = (fragment, names)
        return self._programs[key]

    def members(self, program: moderngl.Program) -> dict[str, object]:
        """A program's active uniforms by name, looked up once (moderngl's `in` walks them all)."""
        found = self._members.get(program.glo)
        if found is None:
            found = self._members[program.glo] = {name: program[name] for name in program}
        return found

    def require_declared(self, program: moderngl.Program, name: str) -> None:
        """Accept a name the program lacks only if its shaders declare it (the driver stripped it as
        unused in this variant); anything else is a misspelling that would silently do nothing."""
        fragment, declared = self._declared.get(program.glo, (None, frozenset()))
        if name in declared:
            return
        where = f"shaders/{fragment}" if fragment else "a program not built by GLResources.program"
        known = ", ".join(sorted(declared | set(self.members(program)))) or "none"
        raise ShaderError(f"{where}: the pass sets uniform '{name}', which the shader does not declare; "
                          f"expected one of: {known}")

    def release(self) -> None:
        self._members.clear()
        self._declared.clear()
        self.triangle.release()
        for program in self._programs.values():
            program.release()
        self._programs.clear()


class Pass:
    """One node of the render graph. Subclasses set `declared` (their kind's inputs, params and format,
    from lumen/vocabulary/passes.py) and implement render()."""

    declared: ClassVar[PassKind]

    def __init__(self, gl: GLResources, name: str, params: dict[str, float], scale: float = 1.0,
                 fmt: str | None = None):
        self.gl = gl
        self.name = name
        self.params = {key: spec.default for key, spec in self.declared.params.items()} | params
        self.scale = scale
        self.format = fmt or self.declared.format
        self.output: Target | None = None

    @property
    def kind(self) -> str:
        return self.declared.kind

    def value(self, frame: Frame, key: str) -> float:
        """A parameter's value in this frame: a timeline override, else the exhibit's, else default."""
        return frame.overrides.get(self.name, {}).get(key, self.params[key])

    def output_size(self, region: tuple[int, int]) -> tuple[int, int]:
        """Texels needed to cover the region at this pass's scale (rounded up: edges stay covered)."""
        step = 1.0 / self.scale
        return (max(1, math.ceil(region[0] / step)), max(1, math.ceil(region[1] / step)))

    def ensure_output(self, size: tuple[int, int], linear: bool = False) -> Target:
        """(Re)create the output target when the size changes; keep it otherwise."""
        if self.output is None or self.output.size != size:
            if self.output is not None:
                self.output.release()
            self.output = make_target(self.gl.ctx, f"{self.name}.out", size, self.format, linear)
        return self.output

    def screen_output(self, frame: Frame, linear: bool = False) -> Target:
        """The output target for the frame's region at this pass's scale, placed on the canvas.
        Full resolution: sized to the region. Coarser: sized to the whole canvas, drawing only the
        region's part, so that samplers see the same texture size (and the same uvs) in a region
        render as in the full frame."""
        if self.scale == 1.0:
            return self.ensure_output(frame.region.size, linear).place(frame.region.origin, 1.0)
        texel = 1.0 / self.scale
        target = self.ensure_output(self.output_size(frame.canvas), linear)
        return target.place((0.0, 0.0), texel, region_texels(frame.region, texel, target.size))

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        raise NotImplementedError

    def output_texel(self, input_texels: list[float]) -> float:
        """Canvas pixels per output texel, given the inputs'; screen passes follow their scale."""
        return 1.0 / self.scale

    def reach(self, input_texels: list[float], canvas: tuple[int, int], params: dict[str, float]) -> tuple[int, int]:
        """(alignment, margin) in canvas pixels a region render needs for this pass to be exact, when
        its parameters take at most `params` (the pipeline passes the largest value each can take)."""
        return max(1, round(1.0 / self.scale)), 0

    def advance(self, frame: Frame, inputs_at) -> None:
        """Stateful passes step their state up to `frame` here, before the graph runs;
        `inputs_at(time)` renders this pass's inputs at another time and returns (that frame, inputs).
        Stateless passes do nothing."""

    def extra_outputs(self) -> dict[str, Target]:
        """Further named targets this pass publishes (e.g. 'state.state'), for tests and debug views."""
        return {}

    def release(self) -> None:
        if self.output is not None:
            self.output.release()
            self.output = None


def region_texels(region: Region, texel: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The viewport (x, y, w, h) of a canvas-sized coarse target that covers the region."""
    x0, y0 = math.floor(region.x / texel), math.floor(region.y / texel)
    x1 = min(size[0], math.ceil((region.x + region.width) / texel))
    y1 = min(size[1], math.ceil((region.y + region.height) / texel))
    return (x0, y0, x1 - x0, y1 - y0)


def placement(prefix: str, target: Target) -> dict[str, object]:
    """Uniforms `<prefix>_origin` and `<prefix>_extent` that place a target on the canvas for
    shaders/lib/math/canvas_uv.glsl."""
    return {f"{prefix}_origin": target.origin, f"{prefix}_extent": target.extent}


def draw(gl: GLResources, program: moderngl.Program, target: Target, textures: dict[str, moderngl.Texture],
         uniforms: dict[str, object]) -> None:
    """Bind textures to units in order, set uniforms, and draw the full-screen triangle into target."""
    members = gl.members(program)
    for unit, (name, texture) in enumerate(textures.items()):
        texture.use(location=unit)
        member = members.get(name)
        if member is not None:
            member.value = unit
        else:  # drivers strip uniforms a shader variant does not use; a misspelt name is an error
            gl.require_declared(program, name)
    for name, value in uniforms.items():
        member = members.get(name)
        if member is not None:
            member.value = value
        else:
            gl.require_declared(program, name)
    target.fbo.use()
    gl.ctx.viewport = target.viewport or (0, 0, *target.size)
    gl.triangle.draw(program)
