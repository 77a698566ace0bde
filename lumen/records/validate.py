"""Record validation: error codes, and a full explanation of every problem in a rejected record."""

from __future__ import annotations

import re

import msgspec

from lumen.records import schema as S
from lumen.records.privacy import identifier_kind, name_looks_identifier, safe_field_name

# Error code -> what was expected. Messages never quote raw values: they may hold identifiers.
CODES: dict[str, str] = {
    "bad_encoding": "UTF-8 text (this line holds bytes that are not UTF-8: binary data?)",
    "bad_json": "one valid JSON object per line",
    "not_finite": "a finite number (NaN and Infinity are not JSON numbers)",
    "too_deep": f"a journey object nested at most {S.MAX_DEPTH} levels deep",
    "line_too_long": f"a line of at most {S.MAX_LINE_BYTES} bytes",
    "not_object": "a JSON object for each journey",
    "missing_field": "this required field",
    "unknown_field": "only the schema-1 fields",
    "identifier_field": "only the schema-1 fields: direct identifiers are not accepted",
    "identifier_value": "an opaque value: direct identifiers are not accepted",
    "wrong_type": "a value of the schema type",
    "bad_value": "one of the allowed values",
    "bad_id": f"an id of {S.ID_MIN_LEN}-{S.ID_MAX_LEN} characters of A-Z a-z 0-9 _ -",
    "bad_length": f"{S.DISTRICT_MIN_LEN}-{S.DISTRICT_MAX_LEN} characters",
    "bad_text": "printable text without control characters",
    "out_of_range": f"an integer day with {S.DAY_MIN} <= day <= {S.DAY_MAX}",
    "duplicate_id": "ids unique in the dataset",
    "unsorted_days": "events in non-decreasing day order",
    "csv_columns": "one value per header column",
    "csv_header": "a header row naming the schema-1 columns: " + ",".join(S.CSV_HEADER),
    "inconsistent_journey": "the same district, age_band and income_band on every row of a journey,"
                            " and a no-event row only for a journey with no other rows",
    "empty_file": "at least one journey",
    "invalid": "a valid schema-1 record",
}


_ALLOWED = {"age_band": S.AGE_BANDS, "income_band": S.INCOME_BANDS}
_EV_ALLOWED = {"kind": S.EVENT_KINDS, "channel": S.CHANNELS, "outcome": S.OUTCOMES}
_BINARY_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STRING_RE = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NONFINITE_RE = re.compile(rb'[:,\[]\s*-?(?:NaN|Infinity|nan|inf)\b')


def nesting_depth(raw: bytes) -> int:
    """Deepest bracket nesting of a JSON text, ignoring brackets inside strings."""
    depth = best = 0
    for ch in _STRING_RE.sub(b'""', raw):
        if ch in (0x5B, 0x7B):  # [ {
            depth += 1
            best = max(best, depth)
        elif ch in (0x5D, 0x7D):  # ] }
            depth -= 1
    return best


def check_allowed(value, allowed: tuple[str, ...], field: str, out: list) -> None:
    """Append a problem unless value is one of the allowed strings."""
    if not isinstance(value, str):
        out.append((field, "wrong_type", "a string: one of " + ", ".join(allowed)))
    elif value not in allowed:
        out.append((field, "bad_value", "one of " + ", ".join(allowed)))


def check_free_string(value, field: str, out: list, *, is_id: bool) -> None:
    """Append a problem unless value is a safe id (is_id) or district name."""
    if not isinstance(value, str):
        out.append((field, "wrong_type", "a string"))
        return
    kind = identifier_kind(value)
    if kind:
        out.append((field, "identifier_value",
                    f"an opaque value, not {kind}: direct identifiers are not accepted"))
    elif is_id and not S.ID_RE.match(value):
        out.append((field, "bad_id", CODES["bad_id"]))
    elif not is_id and not (S.DISTRICT_MIN_LEN <= len(value) <= S.DISTRICT_MAX_LEN):
        out.append((field, "bad_length", CODES["bad_length"]))
    elif not is_id and not S.DISTRICT_RE.match(value):
        out.append((field, "bad_text", CODES["bad_text"]))


def _unknown(key: str, prefix: str, out: list) -> None:
    field = f"{prefix}.{safe_field_name(key)}"
    if name_looks_identifier(key) or identifier_kind(key):
        out.append((field, "identifier_field", CODES["identifier_field"]))
    else:
        out.append((field, "unknown_field", CODES["unknown_field"]))


def explain_event(ev, prefix: str, out: list) -> None:
    """Append (field, code, expected) for every problem of one event object."""
    if not isinstance(ev, dict):
        out.append((prefix, "not_object", "an event object"))
        return
    for key in ev:
        if key not in S.EVENT_FIELDS:
            _unknown(key, prefix, out)
    for key in ("day", "kind", "channel"):
        if key not in ev:
            out.append((f"{prefix}.{key}", "missing_field", CODES["missing_field"]))
    day = ev.get("day")
    if "day" in ev:
        if isinstance(day, bool) or not isinstance(day, int):
            out.append((f"{prefix}.day", "wrong_type", "an integer day"))
        elif not S.DAY_MIN <= day <= S.DAY_MAX:
            out.append((f"{prefix}.day", "out_of_range", CODES["out_of_range"]))
    for key, allowed in _EV_ALLOWED.items():
        if key in ev:
            check_allowed(ev[key], allowed, f"{prefix}.{key}", out)


def explain_record(obj) -> list[tuple[str, str, str]]:
    """Every problem of one decoded journey object as (field, code, expected)."""
    out: list[tuple[str, str, str]] = []
    if not isinstance(obj, dict):
        return [("$", "not_object", CODES["not_object"])]
    for key in obj:
        if key not in S.JOURNEY_FIELDS:
            _unknown(key, "$", out)
    for key in S.JOURNEY_FIELDS:
        if key not in obj:
            out.append((f"$.{key}", "missing_field", CODES["missing_field"]))
    if "id" in obj:
        check_free_string(obj["id"], "$.id", out, is_id=True)
    if "district" in obj:
        check_free_string(obj["district"], "$.district", out, is_id=False)
    for key, allowed in _ALLOWED.items():
        if key in obj:
            check_allowed(obj[key], allowed, f"$.{key}", out)
    events = obj.get("events")
    if "events" in obj and not isinstance(events, list):
        out.append(("$.events", "wrong_type", "a list of event objects"))
    elif isinstance(events, list):
        last = None
        for i, ev in enumerate(events):
            explain_event(ev, f"$.events[{i}]", out)
            day = ev.get("day") if isinstance(ev, dict) else None
            if isinstance(day, int) and not isinstance(day, bool):
                if last is not None and day < last:
                    out.append((f"$.events[{i}].day", "unsorted_days", CODES["unsorted_days"]))
                last = day
    return out


def explain_line(raw: bytes) -> list[tuple[str, str, str]]:
    """Every problem of one raw JSONL line, without trusting it to be text or JSON."""
    if len(raw) > S.MAX_LINE_BYTES:
        return [("$", "line_too_long", CODES["line_too_long"])]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return [("$", "bad_encoding", CODES["bad_encoding"])]
    if _BINARY_RE.search(raw):  # raw control bytes are never valid JSON text: binary data
        return [("$", "bad_encoding", CODES["bad_encoding"])]
    if nesting_depth(raw) > S.MAX_DEPTH:
        return [("$", "too_deep", CODES["too_deep"])]
    try:
        obj = msgspec.json.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        if _NONFINITE_RE.search(_STRING_RE.sub(b'""', raw)):
            return [("$", "not_finite", CODES["not_finite"])]
        return [("$", "bad_json", CODES["bad_json"])]
    return explain_record(obj)


_PATH_RE = re.compile(r"`(\$(?:\.[a-z_]+|\[\d+\])*)`\s*$")


def path_of(err: Exception) -> str:
    """The JSON path a msgspec error points at, or '$' (never echoes any value)."""
    m = _PATH_RE.search(str(err))
    return m.group(1) if m else "$"
