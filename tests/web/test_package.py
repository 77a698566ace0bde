"""The web face's templates and static files ship in the wheel (package data), and none is an HTML string in Python."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from tests.conftest import REPO

WEB = REPO / "lumen" / "web"


def test_every_template_and_static_file_is_package_data():
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["lumen.web"]
    files = [p.relative_to(WEB).as_posix() for folder in ("templates", "static") for p in (WEB / folder).iterdir()]
    assert files and all(any(fnmatch(f, g) for g in globs) for f in files), (files, globs)


def test_no_html_lives_in_python():
    for path in WEB.glob("*.py"):
        text = path.read_text()
        assert "<html" not in text and "<form" not in text and "<div" not in text, path.name
