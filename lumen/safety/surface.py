"""The flash guard on a GL surface: measures each shown frame on the GPU, damps the next ones.

Use, per frame: `overrides = guard.overrides(t, explicit)` for the pipeline's frame at t, render,
then `shown = guard.apply(target, t)` and show `shown`. The measure (shaders/passes/safety/samples.frag, then
measure.frag) reduces the frame to a few thousand cells, read back through a pixel buffer and counted a frame
later, so the guard never waits on the frame it measures. Decisions: lumen/safety/guard.py."""

from __future__ import annotations

import logging
from collections import deque

import moderngl
import numpy as np

from lumen.gl.shaders import build_program
from lumen.gl.targets import Target, make_target
from lumen.safety.geometry import FlashGeometry, exhibit_geometry
from lumen.safety.guard import Decision, GuardController
from lumen.safety.measure import SRGB_TABLE

log = logging.getLogger("lumen.safety")

DAMPED = ("flare_gain", "pulse_depth")   # the simulate pass's modulation amplitudes
VERTEX = "passes/common/fullscreen.vert"


class FlashGuard:
    """Guards one pipeline's frames at one canvas size."""

    LAG = 1   # frames between measuring a frame and counting it

    def __init__(self, ctx: moderngl.Context, pipeline, canvas: tuple[int, int], label: str = ""):
        self.ctx = ctx
        self.timeline = pipeline.timeline
        self.simulate = {spec.name: node.params for spec, node in zip(pipeline.order, pipeline.passes)
                         if spec.kind == "simulate"}
        self.geometry: FlashGeometry = exhibit_geometry(pipeline.exhibit, canvas)
        self.controller = GuardController(self.geometry, label)
        gx, gy = self.geometry.grid
        self.measures = make_target(ctx, "guard.measures", (2 * gx, gy), "rgba32f")
        self.buffers = [ctx.buffer(reserve=2 * gx * gy * 16) for _ in range(self.LAG + 1)]
        self.table = ctx.texture((256, 1), 1, SRGB_TABLE.tobytes(), dtype="f4")
        self.table.filter = (moderngl.NEAREST, moderngl.NEAREST)
        w, h = self.geometry.size
        stride = self.geometry.stride
        self.samples = make_target(ctx, "guard.samples", (len(range(stride // 2, w, stride)),
                                                          len(range(stride // 2, h, stride))), "rg32f")
        self.sample_program = build_program(ctx, VERTEX, "passes/safety/samples.frag")
        self.measure_program = build_program(ctx, VERTEX, "passes/safety/measure.frag")
        self.blend_program = build_program(ctx, VERTEX, "passes/safety/blend.frag")
        self.vaos = {p.glo: ctx.vertex_array(p, []) for p in (self.sample_program, self.measure_program,
                                                               self.blend_program)}
        self._pending: deque[tuple[float, moderngl.Buffer, bool]] = deque()
        self._next_buffer = 0
        self._blend: list[tuple[moderngl.Texture, moderngl.Framebuffer]] = []
        self._shown: Target | None = None
        self._kept = False
        log.info("flash guard on: %s", self.geometry.describe())

    @property
    def decision(self) -> Decision:
        return self.controller.decision

    def overrides(self, time: float, explicit: dict[str, dict[str, float]] | None = None) -> dict[str, dict[str, float]]:
        """The explicit overrides for the frame at `time`, with flare and pulse damped while the guard is armed."""
        out = {name: dict(values) for name, values in (explicit or {}).items()}
        damp = self.decision.damp
        if damp >= 1.0 or not self.simulate:
            return out
        keyed = self.timeline.at(time).overrides
        for name, params in self.simulate.items():
            for key in DAMPED:
                base = out.get(name, {}).get(key, keyed.get(name, {}).get(key, params[key]))
                out.setdefault(name, {})[key] = base * damp
        return out

    def apply(self, target: Target, time: float) -> Target:
        """Count what was measured before, blend this frame if the guard says so, measure it; return
        the target to show."""
        self._collect(keep=self.LAG - 1)
        d = self.decision
        shown = target
        if d.keep:
            shown = self._blend_into(target, d.alpha if self._kept else 1.0)
        self._kept = d.keep
        self._measure(target, 0)
        if shown is not target:
            self._measure(shown, self.geometry.grid[0])
        buffer = self.buffers[self._next_buffer]
        self._next_buffer = (self._next_buffer + 1) % len(self.buffers)
        self.measures.fbo.read_into(buffer, components=4, dtype="f4")
        self._pending.append((time, buffer, shown is not target))
        return shown

    def finish(self) -> None:
        """Count every frame measured so far (the end of a clip)."""
        self._collect(keep=0)

    def _collect(self, keep: int) -> None:
        gx, gy = self.geometry.grid
        while len(self._pending) > keep:
            time, buffer, blended = self._pending.popleft()
            cells = np.frombuffer(buffer.read(), np.float32).reshape(gy, 2 * gx, 4)[::-1]
            measured_in = (cells[:, :gx, 0], cells[:, :gx, 1])
            measured_out = (cells[:, gx:, 0], cells[:, gx:, 1]) if blended else None
            self.controller.observe(time, measured_in, measured_out)

    def _measure(self, frame: Target, column: int) -> None:
        """Two draws: one fragment per sample pixel (spread over the rasteriser's threads), then one
        per cell summing its samples."""
        gx, gy = self.geometry.grid
        frame.texture.use(location=0)
        self.table.use(location=1)
        self._draw(self.sample_program, self.samples.fbo, (0, 0, *self.samples.size), {
            "u_frame": 0, "u_srgb": 1, "u_height": self.geometry.size[1], "u_stride": self.geometry.stride})
        self.samples.texture.use(location=0)
        self._draw(self.measure_program, self.measures.fbo, (column, 0, gx, gy), {
            "u_samples": 0, "u_size": self.geometry.size, "u_grid": (gx, gy), "u_stride": self.geometry.stride,
            "u_origin": (column, 0)})

    def _draw(self, program: moderngl.Program, fbo: moderngl.Framebuffer, viewport, uniforms: dict) -> None:
        for name, value in uniforms.items():
            program[name].value = value
        fbo.use()
        self.ctx.viewport = viewport
        self.vaos[program.glo].render(moderngl.TRIANGLES, vertices=3)

    def _blend_into(self, frame: Target, alpha: float) -> Target:
        """state' = mix(state, frame, alpha) in linear light; returns the shown rgba8 target."""
        size = frame.size
        if self._shown is None or self._shown.size != size:
            self._release_blend()
            shown = self.ctx.texture(size, 4, dtype="f1")
            states = [self.ctx.texture(size, 4, dtype="f4") for _ in range(2)]
            for texture in [shown, *states]:
                texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
            self._blend = [(state, self.ctx.framebuffer(color_attachments=[state, shown])) for state in states]
            self._shown = Target("guard.shown", shown, self.ctx.framebuffer(color_attachments=[shown]))
        (previous, _), (_, fbo) = self._blend
        frame.texture.use(location=0)
        previous.use(location=1)
        self.table.use(location=2)
        self._draw(self.blend_program, fbo, (0, 0, *size), {"u_frame": 0, "u_state": 1, "u_srgb": 2,
                                                             "u_alpha": float(alpha)})
        self._blend.reverse()   # what was written is read next time
        return self._shown

    def _release_blend(self) -> None:
        for state, fbo in self._blend:
            fbo.release()
            state.release()
        self._blend = []
        if self._shown is not None:
            self._shown.release()
            self._shown = None

    def release(self) -> None:
        self._release_blend()
        self.measures.release()
        self.samples.release()
        for buffer in self.buffers:
            buffer.release()
        self.table.release()
        for vao in self.vaos.values():
            vao.release()
        self.sample_program.release()
        self.measure_program.release()
        self.blend_program.release()
