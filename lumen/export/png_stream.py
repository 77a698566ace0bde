"""A PNG written band by band: memory holds one band of rows, never the image.

IHDR, then the text chunks (provenance), then IDAT chunks as zlib hands out compressed bytes, then
IEND. Rows use PNG's Sub filter (each byte minus the one a pixel to its left), computed in numpy
for a whole band at once. The file appears under its name only when complete."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np

from lumen.errors import UserError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDAT_BYTES = 1 << 20      # flush compressed output in chunks of about this size
SUB = 1                   # PNG filter type 1


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def sub_filter(rgb: np.ndarray) -> np.ndarray:
    """(rows, width, 3) uint8 -> (rows, 1 + 3 * width) filtered scanlines (filter byte first)."""
    rows, width, _ = rgb.shape
    flat = rgb.reshape(rows, width * 3)
    out = np.empty((rows, 1 + width * 3), np.uint8)
    out[:, 0] = SUB
    out[:, 1:4] = flat[:, :3]
    np.subtract(flat[:, 3:], flat[:, :-3], out=out[:, 4:], dtype=np.uint8, casting="unsafe")
    return out


class PngStream:
    """Write an RGB8 PNG of `size` from bands of rows, top first."""

    def __init__(self, path: Path, size: tuple[int, int], text: dict[str, str] | None = None, level: int = 6):
        self.path = Path(path)
        self.size = size
        self.rows = 0
        self.tmp = self.path.with_name(f".{self.path.name}.part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(self.tmp, "wb")
        except OSError as exc:
            raise UserError(f"{self.path}: cannot write PNG ({exc.strerror or exc})") from None
        self.zip = zlib.compressobj(level)
        self.pending = bytearray()
        w, h = size
        self.file.write(SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        for key, value in (text or {}).items():
            self.file.write(chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1", "replace")))

    def write(self, rgb: np.ndarray) -> None:
        """Append (rows, width, 3|4) uint8 rows below those written so far."""
        if rgb.shape[1] != self.size[0] or self.rows + rgb.shape[0] > self.size[1]:
            raise ValueError(f"band of {rgb.shape[1]}x{rgb.shape[0]} does not fit the {self.size} image at row {self.rows}")
        self.pending += self.zip.compress(sub_filter(np.ascontiguousarray(rgb[..., :3])).tobytes())
        self.rows += rgb.shape[0]
        if len(self.pending) >= IDAT_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.file.write(chunk(b"IDAT", bytes(self.pending)))
            self.pending.clear()

    def close(self) -> Path:
        """Finish the stream (every row must have been written) and move it under its name."""
        if self.rows != self.size[1]:
            self.abort()
            raise ValueError(f"{self.path}: {self.rows} of {self.size[1]} rows written")
        self.pending += self.zip.flush()
        self._flush()
        self.file.write(chunk(b"IEND", b""))
        self.file.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Drop the partial file."""
        self.file.close()
        self.tmp.unlink(missing_ok=True)
