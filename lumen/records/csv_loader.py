"""CSV loader for schema 1: one row per event, consecutive rows of one id form a journey."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from lumen.records import schema as S
from lumen.records.chunk import Chunk, Reject
from lumen.records.privacy import name_looks_identifier, safe_field_name
from lumen.records.quarantine import line_hash
from lumen.records.validate import CODES, check_allowed, check_free_string

_KIND = S.code_of(S.EVENT_KINDS)
_CHAN = S.code_of(S.CHANNELS)
_OUT = S.code_of(S.OUTCOMES)
_AGE = S.code_of(S.AGE_BANDS)
_INC = S.code_of(S.INCOME_BANDS)
REQUIRED = tuple(c for c in S.CSV_HEADER if c != "outcome")


def _split(line: str) -> list[str]:
    """Fields of one CSV line (the csv module only when quotes need it)."""
    return next(csv.reader([line])) if '"' in line else line.split(",")


def _day(text: str, out: list) -> int | None:
    if text.isascii() and text.isdigit():
        value = int(text)
        if value <= S.DAY_MAX:
            return value
        out.append(("day", "out_of_range", CODES["out_of_range"]))
    elif text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        out.append(("day", "not_finite", CODES["not_finite"]))
    elif text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
        out.append(("day", "out_of_range", CODES["out_of_range"]))
    else:
        out.append(("day", "wrong_type", "an integer day"))
    return None


def _check_row(row: dict[str, str], out: list) -> tuple | None:
    """Validate one row; return (day, kind, channel, outcome) codes, or None for a no-event row."""
    check_free_string(row["id"], "id", out, is_id=True)
    check_free_string(row["district"], "district", out, is_id=False)
    check_allowed(row["age_band"], S.AGE_BANDS, "age_band", out)
    check_allowed(row["income_band"], S.INCOME_BANDS, "income_band", out)
    day, kind, chan, outcome = row["day"], row["kind"], row["channel"], row.get("outcome", "")
    if not (day or kind or chan or outcome):
        return None
    for name, value, allowed in (("kind", kind, S.EVENT_KINDS), ("channel", chan, S.CHANNELS)):
        if not value:
            out.append((name, "missing_field", CODES["missing_field"]))
        else:
            check_allowed(value, allowed, name, out)
    if outcome:
        check_allowed(outcome, S.OUTCOMES, "outcome", out)
    d = _day(day, out) if day else out.append(("day", "missing_field", CODES["missing_field"]))
    return (d, _KIND.get(kind, 0), _CHAN.get(chan, 0), _OUT.get(outcome, S.NO_OUTCOME))


def load_csv(path: Path, file: int, notes: list[str]) -> Chunk:
    """Load one schema-1 CSV file into a Chunk; bad journeys become Rejects."""
    buf = path.read_bytes()
    if buf.startswith(b"\xef\xbb\xbf"):
        buf = buf[3:]
        notes.append(f"{path}: a UTF-8 byte-order mark at the start was ignored")
    raws = buf.split(b"\n")
    if b"\r\n" in buf[:65536]:
        notes.append(f"{path}: CRLF line endings were accepted")
    chunk = Chunk(file=file, n_lines=len(raws))
    # Header: first non-blank line.
    hi = next((i for i, r in enumerate(raws) if r.strip()), None)
    if hi is None:
        return chunk
    try:
        header = [h.strip() for h in _split(raws[hi].rstrip(b"\r").decode("utf-8"))]
    except (UnicodeDecodeError, csv.Error):
        header = []
    header_problems = []
    missing = [c for c in REQUIRED if c not in header]
    if missing or len(set(header)) != len(header):
        # Not a header at all (maybe a data row): name no column, its cells may be raw values.
        header_problems.append(("header", "csv_header", CODES["csv_header"]))
        header = []
    for h in header:
        if h not in S.CSV_HEADER:
            code = "identifier_field" if name_looks_identifier(h) else "unknown_field"
            header_problems.append((safe_field_name(h), code, CODES[code]))

    ids, names, ages, incs, lines, counts = [], [], [], [], [], []
    ev: list[tuple] = []
    group: dict | None = None  # the journey being collected: rows, problems, events

    def close(g):
        if g is None:
            return
        chunk.read += 1
        if g["problems"] or header_problems:
            chunk.rejected += 1
            # Header problems belong to every journey; they are reported at its first row.
            located = [(g["line"], g["hash"], *p) for p in header_problems] + g["problems"]
            chunk.rejects.extend(Reject(file, ln, f, c, e, h) for ln, h, f, c, e in located)
            return
        first = g["first"]
        ids.append(first["id"])
        names.append(first["district"])
        ages.append(_AGE[first["age_band"]])
        incs.append(_INC[first["income_band"]])
        lines.append(g["line"])
        counts.append(len(g["events"]))
        ev.extend(g["events"])

    for i in range(hi + 1, len(raws)):
        raw = raws[i].rstrip(b"\r")
        if not raw.strip():
            continue
        ln = i + 1
        h = line_hash(raw)
        code = None
        try:
            text = raw.decode("utf-8")
            if "\x00" in text:
                raise UnicodeDecodeError("utf-8", raw, 0, 1, "NUL byte")
            fields = _split(text)
        except (UnicodeDecodeError, csv.Error) as err:
            code = "bad_encoding" if isinstance(err, UnicodeDecodeError) else "csv_columns"
        else:
            if not header or len(fields) != len(header):
                code = "csv_columns" if header else "csv_header"
        if code is not None:  # an unreadable row ends the journey before it and counts as one of its own
            close(group)
            group = None
            chunk.read += 1
            chunk.rejected += 1
            chunk.rejects.append(Reject(file, ln, "$", code, CODES[code], h))
            continue
        row = dict(zip(header, fields))
        for c in REQUIRED:
            row.setdefault(c, "")
        if group is None or row["id"] != group["first"]["id"]:
            close(group)
            group = {"first": row, "line": ln, "hash": h, "problems": [], "events": [], "empty": False}
        out: list = []
        event = _check_row(row, out)
        g = group
        if any(row[k] != g["first"][k] for k in ("district", "age_band", "income_band")) or (
                g["empty"] or (event is None and (g["events"] or ln != g["line"]))):
            out.append(("$", "inconsistent_journey", CODES["inconsistent_journey"]))
        if event is None:
            g["empty"] = True
        else:
            g["events"].append(event)
        g["problems"].extend((ln, h, f, c, e) for f, c, e in out)
    close(group)

    n = len(ids)
    chunk.ids = np.array(ids, dtype="S") if n else np.zeros(0, "S4")
    local: dict[str, int] = {}
    chunk.district = np.array([local.setdefault(d, len(local)) for d in names], dtype=np.int16)
    chunk.districts = tuple(local)
    chunk.age_band = np.array(ages, dtype=np.int8)
    chunk.income_band = np.array(incs, dtype=np.int8)
    chunk.lines = np.array(lines, dtype=np.int64)
    chunk.counts = np.array(counts, dtype=np.int64)
    e = np.array(ev, dtype=np.int64).reshape(-1, 4)
    chunk.event_day = e[:, 0].astype(np.int32)
    chunk.event_kind, chunk.event_channel, chunk.event_outcome = (e[:, k].astype(np.int8) for k in (1, 2, 3))
    return chunk
