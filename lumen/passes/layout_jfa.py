"""Jump flooding on the GPU: seeds (numpy, canvas pixels) -> nearest-seed map -> tile map."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lumen.gl.targets import PingPong, Target, make_target
from lumen.layout.seeds import SeedLayout
from lumen.passes.base import GLResources, draw
from lumen.passes.frame import Region


@dataclass(frozen=True)
class FloodPlan:
    """Where and how far to flood for one region: the domain rectangle and the step sequence."""

    domain: Region
    steps: tuple[int, ...]
    probe: float


def plan_flood(seeds: SeedLayout, canvas: tuple[int, int], region: Region) -> FloodPlan:
    """Choose the flood domain and steps so a region's tile map is exactly that crop of the canvas's.

    The steps start at the smallest power of two k with 2k - 1 >= the seeds' reach, not at half the
    canvas: a tile's pixels lie within `reach` of their seed, so longer jumps only carry water, and
    the number of rounds (the cost) follows the cell size, not the canvas. A texel's final value
    then depends only on texels within sum(steps) of it, and the resolve reads `probe` further: so
    flooding the region grown by that margin (clipped to the canvas) gives every region pixel the
    very value the full canvas gives it, bit for bit, and a small region floods a small domain.
    """
    k = 1 << max(0, math.ceil(math.log2(seeds.reach + 1.0)) - 1)
    steps = tuple(k >> i for i in range(k.bit_length())) + (1,)  # k, k/2, ..., 1, then 1 again (JFA+1)
    probe = max(1.0, 0.5 * seeds.spacing)
    grow = sum(steps) + round(probe) + 1
    x0, y0 = max(0, region.x - grow), max(0, region.y - grow)
    x1 = min(canvas[0], region.x + region.width + grow)
    y1 = min(canvas[1], region.y + region.height + grow)
    return FloodPlan(Region(x0, y0, max(1, x1 - x0), max(1, y1 - y0)), steps, probe)


NO_SEED = -1.0e9   # "no seed yet": stored far away, so it loses every nearest-seed comparison


def splat(seeds: SeedLayout, domain: Region) -> tuple[np.ndarray, np.ndarray]:
    """The first flood texture, (h, w, 2) float32 seed positions (NO_SEED elsewhere), and the
    journey of each seed texel, (h, w) float32 (-1 elsewhere), for the resolve to look up.

    Where seeds share a texel (cells smaller than a pixel, as with 1M journeys at 1080p) the later
    slot wins and the other journey has no pixel.
    """
    positions = np.full((domain.height, domain.width, 2), NO_SEED, np.float32)
    journeys = np.full((domain.height, domain.width), -1.0, np.float32)
    px = np.floor(seeds.positions[:, 0]).astype(np.int64) - domain.x
    py = np.floor(seeds.positions[:, 1]).astype(np.int64) - domain.y
    inside = (px >= 0) & (px < domain.width) & (py >= 0) & (py < domain.height)
    flat = py[inside] * domain.width + px[inside]
    positions.reshape(-1, 2)[flat] = seeds.positions[inside]
    journeys.reshape(-1)[flat] = seeds.journeys[inside]
    return positions, journeys


class JumpFlood:
    """Owns the ping-pong flood textures (rg32f) and the splat's journey texture (r32f), reused
    while the domain size holds."""

    def __init__(self, gl: GLResources, name: str):
        self.gl = gl
        self.name = name
        self.flood: PingPong | None = None
        self.journeys: Target | None = None
        self.draws = 0   # draw calls issued, for tests and benchmarks

    def _ensure(self, size: tuple[int, int]) -> PingPong:
        if self.flood is None or self.flood.read.size != size:
            self.release()
            self.flood = PingPong(self.gl.ctx, f"{self.name}.flood", size, "rg32f", linear=False)
            self.journeys = make_target(self.gl.ctx, f"{self.name}.seed_journeys", size, "r32f")
        return self.flood

    def render(self, seeds: SeedLayout, canvas: tuple[int, int], region: Region, target: Target) -> None:
        """Flood the seeds over the region's domain and resolve the region's tile map into target."""
        plan = plan_flood(seeds, canvas, region)
        domain = plan.domain
        flood = self._ensure(domain.size)
        positions, journeys = splat(seeds, domain)
        flood.read.texture.write(positions)
        self.journeys.texture.write(journeys)
        step_program = self.gl.program("passes/layout/jfa_step.frag")
        for step in plan.steps:
            draw(self.gl, step_program, flood.write, {"u_flood": flood.read.texture},
                 {"u_domain_origin": domain.origin, "u_step": step})
            flood.swap()
            self.draws += 1
        # Probe rings for the second-nearest seed: the next pixel, a quarter and half a cell away.
        rings = sorted({1, max(1, round(plan.probe / 2)), max(1, round(plan.probe))})
        draw(self.gl, self.gl.program("passes/layout/jfa_resolve.frag"), target, {
            "u_flood": flood.read.texture, "u_journeys": self.journeys.texture,
        }, {
            "u_region_origin": region.origin,
            "u_domain_origin": domain.origin,
            "u_offset": (region.x - domain.x, region.y - domain.y),
            "u_reach": float(seeds.reach),
            "u_rings": tuple(rings) + (0,) * (3 - len(rings)),
            "u_ring_count": len(rings),
        })
        self.draws += 1

    def release(self) -> None:
        for owned in (self.flood, self.journeys):
            if owned is not None:
                owned.release()
        self.flood = self.journeys = None
