"""The render pipeline: exhibit + data -> passes in graph order -> a frame, for window and headless alike."""

from __future__ import annotations

import moderngl
import numpy as np

from lumen.encode.colour import hex_to_srgb, srgb_to_linear
from lumen.encode.tiles import TileData
from lumen.exhibit.model import Exhibit
from lumen.gl.targets import Target
from lumen.passes.base import MAX_RINGS, GLResources, Pass
from lumen.passes.captions import CaptionStyle
from lumen.passes.frame import Frame, Region
from lumen.passes.journey_textures import JourneyTextures
from lumen.passes.registry import PASS_CLASSES
from lumen.pipeline.regions import combined_reach, pad_region
from lumen.pipeline.timeline import Timeline


def _palette(exhibit: Exhibit) -> dict[str, tuple[float, float, float]]:
    pal = exhibit["palette"]
    return {key: tuple(float(c) for c in srgb_to_linear(hex_to_srgb(pal[key])))
            for key in ("background_top", "background_bottom", "flare")}


class Pipeline:
    """Builds the validated pass graph once; render(time, region) runs it and returns the output target."""

    def __init__(self, ctx: moderngl.Context, exhibit: Exhibit, tiles: TileData, headroom: float = 0.0):
        self.ctx = ctx
        self.headroom = headroom  # room for journeys that arrive live (lumen.layout.capacity)
        self.exhibit = exhibit
        self.order = exhibit.order
        self.gl = GLResources(ctx)
        self.gl.palette = _palette(exhibit)
        self.gl.flare_tinted = exhibit["encodings"]["flare"] == "dominant_channel"
        self.gl.layout = dict(exhibit["layout"]) | {"seed": exhibit["data"]["seed"]}
        self.gl.caption_style = CaptionStyle(exhibit["safety"]["screen_width_m"],
                                             exhibit["safety"]["viewing_distance_m"],
                                             exhibit["palette"]["background_bottom"])
        self.gl.reroute_origin = exhibit["story"]["reroute_origin"]
        self.grouped = self.gl.layout.get("kind") == "clusters"  # islands hold room per group
        self.gl.data = JourneyTextures(ctx, tiles, headroom, self.grouped)
        self.passes: list[Pass] = [
            PASS_CLASSES[spec.kind](self.gl, spec.name, spec.params, spec.scale, spec.format or None)
            for spec in self.order
        ]
        self.output_name = exhibit["render"]["output"]
        self.timeline = Timeline(exhibit)
        self._upstream_cache: dict[int, list[int]] = {}

    def reach(self, canvas: tuple[int, int], explicit: dict[str, dict[str, float]] | None = None) -> tuple[int, int]:
        """(alignment, margin) every region render on this canvas is padded by, from each pass's
        texel size and reach at the largest value its reach-widening parameters can take: the
        exhibit's, any scene keyframe's, or an explicit override's. So a scene that keys bloom
        `levels` or glow `drift` up keeps regions exact."""
        texels: dict[str, float] = {}
        reaches = []
        for spec, node in zip(self.order, self.passes):
            inputs = [texels[name] for name in spec.inputs]
            texels[spec.name] = node.output_texel(inputs)
            params = dict(node.params)
            for key, declared in node.declared.params.items():
                if declared.widens_reach:
                    given = (explicit or {}).get(spec.name, {}).get(key, params[key])
                    params[key] = max(params[key], given, self.timeline.largest(spec.name, key, params[key]))
            reaches.append(node.reach(inputs, canvas, params))
        return combined_reach(reaches)

    def set_captions(self, captions: dict[str, str]) -> None:
        """Each act's caption, figures filled in (lumen.encode.story); {} shows none (--no-captions)."""
        self.gl.captions = dict(captions)

    def mark_births(self, first: int, count: int, time: float) -> None:
        """Rows first.. were born at show time `time`: the rings pass draws a ring round each (the
        last MAX_RINGS), so a visitor finds the light they just added."""
        for row in range(max(first, first + count - MAX_RINGS), first + count):
            self.gl.births.append((row, time))

    def set_data(self, tiles: TileData) -> None:
        """Swap in a new dataset; caches key on its version."""
        old = self.gl.data
        self.gl.data = JourneyTextures(self.ctx, tiles, self.headroom, self.grouped)
        old.release()

    @property
    def count(self) -> int:
        return self.gl.data.count

    def fits(self, rows: TileData) -> bool:
        """Whether appending these rows keeps every tile where it is (no rebuild, see append)."""
        return self.gl.data.fits(rows)

    def append(self, rows: TileData, full: TileData) -> bool:
        """Append journeys that arrived live (slot order, after the existing rows; `full` holds all
        rows, these included). The same dataset grows: the layout draws only the new tiles, the event
        sums add their rows and the glow field keeps its light. Rows that do not fit the reserved room
        rebuild the textures and the layout once (a slow frame): returns False then."""
        return self.gl.data.append(rows, full)

    def day_at(self, time: float) -> float:
        return self.timeline.at(time).day

    def frame(self, time: float, canvas: tuple[int, int], region: Region | None = None,
              overrides: dict[str, dict[str, float]] | None = None) -> Frame:
        """The frame at `time`: day and parameters from the timeline, explicit overrides on top.
        A `region` (GL canvas coordinates) is rendered padded by the graph's reach, then cropped."""
        state = self.timeline.at(time)
        merged = {name: dict(values) for name, values in state.overrides.items()}
        for name, values in (overrides or {}).items():
            merged.setdefault(name, {}).update(values)
        crop = None
        padded = Region(0, 0, *canvas)
        if region is not None and region != padded:
            padded = pad_region(region, canvas, *self.reach(canvas, overrides))
            crop = Region(region.x - padded.x, region.y - padded.y, region.width, region.height)
        length = self.timeline.durations[state.scene_index] if state.scene_index >= 0 else 0.0
        phases = {spec.name: phase for spec in self.order if spec.kind == "simulate"
                  and "global_freq" not in (overrides or {}).get(spec.name, {})
                  and (phase := self.timeline.phase(spec.name, "global_freq", time)) is not None}
        return Frame(time=time, day=state.day, canvas=canvas, region=padded, overrides=merged,
                     crop=crop, explicit=overrides or {}, scene=state.scene,
                     scene_time=(state.progress * length, length), phases=phases)

    def render(self, frame: Frame) -> dict[str, Target]:
        """Run every pass in order; return all named outputs (tests and debug views read any of them)."""
        for index, node in enumerate(self.passes):
            node.advance(frame, lambda time, index=index: self._inputs_at(index, frame, time))
        return self._run(frame, range(len(self.passes)))

    def _run(self, frame: Frame, indices) -> dict[str, Target]:
        outputs: dict[str, Target] = {}
        for index in indices:
            spec, node = self.order[index], self.passes[index]
            outputs[spec.name] = node.render(frame, [outputs[name] for name in spec.inputs])
            outputs.update(node.extra_outputs())
        return outputs

    def _upstream(self, index: int) -> list[int]:
        """Indices (in graph order) of the passes that pass `index` depends on, directly or not."""
        if index not in self._upstream_cache:  # the graph is fixed: work it out once per pass
            needed = set(self.order[index].inputs)
            for spec in reversed(self.order[:index]):
                if spec.name in needed:
                    needed.update(spec.inputs)
            self._upstream_cache[index] = [i for i, spec in enumerate(self.order[:index]) if spec.name in needed]
        return self._upstream_cache[index]

    def _inputs_at(self, index: int, frame: Frame, time: float) -> tuple[Frame, list[Target]]:
        """Render what pass `index` depends on at another time (same canvas and region); return that
        frame and the pass's inputs. Stateful passes step and warm up through this."""
        other = self.frame(time, frame.canvas, overrides=frame.explicit)
        other.region, other.crop = frame.region, frame.crop
        outputs = self._run(other, self._upstream(index))
        return other, [outputs[name] for name in self.order[index].inputs]

    def render_rgba(self, frame: Frame) -> np.ndarray:
        """Render and read back the output (its crop, for a region) as (H, W, 4) uint8, top row first."""
        target = self.render(frame)[self.output_name]
        return read_rgba8(target, frame.crop)

    def release(self) -> None:
        for node in self.passes:
            node.release()
        self.gl.data.release()
        self.gl.release()


def read_rgba8(target: Target, crop: Region | None = None) -> np.ndarray:
    """Read an rgba8 target (or a crop of it) back to numpy, flipped so row 0 is the top."""
    viewport = (crop.x, crop.y, crop.width, crop.height) if crop else (0, 0, *target.size)
    raw = target.fbo.read(viewport=viewport, components=4, dtype="f1")
    return np.frombuffer(raw, np.uint8).reshape(viewport[3], viewport[2], 4)[::-1]
