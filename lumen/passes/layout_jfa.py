"""Jump flooding on the GPU: seeds (numpy, canvas pixels) -> nearest-seed map -> tile map; and the
same, exactly, for the few rectangles that seeds added later can change."""

from __future__ import annotations

import math
from dataclasses import dataclass

import moderngl
import numpy as np

from lumen.gl.targets import PingPong, Target, make_target
from lumen.layout.seeds import SeedLayout
from lumen.passes.base import GLResources
from lumen.passes.frame import Region

FIRST_BLOCK = 16    # pixels: the smallest block changed texels are binned by
# A box costs some Python and numpy (about 10 us: its plan, its slice of the splat), where a pixel costs
# about 20 ns a round on llvmpipe: a box is worth this many pixels of flooding when blocks are chosen.
BOX_COST_PIXELS = 400
# The instances of passes/layout/flood_box.vert: a box's rectangle in the target, its flood domain's
# first and last texel in the flood textures, the canvas pixel of that first texel, and (resolve) the
# flood texel of the target's texel (0, 0).
BOX_VERTEX = "passes/layout/flood_box.vert"
BOX_DTYPE = np.dtype([("rect", "<i4", 4), ("bounds", "<i4", 4), ("origin", "<f4", 2), ("offset", "<i4", 2)])
BOX_ATTRIBUTES = (("a_rect", "4i", 16), ("a_bounds", "4i", 16), ("a_origin", "2f", 8), ("a_offset", "2i", 8))
ATLAS_WIDTH = 4096


@dataclass(frozen=True)
class FloodPlan:
    """Where and how far to flood for one region: the domain rectangle, the step sequence, and how
    far (`grow`, pixels) a splat texel's influence reaches into the resolved tile map."""

    domain: Region
    steps: tuple[int, ...]
    probe: float
    grow: int


def plan_flood(seeds: SeedLayout, canvas: tuple[int, int], region: Region) -> FloodPlan:
    """Choose the flood domain and steps so a region's tile map is exactly that crop of the canvas's.

    The steps start at the smallest power of two k with 2k - 1 >= the seeds' reach, not at half the
    canvas: a tile's pixels lie within `reach` of their seed, so longer jumps only carry water, and
    the number of rounds (the cost) follows the cell size, not the canvas. A texel's final value
    then depends only on texels within sum(steps) of it, and the resolve reads `probe` further: so
    flooding the region grown by that margin (clipped to the canvas) gives every region pixel the
    very value the full canvas gives it, bit for bit, and a small region floods a small domain.
    The same margin bounds the pixels a changed splat texel can change (JumpFlood.update).
    """
    k = 1 << max(0, math.ceil(math.log2(seeds.reach + 1.0)) - 1)
    steps = tuple(k >> i for i in range(k.bit_length())) + (1,)  # k, k/2, ..., 1, then 1 again (JFA+1)
    probe = max(1.0, 0.5 * seeds.spacing)
    grow = sum(steps) + round(probe) + 1
    x0, y0 = max(0, region.x - grow), max(0, region.y - grow)
    x1 = min(canvas[0], region.x + region.width + grow)
    y1 = min(canvas[1], region.y + region.height + grow)
    return FloodPlan(Region(x0, y0, max(1, x1 - x0), max(1, y1 - y0)), steps, probe, grow)


NO_SEED = -1.0e9   # "no seed yet": stored far away, so it loses every nearest-seed comparison


def splat(seeds: SeedLayout, domain: Region) -> tuple[np.ndarray, np.ndarray]:
    """The first flood texture, (h, w, 2) float32 seed positions (NO_SEED elsewhere), and the
    journey of each seed texel, (h, w) float32 (-1 elsewhere), for the resolve to look up.

    Where seeds share a texel (cells smaller than a pixel, as with 1M journeys at 1080p) the later
    slot wins and the other journey has no pixel.
    """
    positions = np.full((domain.height, domain.width, 2), NO_SEED, np.float32)
    journeys = np.full((domain.height, domain.width), -1.0, np.float32)
    add_seeds(seeds, domain, positions, journeys)
    return positions, journeys


def add_seeds(seeds: SeedLayout, domain: Region, positions: np.ndarray, journeys: np.ndarray) -> np.ndarray:
    """Write seeds into a domain's splat (later slots win); return the (k, 2) canvas texels written."""
    px = np.floor(seeds.positions[:, 0]).astype(np.int64) - domain.x
    py = np.floor(seeds.positions[:, 1]).astype(np.int64) - domain.y
    inside = (px >= 0) & (px < domain.width) & (py >= 0) & (py < domain.height)
    flat = py[inside] * domain.width + px[inside]
    positions.reshape(-1, 2)[flat] = seeds.positions[inside]
    journeys.reshape(-1)[flat] = seeds.journeys[inside]
    return np.stack([px[inside] + domain.x, py[inside] + domain.y], axis=1)


def change_boxes(texels: np.ndarray, grow: int, region: Region) -> list[Region]:
    """The rectangles of `region` whose tile map changed splat texels can change: the texels binned
    into square blocks, each block's texels' bounding box grown by `grow`. The block size is the one
    with the least estimated flood cost: a draw per box and round, against the pixels flooded (small
    blocks flood little but draw often). A loop over block sizes and boxes, never over seeds."""
    if not len(texels):
        return []
    best: tuple[float, list[Region]] | None = None
    block = FIRST_BLOCK
    while True:
        boxes = _binned(texels, grow, region, block)
        area = sum((b.width + 2 * grow) * (b.height + 2 * grow) for b in boxes)
        cost = len(boxes) * BOX_COST_PIXELS + area
        if best is None or cost < best[0]:
            best = (cost, boxes)
        if len(boxes) <= 1:
            return best[1]
        block *= 2


def _binned(texels: np.ndarray, grow: int, region: Region, block: int) -> list[Region]:
    keys = (texels[:, 1] // block) * (1 << 32) + texels[:, 0] // block
    _, box = np.unique(keys, return_inverse=True)
    count = int(box.max()) + 1
    lo = np.full((count, 2), np.iinfo(np.int64).max)
    hi = np.full((count, 2), np.iinfo(np.int64).min)
    np.minimum.at(lo, box, texels)
    np.maximum.at(hi, box, texels)
    x0, y0 = np.maximum(lo - grow, (region.x, region.y)).T
    x1, y1 = np.minimum(hi + grow + 1, (region.x + region.width, region.y + region.height)).T
    return [Region(int(a), int(b), int(c - a), int(d - b)) for a, b, c, d in zip(x0, y0, x1, y1) if c > a and d > b]


@dataclass
class Splat:
    """The splat of a region's last full flood, kept so that seeds added later update it in place."""

    seeds: SeedLayout       # reach and spacing only (no seeds: the splat holds them)
    canvas: tuple[int, int]
    region: Region
    plan: FloodPlan
    positions: np.ndarray
    journeys: np.ndarray


class JumpFlood:
    """Owns the ping-pong flood textures (rg32f) and the splat's journey texture (r32f), reused
    while what is flooded fits. Several domains flood at once side by side in them (an atlas): each
    reads neighbours only inside its own rectangle."""

    def __init__(self, gl: GLResources, name: str):
        self.gl = gl
        self.name = name
        self.flood: PingPong | None = None
        self.journeys: Target | None = None
        self.kept: Splat | None = None
        self.draws = 0   # draw calls issued, for tests and benchmarks

    def _ensure(self, size: tuple[int, int], exact: bool) -> PingPong:
        have = self.flood.read.size if self.flood is not None else (0, 0)
        if have != size and (exact or have[0] < size[0] or have[1] < size[1]):
            self.release_textures()
            size = size if exact else (max(size[0], have[0]), max(size[1], have[1]))
            self.flood = PingPong(self.gl.ctx, f"{self.name}.flood", size, "rg32f", linear=False)
            self.journeys = make_target(self.gl.ctx, f"{self.name}.seed_journeys", size, "r32f")
        return self.flood

    def render(self, seeds: SeedLayout, canvas: tuple[int, int], region: Region, target: Target,
               keep: bool = False) -> None:
        """Flood the seeds over the region's domain and resolve the region's tile map into target;
        `keep` the splat for update()."""
        plan = plan_flood(seeds, canvas, region)
        positions, journeys = splat(seeds, plan.domain)
        self._flood(seeds, plan, [(plan.domain, region)], positions, journeys, [(0, 0)], region, target, exact=True)
        scales = SeedLayout(np.zeros((0, 2), np.float32), np.zeros(0, np.int32), seeds.reach, seeds.spacing)
        self.kept = Splat(scales, canvas, region, plan, positions, journeys) if keep else None

    def update(self, seeds: SeedLayout, target: Target) -> int:
        """Add seeds to the kept splat and redraw, exactly, only the tile-map rectangles they can
        change (see plan_flood); returns how many rectangles were flooded."""
        kept = self.kept
        texels = add_seeds(seeds, kept.plan.domain, kept.positions, kept.journeys)
        boxes = change_boxes(texels, kept.plan.grow, kept.region)
        if not boxes:
            return 0
        domains = [plan_flood(kept.seeds, kept.canvas, box).domain for box in boxes]
        # Rows as wide as the flood textures already are: an update then never reallocates them.
        width = self.flood.read.size[0] if self.flood is not None else ATLAS_WIDTH
        places, size = _shelves([d.size for d in domains], width)
        positions = np.full((size[1], size[0], 2), NO_SEED, np.float32)
        journeys = np.full((size[1], size[0]), -1.0, np.float32)
        origin = kept.plan.domain
        for (ax, ay), d in zip(places, domains):  # at most MAX_BOXES rectangles
            rows = slice(d.y - origin.y, d.y - origin.y + d.height)
            cols = slice(d.x - origin.x, d.x - origin.x + d.width)
            positions[ay:ay + d.height, ax:ax + d.width] = kept.positions[rows, cols]
            journeys[ay:ay + d.height, ax:ax + d.width] = kept.journeys[rows, cols]
        self._flood(kept.seeds, kept.plan, list(zip(domains, boxes)), positions, journeys, places, kept.region,
                    target, exact=False)
        return len(boxes)

    def _flood(self, seeds: SeedLayout, plan: FloodPlan, parts: list[tuple[Region, Region]], positions: np.ndarray,
               journeys: np.ndarray, places: list[tuple[int, int]], region: Region, target: Target,
               exact: bool) -> None:
        """Flood each (domain, box) part at its atlas place, then resolve each box into its rectangle
        of the region's target: one instanced draw per round and one for the resolve, however many
        boxes (passes/layout/flood_box.vert)."""
        height, width = journeys.shape
        flood = self._ensure((width, height), exact)
        flood.read.texture.write(positions, viewport=(0, 0, width, height))
        self.journeys.texture.write(journeys, viewport=(0, 0, width, height))
        domain = np.array([(d.x, d.y, d.width, d.height) for d, _ in parts], np.int32).reshape(-1, 4)
        box = np.array([(b.x, b.y, b.width, b.height) for _, b in parts], np.int32).reshape(-1, 4)
        at = np.asarray(places, np.int32).reshape(-1, 2)
        steps = np.zeros(len(parts), BOX_DTYPE)
        steps["rect"] = np.concatenate([at, domain[:, 2:]], axis=1)
        steps["bounds"] = np.concatenate([at, at + domain[:, 2:] - 1], axis=1)
        steps["origin"] = domain[:, :2]
        step_program = self.gl.program("passes/layout/jfa_step.frag", vertex=BOX_VERTEX)
        for step in plan.steps:
            self._draw_boxes(step_program, flood.write, {"u_flood": flood.read.texture}, {"u_step": step}, steps)
            flood.swap()
        boxes = steps.copy()
        boxes["rect"] = np.concatenate([box[:, :2] - region.origin, box[:, 2:]], axis=1)
        boxes["offset"] = np.asarray(region.origin, np.int32) - domain[:, :2] + at
        # Probe rings for the second-nearest seed: the next pixel, a quarter and half a cell away.
        rings = sorted({1, max(1, round(plan.probe / 2)), max(1, round(plan.probe))})
        resolve = self.gl.program("passes/layout/jfa_resolve.frag", vertex=BOX_VERTEX)
        self._draw_boxes(resolve, target, {"u_flood": flood.read.texture, "u_journeys": self.journeys.texture}, {
            "u_region_origin": region.origin,
            "u_reach": float(seeds.reach),
            "u_rings": tuple(rings) + (0,) * (3 - len(rings)),
            "u_ring_count": len(rings),
        }, boxes)

    def _draw_boxes(self, program, target: Target, textures: dict, uniforms: dict, boxes: np.ndarray) -> None:
        """One quad per box into target, in one instanced draw."""
        ctx = self.gl.ctx
        buffer = ctx.buffer(boxes.tobytes())
        members = self.gl.members(program)
        # Attributes a stage leaves unused are skipped as padding (naming them is a GL error).
        layout = " ".join(fmt if name in members else f"{size}x" for name, fmt, size in BOX_ATTRIBUTES) + "/i"
        names = [name for name, _, _ in BOX_ATTRIBUTES if name in members]
        vao = ctx.vertex_array(program, [(buffer, layout, *names)])
        for unit, (name, texture) in enumerate(textures.items()):
            texture.use(location=unit)
            members[name].value = unit
        for name, value in (uniforms | {"u_target_size": tuple(float(v) for v in target.size)}).items():
            if name in members:
                members[name].value = value
        target.fbo.use()
        ctx.viewport = (0, 0, *target.size)
        vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=len(boxes))
        vao.release()
        buffer.release()
        self.draws += 1

    def release_textures(self) -> None:
        for owned in (self.flood, self.journeys):
            if owned is not None:
                owned.release()
        self.flood = self.journeys = None

    def release(self) -> None:
        self.release_textures()
        self.kept = None


def _shelves(sizes: list[tuple[int, int]], width: int) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    """Places for rectangles side by side in rows of at most `width` (or the widest), and the size."""
    limit = max([width] + [w for w, _ in sizes])
    places, x, y, shelf, width = [], 0, 0, 0, 0
    for w, h in sizes:
        if x + w > limit:
            x, y, shelf = 0, y + shelf, 0
        places.append((x, y))
        x, shelf, width = x + w, max(shelf, h), max(width, x + w)
    return places, (width, y + shelf)
