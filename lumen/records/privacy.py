"""The privacy guard: refuses identifier-like field names and string values on every load path."""

from __future__ import annotations

import re

import numpy as np

# Field-name fragments that mark a direct identifier (compared after lower-casing and dropping
# punctuation, so "E-Mail", "date_of_birth" and "PatientName" all match).
IDENTIFIER_NAME_PARTS: tuple[str, ...] = (
    "name", "email", "mail", "phone", "tel", "cell", "fax", "mobileno", "address", "addr",
    "street", "zip", "postcode", "postal", "dob", "birth", "ssn", "socialsecurity", "nationalid",
    "passport", "licence", "license", "mrn", "medicalrecord", "patientid", "insuranceid",
    "memberid", "ipaddr", "gps", "latitude", "longitude", "photo", "face", "fingerprint",
    "note", "comment", "provider", "doctor", "dentist", "sex", "gender", "ethnic", "race",
)

_SEP = r"[ ().+-]"  # separators seen inside phone and ID numbers; never a newline
# Each pattern avoids matching across a newline, so one regex pass can scan many joined values.
IDENTIFIER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an e-mail address", re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")),
    ("a full date", re.compile(
        r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
        r"|\d{1,2}[^\S\n]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[^\S\n]+\d{4}"
        r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[^\S\n]+\d{1,2},?[^\S\n]+\d{4})\b",
        re.IGNORECASE)),
    ("a national-ID-like number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\d{9,}")),
    ("a phone number", re.compile(rf"\+?\(?\d(?:{_SEP}{{0,2}}\d){{6,}}")),
    ("a street address", re.compile(
        r"\b\d+[A-Za-z]?[^\S\n]+(?:[A-Za-z'.]+[^\S\n]+){1,4}"
        r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl"
        r"|terrace|square|sq|highway|hwy|parkway|pkwy|close|crescent)\b\.?"
        r"|\bp\.?[^\S\n]?o\.?[^\S\n]+box[^\S\n]+\d+|\b(?:apt|apartment|suite|unit)\.?[^\S\n]+#?\d+",
        re.IGNORECASE)),
)
_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, p in IDENTIFIER_PATTERNS), re.IGNORECASE)


def name_looks_identifier(name: str) -> bool:
    """True when a field name looks like a direct identifier (name, email, phone, dob, ...)."""
    key = re.sub(r"[^a-z]", "", name.lower())
    return any(part in key for part in IDENTIFIER_NAME_PARTS)


def identifier_kind(value: str) -> str | None:
    """Which identifier a string looks like ("an e-mail address", ...), or None when it looks safe."""
    for label, pattern in IDENTIFIER_PATTERNS:
        if pattern.search(value):
            return label
    return None


def scan_values(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Indices of values that look like identifiers, and what each looks like, in one regex pass."""
    # Values cannot hold a newline here (schema strings are single-line), so a joined scan is exact;
    # any value with a newline is scanned on its own to stay correct.
    if not values:
        return np.zeros(0, dtype=np.int64), []
    joined = "\n".join(values)
    hits: set[int] = set()
    if "\n" in joined and joined.count("\n") != len(values) - 1:
        hits = {i for i, v in enumerate(values) if _ANY.search(v)}
    else:
        starts = np.zeros(len(values), dtype=np.int64)
        np.cumsum([len(v) + 1 for v in values[:-1]], out=starts[1:])
        pos = [m.start() for m in _ANY.finditer(joined)]
        if pos:
            hits = set(np.searchsorted(starts, np.array(pos), side="right") - 1)
    idx = np.array(sorted(hits), dtype=np.int64)
    return idx, [identifier_kind(values[i]) or "an identifier" for i in idx.tolist()]


def safe_field_name(name: str) -> str:
    """A field name fit to print and store: itself when harmless, else a placeholder."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ -]{0,39}", name) and identifier_kind(name) is None:
        return name
    return "<unprintable field name>"


def scan_ids(ids: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Like scan_values for an id column (numpy bytes): only ids with 4+ digits can match, so
    a vectorised digit count picks the few candidates before any regex runs."""
    if ids.size == 0:
        return np.zeros(0, dtype=np.int64), []
    # Every pattern an id's character set can form (dates, phone and ID numbers) needs 4+ digits.
    raw = np.frombuffer(ids.tobytes(), dtype=np.uint8).reshape(ids.size, ids.dtype.itemsize)
    digits = ((raw >= 0x30) & (raw <= 0x39)).sum(axis=1)
    cand = np.flatnonzero(digits >= 4)
    sub, kinds = scan_values([ids[i].decode("utf-8", "replace") for i in cand.tolist()])
    return cand[sub], kinds
