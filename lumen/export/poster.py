"""`lumen poster`: one frame at any size, rendered in bands of rows and streamed to a PNG.

Region renders are exact, but they pad every pass by the whole graph's reach, and the glow field's
is large (its light may drift a quarter of the canvas height during its warm-up): each band of a
16384-pixel poster would render most of the canvas at full resolution. So when the graph allows it
(see `split`), the poster runs the graph in two parts:

1. the coarse part (per-journey state, the quarter-resolution halo source, bloom, glow field, halo)
   once for the whole canvas; its targets are canvas / 4 or smaller. The coarse mosaic point-samples
   the full-resolution tile map at one pixel per texel, so it reads a copy of just those pixels
   (shaders/passes/poster/decimate.frag), gathered from each band's tile map beforehand;
2. the full-resolution part (tile map, composite, captions) band by band, with each band as the
   region: these passes read only their own pixels and the coarse targets by canvas position, so a
   band needs no padding.

Every pixel is computed by the same shaders from the same inputs as in a full render, so the
poster equals it byte for byte (tested at a size where both fit). Graphs that do not split this way
fall back to plain region renders, exact as well, and slower."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lumen.gl.targets import Target, make_target
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame, Region
from lumen.passes.mosaic import cell_bindings
from lumen.pipeline.pipeline import Pipeline, read_rgba8
from lumen.pipeline.regions import Crop
from lumen.records.progress import Progress

BAND_PIXELS = 1 << 18       # full-resolution pixels per band: memory follows it ...
BANDS_AT_MOST = 64          # ... but each band floods its tile map over a margin that grows with the canvas,
                            # so bands stay at least 1/64 of the height (measured: 4K 68 rows, 16384² 256)


@dataclass(frozen=True)
class Split:
    """Pass indices of the two parts, and the coarse mosaics that read the tile map (index -> texel)."""

    coarse: tuple[int, ...]
    full: tuple[int, ...]
    decimated: dict[int, float]
    layout: int


def split(pipeline: Pipeline, canvas: tuple[int, int]) -> Split | None:
    """The two parts of the graph, or None when a coarse pass reads a full-resolution image other
    than the tile map through a mosaic, or a full-resolution pass needs padding."""
    texels: dict[str, float] = {}
    index_of = {spec.name: i for i, spec in enumerate(pipeline.order)}
    for spec, node in zip(pipeline.order, pipeline.passes):
        texels[spec.name] = node.output_texel([texels[name] for name in spec.inputs])
    full = tuple(i for i, spec in enumerate(pipeline.order) if texels[spec.name] == 1.0)
    coarse = tuple(i for i in range(len(pipeline.order)) if i not in full)
    decimated, layouts = {}, set()
    for i in coarse:
        spec = pipeline.order[i]
        for slot, name in enumerate(spec.inputs):
            if texels[name] != 1.0:
                continue
            if spec.kind != "mosaic" or slot != 0 or pipeline.order[index_of[name]].kind != "layout":
                return None
            decimated[i] = texels[spec.name]
            layouts.add(index_of[name])
    for i in full:
        node = pipeline.passes[i]
        inputs = [texels[name] for name in pipeline.order[i].inputs]
        if node.reach(inputs, canvas, dict(node.params))[1] != 0 or type(node).advance is not Pass.advance:
            return None  # a full-resolution pass that reads around its pixels or keeps state needs padding
    if len(layouts) != 1 or not full:
        return None
    return Split(coarse, full, decimated, layouts.pop())


def bands(size: tuple[int, int], rows: int | None = None) -> list[tuple[int, int]]:
    """(first image row, row count) of each band, top to bottom."""
    w, h = size
    rows = rows or min(h, max(8, BAND_PIXELS // max(w, 1), -(-h // BANDS_AT_MOST)) // 4 * 4)
    return [(y, min(rows, h - y)) for y in range(0, h, rows)]


class BandedPoster:
    """Runs a pipeline's graph in the two parts of a Split at one time and canvas."""

    def __init__(self, pipeline: Pipeline, plan: Split, canvas: tuple[int, int], time: float,
                 overrides: dict[str, dict[str, float]] | None = None):
        self.pipeline, self.plan, self.canvas, self.time = pipeline, plan, canvas, time
        self.overrides = overrides or {}
        self.gl = pipeline.gl
        self.outputs: dict[str, Target] = {}
        self.coarse_maps: dict[float, Target] = {}

    def band_frame(self, top: int, rows: int) -> Frame:
        """The frame at the poster's time with a band of image rows as its region (GL coordinates)."""
        frame = self.pipeline.frame(self.time, self.canvas, overrides=self.overrides)
        frame.region, frame.crop = Region(0, self.canvas[1] - top - rows, self.canvas[0], rows), None
        return frame

    def gather(self, top: int, rows: int) -> None:
        """Copy this band's tile-map pixels that the coarse mosaics sample into their coarse maps."""
        frame = self.band_frame(top, rows)
        tiles = self.pipeline.passes[self.plan.layout].render(frame, [])
        program = self.gl.program("passes/poster/decimate.frag")
        for texel in set(self.plan.decimated.values()):
            target = self._coarse_map(texel)
            lo, hi = frame.region.y, frame.region.y + frame.region.height
            last = hi == self.canvas[1]   # the top band also takes texels sampled past the canvas edge
            sample = (np.arange(target.size[1]) + 0.5) * texel
            js = np.nonzero((sample >= lo) & ((sample < hi) | last))[0]
            if js.size == 0:
                continue
            target.viewport = (0, int(js[0]), target.size[0], int(js[-1] - js[0] + 1))
            draw(self.gl, program, target, {"u_tiles": tiles.texture},
                 {"u_band_origin": frame.region.origin, "u_texel": float(texel)})
            target.viewport = None

    def _coarse_map(self, texel: float) -> Target:
        if texel not in self.coarse_maps:
            size = (math.ceil(self.canvas[0] / texel), math.ceil(self.canvas[1] / texel))
            self.coarse_maps[texel] = make_target(self.gl.ctx, f"poster.tiles@{texel:g}", size, "rg32f")
        return self.coarse_maps[texel]

    def run_coarse(self) -> None:
        """The coarse part for the whole canvas (stateful passes warm up as in any render); then drop
        what the full-resolution part does not read."""
        frame = self.pipeline.frame(self.time, self.canvas, overrides=self.overrides)
        for index in self.plan.coarse:
            self.pipeline.passes[index].advance(frame, lambda t, index=index: self._inputs_at(index, frame, t))
        self.outputs = self._run(frame, self.plan.coarse)
        needed = {name for i in self.plan.full for name in self.pipeline.order[i].inputs}
        for index in self.plan.coarse:
            if self.pipeline.order[index].name not in needed:
                self.pipeline.passes[index].release()
        for target in self.coarse_maps.values():
            target.release()
        self.coarse_maps.clear()

    def _run(self, frame: Frame, indices) -> dict[str, Target]:
        outputs = dict(self.outputs)
        for index in indices:
            spec, node = self.pipeline.order[index], self.pipeline.passes[index]
            if index in self.plan.decimated:
                outputs[spec.name] = self._coarse_mosaic(node, frame, outputs[spec.inputs[1]],
                                                         self.coarse_maps[self.plan.decimated[index]])
            else:
                outputs[spec.name] = node.render(frame, [outputs[name] for name in spec.inputs])
            outputs.update(node.extra_outputs())
        return outputs

    def _coarse_mosaic(self, node, frame: Frame, light: Target, coarse_map: Target) -> Target:
        """What MosaicPass.render draws, reading the coarse copy of the tile map."""
        target = node.screen_output(frame, linear=True)
        textures, uniforms = cell_bindings(node, frame, coarse_map, light)
        uniforms |= {"u_target_origin": target.origin, "u_target_texel": target.texel}
        draw(self.gl, self.gl.program("passes/poster/mosaic.frag"), target, textures, uniforms)
        return target

    def _inputs_at(self, index: int, frame: Frame, time: float) -> tuple[Frame, list[Target]]:
        """As Pipeline._inputs_at, within the coarse part."""
        other = self.pipeline.frame(time, frame.canvas, overrides=frame.explicit)
        other.region, other.crop = frame.region, frame.crop
        needed = set(self.pipeline.order[index].inputs)
        upstream = []
        for i in reversed(self.plan.coarse):
            spec = self.pipeline.order[i]
            if i < index and spec.name in needed:
                needed.update(spec.inputs)
                upstream.append(i)
        outputs = self._run(other, sorted(upstream))
        return other, [outputs[name] for name in self.pipeline.order[index].inputs]

    def render_band(self, top: int, rows: int) -> np.ndarray:
        """(rows, width, 4) uint8 of the band, top row first."""
        frame = self.band_frame(top, rows)
        outputs = self._run(frame, self.plan.full)
        return read_rgba8(outputs[self.pipeline.output_name])


def poster_steps(pipeline: Pipeline, size: tuple[int, int], rows: int | None = None, banded: bool = True) -> int:
    """Progress units render_poster reports: bands, twice when split (gathering, then rendering)."""
    count = len(bands(size, rows))
    return 2 * count if banded and split(pipeline, size) is not None else count


def render_poster(renderer, time: float, size: tuple[int, int], sink, overrides=None, rows: int | None = None,
                  progress: Progress | None = None, banded: bool = True) -> str:
    """Render the frame at `time` band by band into `sink.write(rgba_rows)`; returns the method used."""
    pipeline = renderer.pipeline
    plan = split(pipeline, size) if banded else None
    layout = bands(size, rows)
    if plan is None:
        for top, height in layout:
            sink.write(renderer.render(time, size, Crop(0, top, size[0], height), overrides))
            if progress:
                progress.advance()
        return "region renders"
    poster = BandedPoster(pipeline, plan, size, time, overrides)
    for top, height in layout:
        poster.gather(top, height)
        if progress:
            progress.advance()
    poster.run_coarse()
    for top, height in layout:
        sink.write(poster.render_band(top, height))
        if progress:
            progress.advance()
    return "banded"
