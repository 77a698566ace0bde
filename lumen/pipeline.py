"""The render pipeline: exhibit + data -> passes in graph order -> a frame, for window and headless alike."""

from __future__ import annotations

import numpy as np
import moderngl

from lumen.exhibit.model import Exhibit
from lumen.gl.journey_textures import JourneyTextures
from lumen.gl.targets import Target
from lumen.graph import validate_graph
from lumen.passes import PASS_KINDS, Frame, GLResources, Pass
from lumen.passes.base import Region
from lumen.tiles import TileData, srgb_to_linear


def _palette(exhibit: Exhibit) -> dict[str, tuple[float, float, float]]:
    pal = exhibit["palette"]
    return {key: tuple(float(c) for c in srgb_to_linear(pal[key]))
            for key in ("background_top", "background_bottom", "flare")}


class Pipeline:
    """Builds the validated pass graph once; render(time, region) runs it and returns the output target."""

    def __init__(self, ctx: moderngl.Context, exhibit: Exhibit, tiles: TileData):
        self.ctx = ctx
        self.exhibit = exhibit
        self.order = validate_graph(exhibit)
        self.gl = GLResources(ctx)
        self.gl.palette = _palette(exhibit)
        self.gl.data = JourneyTextures(ctx, tiles)
        self.passes: list[Pass] = [
            PASS_KINDS[spec.kind](self.gl, spec.name, spec.params, spec.scale, spec.format or None)
            for spec in self.order
        ]
        self.output_name = exhibit["render"]["output"]

    def set_data(self, tiles: TileData) -> None:
        """Swap in new per-journey data (live updates, reload); caches key on its version."""
        old = self.gl.data
        self.gl.data = JourneyTextures(self.ctx, tiles)
        old.release()

    def day_at(self, time: float) -> float:
        timeline = self.exhibit["timeline"]
        return timeline["start_day"] + time * timeline["days_per_second"]

    def frame(self, time: float, canvas: tuple[int, int], region: Region | None = None,
              overrides: dict[str, dict[str, float]] | None = None) -> Frame:
        region = region or Region(0, 0, *canvas)
        return Frame(time=time, day=self.day_at(time), canvas=canvas, region=region, overrides=overrides or {})

    def render(self, frame: Frame) -> dict[str, Target]:
        """Run every pass in order; return all named outputs (tests and debug views read any of them)."""
        outputs: dict[str, Target] = {}
        for spec, node in zip(self.order, self.passes):
            outputs[spec.name] = node.render(frame, [outputs[name] for name in spec.inputs])
        return outputs

    def render_rgba(self, frame: Frame) -> np.ndarray:
        """Render and read back the output as an (H, W, 4) uint8 image, top row first."""
        target = self.render(frame)[self.output_name]
        return read_rgba8(target)

    def release(self) -> None:
        for node in self.passes:
            node.release()
        self.gl.data.release()
        self.gl.release()


def read_rgba8(target: Target) -> np.ndarray:
    """Read an rgba8 target back to numpy, flipped so row 0 is the top of the image."""
    width, height = target.size
    raw = target.fbo.read(components=4, dtype="f1")
    return np.frombuffer(raw, np.uint8).reshape(height, width, 4)[::-1]
