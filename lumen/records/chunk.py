"""Chunk: the columns and rejects decoded from one piece of one file, and how pieces join."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lumen.errors import UserError


@dataclass
class Reject:
    """One problem in one record, located by file index and line, with the line's hash."""

    file: int
    line: int
    field: str
    code: str
    expected: str
    line_hash: str


@dataclass
class Chunk:
    """Accepted journeys of one piece of input as columns, plus rejected records and counts."""

    file: int
    n_lines: int = 0  # physical lines covered, to number the lines of the next piece
    read: int = 0  # records read (non-blank lines, or journeys for CSV)
    rejected: int = 0  # records rejected here (each may have several Reject entries)
    lines: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # line of each journey
    file_of: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # file of each journey
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, "S4"))
    district: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))  # into .districts
    districts: tuple[str, ...] = ()
    age_band: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    income_band: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    event_day: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    event_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    event_channel: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    event_outcome: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    rejects: list[Reject] = field(default_factory=list)

    def shift_lines(self, offset: int) -> None:
        """Renumber lines after learning how many lines came before this piece."""
        self.lines = self.lines + offset
        for r in self.rejects:
            r.line += offset


def _join(arrays: list[np.ndarray]) -> np.ndarray:
    """Concatenate, without a copy when there is one array (loads often have one piece)."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def concat(chunks: list[Chunk]) -> Chunk:
    """Join pieces in order into one Chunk, with one sorted district table."""
    if not chunks:
        return Chunk(file=-1)
    names = sorted({d for c in chunks for d in c.districts})
    code = {d: i for i, d in enumerate(names)}
    if len(names) > np.iinfo(np.int16).max:
        raise UserError(f"{len(names)} distinct districts; schema 1 districts are coarse areas "
                        "(at most 32767 names)")
    districts = []
    for c in chunks:
        # Remap each piece's local district codes to the shared sorted table.
        remap = np.array([code[d] for d in c.districts] or [0], dtype=np.int16)
        districts.append(remap[c.district] if c.district.size else c.district)
    width = max([c.ids.dtype.itemsize for c in chunks] + [4])
    out = Chunk(file=-1, n_lines=sum(c.n_lines for c in chunks), read=sum(c.read for c in chunks),
                rejected=sum(c.rejected for c in chunks), districts=tuple(names))
    out.file_of = _join([
        c.file_of if c.file < 0 else np.full(len(c.lines), c.file, np.int32) for c in chunks])
    out.lines = _join([c.lines for c in chunks])
    out.ids = _join([c.ids.astype(f"S{width}", copy=False) for c in chunks])
    out.district = _join(districts).astype(np.int16, copy=False)
    for name in ("age_band", "income_band", "counts", "event_day", "event_kind", "event_channel",
                 "event_outcome"):
        setattr(out, name, _join([getattr(c, name) for c in chunks]))
    out.rejects = [r for c in chunks for r in c.rejects]
    return out
