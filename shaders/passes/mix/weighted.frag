// a * first + b * second, each sampled (bilinear) at this texel's canvas position.
#include "lib/math/canvas_uv.glsl"

uniform sampler2D u_first;
uniform vec2 u_first_origin;
uniform vec2 u_first_extent;
uniform sampler2D u_second;
uniform vec2 u_second_origin;
uniform vec2 u_second_extent;
uniform vec2 u_target_origin;
uniform float u_target_texel;
uniform float u_a;
uniform float u_b;
out vec4 frag;

void main() {
    vec2 c = u_target_origin + gl_FragCoord.xy * u_target_texel;
    vec3 first = texture(u_first, canvas_uv(c, u_first_origin, u_first_extent)).rgb;
    vec3 second = texture(u_second, canvas_uv(c, u_second_origin, u_second_extent)).rgb;
    frag = vec4(u_a * first + u_b * second, 1.0);
}
