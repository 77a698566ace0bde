"""`lumen export`: the pipeline on a fixed timestep (frame k at start + k / fps, never the wall clock)
to an MP4, a GIF or a folder of PNGs, with the flash guard on the frames that are written.

The loop overlaps its stages: frame k's pixels go into a pixel buffer while frame k+1 renders,
and are handed to the writer (ffmpeg's own process, or a PNG thread) after that, so rendering,
reading back and encoding run side by side. Ctrl-C or SIGTERM stops the loop, flushes what was
rendered and closes the file properly."""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lumen.errors import UserError
from lumen.export.ffmpeg import FfmpegSink, gif_comment
from lumen.export.frames import FrameFolder
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.provenance import Provenance, provenance_of, time_text
from lumen.records.progress import Progress
from lumen.safety.surface import FlashGuard

log = logging.getLogger("lumen.export")

COMPONENTS = 4     # RGBA readback: llvmpipe's native layout, no repacking on the way out
VIDEO_SUFFIXES = (".mp4", ".gif")


@dataclass
class ClipSpec:
    """What to export."""

    out: Path
    start: float = 0.0
    duration: float = 10.0
    fps: float = 30.0
    size: tuple[int, int] | None = None
    overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    guard: bool = True
    preset: str = "veryfast"
    crf: int = 18

    @property
    def frames(self) -> int:
        return max(1, round(self.duration * self.fps))

    def time_of(self, index: int) -> float:
        return self.start + index / self.fps

    @property
    def kind(self) -> str:
        suffix = self.out.suffix.lower()
        if suffix in VIDEO_SUFFIXES:
            return suffix[1:]
        if suffix:
            raise UserError(f"{self.out}: expected a .mp4 or .gif file, or a folder (no suffix, or ending in /)")
        return "frames"


@dataclass
class ClipResult:
    """What an export wrote."""

    path: Path
    frames: int
    planned: int
    interrupted: bool
    provenance: Provenance
    interventions: int = 0
    worst_output: int = 0     # most transitions over the area shown in any second (guarded exports)


class StopSignals:
    """While active, Ctrl-C and SIGTERM ask the loop to stop after the frame in hand (a second Ctrl-C
    stops at once); handlers are installed on the main thread only."""

    def __init__(self):
        self.requested = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._stop)
        return self

    def _stop(self, signum, frame) -> None:
        if self.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def _sink(spec: ClipSpec, size: tuple[int, int], facts: Provenance):
    if spec.kind == "frames":
        return FrameFolder(spec.out, size, spec.fps, spec.start, COMPONENTS, facts, spec.frames)
    return FfmpegSink(spec.out, size, spec.fps, COMPONENTS, facts.fields() if spec.kind == "mp4" else {},
                      spec.preset, spec.crf)


def export_clip(renderer: HeadlessRenderer, spec: ClipSpec, progress: Progress | None = None) -> ClipResult:
    """Render spec.frames frames and write them; returns what was written (also after an interrupt)."""
    exhibit, pipeline, ctx = renderer.exhibit, renderer.pipeline, renderer.ctx
    size = spec.size or exhibit.size
    guard = FlashGuard(ctx, pipeline, size, label=spec.out.name) if spec.guard else None
    if not spec.guard:
        log.warning("flash guard OFF for %s (--no-flash-guard): frames are written as rendered", spec.out)
    facts = provenance_of(exhibit, time_text(spec.start, spec.start + spec.frames / spec.fps), size,
                          guard="on" if guard else "off")
    sink = _sink(spec, size, facts)
    buffers = [ctx.buffer(reserve=size[0] * size[1] * COMPONENTS) for _ in range(2)]
    rendered = 0
    try:
        with StopSignals() as stop:
            for index in range(spec.frames):
                if stop.requested:
                    break
                time = spec.time_of(index)
                overrides = guard.overrides(time, spec.overrides) if guard else spec.overrides
                target = pipeline.render(pipeline.frame(time, size, None, overrides))[pipeline.output_name]
                shown = guard.apply(target, time) if guard else target
                shown.fbo.read_into(buffers[index % 2], components=COMPONENTS)
                rendered = index + 1
                if index > 0:   # the frame before, read back while this one rendered
                    _hand_over(sink, buffers[(index - 1) % 2], progress)
            interrupted = stop.requested
        if rendered:
            _hand_over(sink, buffers[(rendered - 1) % 2], progress)
    finally:
        written = sink.close()
        for buffer in buffers:
            buffer.release()
    if interrupted:
        log.warning("export interrupted after %d of %d frames; %s is complete up to there", written, spec.frames,
                    spec.out)
    if spec.kind == "gif":
        gif_comment(spec.out, "; ".join(f"{k}={v}" for k, v in facts.fields().items()))
    result = ClipResult(spec.out, written, spec.frames, interrupted, facts)
    if guard is not None:
        guard.finish()
        result.interventions = guard.controller.interventions
        result.worst_output = guard.controller.worst_output
        guard.release()
    return result


def _hand_over(sink, buffer, progress: Progress | None) -> None:
    sink.put(buffer.read())
    if progress:
        progress.advance()
