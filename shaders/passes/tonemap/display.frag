// HDR scene + bloom -> exposure -> tone curve -> sRGB -> dither -> 8-bit display values.
#include "lib/color/tonemap_display.glsl"

uniform sampler2D u_scene;
uniform sampler2D u_bloom;
uniform vec2 u_bloom_scale;     // scene pixel -> bloom uv
uniform vec2 u_region_origin;
out vec4 frag;

void main() {
    vec3 scene = texelFetch(u_scene, ivec2(gl_FragCoord.xy), 0).rgb;
    vec3 bloom = texture(u_bloom, gl_FragCoord.xy * u_bloom_scale).rgb;
    frag = vec4(tonemap_display(scene, bloom, gl_FragCoord.xy + u_region_origin), 1.0);
}
