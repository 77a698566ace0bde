// The displayed frame in one pass: mosaic at full resolution + bloom -> exposure -> tone curve
// -> sRGB -> dither. Shading the cells here, instead of reading a full-resolution HDR image back,
// saves a full-screen write and read, the largest cost on CPU rasterisers.
#include "lib/mosaic/mosaic_pixel.glsl"
#include "lib/color/tonemap_display.glsl"

#include "lib/math/canvas_uv.glsl"

uniform sampler2D u_bloom;      // the halo: bloom and trails at low resolution
uniform vec2 u_bloom_origin;
uniform vec2 u_bloom_extent;
uniform vec2 u_region_origin;

out vec4 frag;

void main() {
    vec2 canvas_px = gl_FragCoord.xy + u_region_origin;
    vec3 scene = mosaic_pixel(ivec2(gl_FragCoord.xy), canvas_px);
    vec3 bloom = texture(u_bloom, canvas_uv(canvas_px, u_bloom_origin, u_bloom_extent)).rgb;
    frag = vec4(tonemap_display(scene, bloom, canvas_px), 1.0);
}
