"""Tiles for the printed legend, drawn by the wall's own shaders (shaders/passes/legend/tile.frag):
the card shows what a visitor sees, with the exhibit's cell shape, palette and display transform."""

from __future__ import annotations

import moderngl
import numpy as np
from PIL import Image

from lumen.encode.colour import flare_colours, hex_to_srgb, srgb_to_linear
from lumen.exhibit.model import Exhibit
from lumen.gl.context import create_headless_context
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.vocabulary.passes import PASS_KINDS


def _linear(hex_colour: str) -> tuple[float, float, float]:
    return tuple(float(c) for c in srgb_to_linear(hex_to_srgb(hex_colour)))


class TileRenderer:
    """One GL context and program; tile() returns a Pillow image of one glowing cell."""

    def __init__(self, exhibit: Exhibit, ctx: moderngl.Context | None = None):
        self.owns_ctx = ctx is None
        self.ctx = ctx or create_headless_context()
        self.gl = GLResources(self.ctx)
        output = exhibit.passes[exhibit["render"]["output"]]
        declared = PASS_KINDS[output.kind].params
        values = {key: output.params.get(key, p.default) for key, p in declared.items()}
        self.look = {
            "u_core": values.get("core", PASS_KINDS["mosaic"].params["core"].default),
            "u_rim": values.get("rim", PASS_KINDS["mosaic"].params["rim"].default),
            "u_exposure": values.get("exposure", 0.0),
            "u_bloom_strength": 0.0,
            "u_dither": 0.0,
            "u_roundness": float(exhibit["layout"]["roundness"]),
        }
        self.curve = int(values.get("curve", 0))
        self.ground = _linear(exhibit["palette"]["background_top"])
        self.flare = _linear(exhibit["palette"]["flare"])
        self.flare_tinted = exhibit["encodings"]["flare"] == "dominant_channel"

    def tile(self, size: int, hue, light: float, flare: float = 0.0) -> Image.Image:
        """A cell whose light is `light` x its hue (linear rgb) plus `flare` x its flare colour (the
        exhibit's, tinted as the wall tints it): what the simulate pass outputs for such a tile."""
        hue = np.asarray(hue, np.float64)
        rgb = hue * light + flare_colours(hue, self.flare, self.flare_tinted) * flare
        target = make_target(self.ctx, "legend.tile", (size, size), "rgba8")
        try:
            program = self.gl.program("passes/legend/tile.frag", {"TONEMAP_DISPLAY_CURVE": self.curve})
            draw(self.gl, program, target, {}, self.look | {
                "u_size": float(size), "u_light": tuple(float(c) for c in rgb), "u_ground": self.ground,
            })
            raw = target.fbo.read(components=3)
        finally:
            target.release()
        pixels = np.frombuffer(raw, np.uint8).reshape(size, size, 3)[::-1]
        return Image.fromarray(np.ascontiguousarray(pixels), "RGB")

    def release(self) -> None:
        self.gl.release()
        if self.owns_ctx:
            self.ctx.release()
