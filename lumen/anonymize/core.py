"""anonymize(): clinic export CSV -> schema-1 journeys with keyed pseudonyms, bands, offsets, k-anonymity."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
from collections import Counter
from pathlib import Path

import numpy as np

from lumen.anonymize import mappings as M
from lumen.anonymize.kanon import k_anonymise
from lumen.errors import UserError
from lumen.records.journeys import Journeys
from lumen.records.privacy import safe_field_name
from lumen.records.progress import Progress
from lumen.records.schema import CHANNELS, DAY_MAX, EVENT_KINDS, INCOME_BANDS, NO_OUTCOME

EXPORT_CHANNELS = ("clinic", "network", "mobile", "community")
MIN_KEY_BYTES = 16
AGE_EDGES = (18, 35, 50, 65, 80)  # lower bounds of bands 1..5; 80+ also holds 90+ (top-coded)


def read_key(path: Path) -> bytes:
    """The HMAC key from a file (surrounding whitespace ignored); never echoed or written."""
    try:
        key = Path(path).read_bytes().strip()
    except OSError as err:
        raise UserError(f"{path}: cannot read the key file ({err.strerror})") from None
    if len(key) < MIN_KEY_BYTES:
        raise UserError(f"{path}: the key must be at least {MIN_KEY_BYTES} bytes of secret")
    return key


def pseudonym(key: bytes, patient_id: str) -> str:
    """A keyed HMAC-SHA256 pseudonym of letters only, so the guard never mistakes it for a number."""
    digest = hmac.new(key, patient_id.encode("utf-8"), hashlib.sha256).digest()
    return "p-" + "".join(chr(97 + b % 26) for b in digest[:16])


def age_band(dob: dt.date, first_visit: dt.date) -> int:
    """Band code of the age in whole years at the first visit."""
    years = first_visit.year - dob.year - ((first_visit.month, first_visit.day) < (dob.month, dob.day))
    return int(np.searchsorted(AGE_EDGES, years, side="right"))


def _columns(header: list[str], column_map: dict[str, str], path: Path) -> dict[str, int]:
    where = {name: i for i, name in enumerate(h.strip() for h in header)}
    idx, missing = {}, []
    for std in M.USED_COLUMNS:
        theirs = column_map.get(std, std)
        if theirs in where:
            idx[std] = where[theirs]
        else:
            missing.append(std)
    if missing:
        raise UserError(f"{path}:1: the header lacks the columns {', '.join(missing)} "
                        "(use --columns STANDARD=EXPORT to name them)")
    return idx


def _read_rows(path: Path, column_map: dict[str, str], cdt, payers, rejects: Counter, info: dict):
    """Yield (patient_id, dob, zip, visit, kind, band, channel) for valid rows; count the rest by reason."""
    size = max(path.stat().st_size, 1)
    bar = Progress(f"anonymize {path.name}", size)
    def counted(f):
        # Progress by characters read, so no row count is needed up front.
        for i, line in enumerate(f):
            if i % 4096 == 0:
                bar.advance(0)
            bar.done += len(line)
            yield line

    with open(path, newline="", encoding="utf-8-sig", errors="strict") as f:
        reader = csv.reader(counted(f))
        try:
            header = next(reader)
        except StopIteration:
            raise UserError(f"{path}: empty file, expected a header row") from None
        idx = _columns(header, column_map, path)
        used = set(idx.values())
        info["dropped"] = [safe_field_name(h.strip()) for i, h in enumerate(header) if i not in used]
        width = len(header)
        cols = [idx[c] for c in M.USED_COLUMNS]
        rows = 0
        for row in reader:
            rows += 1
            if len(row) != width:
                rejects["bad_row"] += 1
                continue
            # Only the used columns are picked out; name, address, phone, ... are never touched.
            pid, dob, zip_, visit, code, payer, channel = (row[i].strip() for i in cols)
            try:
                dob_d, visit_d = dt.date.fromisoformat(dob), dt.date.fromisoformat(visit)
            except ValueError:
                rejects["bad_date"] += 1
                continue
            kind = M.cdt_kind(code, cdt)
            reason = code.split(":", 1)[-1].lower()
            if kind is None or (kind == "barrier" and reason not in M.BARRIER_REASONS):
                rejects["unknown_code"] += 1
                continue
            band = payers.get(payer.lower())
            if band is None:
                rejects["unknown_payer"] += 1
                continue
            if channel.lower() not in EXPORT_CHANNELS:
                rejects["unknown_channel"] += 1
                continue
            if not pid:
                rejects["no_patient_id"] += 1
                continue
            chan = "network" if code.lower() == "barrier:network" else channel.lower()
            yield pid, dob_d, zip_, visit_d, kind, band, chan
        bar.close()
    rejects["_rows"] = rows


def anonymize(export: Path, key: bytes, *, k: int = 5, districts: M.Districts | None = None,
              payers: dict[str, str] | None = None, cdt=None, column_map: dict[str, str] | None = None,
              min_district_population: int = 1000) -> tuple[Journeys, dict]:
    """Anonymize a clinic export; return the journeys to write and the report (no identifiers in either)."""
    if k < 1:
        raise UserError("--k: expected k >= 1")
    districts = districts or M.load_districts()
    payers = payers if payers is not None else M.load_payers()
    cdt = cdt if cdt is not None else M.load_cdt()
    rejects: Counter = Counter()
    info: dict = {}
    patients: dict[str, list] = {}
    try:
        for pid, dob, zip_, visit, kind, band, chan in _read_rows(Path(export), column_map or {}, cdt,
                                                                   payers, rejects, info):
            patients.setdefault(pid, []).append((visit, kind, chan, dob, zip_, band))
    except UnicodeDecodeError:
        raise UserError(f"{export}: not UTF-8 text; export the file as UTF-8 CSV") from None
    except csv.Error as err:
        raise UserError(f"{export}: not a readable CSV file ({err})") from None
    rows_read = rejects.pop("_rows", 0)

    first_day = min((v[0] for rows in patients.values() for v in rows), default=dt.date(2000, 1, 1))
    small = {d for d, p in districts.population.items() if p < min_district_population}
    names = sorted({d for d in districts.population if d not in small} | {M.OTHER})
    dcode = {d: i for i, d in enumerate(names)}
    ids, dist, ages, incs, counts, ev = [], [], [], [], [], []
    patient_rejects: Counter = Counter()
    for pid, rows in patients.items():
        rows.sort(key=lambda r: (r[0], EVENT_KINDS.index(r[1]), r[2]))
        visit0, _, _, dob, zip_, band = rows[0]  # journey-level facts come from the first visit
        band_code = age_band(dob, visit0)
        if dob > visit0 or visit0.year - dob.year > 125:
            patient_rejects["implausible_birth_date"] += 1
            continue
        days = [(r[0] - first_day).days for r in rows]
        if days[-1] > DAY_MAX:
            patient_rejects["dates_out_of_range"] += 1
            continue
        d = districts.zip_to_district.get(zip_, M.OTHER)
        ids.append(pseudonym(key, pid))
        dist.append(dcode.get(d, dcode[M.OTHER]))
        ages.append(band_code)
        incs.append(INCOME_BANDS.index(band))
        counts.append(len(rows))
        ev.extend((day, EVENT_KINDS.index(r[1]), CHANNELS.index(r[2])) for day, r in zip(days, rows))

    dist_a = np.array(dist, dtype=np.int16)
    age_a, inc_a = np.array(ages, dtype=np.int8), np.array(incs, dtype=np.int8)
    gen, keep, merged, reached = k_anonymise(dist_a, age_a, inc_a, k, dcode[M.OTHER])
    start = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.array(counts, dtype=np.int64), out=start[1:])
    e = np.array(ev, dtype=np.int64).reshape(-1, 3)
    full = Journeys(
        ids=np.array(ids, dtype="S18") if ids else np.zeros(0, "S18"), district=gen.astype(np.int16),
        districts=tuple(names), age_band=age_a, income_band=inc_a, event_start=start,
        event_day=e[:, 0].astype(np.int32), event_kind=e[:, 1].astype(np.int8),
        event_channel=e[:, 2].astype(np.int8), event_outcome=np.full(len(e), NO_OUTCOME, np.int8),
    )
    # Written in pseudonym order, so the output order tells nothing about the export's order.
    kept = np.flatnonzero(keep)
    out = full.subset(kept[np.argsort(full.ids[kept], kind="stable")])
    report = {
        "rows_read": rows_read,
        "first_date": first_day.isoformat() if patients else None,   # the calendar date of day 0
        "rows_rejected": dict(sorted(rejects.items())),
        "patients": len(patients),
        "journeys_rejected": dict(sorted(patient_rejects.items())),
        "journeys_written": len(out),
        "journeys_suppressed": int((~keep).sum()),
        "events_written": out.n_events,
        "k_requested": k,
        "k_reached": reached,
        "districts_below_population": sorted(small),
        "min_district_population": min_district_population,
        "districts_merged_for_k": sorted(names[m] for m in merged),
        "columns_read": list(M.USED_COLUMNS),
        "columns_dropped": info.get("dropped", []),
    }
    return out, report
