"""Tonemap pass: scene + bloom, exposure, ACES or AgX, sRGB, dither -> 8-bit display target."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw, placement
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


def display_uniforms(node: Pass, frame: Frame, bloom: Target) -> dict:
    """Uniforms of shaders/lib/color/tonemap_display.glsl plus the bloom's canvas placement."""
    return {
        **placement("u_bloom", bloom),
        "u_region_origin": frame.region.origin,
        "u_exposure": node.value(frame, "exposure"),
        "u_bloom_strength": node.value(frame, "bloom_strength"),
        "u_dither": node.value(frame, "dither"),
    }


def curve_define(node: Pass, frame: Frame) -> dict[str, int]:
    """The tone curve is a compile-time choice; each value gets its own cached program."""
    return {"TONEMAP_DISPLAY_CURVE": int(node.value(frame, "curve"))}


class TonemapPass(Pass):
    """Inputs: an HDR scene and its bloom. Output: rgba8, the frame."""

    declared = PASS_KINDS["tonemap"]

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        scene, bloom = inputs
        target = self.screen_output(frame)
        draw(self.gl, self.gl.program("passes/tonemap/display.frag", curve_define(self, frame)), target,
             {"u_scene": scene.texture, "u_bloom": bloom.texture},
             display_uniforms(self, frame, bloom) | {"u_scene_texel": scene.texel})
        return target
