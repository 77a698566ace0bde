// use: vec3 tonemap_display(vec3 scene, vec3 bloom, vec2 canvas_px)  -> dithered sRGB in [0,1]
//   Needs uniforms u_exposure (stops), u_bloom_strength, u_dither (8-bit steps). The curve is chosen at
//   compile time (TONEMAP_DISPLAY_CURVE 0 ACES, 1 AgX): a runtime branch would run both curves on
//   SIMD rasterisers.
//   Noise is keyed on canvas pixels, so a region render dithers exactly like the full frame.
#ifndef FNC_TONEMAP_DISPLAY
#define FNC_TONEMAP_DISPLAY
#include "lib/color/aces.glsl"
#include "lib/color/agx.glsl"
#include "lib/color/linear_to_srgb.glsl"
#include "lib/noise/ign.glsl"

uniform float u_exposure;
uniform float u_bloom_strength;
#ifndef TONEMAP_DISPLAY_CURVE
#define TONEMAP_DISPLAY_CURVE 0
#endif
uniform float u_dither;

vec3 tonemap_display(vec3 scene, vec3 bloom, vec2 canvas_px) {
    vec3 hdr = (scene + u_bloom_strength * bloom) * exp2(u_exposure);
#if TONEMAP_DISPLAY_CURVE == 0
    vec3 mapped = tonemap_aces(hdr);
#else
    vec3 mapped = tonemap_agx(hdr);
#endif
    float noise = ign(canvas_px) - 0.5;
    return clamp(linear_to_srgb(mapped) + noise * u_dither / 255.0, 0.0, 1.0);
}
#endif
