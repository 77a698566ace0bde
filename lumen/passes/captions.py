"""Captions pass: the act's caption, with its figures filled in, drawn over the finished frame.

The text is rasterised (lumen/passes/caption_text.py) only when the caption or the canvas changes;
each frame then draws just the caption's box, blended into its input target, so the pass costs a
fraction of a full-screen draw. Without captions (`--no-captions`, or an act without one) it
returns its input untouched."""

from __future__ import annotations

import dataclasses

import moderngl

from lumen.encode.colour import hex_to_srgb
from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw
from lumen.passes.caption_text import CaptionRaster, cap_height_px, caption_alpha, raster_caption
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS

INK = "#f6f1e4"   # warm white on a dark scrim: at the default scrim, over 7:1 against the brightest tile


@dataclasses.dataclass(frozen=True)
class CaptionStyle:
    """What the room sets: the screen's physical width, the closest viewer, the scrim colour."""

    screen_width_m: float
    viewing_distance_m: float
    scrim: str


class CaptionsPass(Pass):
    """Input: the finished rgba8 frame. Output: the same target, with the caption drawn in place."""

    declared = PASS_KINDS["captions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._key = None
        self._raster: CaptionRaster | None = None
        self._texture: moderngl.Texture | None = None

    def _raster_for(self, text: str, canvas: tuple[int, int], size: float) -> CaptionRaster | None:
        style: CaptionStyle = self.gl.caption_style
        cap = cap_height_px(canvas, style.screen_width_m, style.viewing_distance_m, size)
        key = (text, canvas, round(cap, 3))
        if key != self._key:
            self._release_texture()
            self._raster = raster_caption(text, canvas, cap)
            if self._raster is not None:
                r = self._raster
                self._texture = self.gl.ctx.texture((r.width, r.height), 2, r.coverage.tobytes(), dtype="f1")
                self._texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
            self._key = key
        return self._raster

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        (target,) = inputs
        text = self.gl.captions.get(frame.scene, "")
        alpha = caption_alpha(*frame.scene_time)
        raster = self._raster_for(text, frame.canvas, self.value(frame, "size")) if text else None
        if raster is None or alpha <= 0.0:
            return target
        region = frame.region
        x0, y0 = max(raster.x, region.x), max(raster.y, region.y)
        x1 = min(raster.x + raster.width, region.x + region.width)
        y1 = min(raster.y + raster.height, region.y + region.height)
        if x1 <= x0 or y1 <= y0:
            return target
        box = dataclasses.replace(target, viewport=(x0 - region.x, y0 - region.y, x1 - x0, y1 - y0))
        style: CaptionStyle = self.gl.caption_style
        self.gl.ctx.enable(moderngl.BLEND)
        self.gl.ctx.blend_func = (moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)
        try:
            draw(self.gl, self.gl.program("passes/captions/overlay.frag"), box, {"u_caption": self._texture}, {
                "u_box_origin": (float(raster.x), float(raster.y)),
                "u_region_origin": region.origin,
                "u_alpha": alpha,
                "u_scrim_opacity": self.value(frame, "scrim"),
                "u_ink": tuple(float(c) for c in hex_to_srgb(INK)),
                "u_scrim": tuple(float(c) for c in hex_to_srgb(style.scrim)),
            })
        finally:
            self.gl.ctx.disable(moderngl.BLEND)
        return target

    def _release_texture(self) -> None:
        if self._texture is not None:
            self._texture.release()
        self._texture, self._raster, self._key = None, None, None

    def release(self) -> None:
        self._release_texture()
