// Dual-filter bloom, upsample step: an 8-tap tent on the coarser level, added to the finer level.
#include "lib/math/canvas_uv.glsl"

uniform sampler2D u_source;     // coarser level
uniform vec2 u_source_origin;
uniform vec2 u_source_extent;
uniform float u_source_texel;
uniform sampler2D u_finer;      // the finer level's downsampled content, same grid as the target
uniform vec2 u_target_origin;
uniform float u_target_texel;
uniform float u_spread;
out vec4 frag;

vec3 tap(vec2 canvas_px) {
    return texture(u_source, canvas_uv(canvas_px, u_source_origin, u_source_extent)).rgb;
}

void main() {
    vec2 c = u_target_origin + gl_FragCoord.xy * u_target_texel;
    float h = 0.5 * u_source_texel * u_spread;
    vec3 sum = tap(c + vec2(-2.0 * h, 0.0));
    sum += tap(c + vec2(-h, h)) * 2.0;
    sum += tap(c + vec2(0.0, 2.0 * h));
    sum += tap(c + vec2(h, h)) * 2.0;
    sum += tap(c + vec2(2.0 * h, 0.0));
    sum += tap(c + vec2(h, -h)) * 2.0;
    sum += tap(c + vec2(0.0, -2.0 * h));
    sum += tap(c + vec2(-h, -h)) * 2.0;
    vec3 finer = texelFetch(u_finer, ivec2(gl_FragCoord.xy), 0).rgb;
    frag = vec4(sum / 12.0 + finer, 1.0);
}
