"""Colour functions checked against their exact definitions: GLSL ones on the GPU, numpy ones on the CPU."""

from __future__ import annotations

import shutil

import numpy as np

from lumen.encode.colour import hex_to_srgb, linear_to_oklab, mix_hue, srgb_to_linear
from lumen.gl.shaders import SHADER_ROOT, build_program
from lumen.gl.targets import make_target
from lumen.passes.base import GLResources, draw
from lumen.passes.gpu_contract import LIGHT_RANGE, SHADER_DEFINES
from lumen.passes.simulate import decode_light


def render_probe(ctx, tmp_path, source: str, size: tuple[int, int], fmt: str) -> bytes:
    """Run a probe fragment shader (which may #include the library) over `size` pixels; raw texels."""
    root = tmp_path / "shaders"
    shutil.copytree(SHADER_ROOT, root)
    probe = root / "passes" / "probe" / "probe.frag"
    probe.parent.mkdir(parents=True)
    probe.write_text(source)
    program = build_program(ctx, "passes/common/fullscreen.vert", "passes/probe/probe.frag", SHADER_DEFINES, root=root)
    target = make_target(ctx, "probe", size, fmt)
    gl = GLResources(ctx)
    try:
        draw(gl, program, target, {}, {})
        return target.texture.read()
    finally:
        target.release()
        program.release()
        gl.release()


def test_linear_to_srgb_matches_the_standard_within_a_tenth_of_a_step(ctx, tmp_path):
    raw = render_probe(ctx, tmp_path, '#include "lib/color/linear_to_srgb.glsl"\nout vec4 o;\n'
                       "void main() { float x = (gl_FragCoord.x - 0.5) / 4095.0;\n"
                       "    o = vec4(linear_to_srgb(vec3(x)), 1.0); }\n", (4096, 1), "rgba32f")
    got = np.frombuffer(raw, np.float32).reshape(-1, 4)[:, 0]
    x = np.arange(4096) / 4095.0
    exact = np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055)
    assert np.abs(got - exact).max() * 255 < 0.1


def test_mix_hue_keeps_its_ends_and_turns_the_hue_the_short_way():
    teal, amber = srgb_to_linear(hex_to_srgb(["#18c4b0", "#f0a020"]))
    assert np.allclose(mix_hue(teal, amber, 0.0), teal, atol=1e-9)
    assert np.allclose(mix_hue(teal, amber, 1.0), amber, atol=1e-9)
    middle = mix_hue(teal, amber, 0.5)
    lab = [linear_to_oklab(c) for c in (teal, middle, amber)]
    assert abs(lab[1][0] - (lab[0][0] + lab[2][0]) / 2) < 1e-9, "lightness blends linearly"
    hue = [np.degrees(np.arctan2(c[2], c[1])) % 360 for c in lab]
    short_way = hue[0] + 0.5 * ((hue[2] - hue[0] + 180) % 360 - 180)
    assert abs(hue[1] - short_way % 360) < 0.5
    assert 90 < hue[1] < 160, "teal to amber passes through green, not magenta"
    chroma = np.hypot(lab[1][1], lab[1][2])
    assert chroma > 0.8 * min(np.hypot(c[1], c[2]) for c in (lab[0], lab[2])), "no grey dip in the middle"


def test_light_texels_keep_hdr_light_to_one_step_of_its_brightest_channel(ctx, tmp_path):
    # x sweeps brightness over [2**-14, 1.2 * range] on a log scale; y picks one of four hues.
    raw = render_probe(ctx, tmp_path, '#include "lib/mosaic/encode_light.glsl"\nout vec4 o;\n'
                       "const vec3 HUES[4] = vec3[](vec3(1.0), vec3(0.02, 0.5, 0.4), vec3(0.3, 0.05, 1.0),"
                       " vec3(0.0, 0.0, 0.7));\n"
                       "void main() { float level = exp2(mix(-14.0, log2(1.2 * LIGHT_RANGE), (gl_FragCoord.x - 0.5) / 1023.0));\n"
                       "    o = encode_light(HUES[int(gl_FragCoord.y)] * level); }\n", (1024, 4), "rgba8")
    got = decode_light(np.frombuffer(raw, np.uint8).reshape(4, 1024, 4))
    hues = np.array([[1.0, 1.0, 1.0], [0.02, 0.5, 0.4], [0.3, 0.05, 1.0], [0.0, 0.0, 0.7]])
    level = 2.0 ** np.linspace(-14.0, np.log2(1.2 * LIGHT_RANGE), 1024)
    want = np.minimum(hues[:, None, :] * level[None, :, None], LIGHT_RANGE)
    peak = want.max(axis=-1, keepdims=True)
    # One 8-bit step of the brightest channel, and never worse than the finest step the format has.
    assert (np.abs(got - want) <= peak / 255 + LIGHT_RANGE / 255**2).all()
    assert np.allclose(got[0, -1], LIGHT_RANGE), "light beyond the range saturates instead of wrapping"
