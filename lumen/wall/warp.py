"""Warping one projector's output (numpy, no GL): a corner pin (a homography) and an optional mesh of
control points interpolated by Catmull-Rom splines, turned into a textured grid for the GPU.

Coordinates: the slice's content is the unit square (u right, v down); output positions are fractions
of the projector's image (x right, y down). A content point (u, v) lands at H(M(u, v)), where M is the
mesh surface (the identity without a mesh) and H maps the unit square's corners onto the four corners.

Why the grid's positions are homogeneous: each vertex carries H's (x, y, w) undivided, so the
rasteriser interpolates the texture coordinates perspective-correctly. Texture coordinates are affine
in (x, y, w) wherever M is the identity, and perspective-correct interpolation is exact for such
attributes: the corner pin is exact inside every triangle, not only at the vertices, and needs one
cell. With a mesh, M bends the grid and the cells are small enough that each is nearly projective."""

from __future__ import annotations

import numpy as np

UNIT_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])   # tl, tr, br, bl
CORNER_NAMES = ("top-left", "top-right", "bottom-right", "bottom-left")
# Output fractions (y down) to OpenGL's normalised device coordinates (y up).
TO_NDC = np.array([[2.0, 0.0, -1.0], [0.0, -2.0, 1.0], [0.0, 0.0, 1.0]])
CELLS_PER_SPAN = 8      # grid cells between neighbouring mesh control points, at most
GRID_TOLERANCE = 5.2e-4 # how far the grid may stray from the mesh surface: a pixel at 1920 wide
MAX_CELLS = 64          # along either axis: small triangles cost llvmpipe per triangle (docs/benchmarks.md)


def homography(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 3x3 projective map taking four points `src` to four points `dst` (rows of [x, y])."""
    a, b = [], []
    for (x, y), (X, Y) in zip(np.asarray(src, float), np.asarray(dst, float)):
        a.append([x, y, 1, 0, 0, 0, -x * X, -y * X])
        a.append([0, 0, 0, x, y, 1, -x * Y, -y * Y])
        b += [X, Y]
    h = np.linalg.solve(np.array(a), np.array(b))
    return np.append(h, 1.0).reshape(3, 3)


def project(h: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a homography to (..., 2) points."""
    points = np.asarray(points, float)
    p = points @ h[:, :2].T + h[:, 2]
    return p[..., :2] / p[..., 2:3]


def convex(corners: np.ndarray) -> bool:
    """Whether four corners (tl, tr, br, bl) make a convex, non-degenerate quadrilateral: a corner pin
    only maps the unit square without folding it when they do."""
    c = np.asarray(corners, float)
    edges = np.roll(c, -1, axis=0) - c
    turns = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    return bool(np.all(turns > 1e-9) or np.all(turns < -1e-9))


def identity_mesh(cols: int, rows: int) -> np.ndarray:
    """(rows, cols, 2) control points on a regular grid over the unit square: no bending."""
    u, v = np.meshgrid(np.linspace(0.0, 1.0, cols), np.linspace(0.0, 1.0, rows))
    return np.stack([u, v], -1)


def _padded(points: np.ndarray) -> np.ndarray:
    """The control points with one extra ring extrapolated linearly, so the end spans of the spline
    have neighbours and a straight row stays straight (Catmull-Rom reproduces linear functions)."""
    p = np.concatenate([2 * points[:1] - points[1:2], points, 2 * points[-1:] - points[-2:-1]], axis=0)
    return np.concatenate([2 * p[:, :1] - p[:, 1:2], p, 2 * p[:, -1:] - p[:, -2:-1]], axis=1)


def _weights(t: np.ndarray) -> np.ndarray:
    """Catmull-Rom weights of the four control points around a span, at t in [0, 1]: (n, 4)."""
    t2, t3 = t * t, t * t * t
    return 0.5 * np.stack([-t3 + 2 * t2 - t, 3 * t3 - 5 * t2 + 2, -3 * t3 + 4 * t2 + t, t3 - t2], -1)


def _span(x: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The span index (0 .. count - 2) a parameter in [0, 1] falls in, and the position within it."""
    s = np.clip(np.asarray(x, float), 0.0, 1.0) * (count - 1)
    i = np.minimum(np.floor(s).astype(np.int64), count - 2)
    return i, s - i


def mesh_surface(points: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Where content point (u, v) goes under the mesh `points` (rows, cols, 2): a bicubic Catmull-Rom
    surface through every control point, C1 continuous (no kinks at the control points)."""
    rows, cols = points.shape[:2]
    p = _padded(np.asarray(points, float))
    i, tu = _span(u, cols)
    j, tv = _span(v, rows)
    wu, wv = _weights(tu), _weights(tv)
    out = np.zeros(np.shape(tu) + (2,))
    for a in range(4):
        for b in range(4):
            out += (wv[..., a] * wu[..., b])[..., None] * p[j + a, i + b]
    return out


def _chord_error(mesh: np.ndarray, cols: int, rows: int) -> float:
    """How far (fractions of the image) a grid of cols x rows cells, linear inside each cell, strays
    from the mesh surface: the surface at each cell's centre against the mean of its corners."""
    u, v = np.linspace(0.0, 1.0, cols + 1), np.linspace(0.0, 1.0, rows + 1)
    corners = mesh_surface(mesh, *np.meshgrid(u, v))
    centres = mesh_surface(mesh, *np.meshgrid((u[:-1] + u[1:]) / 2, (v[:-1] + v[1:]) / 2))
    mean = (corners[:-1, :-1] + corners[1:, :-1] + corners[:-1, 1:] + corners[1:, 1:]) / 4
    return float(np.abs(centres - mean).max())


def grid_cells(mesh: np.ndarray | None) -> tuple[int, int]:
    """(columns, rows) of grid cells: one for a pure corner pin (exact, see the module docstring); for
    a mesh, the fewest cells per span (1, 2, 4, then CELLS_PER_SPAN) that keep the grid within
    GRID_TOLERANCE of the smooth surface, at most MAX_CELLS. Triangles cost llvmpipe about a
    microsecond each, so a gentle mesh gets a coarse grid and a strongly bent one a fine grid."""
    if mesh is None:
        return 1, 1
    rows, cols = mesh.shape[:2]
    for per_span in (1, 2, 4, CELLS_PER_SPAN):
        cells = min(MAX_CELLS, (cols - 1) * per_span), min(MAX_CELLS, (rows - 1) * per_span)
        if _chord_error(mesh, *cells) <= GRID_TOLERANCE:
            break
    return cells


def warp_grid(corners: np.ndarray, mesh: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The textured grid for the GPU: vertices (n, 5) float32 as clip-space x, y, w (homogeneous,
    undivided) and the texture's (s, t) with t up (GL rows run bottom to top), and triangle indices."""
    cols, rows = grid_cells(mesh)
    u, v = np.meshgrid(np.linspace(0.0, 1.0, cols + 1), np.linspace(0.0, 1.0, rows + 1))
    u, v = u.ravel(), v.ravel()
    bent = np.stack([u, v], -1) if mesh is None else mesh_surface(mesh, u, v)
    h = TO_NDC @ homography(UNIT_CORNERS, corners)
    clip = np.concatenate([bent, np.ones((len(u), 1))], 1) @ h.T
    clip *= np.sign(clip[len(clip) // 2, 2]) or 1.0   # w > 0 inside a convex pin: nothing clipped away
    vertices = np.concatenate([clip, np.stack([u, 1.0 - v], -1)], 1).astype(np.float32)
    a = (np.arange(rows)[:, None] * (cols + 1) + np.arange(cols)[None, :]).ravel()
    quads = np.stack([a, a + 1, a + cols + 2, a, a + cols + 2, a + cols + 1], -1)
    return vertices, quads.astype(np.int32).ravel()
