"""Docs name files, modules and tests that exist: after a package move, a stale path fails here."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.conftest import REPO

DOCS = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
SOURCES = sorted((REPO / "lumen").rglob("*.py"))
# A repo path ending in a file name (globs allowed); a leading '/' is an OSC address, not a path.
_PATH = re.compile(r"(?<![\w/.-])((?:lumen|tests|shaders|exhibits|data)/[\w./*-]*\.(?:py|glsl|frag|vert|toml|jsonl|csv|md))\b")
# A dotted lumen name (module, or module attribute), as in `lumen.encode.features.compute_features`.
_DOTTED = re.compile(r"(?<![\w/.-])(lumen(?:\.[A-Za-z_]\w*)+)")
NOT_MODULES = {"lumen.service"}  # the systemd unit's file name


def mentions(pattern: re.Pattern, paths) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [(f"{path.relative_to(REPO)}:{number}", m.group(1)) for m in pattern.finditer(line)]
    return found


def resolves(dotted: str) -> bool:
    """Import the longest module prefix, then walk the remaining attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


@pytest.mark.parametrize("paths", [DOCS, SOURCES], ids=["docs", "lumen"])
def test_named_files_exist(paths):
    missing = [f"{where}: {path}" for where, path in mentions(_PATH, paths)
               if "<" not in path and not list(REPO.glob(path))]
    assert not missing, "paths that name no file:\n" + "\n".join(missing)


def test_named_modules_resolve():
    wrong = [f"{where}: {name}" for where, name in mentions(_DOTTED, DOCS)
             if name not in NOT_MODULES and not resolves(name)]
    assert not wrong, "lumen names that import nothing:\n" + "\n".join(wrong)
