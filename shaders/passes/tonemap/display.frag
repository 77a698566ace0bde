// HDR scene + bloom -> exposure -> tone curve -> sRGB -> dither -> 8-bit display values.
#include "lib/color/tonemap_display.glsl"

#include "lib/math/canvas_uv.glsl"

uniform sampler2D u_scene;      // on the output's grid, at the same or a coarser resolution
uniform float u_scene_texel;    // canvas pixels per scene texel (1 at full resolution)
uniform sampler2D u_bloom;
uniform vec2 u_bloom_origin;
uniform vec2 u_bloom_extent;
uniform vec2 u_region_origin;
out vec4 frag;

void main() {
    vec2 canvas_px = gl_FragCoord.xy + u_region_origin;
    vec3 scene = texelFetch(u_scene, ivec2(gl_FragCoord.xy / u_scene_texel), 0).rgb;
    vec3 bloom = texture(u_bloom, canvas_uv(canvas_px, u_bloom_origin, u_bloom_extent)).rgb;
    frag = vec4(tonemap_display(scene, bloom, canvas_px), 1.0);
}
