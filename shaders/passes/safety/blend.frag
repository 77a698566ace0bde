// The guard's temporal smoothing: the shown frame moves toward the new one by u_alpha, in linear
// light (so a cell's mean light is the same blend of its means, which the guard's rate bound relies
// on). The state keeps full float precision; the shown frame is its 8-bit sRGB encoding. With
// u_alpha = 1 the new frame passes through unchanged (the guard only keeps it to blend from).
#include "lib/color/srgb8_to_linear.glsl"
#include "lib/color/linear_to_srgb.glsl"

uniform sampler2D u_frame;   // the pipeline's frame (rgba8, sRGB-encoded)
uniform sampler2D u_state;   // the previous shown frame, linear (rgba32f)
uniform sampler2D u_srgb;    // 256x1 decoding table
uniform float u_alpha;       // weight of the new frame

layout(location = 0) out vec4 state;
layout(location = 1) out vec4 shown;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec3 now = srgb8_to_linear(texelFetch(u_frame, p, 0).rgb, u_srgb);
    vec3 mixed = mix(texelFetch(u_state, p, 0).rgb, now, u_alpha);
    state = vec4(mixed, 1.0);
    shown = vec4(linear_to_srgb(mixed), 1.0);
}
