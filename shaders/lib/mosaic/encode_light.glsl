// use: vec4 encode_light(vec3 light)  -> the light in an rgba8 texel: rgb scaled by a shared
//   multiplier kept in alpha (RGBM, range LIGHT_RANGE). A quarter of an rgba32f texel: the mosaic
//   looks up one light per output pixel, and at a million journeys that lookup is bound by memory.
//   Exact to 1/255 of the brightest channel. Decode with lib/mosaic/decode_light.glsl.
#ifndef FNC_ENCODE_LIGHT
#define FNC_ENCODE_LIGHT
#include "lib/mosaic/light_range.glsl"
vec4 encode_light(vec3 light) {
    float peak = max(max(light.r, light.g), max(light.b, 1e-6));
    float m = min(ceil(peak * (255.0 / LIGHT_RANGE)), 255.0) * (1.0 / 255.0);
    return vec4(min(light / (m * LIGHT_RANGE), 1.0), m);
}
#endif
