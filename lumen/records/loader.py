"""load_records: every load path (JSONL, CSV) through validation, the privacy guard and quarantine."""

from __future__ import annotations

import os
import queue
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from lumen.errors import CheckFailed, UserError
from lumen.records.chunk import Chunk, Reject, concat
from lumen.records.journeys import Journeys, empty_journeys
from lumen.records.postcheck import post_checks
from lumen.records.quarantine import hash_lines, write_quarantine

PARALLEL_MIN_BYTES = 48 << 20  # below this, starting worker processes costs more than it saves
# "fork" starts workers fastest and suits the command line; a process that holds a GL context (the
# show) must use "spawn": a forked child inherits driver threads' locks in whatever state they were.
START_METHODS = ("fork", "spawn", "forkserver")
PIECES_PER_WORKER = 16  # small pieces let this process and the workers finish close together
BOM = b"\xef\xbb\xbf"


@dataclass
class LoadResult:
    """What a load produced: accepted journeys, counts that always add up, problems and notes."""

    journeys: Journeys
    read: int
    accepted: int
    quarantined: int
    problems: list[str] = field(default_factory=list)  # formatted, one per problem, no raw values
    notes: list[str] = field(default_factory=list)  # harmless oddities (BOM, CRLF)
    file_problems: list[str] = field(default_factory=list)  # whole-file problems (empty file)
    rejects: list[Reject] = field(default_factory=list, repr=False)
    files: list[str] = field(default_factory=list, repr=False)

    def summary(self) -> str:
        """'read N = accepted A + quarantined Q'."""
        return f"read {self.read} = accepted {self.accepted} + quarantined {self.quarantined}"

    def write_quarantine(self, path: Path) -> None:
        """Write (or rewrite) the quarantine file for this load: one line per problem."""
        write_quarantine(Path(path), self.rejects, self.files)

    @property
    def ok(self) -> bool:
        """True when nothing was quarantined and no file had a problem."""
        return self.quarantined == 0 and not self.file_problems


def _split_points(path: Path, start: int, size: int, parts: int) -> list[int]:
    """Byte offsets that cut a file into about equal pieces, each ending at a newline."""
    cuts = [start]
    with open(path, "rb") as f:
        for i in range(1, parts):
            f.seek(start + (size - start) * i // parts)
            f.readline()  # move to the start of the next line
            pos = f.tell()
            if cuts[-1] < pos < size:
                cuts.append(pos)
    return cuts + [size]


def _claim(counter) -> int:
    """Take the next piece number from the counter shared by all decoding processes."""
    with counter.get_lock():
        i = counter.value
        counter.value += 1
    return i


def _piece_worker(path: str, spans, file: int, counter, results) -> None:
    """Worker process: decode pieces until none is left, sending (index, Chunk) back."""
    from lumen.records.jsonl import decode_range

    try:
        while (i := _claim(counter)) < len(spans):
            results.put((i, decode_range(path, *spans[i], file)))
        results.put(None)
    except BaseException as err:  # a bug, not bad data: hand it to the parent to raise
        results.put(("error", repr(err)))


def _decode_pieces(path: str, cuts: list[int], file: int, workers: int, start_method: str) -> list[Chunk]:
    """Decode pieces [cuts[i], cuts[i+1]) here and in workers - 1 processes, each taking the next
    unclaimed piece, so all finish within about one piece of each other."""
    from lumen.records.jsonl import decode_range

    ctx = get_context(start_method)
    spans = list(zip(cuts[:-1], cuts[1:]))
    counter, results = ctx.Value("i", 0), ctx.Queue()
    procs = [ctx.Process(target=_piece_worker, args=(path, spans, file, counter, results), daemon=True)
             for _ in range(workers - 1)]
    for p in procs:
        p.start()
    out: list[Chunk | None] = [None] * len(spans)
    while (i := _claim(counter)) < len(spans):
        out[i] = decode_range(path, *spans[i], file)
    done = 0
    while done < len(procs):  # drain the queue before joining, or a worker could block on it
        try:
            item = results.get(timeout=1.0)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):  # died without reporting: killed, say for memory
                raise RuntimeError("a record decoding worker died; try load_records(workers=1)") from None
            continue
        if item is None:
            done += 1
        elif item[0] == "error":
            raise RuntimeError(f"record decoding worker failed: {item[1]}")
        else:
            out[item[0]] = item[1]
    for p in procs:
        p.join()
    return out


def _load_jsonl(path: Path, file: int, notes: list[str], workers: int, start_method: str) -> Chunk | None:
    """Decode one JSONL file, in parallel pieces when it is large."""
    from lumen.records.jsonl import decode_file

    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(4096)
    start = 3 if head.startswith(BOM) else 0
    if start:
        notes.append(f"{path}: a UTF-8 byte-order mark at the start was ignored")
    if b"\r\n" in head:
        notes.append(f"{path}: CRLF line endings were accepted")
    parts = PIECES_PER_WORKER * workers
    cuts = _split_points(path, start, size, parts) if workers > 1 and size >= PARALLEL_MIN_BYTES else []
    if len(cuts) > 2:
        pieces = _decode_pieces(str(path), cuts, file, workers, start_method)
    else:
        pieces = [decode_file(str(path), start, file)]
    offset = 0
    for p in pieces:
        p.shift_lines(offset)
        offset += p.n_lines
    out = concat(pieces)
    out.file_of = np.full(len(out.lines), file, np.int32)
    return out


def load_records(paths, *, quarantine_path: Path | None = None, strict: bool = False,
                 workers: int | None = None, start_method: str = "fork") -> LoadResult:
    """Load schema-1 journeys from JSONL/CSV files; bad records are quarantined, never lost.
    `start_method` starts the decoding processes of large files (see START_METHODS)."""
    from lumen.records.csv_loader import load_csv

    if start_method not in START_METHODS:
        raise ValueError(f"start method {start_method!r}: expected one of {', '.join(START_METHODS)}")
    paths = [Path(p) for p in paths]
    files = [str(p) for p in paths]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    notes: list[str] = []
    file_problems: list[str] = []
    chunks: list[Chunk] = []
    for i, p in enumerate(paths):
        if not p.exists():
            raise UserError(f"{p}: no such file")
        if not p.is_file():
            raise UserError(f"{p}: not a regular file")
        try:
            if p.suffix.lower() == ".csv":
                c = load_csv(p, i, notes)
            else:
                c = _load_jsonl(p, i, notes, workers, start_method)
        except OSError as err:
            raise UserError(f"{p}: cannot read the file ({err.strerror or err})") from None
        if c is None or c.read == 0:
            file_problems.append(f"{p}: empty_file: expected at least one journey (the file holds none)")
            continue
        chunks.append(c)
    if not chunks:
        return _finish(empty_journeys(), 0, 0, [], files, notes, file_problems, quarantine_path, strict)
    data = concat(chunks)
    keep, post = post_checks(data)
    rejects = data.rejects + post
    # Records rejected after decoding still need their line hash: read those lines again.
    for i, p in enumerate(paths):
        todo = [r.line for r in post if r.file == i]
        if todo:
            hashes = hash_lines(p, todo, skip_bom=p.suffix.lower() != ".csv")
            for r in post:
                if r.file == i:
                    r.line_hash = hashes.get(r.line, "")
    journeys = _to_journeys(data, keep)
    quarantined = data.rejected + int((~keep).sum())
    return _finish(journeys, data.read, quarantined, rejects, files, notes, file_problems,
                   quarantine_path, strict)


def _to_journeys(data: Chunk, keep: np.ndarray) -> Journeys:
    start = np.zeros(len(data.counts) + 1, dtype=np.int64)
    np.cumsum(data.counts, out=start[1:])
    full = Journeys(
        ids=data.ids, district=data.district, districts=data.districts, age_band=data.age_band,
        income_band=data.income_band, event_start=start, event_day=data.event_day,
        event_kind=data.event_kind, event_channel=data.event_channel, event_outcome=data.event_outcome,
    )
    return full if keep.all() else full.subset(keep)


def _finish(journeys, read, quarantined, rejects: list[Reject], files, notes, file_problems,
            quarantine_path, strict) -> LoadResult:
    rejects.sort(key=lambda r: (r.file, r.line))
    if quarantine_path is not None:
        write_quarantine(Path(quarantine_path), rejects, files)
    problems = [f"{files[r.file]}:{r.line}: {r.field}: {r.code}: expected {r.expected}" for r in rejects]
    res = LoadResult(journeys=journeys, read=read, accepted=len(journeys), quarantined=quarantined,
                     problems=problems, notes=notes, file_problems=file_problems, rejects=rejects,
                     files=files)
    if res.read != res.accepted + res.quarantined:  # a bug in a loader, never bad data
        raise RuntimeError(f"record counts do not add up: {res.summary()}")
    if strict and not res.ok:
        shown = (file_problems + problems)[:50]
        more = len(file_problems) + len(problems) - len(shown)
        tail = f"\n... and {more} more problems" if more else ""
        err = CheckFailed("strict check failed: " + res.summary() + "\n" + "\n".join(shown) + tail)
        err.result = res
        raise err
    return res


def check_lines(buf: bytes) -> tuple[int, list[Reject]]:
    """Records given in memory (whole JSONL lines), through exactly the checks a file gets: the
    decoder's validation and privacy guard, then the dataset checks (order, the guard on free
    strings, duplicates). Returns (records read, rejects); nothing is written anywhere."""
    from lumen.records.jsonl import decode_bytes

    data = concat([decode_bytes(buf, file=0)])
    _, post = post_checks(data)
    return data.read, data.rejects + post
