"""Shader loading: includes, guards, cycles, and compile errors mapped to shaders/<file>:<line>."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lumen.gl.shaders import ShaderError, build_program, load_source, map_driver_log

VERT = "passes/common/fullscreen.vert"


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def shader_root(tmp_path):
    write(tmp_path, VERT, "void main() { gl_Position = vec4(0.0, 0.0, 0.0, 1.0); }\n")
    return tmp_path


def test_include_expands_once_and_numbers_sources(shader_root):
    write(shader_root, "lib/a.glsl", "#ifndef FNC_A\n#define FNC_A\nfloat a() { return 1.0; }\n#endif\n")
    write(shader_root, "passes/p/x.frag", '#include "lib/a.glsl"\n#include "lib/a.glsl"\nout vec4 o;\n'
                                           "void main() { o = vec4(a()); }\n")
    source = load_source("passes/p/x.frag", shader_root)
    assert source.files == ["passes/p/x.frag", "lib/a.glsl"]
    assert source.text.count("float a()") == 1
    assert source.text.startswith("#version 330 core\n")


def test_include_cycle_names_the_chain(shader_root):
    write(shader_root, "lib/a.glsl", '#include "lib/b.glsl"\n')
    write(shader_root, "lib/b.glsl", '#include "lib/a.glsl"\n')
    write(shader_root, "passes/p/x.frag", '#include "lib/a.glsl"\n')
    with pytest.raises(ShaderError, match=r"include cycle: passes/p/x.frag -> lib/a.glsl -> lib/b.glsl -> lib/a.glsl"):
        load_source("passes/p/x.frag", shader_root)


def test_missing_include_names_file_and_line(shader_root):
    write(shader_root, "passes/p/x.frag", 'out vec4 o;\n#include "lib/nope.glsl"\n')
    with pytest.raises(ShaderError, match=r"shaders/passes/p/x.frag:2: included file 'lib/nope.glsl' not found"):
        load_source("passes/p/x.frag", shader_root)


def test_error_in_included_file_maps_to_its_line(ctx, shader_root):
    write(shader_root, "lib/bad.glsl", "// a helper\n\nfloat bad() {\n    return 1.0 +;\n}\n")
    write(shader_root, "passes/p/x.frag", 'out vec4 o;\n#include "lib/bad.glsl"\nvoid main() { o = vec4(bad()); }\n')
    with pytest.raises(ShaderError) as info:
        build_program(ctx, VERT, "passes/p/x.frag", root=shader_root)
    assert re.search(r"^shaders/lib/bad\.glsl:4: ", str(info.value), re.M), str(info.value)


def test_error_after_include_maps_to_the_including_file(ctx, shader_root):
    write(shader_root, "lib/ok.glsl", "float ok() { return 1.0; }\n")
    write(shader_root, "passes/p/x.frag",
          'out vec4 o;\n#include "lib/ok.glsl"\n\nvoid main() {\n    o = vec4(undefined_name);\n}\n')
    with pytest.raises(ShaderError) as info:
        build_program(ctx, VERT, "passes/p/x.frag", root=shader_root)
    assert re.search(r"^shaders/passes/p/x\.frag:5: ", str(info.value), re.M), str(info.value)


@pytest.mark.parametrize("log", [
    "0:5(12): error: syntax error, unexpected '}'",        # Mesa
    "0(5) : error C0000: syntax error, unexpected '}'",   # NVIDIA
])
def test_driver_formats_map_to_file_and_line(shader_root, log):
    write(shader_root, "passes/p/x.frag", "out vec4 o;\n")
    source = load_source("passes/p/x.frag", shader_root)
    (line,) = map_driver_log(log, source)
    assert line.startswith("shaders/passes/p/x.frag:5: ")


def stages() -> list[tuple[str, str]]:
    """(vertex, fragment) of every shipped fragment shader: its folder's own vertex shader where it
    has one (the instanced-quads baseline), else the full-screen triangle's."""
    from lumen.gl.shaders import SHADER_ROOT

    pairs = []
    for frag in sorted((SHADER_ROOT / "passes").rglob("*.frag")):
        own = sorted(frag.parent.glob("*.vert"))
        vert = own[0] if own else SHADER_ROOT / VERT
        pairs.append((vert.relative_to(SHADER_ROOT).as_posix(), frag.relative_to(SHADER_ROOT).as_posix()))
    return pairs


def test_every_shipped_stage_compiles_and_links_with_its_partner(ctx):
    from lumen.gl.shaders import SHADER_ROOT
    from lumen.passes.gpu_contract import SHADER_DEFINES

    pairs = stages()
    verts = {v for v, _ in pairs}
    assert {p.relative_to(SHADER_ROOT).as_posix() for p in (SHADER_ROOT / "passes").rglob("*.vert")} <= verts, \
        "every vertex shader is linked with a fragment shader of its own folder"
    assert ("passes/baseline/quads.vert", "passes/baseline/quads.frag") in pairs
    for vert, frag in pairs:
        build_program(ctx, vert, frag, SHADER_DEFINES).release()


def test_a_contract_constant_left_out_fails_by_name(ctx):
    with pytest.raises(ShaderError, match=r"LIGHT_RANGE"):
        build_program(ctx, VERT, "passes/simulate/state.frag", {"HUE_CODES": 8, "ROW_HUE_STRIDE": 8.0,
                                                                "ROW_BRIGHTNESS_STEPS": 512.0})


def test_every_shipped_shader_file_is_used():
    """A pass stage is named by some lumen module; a library file is included by a used stage (at any depth)."""
    import lumen
    from lumen.gl.shaders import SHADER_ROOT, load_source

    package = Path(lumen.__file__).parent
    python = "\n".join(path.read_text(encoding="utf-8") for path in package.rglob("*.py"))
    stages = sorted(p.relative_to(SHADER_ROOT).as_posix() for p in (SHADER_ROOT / "passes").rglob("*.*"))
    unnamed = [stage for stage in stages if f'"{stage}"' not in python]
    included = {name for stage in stages for name in load_source(stage).files}
    libraries = sorted(p.relative_to(SHADER_ROOT).as_posix() for p in (SHADER_ROOT / "lib").rglob("*.glsl"))
    assert not unnamed, f"stages no Python module loads: {unnamed}"
    assert not set(libraries) - included, f"library files no stage includes: {sorted(set(libraries) - included)}"
