"""Reads an exhibit TOML file, checks every key against the schema, and reports every problem at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from lumen.errors import UserError
from lumen.exhibit.model import Exhibit, PassSpec
from lumen.exhibit.schema import PASS_KEYS, SECTIONS
from lumen.exhibit.values import Invalid, check, suggest


class ExhibitError(UserError):
    """One or more problems in an exhibit; each line names the file and the key path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning syntax errors into 'file: line N: ...' user errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExhibitError([f"{path}: exhibit file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExhibitError([f"{path}: cannot read exhibit ({exc})"]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExhibitError([f"{path}: invalid TOML: {exc}"]) from None


def load_exhibit(path: str | Path) -> Exhibit:
    """Load and validate an exhibit; raise ExhibitError listing every problem found."""
    path = Path(path).resolve()
    raw = read_toml(path)
    problems: list[str] = []
    sections: dict[str, dict[str, Any]] = {}
    for name in raw:
        if name not in SECTIONS:
            problems.append(f"{path}: [{name}]: unknown section{suggest(name, SECTIONS)}; "
                            f"expected one of {', '.join(SECTIONS)}")
    for section, keys in SECTIONS.items():
        if section == "passes":
            continue
        given = raw.get(section, {})
        if not isinstance(given, dict):
            problems.append(f"{path}: {section}: expected a table, got {type(given).__name__}")
            continue
        sections[section] = _check_section(path, section, given, keys, problems)
    passes = _check_passes(path, raw.get("passes", {}), problems)
    if problems:
        raise ExhibitError(problems)
    return Exhibit(path=path, sections=sections, passes=passes)


def _check_section(path: Path, section: str, given: dict, keys: dict, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in given:
        if key not in keys:
            problems.append(f"{path}: {section}.{key}: unknown key{suggest(key, keys)}; "
                            f"expected one of {', '.join(keys)}")
    for key, spec in keys.items():
        if key not in given:
            if spec.default is None and spec.type != "table":
                problems.append(f"{path}: {section}.{key}: required key is missing ({spec.doc})")
            out[key] = spec.default if spec.type != "table" else {}
            continue
        try:
            out[key] = check(given[key], spec, path.parent)
        except Invalid as exc:
            problems.append(f"{path}: {section}.{key}: {exc}")
    return out


def _check_passes(path: Path, given: Any, problems: list[str]) -> dict[str, PassSpec]:
    if not isinstance(given, dict):
        problems.append(f"{path}: passes: expected a table of named passes, got {type(given).__name__}")
        return {}
    passes = {}
    for name, table in given.items():
        where = f"passes.{name}"
        if not isinstance(table, dict):
            problems.append(f"{path}: {where}: expected a table, got {type(table).__name__}")
            continue
        values = _check_section(path, where, table, PASS_KEYS, problems)
        params = values["params"]
        bad = [k for k, v in params.items() if isinstance(v, bool) or not isinstance(v, (int, float))]
        for key in bad:
            problems.append(f"{path}: {where}.params.{key}: expected a number, got {params[key]!r}")
        passes[name] = PassSpec(
            name=name, kind=values["kind"] or name, inputs=tuple(values["inputs"]), scale=values["scale"],
            format=values["format"], params={k: float(v) for k, v in params.items() if k not in bad},
        )
    return passes
