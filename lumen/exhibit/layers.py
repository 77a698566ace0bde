"""`extends`: reads an exhibit and the files it extends, merges them, and remembers each key's origin file."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from lumen.assets import SHIPPED_PREFIX, exhibit_path
from lumen.errors import UserError

KeyPath = tuple[str, ...]


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


class Origins:
    """Which file declared each key path; a path not recorded belongs to its nearest recorded ancestor."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[KeyPath, Path] = {}

    def __call__(self, *keys: str) -> Path:
        for end in range(len(keys), 0, -1):
            found = self.files.get(tuple(keys[:end]))
            if found is not None:
                return found
        return self.root

    def replace(self, prefix: KeyPath, source: Origins) -> None:
        """Forget what was under prefix and take source's origins for it."""
        for key in [k for k in self.files if k[:len(prefix)] == prefix]:
            del self.files[key]
        for key, path in source.files.items():
            if key[:len(prefix)] == prefix:
                self.files[key] = path


def _record(table: dict, path: Path, prefix: KeyPath, origins: Origins) -> None:
    for key, value in table.items():
        origins.files[prefix + (key,)] = path
        if isinstance(value, dict):
            _record(value, path, prefix + (key,), origins)


def _merge(dst: dict, dst_origins: Origins, src: dict, src_origins: Origins, prefix: KeyPath = ()) -> None:
    """Tables merge deeply; every other value (lists included) replaces what was there."""
    for key, value in src.items():
        here = prefix + (key,)
        if isinstance(value, dict) and isinstance(dst.get(key), dict):
            dst_origins.files[here] = src_origins.files.get(here, dst_origins(*here))
            _merge(dst[key], dst_origins, value, src_origins, here)
        else:
            dst[key] = copy.deepcopy(value)
            dst_origins.replace(here, src_origins)


def _parents(path: Path, raw: dict) -> list[Path]:
    given = raw.pop("extends", [])
    names = [given] if isinstance(given, str) else given
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise ExhibitError([f'{path}: extends: expected a file name or a list of them, like "festival.toml", '
                            f"got {given!r}"])
    return [_parent_file(path, name) for name in names]


def _parent_file(path: Path, name: str) -> Path:
    """A parent named relative to the file that extends it, or a shipped exhibit as `lumen:NAME`."""
    if name.startswith(SHIPPED_PREFIX):
        try:
            return exhibit_path(name).resolve()
        except UserError as err:
            raise ExhibitError([f"{path}: extends: {err}"]) from None
    return (path.parent / name).resolve()


def read_layers(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict[str, Any], Origins]:
    """The exhibit at path merged over everything it extends (in list order, later wins), with origins."""
    if path in chain:
        cycle = " -> ".join(p.name for p in chain[chain.index(path):] + (path,))
        raise ExhibitError([f"{chain[-1]}: extends: cycle: {cycle}"])
    raw = read_toml(path)
    merged: dict[str, Any] = {}
    origins = Origins(path)
    for parent in _parents(path, raw):
        if not parent.is_file():
            raise ExhibitError([f"{path}: extends: {parent.name!r} not found (looked for {parent})"])
        layer, layer_origins = read_layers(parent, chain + (path,))
        _merge(merged, origins, layer, layer_origins)
    own = Origins(path)
    _record(raw, path, (), own)
    _merge(merged, origins, raw, own)
    return merged, origins
