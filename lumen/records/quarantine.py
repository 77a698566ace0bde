"""Quarantine: line hashes and the JSONL file of rejects (never any raw value)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec
import numpy as np

from lumen.records.chunk import Reject


def line_hash(raw: bytes) -> str:
    """A short SHA-256 of a raw line (without its newline), to find the line again."""
    return "sha256:" + hashlib.sha256(raw.rstrip(b"\r\n")).hexdigest()[:16]


def hash_lines(path: Path, line_numbers: list[int], *, skip_bom: bool = True) -> dict[int, str]:
    """Hashes of the given 1-based lines of a file, found with one vectorised newline scan."""
    if not line_numbers:
        return {}
    buf = path.read_bytes()
    if skip_bom and buf.startswith(b"\xef\xbb\xbf"):
        buf = buf[3:]
    nl = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
    starts = np.concatenate([[0], nl + 1])
    ends = np.concatenate([nl, [len(buf)]])
    return {ln: line_hash(buf[starts[ln - 1]:ends[ln - 1]]) for ln in set(line_numbers)}


def write_quarantine(path: Path, rejects: list[Reject], files: list[str]) -> None:
    """Write one JSON object per problem: file, line, field, code, expected, hash."""
    enc = msgspec.json.Encoder()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        for r in rejects:
            f.write(enc.encode({
                "file": files[r.file], "line": r.line, "field": r.field, "code": r.code,
                "expected": r.expected, "hash": r.line_hash,
            }))
            f.write(b"\n")
