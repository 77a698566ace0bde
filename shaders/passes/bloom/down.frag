// Dual-filter bloom, downsample step: 4 centre-weighted + 4 diagonal bilinear taps (Bjorge 2015),
// placed by canvas position so a region render blooms exactly like the full frame.
#include "lib/math/canvas_uv.glsl"

uniform sampler2D u_source;
uniform vec2 u_source_origin;
uniform vec2 u_source_extent;
uniform float u_source_texel;   // canvas pixels per source texel
uniform vec2 u_target_origin;
uniform float u_target_texel;
uniform float u_threshold;      // only light above this feeds the bloom (first step only)
uniform float u_knee;
uniform int u_prefilter;        // 1 on the first step only
out vec4 frag;

vec3 prefilter(vec3 c) {
    float luma = max(c.r, max(c.g, c.b));
    float soft = clamp(luma - u_threshold + u_knee, 0.0, 2.0 * u_knee);
    soft = soft * soft / (4.0 * u_knee + 1e-5);
    float weight = max(soft, luma - u_threshold) / max(luma, 1e-5);
    return c * weight;
}

vec3 tap(vec2 canvas_px) {
    return texture(u_source, canvas_uv(canvas_px, u_source_origin, u_source_extent)).rgb;
}

void main() {
    vec2 c = u_target_origin + gl_FragCoord.xy * u_target_texel;
    float h = u_source_texel;
    vec3 sum = tap(c) * 4.0;
    sum += tap(c + vec2(-h, -h));
    sum += tap(c + vec2(h, -h));
    sum += tap(c + vec2(-h, h));
    sum += tap(c + vec2(h, h));
    vec3 colour = sum / 8.0;
    frag = vec4(u_prefilter == 1 ? prefilter(colour) : colour, 1.0);
}
