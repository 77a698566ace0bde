"""GLSL colour functions checked against their exact definitions, on the GPU."""

from __future__ import annotations

import numpy as np

from lumen.gl.shaders import build_program
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw


def test_linear_to_srgb_matches_the_standard_within_a_tenth_of_a_step(ctx, tmp_path):
    from lumen.gl.shaders import SHADER_ROOT
    import shutil

    root = tmp_path / "shaders"
    shutil.copytree(SHADER_ROOT, root)
    probe = root / "passes" / "probe" / "srgb.frag"
    probe.parent.mkdir(parents=True)
    probe.write_text('#include "lib/color/linear_to_srgb.glsl"\nout vec4 o;\n'
                     "void main() { float x = (gl_FragCoord.x - 0.5) / 4095.0;\n"
                     "    o = vec4(linear_to_srgb(vec3(x)), 1.0); }\n")
    program = build_program(ctx, "passes/common/fullscreen.vert", "passes/probe/srgb.frag", root=root)
    target = make_target(ctx, "probe", (4096, 1), "rgba32f")
    gl = GLResources(ctx)
    draw(gl, program, target, {}, {})
    got = np.frombuffer(target.texture.read(), np.float32).reshape(-1, 4)[:, 0]
    x = np.arange(4096) / 4095.0
    exact = np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055)
    assert np.abs(got - exact).max() * 255 < 0.1
    target.release()
    program.release()
    gl.release()
