"""draw(): a uniform name the shaders never declare is an error; one the driver stripped is not."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.gl.shaders import ShaderError, declared_uniforms, load_source
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw


@pytest.fixture
def gl(ctx):
    resources = GLResources(ctx)
    target = make_target(ctx, "probe", (4, 4), "rgba8")
    yield resources, target
    target.release()
    resources.release()


def test_a_misspelt_uniform_names_the_shader_and_the_name(gl):
    resources, target = gl
    program = resources.program("passes/floor/solid.frag")
    with pytest.raises(ShaderError, match=r"shaders/passes/floor/solid\.frag: .*'u_valeu'.*u_value"):
        draw(resources, program, target, {}, {"u_valeu": 0.5})


def test_a_misspelt_texture_name_is_an_error_too(gl, ctx):
    resources, target = gl
    program = resources.program("passes/floor/solid.frag")
    texture = ctx.texture((1, 1), 4)
    try:
        with pytest.raises(ShaderError, match=r"'u_sourse'"):
            draw(resources, program, target, {"u_sourse": texture}, {"u_value": 0.5})
    finally:
        texture.release()


def test_a_declared_uniform_the_driver_stripped_is_accepted(gl):
    resources, target = gl
    program = resources.program("passes/legend/tile.frag", {"TONEMAP_DISPLAY_CURVE": 0})
    assert "u_bloom_strength" in declared_uniforms(load_source("passes/legend/tile.frag"))
    assert "u_bloom_strength" not in resources.members(program), "the premise: this variant does not use it"
    draw(resources, program, target, {}, {"u_bloom_strength": 1.0, "u_size": 4.0})


def test_the_draw_still_writes_its_uniforms(gl):
    resources, target = gl
    draw(resources, resources.program("passes/floor/solid.frag"), target, {}, {"u_value": 1.0})
    red = np.frombuffer(target.texture.read(), np.uint8).reshape(4, 4, 4)[..., 0]
    assert (red == 255).all()


def test_declarations_are_parsed_with_arrays_lists_and_comments(tmp_path):
    frag = tmp_path / "passes" / "p" / "x.frag"
    frag.parent.mkdir(parents=True)
    frag.write_text("uniform vec3 u_hues[HUE_CODES];   // per code\n"
                    "layout(std140) uniform highp float u_a, u_b[2];\n"
                    "// uniform float u_commented;\n/* uniform float u_blocked; */\n"
                    "uniform sampler2D u_tex;\nout vec4 o;\nvoid main() { o = vec4(0.0); }\n")
    assert declared_uniforms(load_source("passes/p/x.frag", tmp_path)) == {"u_hues", "u_a", "u_b", "u_tex"}
