"""Frames piped to ffmpeg (the binary that ships in the imageio-ffmpeg wheel), x264 or a GIF palette.

The encoder is its own process: x264 runs on its own threads beside the renderer, never under
Python's lock. A writer thread feeds the pipe, so rendering the next frame overlaps encoding this
one. ffmpeg is started in its own session, so a Ctrl-C on the terminal reaches lumen only, which
then closes the pipe and lets ffmpeg finish the file; if lumen is killed outright, ffmpeg reads the
end of the pipe and finishes it all the same. MP4s are fragmented (a fragment a keyframe, one
keyframe a second), so even a killed ffmpeg leaves every finished fragment playable."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import tempfile
import threading
from pathlib import Path

from lumen.errors import UserError

QUEUE_FRAMES = 3   # frames waiting for the encoder: enough to smooth its pace, little memory
_FIELD = re.compile(r"^((?:[^=\\]|\\.)+)=(.*)$")    # ffmetadata: key=value, '=' ';' '#' '\\' escaped
_UNESCAPE = re.compile(r"\\(.)")


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped with imageio-ffmpeg."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise UserError("video needs the imageio-ffmpeg package (pip install imageio-ffmpeg)") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


def encode_args(out: Path, size: tuple[int, int], fps: float, pix_fmt: str, metadata: dict[str, str],
                preset: str, crf: int) -> list[str]:
    """The ffmpeg command line for raw bottom-up frames on stdin to `out` (.mp4 or .gif)."""
    w, h = size
    head = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", pix_fmt,
            "-s", f"{w}x{h}", "-framerate", f"{fps:g}", "-i", "pipe:0"]
    if out.suffix.lower() == ".gif":
        graph = "vflip,split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a"
        return head + ["-filter_complex", graph, "-loop", "0", "-f", "gif", "-y", str(out)]
    even = ",pad=ceil(iw/2)*2:ceil(ih/2)*2" if w % 2 or h % 2 else ""  # 4:2:0 needs even sizes
    tags = [arg for key, value in metadata.items() for arg in ("-metadata", f"{key}={value}")]
    return head + [
        "-vf", f"vflip{even},scale=out_color_matrix=bt709:out_range=tv",
        "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p",
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "iec61966-2-1",
        "-g", str(max(1, round(fps))),
        "-movflags", "+frag_keyframe+empty_moov+default_base_moof+use_metadata_tags",
        *tags, "-f", "mp4", "-y", str(out)]


class FfmpegSink:
    """Takes raw frames (bottom row first, as GL reads them) and encodes them in the background."""

    def __init__(self, out: Path, size: tuple[int, int], fps: float, components: int = 4,
                 metadata: dict[str, str] | None = None, preset: str = "veryfast", crf: int = 18):
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.frame_bytes = size[0] * size[1] * components
        self._log = tempfile.TemporaryFile()
        args = encode_args(self.out, size, fps, {3: "rgb24", 4: "rgba"}[components], metadata or {}, preset, crf)
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log,
                                        start_new_session=True)
        self.written = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(QUEUE_FRAMES)
        self._thread = threading.Thread(target=self._pump, name="lumen-ffmpeg-writer", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while (raw := self._queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                self.process.stdin.write(raw)
                self.written += 1
            except (BrokenPipeError, OSError) as exc:
                self.error = exc

    def put(self, raw: bytes) -> None:
        """Queue one frame; blocks while the encoder is QUEUE_FRAMES behind."""
        if len(raw) != self.frame_bytes:
            raise ValueError(f"frame of {len(raw)} bytes, expected {self.frame_bytes}")
        if self.error is not None:
            raise UserError(f"{self.out}: the encoder stopped: {self._stderr()}")
        self._queue.put(raw)

    def close(self) -> int:
        """Flush the queued frames, let ffmpeg finish the file; return the frames written."""
        self._queue.put(None)
        self._thread.join()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        code = self.process.wait()
        if code != 0 or self.error is not None:
            raise UserError(f"{self.out}: ffmpeg failed (exit {code}): {self._stderr()}")
        self._log.close()
        return self.written

    def _stderr(self) -> str:
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace").strip()
        return text[-800:] or "no message"


def probe(path: Path) -> dict[str, str]:
    """A file's container metadata as ffmpeg reads it (key=value lines of ffmetadata)."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "ffmetadata",
                             "-"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    fields = {}
    for line in result.stdout.splitlines():
        match = _FIELD.match(line)
        if match and not line.startswith(";"):
            fields[_UNESCAPE.sub(r"\1", match.group(1))] = _UNESCAPE.sub(r"\1", match.group(2))
    return fields


def gif_comment(path: Path, text: str) -> None:
    """Insert a GIF89a comment extension (the provenance) after the header and global colour table."""
    data = Path(path).read_bytes()
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        return
    packed = data[10]
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    raw = text.encode("ascii", "replace")
    blocks = b"".join(bytes([len(raw[i:i + 255])]) + raw[i:i + 255] for i in range(0, len(raw), 255))
    tmp = Path(path).with_name(f".{Path(path).name}.tmp")
    tmp.write_bytes(b"GIF89a" + data[6:at] + b"\x21\xfe" + blocks + b"\x00" + data[at:])
    os.replace(tmp, path)
