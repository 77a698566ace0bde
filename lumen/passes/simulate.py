"""Simulate pass: per-journey state and light for the frame's time, in closed form (seekable)."""

from __future__ import annotations

import math

import moderngl
import numpy as np

from lumen.encode.colour import flare_colours, mix_hue
from lumen.gl.targets import Target, make_target
from lumen.passes.base import Pass, draw
from lumen.passes.frame import Frame
from lumen.passes.gpu_contract import HUE_CODES, LIGHT_RANGE
from lumen.passes.journey_textures import write_texels
from lumen.vocabulary.passes import PASS_KINDS


def decode_light(texels: np.ndarray) -> np.ndarray:
    """(..., 4) uint8 light texels -> (..., 3) linear light, as shaders/lib/mosaic/decode_light.glsl."""
    texels = np.asarray(texels, np.float32) / 255.0
    return texels[..., :3] * (texels[..., 3:] * LIGHT_RANGE)


class SimulatePass(Pass):
    """One texel per journey (size follows the data, not the screen). Output: `light` (the tile's
    steady light plus its flare, rgba8 RGBM: see decode_light), read by the mosaic. With
    `gl.analysis` set it also publishes `<name>.state` (pulse, flare, dim, phase), for tests."""

    declared = PASS_KINDS["simulate"]

    # Event sums reach back this many decay times: older events add under 2**-12 of a flare.
    HORIZON_TAUS = 8.5
    SUM_SLOTS = 2  # the frame's day and a glow step's neighbouring day, without recomputing each

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state: Target | None = None
        self._sums: dict[tuple, tuple[Target, int]] = {}  # (sums, rows they cover) per day and taus
        self.sum_runs = 0  # how often the per-day event sums were computed (tests)
        self.sum_updates = 0  # how often appended rows were summed into cached ones
        self._hues_key: tuple | None = None
        self._hues: dict[str, list] = {}
        self._distance: moderngl.Texture | None = None   # per journey, from the reroute origin
        self._distance_key: tuple | None = None

    def _ensure_targets(self, size: tuple[int, int], analysis: bool) -> None:
        if self.output is not None and self.output.size == size and (self.state is not None) == analysis:
            return
        self.release_targets()
        ctx = self.gl.ctx
        light = ctx.texture(size, 4, dtype="f1")
        state = ctx.texture(size, 4, dtype="f4") if analysis else None
        fbo = ctx.framebuffer(color_attachments=[light] + ([state] if state else []))
        self.output = Target(f"{self.name}.light", light, fbo)
        self.state = Target(f"{self.name}.state", state, fbo) if state else None

    def _hue_tables(self, blend: float) -> dict[str, list]:
        """Per-code tile and flare colours for the shader, with the palette blend applied here, on a
        handful of colours, instead of per journey in the shader."""
        data, gl = self.gl.data, self.gl
        key = (data.version, blend, gl.flare_tinted, gl.palette["flare"])
        if key != self._hues_key:
            hues = mix_hue(data.palette, data.palette_b, blend) if blend > 0.0 else np.asarray(data.palette, float)
            flares = flare_colours(hues, gl.palette["flare"], gl.flare_tinted)
            pad = lambda table: [tuple(map(float, row)) for row in table] + [(0.0, 0.0, 0.0)] * (HUE_CODES - len(table))  # noqa: E731
            self._hues_key, self._hues = key, {"u_hues": pad(hues), "u_flare_hues": pad(flares)}
        return self._hues

    def output_texel(self, input_texels: list[float]) -> float:
        return 0.0  # one texel per journey: not on the canvas

    def reach(self, input_texels: list[float], canvas: tuple[int, int], params: dict[str, float]) -> tuple[int, int]:
        return 1, 0

    def extra_outputs(self) -> dict[str, Target]:
        return {self.state.name: self.state} if self.state is not None else {}

    def _event_sums(self, whole_day: float, tau: float, tau2: float) -> Target:
        """Per-journey event sums at a whole day (shaders/passes/simulate/event_sums.frag), cached:
        they change once per dataset day, while frames come many times a day. Rows appended since
        a cached sum was computed are summed into it (only the texture rows that hold them)."""
        data = self.gl.data
        key = (data.version, data.epoch, whole_day, tau, tau2)
        target, done = self._sums.pop(key, (None, 0))
        if target is None:
            if len(self._sums) >= self.SUM_SLOTS:
                self._sums.pop(next(iter(self._sums)))[0].release()
            target = make_target(self.gl.ctx, f"{self.name}.sums", data.size, "rgba32f")
            self.sum_runs += 1
        elif done < data.count:
            self.sum_updates += 1
        if done < data.count:
            first, last = done >> data.shift, (data.count - 1) >> data.shift
            target.viewport = (0, first, data.size[0], last - first + 1)
            draw(self.gl, self.gl.program("passes/simulate/event_sums.frag"), target,
                 {"u_spans": data.spans, "u_events": data.events}, {
                     "u_events_shift": data.events_shift, "u_count": data.count, "u_width_shift": data.shift,
                     "u_whole_day": whole_day, "u_tau": tau, "u_tau2": tau2,
                     "u_horizon": self.HORIZON_TAUS * tau,
                 })
            target.viewport = None
        self._sums[key] = (target, data.count)  # most recently used last
        return target

    def event_sums(self, frame: Frame) -> Target:
        """The event sums at the frame's whole day, computed or brought up to date (see _event_sums)."""
        tau = self.value(frame, "flare_tau")
        tau2 = 1.0 / (1.0 / self.value(frame, "flare_attack") + 1.0 / tau)
        return self._event_sums(float(math.floor(frame.day)), tau, tau2)

    WAVE_WIDTH = 0.12   # shaders/passes/simulate/state.frag: the front's soft edge, in distance units

    def _wave(self, frame: Frame, outage: float, reroute: float) -> tuple[dict, dict, float]:
        """Textures and uniforms of the rerouting wave, and the outage left for the shader: none while
        no front runs, none at all once it has crossed the whole canvas."""
        if reroute >= 1.0:
            return {}, {}, 0.0
        centres = getattr(self.gl, "tile_centres", None)
        if reroute <= 0.0 or outage <= 0.0 or centres is None:
            return {}, {}, outage
        data = self.gl.data
        origin = tuple(self.gl.reroute_origin)
        key = (data.version, data.epoch, data.count, frame.canvas, origin)
        if key != self._distance_key:
            # Canvas pixels, GL orientation: the origin is given from the top-left, in canvas fractions.
            w, h = frame.canvas
            at = np.array([origin[0] * w, (1.0 - origin[1]) * h])
            corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], float)
            far = np.linalg.norm(corners - at, axis=1).max()
            distance = np.linalg.norm(centres(frame.canvas) - at, axis=1) / max(far, 1.0)
            if self._distance is None or self._distance.size != data.size:
                if self._distance is not None:
                    self._distance.release()
                self._distance = self.gl.ctx.texture(data.size, 1, dtype="f4")
                self._distance.filter = (moderngl.NEAREST, moderngl.NEAREST)
            write_texels(self._distance, 0, distance.astype(np.float32)[:, None])
            self._distance_key = key
        front = reroute * (1.0 + self.WAVE_WIDTH)
        return {"u_distance": self._distance}, {"u_front": front}, outage

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        data = self.gl.data
        analysis = bool(self.gl.analysis)
        self._ensure_targets(data.size, analysis)
        v = lambda key: self.value(frame, key)  # noqa: E731 - a local shorthand keeps the table readable
        tau = v("flare_tau")
        tau2 = 1.0 / (1.0 / v("flare_attack") + 1.0 / tau)
        whole_day = float(math.floor(frame.day))
        sums = self.event_sums(frame)
        wave_textures, wave_uniforms, outage = self._wave(frame, v("outage"), v("reroute"))
        # Only the texture rows that hold journeys: the room kept for live ones is never looked up.
        self.output.viewport = (0, 0, data.size[0], max(1, -(-data.count >> data.shift)))
        variant = {"SIMULATE_STATE": int(analysis), "SIMULATE_WAVE": int(bool(wave_textures))}
        draw(self.gl, self.gl.program("passes/simulate/state.frag", variant), self.output,
             {"u_journeys": data.journeys, "u_sums": sums.texture, **wave_textures}, {
                 **wave_uniforms,
                 **self._hue_tables(v("palette_blend")),
                 "u_decay_slow": math.exp(-(frame.day - whole_day) / tau),
                 "u_decay_fast": math.exp(-(frame.day - whole_day) / tau2),
                 "u_count": data.count,
                 "u_width_shift": data.shift,
                 "u_time": frame.time,
                 "u_day": frame.day,
                 "u_coupling": v("coupling"),
                 "u_global_phase": math.fmod(frame.phases.get(self.name, v("global_freq") * frame.time), 1.0),
                 "u_outage": outage,
                 "u_flare_gain": v("flare_gain"),
                 "u_pulse_depth": v("pulse_depth"),
             })
        return self.output

    def release_targets(self) -> None:
        if self.output is not None:
            self.output.release()  # releases the shared framebuffer and the light texture
            if self.state is not None:
                self.state.texture.release()
        self.output = self.state = None

    def release(self) -> None:
        for target, _ in self._sums.values():
            target.release()
        self._sums.clear()
        if self._distance is not None:
            self._distance.release()
        self._distance, self._distance_key = None, None
        self.release_targets()
