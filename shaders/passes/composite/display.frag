// The displayed frame in one pass: mosaic at full resolution + bloom -> exposure -> tone curve
// -> sRGB -> dither. Shading the cells here, instead of reading a full-resolution HDR image back,
// saves a full-screen write and read, the largest cost on CPU rasterisers.
#include "lib/mosaic/mosaic_pixel.glsl"
#include "lib/color/tonemap_display.glsl"

uniform sampler2D u_bloom;
uniform vec2 u_region_origin;
uniform vec2 u_bloom_scale;     // region pixel -> bloom uv

out vec4 frag;

void main() {
    vec3 scene = mosaic_pixel(ivec2(gl_FragCoord.xy), gl_FragCoord.xy + u_region_origin);
    vec3 bloom = texture(u_bloom, gl_FragCoord.xy * u_bloom_scale).rgb;
    frag = vec4(tonemap_display(scene, bloom, gl_FragCoord.xy + u_region_origin), 1.0);
}
