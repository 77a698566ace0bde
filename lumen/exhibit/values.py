"""Checks one config value against its Key and returns it converted, or a message saying what was expected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from lumen.exhibit.schema import Key

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Invalid(Exception):
    """A value does not fit its key; the message says what was expected."""


def suggest(name: str, options) -> str:
    """Return ' (did you mean "x"?)' for a close match among options, else ''."""
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _number(value: Any, key: Key, integer: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise Invalid(f"expected {'an integer' if integer else 'a number'}, got {type(value).__name__} {value!r}")
    if value != value:
        raise Invalid("expected a number, got nan")
    if (key.lo is not None and value < key.lo) or (key.hi is not None and value > key.hi):
        raise Invalid(f"expected a value in [{key.lo:g}, {key.hi:g}], got {value!r}")
    return value if integer else float(value)


def _date(value: Any) -> dt.date | str:
    """A TOML date (first_date = 2025-01-06) or an ISO string; "" stays "" (unknown)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        if value == "":
            return ""
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected a date such as 2025-01-06, got {value!r}")


def check(value: Any, key: Key, base_dir: Path) -> Any:
    """Validate and convert `value`; paths resolve against `base_dir` (the declaring file's folder)."""
    kind = key.type
    if kind in ("int", "float"):
        return _number(value, key, kind == "int")
    if kind == "bool":
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {value!r}")
        return value
    if kind in ("str", "path"):
        if not isinstance(value, str):
            raise Invalid(f"expected a string, got {type(value).__name__} {value!r}")
        if key.choices is not None and value not in key.choices:
            options = ", ".join(repr(c) for c in key.choices)
            raise Invalid(f"expected one of {options}, got {value!r}{suggest(value, key.choices)}")
        return (base_dir / value).resolve() if kind == "path" else value
    if kind == "date":
        return _date(value)
    if kind == "colour":
        if not isinstance(value, str) or not _HEX.match(value):
            raise Invalid(f'expected a colour like "#1a2b3c", got {value!r}')
        return value
    if kind == "size":
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 65536 for v in value)):
            raise Invalid(f"expected [width, height] as two positive integers, got {value!r}")
        return tuple(value)
    if kind.startswith("list["):
        item = kind[5:-1]
        if not isinstance(value, list):
            raise Invalid(f"expected a list of {item}s, got {type(value).__name__} {value!r}")
        item_key = Key(item, choices=key.choices)
        return tuple(check(v, item_key, base_dir) for v in value)
    if kind == "table":
        if not isinstance(value, dict):
            raise Invalid(f"expected a table, got {type(value).__name__} {value!r}")
        return value
    raise AssertionError(f"unknown key type {kind}")


def check_table(origins, where: tuple[str, ...], given: dict, keys: dict, problems: list[str]) -> dict[str, Any]:
    """Check every key of a config table against its Keys; append a problem (file: key path: what was
    expected) for each unknown, missing or invalid one. `origins(*keys)` names the declaring file."""
    out: dict[str, Any] = {}
    dotted = ".".join(where)
    for key in given:
        if key not in keys:
            problems.append(f"{origins(*where, key)}: {dotted}.{key}: unknown key{suggest(key, keys)}; "
                            f"expected one of {', '.join(keys)}")
    for key, spec in keys.items():
        if key not in given:
            if spec.default is None and spec.type != "table":
                problems.append(f"{origins(*where)}: {dotted}.{key}: required key is missing ({spec.doc})")
            out[key] = spec.default if spec.type != "table" else {}
            continue
        file = origins(*where, key)
        if spec.type == "path" and given[key] == "" and spec.default == "":
            out[key] = ""
            continue
        try:
            out[key] = check(given[key], spec, file.parent)
        except Invalid as exc:
            problems.append(f"{file}: {dotted}.{key}: {exc}")
    return out
