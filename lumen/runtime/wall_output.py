"""One projector of a wall, in the show: the slice of the canvas the pipeline renders, its edge blend,
its warp as staff adjust it, and the calibration test pattern. lumen/wall does the work; this wires it
to the show's surface, commands and status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lumen.errors import UserError
from lumen.gl.targets import Target
from lumen.passes.frame import Region
from lumen.pipeline.regions import Crop
from lumen.runtime.logs import log
from lumen.wall.calibration import Calibration, load_calibration
from lumen.wall.editor import WarpEditor
from lumen.wall.pattern import draw_test_pattern
from lumen.wall.slice_frame import SliceFrame
from lumen.wall.slices import SliceSetup, slice_setup
from lumen.wall.warp_draw import WarpDraw

NUDGE_COARSE = 10   # pixels a nudge moves with Shift held


@dataclass
class WallOptions:
    """The wall part of `lumen run`: a slice, a calibration, and this machine's role in the show."""

    slice: str | None = None
    calibration: Path | None = None
    blend: bool = True
    lead: bool = False
    follow: tuple[str, int] | None = None     # the leader's host and OSC port
    allow: tuple[str, ...] = ()               # sources a follower accepts besides its leader's


class Projector:
    """The show's output stage for one projector: crop() and finish() a frame, present() it."""

    def __init__(self, opts: WallOptions, exhibit, canvas: tuple[int, int]):
        self.opts = opts
        self.canvas = canvas
        self.setup: SliceSetup | None = slice_setup(exhibit, opts.slice, canvas) if opts.slice else None
        self.name = opts.slice or "canvas"
        calibration, broken = None, ""
        if opts.calibration is not None:
            try:
                calibration = load_calibration(opts.calibration)
            except UserError as err:
                # A venue must never go dark over a calibration file: show unwarped, say why.
                log.error("calibration: %s; the show starts unwarped (fix the file, or adjust the warp "
                          "again: the broken file is moved aside at the first save)", err)
                broken = str(err)
                calibration = Calibration(opts.calibration)
        self.error = broken
        self.editor = WarpEditor(self.name, calibration, self.size, broken)
        self.pattern_on = False
        self._stage: SliceFrame | None = None
        self._warp: WarpDraw | None = None
        self._warp_version = -1
        self._pattern_key = None

    @property
    def size(self) -> tuple[int, int]:
        """The projector's frame: the slice, or the whole canvas."""
        return self.setup.size if self.setup is not None else self.canvas

    def region(self) -> Region | None:
        """Where the slice lies on the canvas, in GL coordinates (None: the whole canvas)."""
        return Crop(*self.setup.rect).to_region(self.canvas) if self.setup is not None else None

    def _stage_for(self, ctx) -> SliceFrame | None:
        if self.setup is not None and self._stage is None:
            self._stage = SliceFrame(ctx, self.setup, self.opts.blend)
        return self._stage

    def crop(self, ctx, target: Target, crop: Region | None) -> Target:
        """The slice of the pipeline's output (the flash guard measures this)."""
        stage = self._stage_for(ctx)
        return stage.crop(target, crop) if stage is not None else target

    def finish(self, ctx, target: Target) -> Target:
        """The edge blend over the overlaps, or the test pattern in the frame's place."""
        stage = self._stage_for(ctx)
        if self.pattern_on:
            key = (self.editor.version, self.editor.selected)
            if stage is None:
                stage = self._stage = SliceFrame(ctx, SliceSetup(self.name, (0, 0, *self.canvas), ()), False)
            if key != self._pattern_key:
                self._pattern = stage.pattern(draw_test_pattern(stage.setup, self.editor.warp, self.editor.selected))
                self._pattern_key = key
            return self._pattern
        return stage.blend(target) if stage is not None else target

    def warp_for(self, ctx) -> WarpDraw | None:
        """The warp to present through, or None while it is the identity (the plain presenter is exact)."""
        if self.editor.warp.identity and not self.pattern_on:
            return None
        if self._warp is None:
            self._warp = WarpDraw(ctx, self.editor.warp)
        elif self._warp_version != self.editor.version:
            self._warp.set(self.editor.warp)
        self._warp_version = self.editor.version
        return self._warp

    def release(self) -> None:
        """Release the GL objects (the surface is going); they are made again on the next frame."""
        for obj in (self._stage, self._warp):
            if obj is not None:
                obj.release()
        self._stage = self._warp = None
        self._pattern_key = None

    # ---- staff commands (keys and OSC) -----------------------------------------------------------
    def command(self, name: str, args: tuple, source: str) -> str:
        """Apply a warp command; returns what happened, for the log. Keys other than the pattern's
        toggle act only while the test pattern is on, so a stray key never moves a live show."""
        if name == "warp_pattern":
            self.pattern_on = (not self.pattern_on) if not args else bool(float(args[0]))
            return f"test pattern {'on' if self.pattern_on else 'off'}"
        if source == "key" and not self.pattern_on:
            return "ignored: warp keys act only with the test pattern on (F2)"
        editor = self.editor
        if name == "warp_select":
            return f"selected {editor.select(args[0] if args else '+1')}"
        if name == "warp_nudge":
            dx, dy = float(args[0]), float(args[1])
            if len(args) > 2 and args[2] == "coarse":
                dx, dy = dx * NUDGE_COARSE, dy * NUDGE_COARSE
            editor.nudge(dx, dy)
            return f"{editor.warp.handle_name(editor.selected)} nudged by {dx:g},{dy:g} px"
        if name == "warp_corner":
            editor.set_corner(int(float(args[0])), float(args[1]), float(args[2]))
            return f"corner {args[0]} set"
        if name == "warp_mesh":
            editor.set_mesh(int(float(args[0])), int(float(args[1])) if len(args) > 1 else int(float(args[0])))
            return f"mesh {editor.warp.mesh.shape[1]}x{editor.warp.mesh.shape[0]}" if editor.warp.mesh is not None \
                else "mesh off"
        if name == "warp_reset":
            editor.reset()
            return "warp reset"
        raise KeyError(f"unknown warp command {name!r}")

    def status(self) -> dict:
        return {"slice": self.opts.slice, "calibrating": self.pattern_on, "warped": not self.editor.warp.identity,
                "warp_selected": self.editor.warp.handle_name(self.editor.selected),
                "calibration": str(self.opts.calibration) if self.opts.calibration else None,
                "calibration_error": self.error, "blend": self.opts.blend and bool(self.setup and self.setup.overlaps)}
