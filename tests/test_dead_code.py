"""Every module-level function, class and constant in lumen/ is used somewhere: no dead code ships."""

from __future__ import annotations

import ast
import re
from collections import Counter

from tests.conftest import REPO


def top_level_names(source: str) -> list[tuple[str, int]]:
    """(name, line) of each function, class and assigned name at a module's top level."""
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((node.name, node.lineno))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [(t.id, node.lineno) for t in targets if isinstance(t, ast.Name)]
    return found


def unused(sources: dict[str, str], readers: list[str]) -> list[str]:
    """Names defined in `sources` whose only mention, in all of them and `readers`, is the definition."""
    words = Counter(re.findall(r"\w+", "\n".join([*sources.values(), *readers])))
    return [f"{path}:{line} {name}" for path, text in sources.items() for name, line in top_level_names(text)
            if not name.startswith("__") and words[name] < 2]


def test_no_module_level_name_is_unused():
    sources = {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in sorted((REPO / "lumen").rglob("*.py"))}
    # Tests, entry points and the Makefile may be a name's only reader.
    readers = [p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py")]
    readers += [(REPO / name).read_text(encoding="utf-8") for name in ("pyproject.toml", "Makefile")]
    dead = unused(sources, readers)
    assert not dead, "defined but never used; remove them:\n" + "\n".join(dead)
