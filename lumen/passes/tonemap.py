"""Tonemap pass: scene + bloom, exposure, ACES or AgX, sRGB, dither -> 8-bit display target."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Frame, Param, Pass, draw


class TonemapPass(Pass):
    """Inputs: the HDR scene and its bloom. Output: rgba8, the frame."""

    kind = "tonemap"
    INPUTS = ("scene", "bloom")
    FORMAT = "rgba8"
    PARAMS = {
        "exposure": Param(0.0, -8.0, 8.0, "stops of exposure before the tone curve"),
        "bloom_strength": Param(0.35, 0.0, 4.0, "how much bloom light is added"),
        "curve": Param(0, 0, 1, "0 ACES, 1 AgX"),
        "dither": Param(1.0, 0.0, 4.0, "dither amplitude in 8-bit steps (hides banding in dark gradients)"),
    }

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        scene, bloom = inputs
        target = self.ensure_output(scene.size)
        draw(self.gl, self.gl.program("passes/tonemap/display.frag"), target,
             {"u_scene": scene.texture, "u_bloom": bloom.texture}, {
                 "u_bloom_scale": (1.0 / scene.size[0], 1.0 / scene.size[1]),
                 "u_region_origin": frame.region.origin,
                 "u_exposure": self.value(frame, "exposure"),
                 "u_bloom_strength": self.value(frame, "bloom_strength"),
                 "u_curve": int(self.value(frame, "curve")),
                 "u_dither": self.value(frame, "dither"),
             })
        return target
