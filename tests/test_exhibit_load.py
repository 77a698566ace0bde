"""Exhibit loading: every problem named with file and key path, defaults filled, paths resolved."""

from __future__ import annotations

import pytest

from lumen.exhibit import load_exhibit
from lumen.exhibit.load import ExhibitError

GRAPH = """
[render]
output = "display"
[passes.tiles]
kind = "layout"
[passes.state]
kind = "simulate"
[passes.cells]
kind = "mosaic"
inputs = ["tiles", "state"]
[passes.bloom]
inputs = ["cells"]
[passes.display]
kind = "tonemap"
inputs = ["cells", "bloom"]
"""


def exhibit(tmp_path, text, name="e.toml"):
    path = tmp_path / name
    path.write_text('[data]\npath = "d.jsonl"\n' + text)
    return path


def problems(path):
    with pytest.raises(ExhibitError) as info:
        load_exhibit(path)
    return info.value.problems


def test_minimal_exhibit_gets_defaults_and_resolved_paths(tmp_path):
    ex = load_exhibit(exhibit(tmp_path, GRAPH))
    assert ex.size == (1920, 1080)
    assert ex.data_path == (tmp_path / "d.jsonl").resolve()
    assert [p.name for p in ex.order] == ["tiles", "state", "cells", "bloom", "display"]


def test_unknown_key_suggests_the_close_one(tmp_path):
    (msg,) = problems(exhibit(tmp_path, "[display]\nsise = [10, 10]\n" + GRAPH))
    assert "e.toml: display.sise: unknown key" in msg and 'did you mean "size"' in msg


def test_wrong_type_names_key_and_expectation(tmp_path):
    (msg,) = problems(exhibit(tmp_path, '[display]\nsize = "big"\n' + GRAPH))
    assert "display.size: expected [width, height]" in msg


def test_out_of_range_and_unknown_section_are_all_reported(tmp_path):
    found = problems(exhibit(tmp_path, "[timeline]\ndays_per_second = -1.0\n[colours]\nx = 1\n" + GRAPH))
    assert any("timeline.days_per_second: expected a value in" in p for p in found)
    assert any("[colours]: unknown section" in p for p in found)


def test_toml_syntax_error_gives_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[display]\nsize = [1, 2]\nfps = = 3\n")
    with pytest.raises(ExhibitError, match=r"bad.toml: invalid TOML: .*line 3"):
        load_exhibit(path)


def test_missing_required_data_path(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text(GRAPH)
    with pytest.raises(ExhibitError, match=r"data.path: required key is missing"):
        load_exhibit(path)


def graph_text(passes: dict, output: str = "display") -> str:
    """A [render] + [passes.*] TOML fragment from a dict (strings, string lists, param tables)."""
    lines = [f'[render]\noutput = "{output}"']
    for name, spec in passes.items():
        lines.append(f"[passes.{name}]")
        for key, value in spec.items():
            if key == "params":
                lines.append(f"params = {{ {', '.join(f'{k} = {v}' for k, v in value.items())} }}")
            elif isinstance(value, list):
                lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
            else:
                lines.append(f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


BASE = {
    "tiles": {"kind": "layout"},
    "state": {"kind": "simulate"},
    "cells": {"kind": "mosaic", "inputs": ["tiles", "state"]},
    "bloom": {"inputs": ["cells"]},
    "display": {"kind": "tonemap", "inputs": ["cells", "bloom"]},
}


@pytest.mark.parametrize("name, change, expected", [
    ("glow", {"kind": "glw"}, r"passes.glow.kind: unknown pass kind 'glw'"),
    ("cells", {"inputs": ["tiles", "stat"]}, r"passes.cells.inputs: no pass named 'stat' \(did you mean \"state\"\?\)"),
    ("bloom", {"params": {"threshhold": 1.0}}, r"passes.bloom.params.threshhold: unknown parameter.*did you mean \"threshold\""),
    ("bloom", {"params": {"levels": 99}}, r"passes.bloom.params.levels: expected a value in \[1, 8\], got 99"),
    ("display", {"inputs": ["cells"]}, r"passes.display.inputs: a tonemap pass takes 2 input"),
])
def test_graph_errors(tmp_path, name, change, expected):
    import re

    passes = {k: dict(v) for k, v in BASE.items()}
    passes.setdefault(name, {}).update(change)
    found = problems(exhibit(tmp_path, graph_text(passes)))
    assert any(re.search(expected, p) for p in found), found


def test_missing_output(tmp_path):
    (msg,) = problems(exhibit(tmp_path, graph_text(BASE, output="nothing")))
    assert "render.output: no pass named 'nothing'" in msg


def test_cycle_is_reported_with_its_path(tmp_path):
    passes = {k: dict(v) for k, v in BASE.items()}
    passes["bloom"]["inputs"] = ["display"]
    (msg,) = problems(exhibit(tmp_path, graph_text(passes)))
    assert "cycle in the render graph: display -> bloom -> display" in msg
