"""Append-only files that are on disk before the caller goes on: one write per line, then fsync."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a file just created or renamed) survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def repair_tail(path: Path) -> bool:
    """End a file torn mid-line (a power cut) with a newline, so the next line starts clean.
    The torn fragment stays (nothing is ever deleted) and reads as one invalid line."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return False
        f.write(b"\n")
        f.flush()
        os.fsync(f.fileno())
    return True


class AppendFile:
    """One append-only file, opened lazily and kept open; each append is written whole and fsync'd."""

    def __init__(self, path: Path, mode: int = 0o644):
        self.path = path
        self.mode = mode
        self.fd: int | None = None

    def write(self, data: bytes) -> None:
        """Write data at the end (O_APPEND, so a line is never interleaved); durable only after sync()."""
        if self.fd is None:
            created = not self.path.exists()
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self.mode)
            if created:
                fsync_dir(self.path.parent)
        view = memoryview(data)
        while view:  # a regular file takes it in one write; a short write would continue here
            view = view[os.write(self.fd, view):]

    def sync(self) -> None:
        """fsync: what was written is on disk when this returns."""
        if self.fd is not None:
            os.fsync(self.fd)

    def append(self, data: bytes) -> None:
        """write() then sync()."""
        self.write(data)
        self.sync()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def read_json_lines(path: Path) -> list[dict]:
    """The JSON objects of a file, one a line; a torn or foreign line is skipped."""
    if not path.exists():
        return []
    out = []
    for raw in path.read_bytes().splitlines():
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def write_json_atomic(path: Path, value: dict) -> None:
    """Replace a small JSON file whole (temp file, fsync, rename, fsync the folder)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(value, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
