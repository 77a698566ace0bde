"""Mapping files for the anonymizer: ZIP -> district, payer -> income band, CDT code -> event kind."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from lumen.assets import DATA
from lumen.errors import UserError
from lumen.records.privacy import identifier_kind
from lumen.records.schema import EVENT_KINDS, INCOME_BANDS

DEFAULT_DISTRICTS = DATA / "harmonia-districts.csv"
DEFAULT_PAYERS = DATA / "harmonia-payers.csv"
DEFAULT_CDT = DATA / "harmonia-cdt.csv"
OTHER = "other"  # the district of unmapped ZIPs and of merged small districts
# Export columns the anonymizer reads; every other column is dropped unread.
USED_COLUMNS = ("patient_id", "date_of_birth", "zip", "visit_date", "cdt_code", "payer", "channel")
BARRIER_REASONS = ("cost", "distance", "network", "hours", "fear", "other")


def _rows(path: Path, header: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != header:
                raise UserError(f"{path}:1: expected the header {','.join(header)}")
            return [dict(r, _line=str(reader.line_num)) for r in reader]
    except OSError as err:
        raise UserError(f"{path}: cannot read mapping file ({err.strerror})") from None


@dataclass(frozen=True)
class Districts:
    """ZIP -> district, and each district's population (the sum of its ZIPs')."""

    zip_to_district: dict[str, str]
    population: dict[str, int]


def load_districts(path: Path = DEFAULT_DISTRICTS) -> Districts:
    """Read a zip,district,population file."""
    z2d: dict[str, str] = {}
    pop: dict[str, int] = {}
    for r in _rows(path, ("zip", "district", "population")):
        where = f"{path}:{r['_line']}"
        if not (len(r["zip"]) == 5 and r["zip"].isdigit()):
            raise UserError(f"{where}: zip: expected 5 digits")
        if not r["population"].isdigit():
            raise UserError(f"{where}: population: expected a whole number")
        name = r["district"].strip()
        if not name or len(name) > 64 or identifier_kind(name):
            raise UserError(f"{where}: district: expected a coarse area name of 1-64 characters")
        if r["zip"] in z2d:
            raise UserError(f"{where}: zip: listed twice")
        z2d[r["zip"]] = name
        pop[name] = pop.get(name, 0) + int(r["population"])
    return Districts(z2d, pop)


def load_payers(path: Path = DEFAULT_PAYERS) -> dict[str, str]:
    """Read a payer,income_band file."""
    out = {}
    for r in _rows(path, ("payer", "income_band")):
        if r["income_band"] not in INCOME_BANDS:
            raise UserError(f"{path}:{r['_line']}: income_band: expected one of {', '.join(INCOME_BANDS)}")
        out[r["payer"].strip().lower()] = r["income_band"]
    return out


def load_cdt(path: Path = DEFAULT_CDT) -> list[tuple[str, str, str]]:
    """Read a from,to,kind file of CDT code ranges (first matching row wins)."""
    out = []
    for r in _rows(path, ("from", "to", "kind")):
        if r["kind"] not in EVENT_KINDS:
            raise UserError(f"{path}:{r['_line']}: kind: expected one of {', '.join(EVENT_KINDS)}")
        out.append((r["from"].strip().upper(), r["to"].strip().upper(), r["kind"]))
    return out


def cdt_kind(code: str, ranges: list[tuple[str, str, str]]) -> str | None:
    """The event kind of a CDT code (BARRIER:<reason> matches the BARRIER row), or None."""
    code = code.strip().upper()
    key = code.split(":", 1)[0] if code.startswith("BARRIER:") else code
    for lo, hi, kind in ranges:
        # Dnnnn codes compare as strings of equal length; special codes must match exactly.
        if (lo == hi == key) or (len(key) == len(lo) == len(hi) and key[0] == "D" and lo <= key <= hi):
            return kind
    return None


def parse_column_map(text: str | None) -> dict[str, str]:
    """'patient_id=PID,visit_date=Date' -> {standard name: export column name}."""
    if not text:
        return {}
    out = {}
    for part in text.split(","):
        std, sep, theirs = part.partition("=")
        std, theirs = std.strip(), theirs.strip()
        if not sep or not theirs:
            raise UserError(f"--columns: expected STANDARD=EXPORT pairs separated by commas, got {part!r}")
        if std not in USED_COLUMNS:
            raise UserError(f"--columns: {std!r} is not a column the anonymizer reads "
                            f"(one of {', '.join(USED_COLUMNS)})")
        out[std] = theirs
    return out
