"""Staff adjusting one output's warp live (no GL): a selected handle, nudges in the projector's pixels,
a mesh on request; every change is saved to the venue's calibration file at once."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from lumen.wall.calibration import Calibration, OutputWarp, mesh_of
from lumen.wall.warp import UNIT_CORNERS

log = logging.getLogger("lumen.wall")

CORNER_KEYS = {"tl": 0, "tr": 1, "br": 2, "bl": 3}


class WarpEditor:
    """One output's warp as staff change it. `version` counts changes, so the GL side knows when to
    rebuild its grid; without a calibration file the changes last until the show stops."""

    def __init__(self, output: str, calibration: Calibration | None, output_size: tuple[int, int],
                 broken: str = ""):
        self.output = output
        self.calibration = calibration
        self.warp = calibration.output(output) if calibration is not None else OutputWarp()
        self.size = output_size
        self.selected = 0
        self.version = 0
        self.broken = broken   # the file failed to load: it is moved aside before the first save

    def select(self, spec) -> str:
        """'+1' / '-1' (next, previous), an index, or a corner (tl, tr, br, bl); returns its name."""
        text = str(spec).strip().lower()
        if text in CORNER_KEYS:
            index = CORNER_KEYS[text]
        elif text.startswith(("+", "-")):
            index = (self.selected + int(text)) % self.warp.handles
        else:
            index = int(float(text))
        if not 0 <= index < self.warp.handles:
            raise ValueError(f"warp handle {index}: expected 0..{self.warp.handles - 1} "
                             f"(4 corners, then the mesh's points row by row)")
        self.selected = index
        return self.warp.handle_name(index)

    def nudge(self, dx: float, dy: float) -> bool:
        """Move the selected handle by (dx, dy) pixels of the projector's image (y down)."""
        moved = self.warp.nudge(self.selected, float(dx) / self.size[0], float(dy) / self.size[1])
        if not moved:
            log.warning("warp: moving the %s would fold the picture over; not moved",
                        self.warp.handle_name(self.selected))
        return self._changed(moved)

    def set_corner(self, index: int, x: float, y: float) -> bool:
        """Put a corner at (x, y), fractions of the projector's image."""
        old = self.warp.corners[int(index)].copy()
        return self._changed(self.warp.nudge(int(index), float(x) - old[0], float(y) - old[1]))

    def set_mesh(self, cols: int, rows: int) -> bool:
        """Start a flat mesh of cols x rows control points (0, 0: no mesh), keeping the corner pin."""
        self.warp.mesh = None if int(cols) == 0 else mesh_of(int(cols), int(rows))
        self.selected = min(self.selected, self.warp.handles - 1)
        return self._changed(True)

    def reset(self) -> bool:
        """Back to no warp at all."""
        self.warp.corners, self.warp.mesh, self.selected = UNIT_CORNERS.copy(), None, 0
        return self._changed(True)

    def _changed(self, changed: bool) -> bool:
        if changed:
            self.version += 1
            self.save()
        return changed

    def save(self) -> None:
        """Write the calibration file (atomically); a failure is logged, the show goes on."""
        if self.calibration is None:
            log.info("warp changed; no --calibration FILE, so it lasts until the show stops")
            return
        try:
            if self.broken and self.calibration.path.exists():
                aside = Path(f"{self.calibration.path}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
                os.replace(self.calibration.path, aside)
                log.warning("warp: the unreadable calibration file was moved to %s before saving", aside)
            self.broken = ""
            self.calibration.save()
        except OSError as exc:
            log.error("warp: could not save %s (%s); the change holds until the show stops",
                      self.calibration.path, exc)
