"""Warping: the corner pin maps the corners exactly and is exact inside the picture too (perspective-
correct), the mesh passes through its control points and is smooth (C1) across them."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.wall.warp import (
    CELLS_PER_SPAN,
    UNIT_CORNERS,
    convex,
    grid_cells,
    homography,
    identity_mesh,
    mesh_surface,
    project,
    warp_grid,
)

PINS = [
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
    [[0.06, 0.03], [0.95, 0.0], [1.0, 0.97], [0.02, 0.91]],
    [[0.2, 0.1], [0.7, 0.25], [0.9, 0.8], [0.1, 0.95]],
]


@pytest.mark.parametrize("corners", PINS)
def test_the_homography_maps_the_four_corners_exactly(corners):
    corners = np.array(corners)
    assert np.abs(project(homography(UNIT_CORNERS, corners), UNIT_CORNERS) - corners).max() < 1e-12
    h = homography(corners, UNIT_CORNERS)   # and back
    assert np.abs(project(h, corners) - UNIT_CORNERS).max() < 1e-12


def test_a_folded_pin_is_not_convex():
    assert convex(UNIT_CORNERS) and convex(np.array(PINS[2]))
    assert not convex(np.array([[0, 0], [1, 1], [1, 0], [0, 1]]))   # a bow tie
    assert not convex(np.array([[0, 0], [1, 0], [1, 0], [0, 1]]))   # two corners in one place


def test_the_flat_mesh_is_the_identity_and_passes_through_its_points():
    u, v = np.meshgrid(np.linspace(0, 1, 37), np.linspace(0, 1, 23))
    assert np.abs(mesh_surface(identity_mesh(4, 3), u, v) - np.stack([u, v], -1)).max() < 1e-12
    rng = np.random.default_rng(3)
    mesh = identity_mesh(5, 4) + rng.normal(0, 0.03, (4, 5, 2))
    grid_u, grid_v = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 4))
    assert np.abs(mesh_surface(mesh, grid_u, grid_v) - mesh).max() < 1e-12


def _kink(surface, mesh, knots, axis: int, h: float = 1e-5) -> float:
    """Largest jump of the first derivative across interior knots along one axis, over a line of the
    other parameter: the left and right one-sided slopes at each knot."""
    other = np.linspace(0.03, 0.97, 29)
    worst = 0.0
    for k in knots[1:-1]:
        at = [np.full_like(other, k), other] if axis == 0 else [other, np.full_like(other, k)]
        step = [h, 0.0] if axis == 0 else [0.0, h]
        centre = surface(mesh, *at)
        right = (surface(mesh, at[0] + step[0], at[1] + step[1]) - centre) / h
        left = (centre - surface(mesh, at[0] - step[0], at[1] - step[1])) / h
        worst = max(worst, float(np.abs(right - left).max()))
    return worst


def _bilinear(mesh, u, v):
    """Piecewise-linear interpolation of the same control points: what has kinks, for contrast."""
    rows, cols = mesh.shape[:2]
    su, sv = np.clip(u, 0, 1) * (cols - 1), np.clip(v, 0, 1) * (rows - 1)
    i, j = np.minimum(su.astype(int), cols - 2), np.minimum(sv.astype(int), rows - 2)
    tu, tv = (su - i)[..., None], (sv - j)[..., None]
    return ((1 - tv) * ((1 - tu) * mesh[j, i] + tu * mesh[j, i + 1])
            + tv * ((1 - tu) * mesh[j + 1, i] + tu * mesh[j + 1, i + 1]))


def test_the_mesh_has_no_kinks_at_its_control_points():
    rng = np.random.default_rng(11)
    mesh = identity_mesh(5, 4) + rng.normal(0, 0.04, (4, 5, 2))
    for axis, count in ((0, 5), (1, 4)):
        knots = np.linspace(0, 1, count)
        smooth = _kink(mesh_surface, mesh, knots, axis)
        kinked = _kink(_bilinear, mesh, knots, axis)
        # One-sided slopes differ by O(h) for a C1 surface and by O(1) at a kink.
        assert smooth < 1e-3, f"axis {axis}: the derivative jumps by {smooth:.2e} at a control point"
        assert kinked > 100 * smooth, "the check would see a kink if there were one"


def test_the_grid_is_one_cell_for_a_corner_pin_and_as_fine_as_the_mesh_bends():
    vertices, indices = warp_grid(np.array(PINS[1]))
    assert len(vertices) == 4 and len(indices) == 6
    assert (vertices[:, 2] > 0).all(), "w > 0: nothing is clipped away"
    vertices, indices = warp_grid(np.array(PINS[1]), identity_mesh(3, 3))
    assert len(indices) == 2 * 2 * 6, "a flat mesh is linear in each span: one cell a span"
    rng = np.random.default_rng(4)
    gentle = identity_mesh(5, 4) + rng.normal(0, 0.002, (4, 5, 2))
    bent = identity_mesh(5, 4) + rng.normal(0, 0.03, (4, 5, 2))
    cells = {name: grid_cells(mesh) for name, mesh in (("gentle", gentle), ("bent", bent))}
    assert cells["gentle"][0] < cells["bent"][0] <= 4 * CELLS_PER_SPAN, cells
    for mesh in (gentle, bent):   # every cell's centre within a pixel of the surface at 1920 wide
        cols, rows = grid_cells(mesh)
        u, v = np.linspace(0, 1, cols + 1), np.linspace(0, 1, rows + 1)
        fine = mesh_surface(mesh, *np.meshgrid((u[:-1] + u[1:]) / 2, (v[:-1] + v[1:]) / 2))
        corners = mesh_surface(mesh, *np.meshgrid(u, v))
        mean = (corners[:-1, :-1] + corners[1:, :-1] + corners[:-1, 1:] + corners[1:, 1:]) / 4
        assert np.abs(fine - mean).max() * 1920 <= 1.0 or cols == 4 * CELLS_PER_SPAN


def test_the_grid_places_the_frame_where_the_pin_says(ctx):
    """The slice's frame drawn through a strong keystone pin on the GPU: every output pixel shows the
    frame at the content point the inverse homography gives, as if sampled there (numpy bilinear), up
    to llvmpipe's filtering precision. Affine interpolation across the two triangles would put texels
    several pixels away."""
    from lumen.gl.targets import make_target
    from lumen.pipeline.pipeline import read_rgba8
    from lumen.wall.calibration import OutputWarp
    from lumen.wall.warp_draw import WarpDraw

    size = (160, 96)
    rng = np.random.default_rng(5)
    coarse = rng.integers(0, 256, (12, 20, 3))   # smooth content: blocks of colour, blurred by resampling
    frame = np.kron(coarse, np.ones((8, 8, 1))).astype(np.uint8)
    rgba = np.concatenate([frame, np.full(frame.shape[:2] + (1,), 255, np.uint8)], -1)
    texture = ctx.texture(size, 4, np.ascontiguousarray(rgba[::-1]).tobytes())
    out = make_target(ctx, "test.warped", size, "rgba8")
    corners = np.array(PINS[2])
    draw = WarpDraw(ctx, OutputWarp(corners))
    try:
        draw.draw(texture, None, out.fbo, size)
        shown = read_rgba8(out)[..., :3].astype(float)
    finally:
        draw.release()
        out.release()
        texture.release()
    ys, xs = np.mgrid[0:size[1], 0:size[0]]
    points = np.stack([(xs + 0.5) / size[0], (ys + 0.5) / size[1]], -1)
    uv = project(homography(corners, UNIT_CORNERS), points)
    inside = (uv > 0.02).all(-1) & (uv < 0.98).all(-1)
    px = uv[..., 0] * size[0] - 0.5
    py = uv[..., 1] * size[1] - 0.5
    x0, y0 = np.clip(np.floor(px).astype(int), 0, size[0] - 2), np.clip(np.floor(py).astype(int), 0, size[1] - 2)
    fx, fy = (px - x0)[..., None], (py - y0)[..., None]
    f = frame.astype(float)
    expected = ((1 - fy) * ((1 - fx) * f[y0, x0] + fx * f[y0, x0 + 1]) + fy * ((1 - fx) * f[y0 + 1, x0] + fx * f[y0 + 1, x0 + 1]))
    error = np.abs(shown - expected)[inside]
    assert inside.sum() > 0.3 * inside.size
    assert error.max() <= 4.0, f"worst {error.max():.1f}/255 where the pin maps the frame"
    assert not shown[~((uv >= 0) & (uv <= 1)).all(-1)].any(), "outside the pinned quad the output is black"
