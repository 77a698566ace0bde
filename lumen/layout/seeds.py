"""Seed layouts (pure numpy): where each journey's cell centre sits for spiral, voronoi and clusters."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lumen.layout.capacity import Slots, ranks_after
from lumen.layout.geometry import grid_geometry

GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))  # 137.508 degrees
# Largest distance from a point inside a sunflower disc to its nearest seed, in units of the
# spacing c (seed k at radius c*sqrt(k + 0.5)); measured by brute force: 1.35.
SPIRAL_REACH = 1.4
VORONOI_JITTER = 0.35     # seed jitter as a fraction of the lattice cell
# Same measure for a lattice jittered by +-0.35 cell: 0.97 cell.
VORONOI_REACH = 1.05


@dataclass(frozen=True)
class SeedLayout:
    """Cell centres in canvas pixels (GL orientation) and the scales the flood and resolve need."""

    positions: np.ndarray   # (n, 2) float32 canvas pixels
    journeys: np.ndarray    # (n,) int32: the journey each seed belongs to
    reach: float            # no pixel that belongs to a tile is farther than this from its seed
    spacing: float          # typical distance between neighbouring seeds, pixels

    @property
    def count(self) -> int:
        return int(len(self.journeys))


def sunflower(n: int, spacing: float) -> np.ndarray:
    """(n, 2) offsets of a golden-angle (Vogel) spiral: seed k at radius spacing*sqrt(k + 0.5)."""
    k = np.arange(n, dtype=np.float64)
    radius = spacing * np.sqrt(k + 0.5)
    angle = k * GOLDEN_ANGLE
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def sector_ranks(rank: np.ndarray, member: np.ndarray) -> np.ndarray:
    """The sunflower rank each slot takes so that, inside every group, the layout order runs round
    the disc clockwise from twelve o'clock: wedges, not rings. The points are the same sunflower;
    only which slot takes which point changes (a slot of rank r takes the r-th point by angle)."""
    theta = np.mod(np.pi / 2.0 - rank * GOLDEN_ANGLE, 2.0 * np.pi)   # clockwise from the top
    by_angle = np.lexsort((theta, member))
    by_rank = np.lexsort((rank, member))
    out = np.empty_like(rank)
    out[by_rank] = rank[by_angle]
    return out


def spiral_seeds(canvas: tuple[int, int], order: np.ndarray, margin: float, arrange: str = "rings") -> SeedLayout:
    """One sunflower disc centred on the canvas: slot 0 (first in the order) at the centre and the
    order running outward in rings, or (`arrange = "sectors"`) round the disc in wedges."""
    width, height = canvas
    n = max(len(order), 1)
    radius = max(1.0, min(width, height) / 2.0 * (1.0 - 2.0 * margin))
    # The outermost cells reach SPIRAL_REACH spacings beyond sqrt(n) spacings: keep them on the canvas.
    spacing = radius / (math.sqrt(n) + SPIRAL_REACH)
    points = sunflower(len(order), spacing)
    if arrange == "sectors":
        points = points[sector_ranks(np.arange(len(order)), np.zeros(len(order), np.int64))]
    positions = points + (width / 2.0, height / 2.0)
    return SeedLayout(positions.astype(np.float32), order.astype(np.int32), SPIRAL_REACH * spacing,
                      spacing * math.sqrt(math.pi))


def voronoi_seeds(canvas: tuple[int, int], order: np.ndarray, margin: float, seed: int) -> SeedLayout:
    """A jittered lattice (the grid's slots, so grouping reads left to right, top to bottom).

    Jitter, not uniform random points: it keeps every cell about the same size, which bounds the
    flood's reach (and so its cost), while the cells still look organic.
    """
    n = len(order)
    geometry = grid_geometry(canvas, n, margin)
    slot = np.arange(n)
    col, row = slot % geometry.cols, slot // geometry.cols
    centre = np.stack([col + 0.5, geometry.rows - row - 0.5], axis=1)
    jitter = np.random.default_rng(seed).uniform(-VORONOI_JITTER, VORONOI_JITTER, (n, 2))
    positions = np.asarray(geometry.origin) + (centre + jitter) * geometry.cell
    return SeedLayout(positions.astype(np.float32), order.astype(np.int32), VORONOI_REACH * geometry.cell,
                      geometry.cell)


def pack_islands(radii: np.ndarray, gap: float, aspect: float) -> np.ndarray:
    """Greedy packing, largest island first: each takes the first free spot on an elliptical
    golden-angle spiral of candidates around the centre. Returns (g, 2) centres (unit-free)."""
    candidates = sunflower(4096, 1.0) * (math.sqrt(aspect), 1.0 / math.sqrt(aspect))
    candidates *= float(radii.max()) * 0.25
    centres = np.zeros((len(radii), 2))
    placed: list[int] = []
    for index in np.argsort(-radii, kind="stable"):
        if placed:
            dist = np.linalg.norm(candidates[:, None, :] - centres[placed][None, :, :], axis=2)
            free = np.all(dist >= radii[placed][None, :] + radii[index] + gap, axis=1)
            spot = int(np.argmax(free)) if free.any() else len(candidates) - 1
            centres[index] = candidates[spot]
        placed.append(int(index))
    return centres


def cluster_seeds(canvas: tuple[int, int], order: np.ndarray, groups: np.ndarray, margin: float,
                  gap: float, arrange: str = "rings") -> SeedLayout:
    """One sunflower island per group, area proportional to its count, dark water between them.

    Inside each island the journeys keep the layout order: outward from its centre in rings, or
    (`arrange = "sectors"`) clockwise round it in wedges.
    `gap` is the water between islands as a fraction of the mean island radius.
    """
    width, height = canvas
    codes, member = np.unique(groups[order], return_inverse=True)
    counts = np.bincount(member, minlength=len(codes)).astype(np.float64)
    # Island radius in units of the seed spacing; packed, then the whole archipelago is scaled to fit.
    radii = np.sqrt(counts) + SPIRAL_REACH
    centres = pack_islands(radii, gap * float(radii.mean()), width / max(height, 1))
    lo = (centres - radii[:, None]).min(axis=0)
    hi = (centres + radii[:, None]).max(axis=0)
    pad = margin * min(width, height)
    avail = np.maximum((width - 2 * pad, height - 2 * pad), 1.0)
    spacing = float(np.min(avail / np.maximum(hi - lo, 1e-6)))
    offset = (np.array([width, height]) - (hi - lo) * spacing) / 2.0 - lo * spacing

    # Rank of each slot within its group (stable: keeps the layout order inside an island).
    by_group = np.argsort(member, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    rank = np.empty(len(order), np.int64)
    rank[by_group] = np.arange(len(order)) - np.repeat(starts, counts.astype(np.int64))
    if arrange == "sectors":
        rank = sector_ranks(rank, member)
    k = rank.astype(np.float64)
    local = np.stack([np.sqrt(k + 0.5) * np.cos(k * GOLDEN_ANGLE), np.sqrt(k + 0.5) * np.sin(k * GOLDEN_ANGLE)], 1)
    positions = (centres[member] + local) * spacing + offset
    return SeedLayout(positions.astype(np.float32), order.astype(np.int32), SPIRAL_REACH * spacing,
                      spacing * math.sqrt(math.pi))


@dataclass(frozen=True)
class SlotSeeds:
    """The seed of every reserved slot: spiral and voronoi by slot, clusters by group then rank inside
    it. A journey appended later takes its seed from here, exactly where a full layout would put it."""

    positions: np.ndarray     # (slots, 2) float32 canvas pixels
    first: np.ndarray | None  # clusters: the row of each group's first slot
    reach: float
    spacing: float

    def seeds(self, rows: np.ndarray, groups: np.ndarray | None = None, ranks: np.ndarray | None = None) -> SeedLayout:
        """The seeds of these rows (clusters: with their groups and ranks inside them)."""
        index = rows if self.first is None else self.first[groups] + ranks
        return SeedLayout(self.positions[index], rows.astype(np.int32), self.reach, self.spacing)

    def full(self, groups: np.ndarray) -> tuple[SeedLayout, np.ndarray]:
        """The seeds of rows 0..n-1 of these groups, and the rows filled per group."""
        rows = np.arange(len(groups))
        if self.first is None:
            return self.seeds(rows), np.zeros(0, np.int64)
        ranks, filled = ranks_after(groups, np.zeros(0, np.int64))
        return self.seeds(rows, groups, ranks), filled

    def room(self, rows: np.ndarray, groups: np.ndarray, ranks: np.ndarray) -> bool:
        """Whether every row has a slot: by row (spiral, voronoi), by group and rank (clusters)."""
        if self.first is None:
            return not len(rows) or int(rows.max()) < len(self.positions)
        caps = np.diff(np.append(self.first, len(self.positions)))
        return bool(np.all(groups < len(caps)) and np.all(ranks < caps[np.minimum(groups, len(caps) - 1)]))


def slot_seeds(kind: str, canvas: tuple[int, int], slots: Slots, margin: float, gap: float, seed: int,
               arrange: str = "rings") -> SlotSeeds:
    """The seeds of every slot for a flooded layout kind."""
    every = np.arange(slots.total, dtype=np.int32)
    if kind == "spiral":
        layout, first = spiral_seeds(canvas, every, margin, arrange), None
    elif kind == "voronoi":
        layout, first = voronoi_seeds(canvas, every, margin, seed), None
    else:
        caps = slots.groups
        first = np.cumsum(caps) - caps
        members = np.repeat(np.arange(len(caps), dtype=np.int32), caps)
        layout = cluster_seeds(canvas, np.arange(len(members), dtype=np.int32), members, margin, gap, arrange)
    return SlotSeeds(layout.positions, first, layout.reach, layout.spacing)
