"""The same gate as files: a submission becomes one schema-1 line, checked by lumen.records' own decoder,
validation and privacy guard (what `lumen data check` runs), in memory, before it may be written."""

from __future__ import annotations

import datetime as dt
import secrets

import msgspec

from lumen.records.loader import check_lines
from lumen.web.body import Submission
from lumen.web.choices import month_day

ID_PREFIX = "web-"
# Letters only: with no digit an id can never look like a phone, ID number or date to the guard,
# and 16 of them (75 bits) make a collision in a festival's journal out of reach.
ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
ID_LETTERS = 16
# Receipt codes are read aloud and typed by staff: no 0/O, 1/I/L, 5/S or 2/Z to confuse.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
RECEIPT_CHARS = 8

_ENCODER = msgspec.json.Encoder()


class GateRejected(Exception):
    """The record failed the records gate; problems are (field, code) pairs, never values."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{f}: {c}" for f, c in problems))
        self.problems = problems


def new_id() -> str:
    """A fresh pseudonym from the system's random source: derived from nothing about the person."""
    return ID_PREFIX + "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LETTERS))


def new_receipt() -> str:
    """A short random receipt code such as 'K7PM-3QXT' (about 38 bits), shown once to the resident."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_CHARS))
    return f"{code[:4]}-{code[4:]}"


def record_of(sub: Submission, pseudonym: str, first: dt.date) -> dict:
    """The schema-1 record: months become days (choices.month_day), events in day order."""
    events = sorted(({"day": month_day(e.month, first), "kind": e.kind, "channel": e.channel}
                     for e in sub.events), key=lambda e: e["day"])  # sorted() is stable: ties keep form order
    return {"id": pseudonym, "district": sub.district, "age_band": sub.age_band,
            "income_band": sub.income_band, "events": events}


def line_of(record: dict) -> bytes:
    """One JSON Lines line (with its newline)."""
    return _ENCODER.encode(record) + b"\n"


def check_line(line: bytes) -> None:
    """Run one line through the records loader's checks (lumen.records.loader.check_lines: what
    `lumen data check` runs on a file); raise GateRejected."""
    read, rejects = check_lines(line)
    if rejects or read != 1:
        raise GateRejected([(r.field, r.code) for r in rejects] or [("$", "invalid")])


def gated_line(sub: Submission, first: dt.date) -> tuple[str, bytes]:
    """A fresh id and the submission's checked line."""
    pseudonym = new_id()
    line = line_of(record_of(sub, pseudonym, first))
    check_line(line)
    return pseudonym, line
