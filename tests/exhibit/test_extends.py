"""`extends`: merge rules, path origins, cycles, and errors that name the file a key came from."""

from __future__ import annotations

import pytest

from lumen.exhibit import load_exhibit
from lumen.exhibit.load import ExhibitError

BASE = """
[exhibit]
title = "Base"
summary = "the parent"
[display]
size = [640, 360]
fps = 30
[data]
path = "data/d.jsonl"
outage_days = [10, 20]
[layout]
order = ["district", "first_day"]
[palette.channels]
clinic = "#111111"
[render]
output = "display"
[passes.tiles]
kind = "layout"
[passes.state]
kind = "simulate"
params = { coupling = 0.2, flare_gain = 2.0 }
[passes.cells]
kind = "mosaic"
inputs = ["tiles", "state"]
[passes.bloom]
inputs = ["cells"]
[passes.display]
kind = "tonemap"
inputs = ["cells", "bloom"]
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(ExhibitError) as info:
        load_exhibit(path)
    return info.value.problems


def test_tables_merge_deeply_and_lists_replace(tmp_path):
    write(tmp_path / "base.toml", BASE)
    child = write(tmp_path / "tour" / "child.toml", """
extends = "../base.toml"
[display]
size = [320, 180]
[data]
outage_days = [30, 40]
[layout]
order = ["income_band"]
[palette.channels]
network = "#222222"
[passes.state.params]
coupling = 0.9
""")
    ex = load_exhibit(child)
    assert ex.size == (320, 180) and ex["display"]["fps"] == 30, "sibling keys survive a table merge"
    assert ex["data"]["outage_days"] == (30, 40)
    assert ex["layout"]["order"] == ("income_band",), "lists replace, never append"
    assert ex["exhibit"]["title"] == "Base"
    assert ex.passes["state"].params == {"coupling": 0.9, "flare_gain": 2.0}
    assert ex["palette"]["channels"]["clinic"] == "#111111" and ex["palette"]["channels"]["network"] == "#222222"


def test_paths_resolve_against_the_file_that_declared_them(tmp_path):
    write(tmp_path / "base.toml", BASE)
    child = write(tmp_path / "tour" / "deep" / "child.toml", 'extends = "../../base.toml"\n')
    assert load_exhibit(child).data_path == (tmp_path / "data" / "d.jsonl").resolve()
    override = write(tmp_path / "tour" / "other.toml", 'extends = "../base.toml"\n[data]\npath = "local.jsonl"\n')
    assert load_exhibit(override).data_path == (tmp_path / "tour" / "local.jsonl").resolve()


def test_several_parents_later_wins_and_child_wins_over_all(tmp_path):
    write(tmp_path / "base.toml", BASE)
    write(tmp_path / "wide.toml", "[display]\nsize = [1000, 100]\nfps = 24\n")
    child = write(tmp_path / "child.toml", 'extends = ["base.toml", "wide.toml"]\n[display]\nfps = 12\n')
    ex = load_exhibit(child)
    assert ex.size == (1000, 100) and ex["display"]["fps"] == 12


def test_chained_extends(tmp_path):
    write(tmp_path / "base.toml", BASE)
    write(tmp_path / "mid.toml", 'extends = "base.toml"\n[exhibit]\ntitle = "Mid"\n')
    child = write(tmp_path / "child.toml", 'extends = "mid.toml"\n[exhibit]\nsummary = "leaf"\n')
    ex = load_exhibit(child)
    assert (ex.title, ex["exhibit"]["summary"]) == ("Mid", "leaf")
    assert ex.origin("exhibit", "title") == (tmp_path / "mid.toml").resolve()
    assert ex.origin("passes", "state", "params", "coupling") == (tmp_path / "base.toml").resolve()


def test_cycle_is_detected_and_named(tmp_path):
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "c.toml"\n')
    write(tmp_path / "c.toml", 'extends = "a.toml"\n')
    (msg,) = problems_of(tmp_path / "a.toml")
    assert "extends: cycle: a.toml -> b.toml -> c.toml -> a.toml" in msg


def test_self_extension_is_a_cycle(tmp_path):
    (msg,) = problems_of(write(tmp_path / "a.toml", 'extends = "a.toml"\n'))
    assert "cycle: a.toml -> a.toml" in msg


def test_missing_parent_names_the_declaring_file(tmp_path):
    (msg,) = problems_of(write(tmp_path / "child.toml", 'extends = "gone.toml"\n'))
    assert msg.startswith(f"{(tmp_path / 'child.toml').resolve()}: extends: 'gone.toml' not found")


def test_extends_of_the_wrong_type(tmp_path):
    (msg,) = problems_of(write(tmp_path / "child.toml", "extends = 3\n"))
    assert "child.toml: extends: expected a file name or a list of them" in msg


def test_errors_name_the_origin_of_each_key(tmp_path):
    base = write(tmp_path / "base.toml", BASE.replace("fps = 30", "fps = 0"))
    child = write(tmp_path / "tour" / "child.toml",
                  'extends = "../base.toml"\n[display]\nsise = [1, 1]\n[passes.state.params]\ncoupling = "x"\n')
    found = problems_of(child)
    assert f"{base.resolve()}: display.fps: expected a value in [1, 240], got 0" in found
    assert any(p.startswith(f"{child.resolve()}: display.sise: unknown key") and 'did you mean "size"' in p
               for p in found)
    assert any(p.startswith(f"{child.resolve()}: passes.state.params.coupling: expected a number") for p in found)


def test_syntax_error_in_a_parent_names_the_parent(tmp_path):
    write(tmp_path / "base.toml", "[display\n")
    with pytest.raises(ExhibitError, match=r"base.toml: invalid TOML"):
        load_exhibit(write(tmp_path / "child.toml", 'extends = "base.toml"\n'))


def test_unknown_section_suggests(tmp_path):
    write(tmp_path / "base.toml", BASE)
    found = problems_of(write(tmp_path / "child.toml", 'extends = "base.toml"\n[timelin]\nstart_day = 1.0\n'))
    assert any("child.toml: [timelin]: unknown section" in p and 'did you mean "timeline"' in p for p in found)


def test_slices_are_checked(tmp_path):
    write(tmp_path / "base.toml", BASE)
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n'
                  '[[display.slices]]\nname = "left"\nregion = [0, 0, 400, 360]\n'
                  '[[display.slices]]\nname = "right"\nregion = [300, 0, 400, 360]\n')
    found = problems_of(child)
    assert found == [f"{child.resolve()}: display.slices[1].region: expected [x, y, width, height] inside the "
                     "640x360 canvas, got [300, 0, 400, 360]"]
    ok = write(tmp_path / "ok.toml", child.read_text().replace("[300, 0, 400, 360]", "[240, 0, 400, 360]"))
    assert load_exhibit(ok).slices == {"left": (0, 0, 400, 360), "right": (240, 0, 400, 360)}


def test_graph_errors_name_the_file_that_declared_the_pass(tmp_path):
    from pathlib import Path


    festival = Path(__file__).resolve().parents[2] / "exhibits" / "festival.toml"
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{festival}"\n[passes.bloom.params]\nlevels = 99\n')
    with pytest.raises(ExhibitError) as info:
        load_exhibit(child)
    (problem,) = info.value.problems
    assert problem.startswith(f"{child.resolve()}: passes.bloom.params.levels")
