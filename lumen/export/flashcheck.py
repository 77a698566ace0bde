"""`lumen flashcheck`: count flashes in a video or a folder of frames with the guard's own measure and
counting, report each second's flashes over the area and the worst region.

The area threshold comes from the room the file was made for, when it says (lumen writes its
exhibit's `[safety]` into every video and frame set as `lumen:room`), else WCAG's default."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from lumen.errors import UserError
from lumen.export.ffmpeg import ffmpeg_exe, probe
from lumen.safety.count import MAX_FLASHES, FlashCounter, region_box
from lumen.safety.geometry import FlashGeometry, flash_geometry
from lumen.safety.measure import measure_frame

_ROOM = re.compile(r"screen_width_m=([\d.]+)\s+viewing_distance_m=([\d.]+)")


@dataclass
class FlashReport:
    """Per-second flash counts over the area, and the worst window."""

    source: str
    fps: float
    size: tuple[int, int]
    geometry: str
    frames: int = 0
    per_second: list[int] = field(default_factory=list)
    worst_flashes: int = 0
    worst_time: float = 0.0
    worst_region: tuple[int, int, int, int] | None = None

    @property
    def hazard(self) -> bool:
        return self.worst_flashes > MAX_FLASHES

    def as_dict(self) -> dict:
        return {"source": self.source, "fps": self.fps, "size": list(self.size), "frames": self.frames,
                "geometry": self.geometry, "per_second": self.per_second, "max_flashes": MAX_FLASHES,
                "worst": {"flashes": self.worst_flashes, "time": round(self.worst_time, 4),
                          "region": list(self.worst_region) if self.worst_region else None},
                "hazard": self.hazard}

    def text(self) -> str:
        verdict = "HAZARD" if self.hazard else "ok"
        lines = [f"{self.source}: {verdict}: at most {self.worst_flashes} flashes in a second over the area "
                 f"(more than {MAX_FLASHES} is a hazard); {self.frames} frames at {self.fps:g} fps, {self.geometry}"]
        if self.worst_region and self.worst_flashes:
            x, y, w, h = self.worst_region
            lines.append(f"worst: {self.worst_flashes} flashes in the second ending at t={self.worst_time:.3f}s, "
                         f"over {w}x{h} px at ({x}, {y})")
        lines.append("flashes per second: " + " ".join(str(n) for n in self.per_second))
        return "\n".join(lines)


def room_of(text: str | None) -> tuple[float, float] | tuple[None, None]:
    """(screen_width_m, viewing_distance_m) from a `lumen:room` value, or (None, None)."""
    match = _ROOM.search(text or "")
    return (float(match.group(1)), float(match.group(2))) if match else (None, None)


def check_frames(frames: Iterator[np.ndarray], fps: float, source: str, room: tuple = (None, None)) -> FlashReport:
    """Count flashes in (H, W, 3|4) uint8 frames shown at `fps`."""
    counter: FlashCounter | None = None
    geometry: FlashGeometry | None = None
    report: FlashReport | None = None
    for index, frame in enumerate(frames):
        if counter is None:
            geometry = flash_geometry((frame.shape[1], frame.shape[0]), *room)
            counter = FlashCounter(geometry)
            report = FlashReport(source, fps, geometry.size, geometry.describe())
        time = index / fps
        window = counter.push(time, *measure_frame(frame, geometry))
        second = int(math.floor(time + 1e-9))
        report.per_second.extend([0] * (second + 1 - len(report.per_second)))
        report.per_second[second] = max(report.per_second[second], window.flashes)
        if window.flashes > report.worst_flashes:
            report.worst_flashes, report.worst_time = window.flashes, time
            report.worst_region = region_box(window, geometry, window.over_area)
        report.frames += 1
    if report is None:
        raise UserError(f"{source}: no frames to check")
    return report


def check_video(path: Path) -> FlashReport:
    """Decode a video with imageio-ffmpeg's ffmpeg and check it."""
    import imageio_ffmpeg

    ffmpeg_exe()  # a clear error when imageio-ffmpeg is missing
    room = room_of(probe(path).get("lumen:room"))
    reader = imageio_ffmpeg.read_frames(str(path), pix_fmt="rgb24", output_params=["-sws_flags", "accurate_rnd"])
    try:
        meta = next(reader)
    except (RuntimeError, OSError, StopIteration) as exc:
        raise UserError(f"{path}: cannot decode video ({exc})") from None
    w, h = meta["size"]
    frames = (np.frombuffer(raw, np.uint8).reshape(h, w, 3) for raw in reader)
    return check_frames(frames, float(meta["fps"]), str(path), room)


def check_folder(path: Path, fps: float | None) -> FlashReport:
    """Check a folder of PNG frames in name order; fps from --fps or its lumen manifest."""
    manifest = path / "manifest.json"
    meta = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    fps = fps or meta.get("fps")
    if not fps:
        raise UserError(f"{path}: give --fps F for a folder of frames (it has no lumen manifest.json)")
    files = sorted(p for p in path.glob("*.png") if not p.name.startswith("."))
    if not files:
        raise UserError(f"{path}: no PNG frames in the folder")
    room = room_of(meta.get("provenance", {}).get("lumen:room"))
    frames = (np.asarray(Image.open(f).convert("RGB")) for f in files)
    return check_frames(frames, float(fps), str(path), room)
