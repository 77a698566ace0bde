"""A venue's projector calibration (no GL): each output's corner pin and optional warp mesh, read from
and written to one TOML file that belongs to the venue, never to the exhibit. Writes are atomic (a
temp file, fsync, rename, fsync of the folder), so a power cut leaves the old file or the new one."""

from __future__ import annotations

import math
import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lumen.errors import UserError
from lumen.wall.warp import CORNER_NAMES, UNIT_CORNERS, convex, identity_mesh

HEADER = """# lumen projector calibration for one venue (`lumen run EXHIBIT --slice NAME --calibration THIS`).
# lumen rewrites this file when staff adjust the warp; see docs/wall.md.
# corners: where the slice's top-left, top-right, bottom-right and bottom-left corners land, as
#   fractions of the projector's image (x right, y down).
# mesh: optional rows of [x, y] control points, where each point of an even grid over the slice goes
#   (fractions of the slice), interpolated smoothly between them.
"""
MAX_MESH = 33   # control points along either axis


@dataclass
class OutputWarp:
    """One projector output's warp: corner pin plus optional mesh (rows, cols, 2)."""

    corners: np.ndarray = field(default_factory=lambda: UNIT_CORNERS.copy())
    mesh: np.ndarray | None = None

    @property
    def identity(self) -> bool:
        flat = self.mesh is None or np.allclose(self.mesh, identity_mesh(self.mesh.shape[1], self.mesh.shape[0]))
        return flat and np.allclose(self.corners, UNIT_CORNERS)

    @property
    def handles(self) -> int:
        """The points staff can select: four corners, then the mesh's points row by row."""
        return 4 + (0 if self.mesh is None else self.mesh.shape[0] * self.mesh.shape[1])

    def handle_name(self, index: int) -> str:
        if index < 4:
            return f"corner {CORNER_NAMES[index]}"
        row, col = divmod(index - 4, self.mesh.shape[1])
        return f"mesh point row {row} col {col}"

    def handle_uv(self, index: int) -> tuple[float, float]:
        """Where a handle sits in the slice's content (the test pattern draws it there)."""
        if index < 4:
            return tuple(UNIT_CORNERS[index])
        rows, cols = self.mesh.shape[:2]
        row, col = divmod(index - 4, cols)
        return col / (cols - 1), row / (rows - 1)

    def nudge(self, index: int, dx: float, dy: float) -> bool:
        """Move a handle by (dx, dy) fractions of the output; False (nothing moved) when the corner pin
        would fold over."""
        if index < 4:
            corners = self.corners.copy()
            corners[index] += (dx, dy)
            if not convex(corners):
                return False
            self.corners = corners
        else:
            row, col = divmod(index - 4, self.mesh.shape[1])
            self.mesh = self.mesh.copy()
            self.mesh[row, col] += (dx, dy)
        return True


@dataclass
class Calibration:
    """Every output of a venue by name (a slice's name, or `canvas` for a run without a slice)."""

    path: Path
    outputs: dict[str, OutputWarp] = field(default_factory=dict)

    def output(self, name: str) -> OutputWarp:
        return self.outputs.setdefault(name, OutputWarp())

    def save(self) -> None:
        """Write the whole file atomically."""
        text = HEADER + "version = 1\n" + "".join(_output_toml(n, w) for n, w in sorted(self.outputs.items()))
        write_atomic(self.path, text)


def _pairs(points: np.ndarray) -> str:
    return "[" + ", ".join(f"[{x:.6f}, {y:.6f}]" for x, y in np.asarray(points).reshape(-1, 2)) + "]"


def _output_toml(name: str, warp: OutputWarp) -> str:
    text = f"\n[outputs.{name}]\ncorners = {_pairs(warp.corners)}\n"
    if warp.mesh is not None:
        text += "mesh = [\n" + "".join(f"    {_pairs(row)},\n" for row in warp.mesh) + "]\n"
    return text


def write_atomic(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename over `path`, fsync the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _points(value, where: str, shape: tuple[int, ...]) -> np.ndarray:
    """A nested list of finite numbers of the given shape (-1: any count), or a user error."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != len(shape) or any(s not in (-1, a) for s, a in zip(shape, array.shape)) \
            or not np.isfinite(array).all():
        raise ValueError(f"{where}: expected {_shape_text(shape)} of numbers, got {value!r}"[:300])
    return array


def _shape_text(shape: tuple[int, ...]) -> str:
    return "4 [x, y] pairs" if shape == (4, 2) else "rows of [x, y] control points (at least 2x2)"


def load_calibration(path: Path) -> Calibration:
    """Read a calibration file; a missing file is an empty calibration (every output unwarped), a
    broken one a user error naming the file and key."""
    path = Path(path)
    if not path.exists():
        return Calibration(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: not a readable calibration file ({exc}); expected TOML as written by "
                        f"lumen (docs/wall.md)") from None
    outputs = raw.get("outputs", {})
    if not isinstance(outputs, dict):
        raise UserError(f"{path}: outputs: expected tables [outputs.NAME], got {type(outputs).__name__}")
    calibration = Calibration(path)
    for name, table in outputs.items():
        where = f"outputs.{name}"
        try:
            if not isinstance(table, dict):
                raise ValueError(f"{where}: expected a table, got {type(table).__name__}")
            unknown = set(table) - {"corners", "mesh"}
            if unknown:
                raise ValueError(f"{where}.{sorted(unknown)[0]}: unknown key; expected corners, mesh")
            corners = _points(table.get("corners", UNIT_CORNERS.tolist()), f"{where}.corners", (4, 2))
            if not convex(corners):
                raise ValueError(f"{where}.corners: expected a convex quadrilateral (top-left, top-right, "
                                 f"bottom-right, bottom-left), got {corners.tolist()}")
            mesh = None
            if "mesh" in table:
                mesh = _points(table["mesh"], f"{where}.mesh", (-1, -1, 2))
                if not (2 <= mesh.shape[0] <= MAX_MESH and 2 <= mesh.shape[1] <= MAX_MESH):
                    raise ValueError(f"{where}.mesh: expected 2..{MAX_MESH} rows and columns, got "
                                     f"{mesh.shape[0]}x{mesh.shape[1]}")
        except ValueError as exc:
            raise UserError(f"{path}: {exc}") from None
        calibration.outputs[name] = OutputWarp(corners, mesh)
    return calibration


def mesh_of(cols: int, rows: int) -> np.ndarray:
    """A flat mesh of the given size, checked: staff ask for one by OSC."""
    if not (2 <= cols <= MAX_MESH and 2 <= rows <= MAX_MESH) or not all(map(math.isfinite, (cols, rows))):
        raise ValueError(f"mesh size {cols}x{rows}: expected 2..{MAX_MESH} columns and rows")
    return identity_mesh(int(cols), int(rows))
