"""Numbers that Python and GLSL must agree on, defined once here and given to every shader that the
passes build as #defines (GLResources.program). A shader that needs one and is built without it
fails to compile with a message naming it (`#ifndef ... #error`)."""

from __future__ import annotations

from lumen.vocabulary.passes import CELL_PARAMS

# The simulate pass's per-code colour tables (shaders/passes/simulate/state.frag u_hues).
HUE_CODES = 8
# The packed journey row (passes/journey_textures.py gpu_rows): y = hue code * ROW_HUE_STRIDE +
# phase0 (phase0 < 2 pi < 8), z = round(brightness * ROW_BRIGHTNESS_STEPS) + outage impact.
ROW_HUE_STRIDE = 8.0
ROW_BRIGHTNESS_STEPS = 512.0
# The brightest light an rgba8 RGBM light texel holds (shaders/lib/mosaic/{en,de}code_light.glsl).
LIGHT_RANGE = 16.0
# cell_glow's core falls as (1 - r^2 * core / CELL_CORE_REFERENCE)^3: at the default `core` the
# nucleus reaches exactly to the cell's edge.
CELL_CORE_REFERENCE = CELL_PARAMS["core"].default


def _glsl(value: float | int) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


SHADER_DEFINES: dict[str, str] = {
    name: _glsl(value) for name, value in (
        ("HUE_CODES", HUE_CODES), ("ROW_HUE_STRIDE", ROW_HUE_STRIDE),
        ("ROW_BRIGHTNESS_STEPS", ROW_BRIGHTNESS_STEPS), ("LIGHT_RANGE", LIGHT_RANGE),
        ("CELL_CORE_REFERENCE", CELL_CORE_REFERENCE),
    )
}
