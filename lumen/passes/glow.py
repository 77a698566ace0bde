"""Glow pass: a feedback field (ping-pong) in which light drifts and decays, stepped at a fixed rate.

The only state kept between frames. The field at time T is defined as the result of fixed steps
k*dt <= T, started from darkness at max(0, T - window): playing forward and seeking give the same
field up to what decays within the window (well under one 8-bit step with the defaults)."""

from __future__ import annotations

import math

from lumen.gl.targets import PingPong, Target
from lumen.passes.base import Pass, draw, placement, region_texels
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


class GlowPass(Pass):
    """Input: an HDR light source (e.g. the mosaic at low resolution). Output: the glow field."""

    declared = PASS_KINDS["glow"]
    # Seek warm-up spans this many half-lives: what came before has faded to 2**-10 of its light,
    # below one 8-bit step after tone mapping for any light the mosaic makes.
    WINDOW_HALF_LIVES = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field: PingPong | None = None
        self._step_index: int | None = None
        self._key = None
        self.steps_taken = 0  # steps run by the last advance(), for tests and the HUD

    def reach(self, input_texels: list[float], canvas: tuple[int, int], params: dict[str, float]) -> tuple[int, int]:
        p = params
        window = self.WINDOW_HALF_LIVES * p["half_life"]
        texel = max(1, round(1.0 / self.scale))
        # Light that ends inside the crop may have drifted in from this far away (the flow's speed
        # peaks near 1.6x `drift`).
        return texel, math.ceil(p["drift"] * canvas[1] * 1.6 * window) + 2 * texel

    def _ensure_field(self, frame: Frame) -> None:
        """The field spans the whole canvas at its scale (see Pass.screen_output); a region steps
        only its part. A new canvas, region or dataset starts the field afresh."""
        size = self.output_size(frame.canvas)
        key = (size, frame.canvas, frame.region, self.gl.data.version)
        if key != self._key:
            if self.field is not None:
                self.field.release()
            self.field = PingPong(self.gl.ctx, self.name, size, "rgba16f", linear=True)
            self._key, self._step_index = key, None
        texel = 1.0 / self.scale
        for target in self.field.targets:
            target.place((0.0, 0.0), texel, region_texels(frame.region, texel, size))

    def advance(self, frame: Frame, inputs_at) -> None:
        self._ensure_field(frame)
        dt = self.params["step"]
        last = math.floor(frame.time / dt + 1e-9)
        window = math.ceil(self.WINDOW_HALF_LIVES * self.params["half_life"] / dt)
        first = max(0, last - window)
        if self._step_index is None or last < self._step_index or last - self._step_index > window:
            self.field.clear()  # seek: start from darkness at the window's start
            self._step_index = first - 1
        program = self.gl.program("passes/glow/step.frag")
        self.steps_taken = last - self._step_index
        for index in range(self._step_index + 1, last + 1):
            step_frame, (source,) = inputs_at(index * dt)
            self._step(program, step_frame, source, index * dt, dt)
            self._step_index = index

    def _step(self, program, frame: Frame, source: Target, time: float, dt: float) -> None:
        """One step, with the parameters the timeline gives at the step's own time."""
        previous, target = self.field.read, self.field.write
        draw(self.gl, program, target, {"u_previous": previous.texture, "u_source": source.texture}, {
            **placement("u_previous", previous), **placement("u_source", source),
            "u_target_origin": target.origin, "u_target_texel": target.texel,
            "u_time": time, "u_dt": dt,
            "u_decay": 0.5 ** (dt / self.value(frame, "half_life")),
            "u_drift": self.value(frame, "drift") * frame.canvas[1],
            "u_eddy": self.value(frame, "eddy") * frame.canvas[1],
            "u_gain": self.value(frame, "gain"),
        })
        self.field.swap()

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        self._ensure_field(frame)
        return self.field.read

    def release(self) -> None:
        if self.field is not None:
            self.field.release()
        self.field, self._key, self._step_index = None, None, None
