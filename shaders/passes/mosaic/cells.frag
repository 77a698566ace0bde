// The mosaic as an HDR image at the pass's scale (e.g. half resolution as a bloom source).
#include "lib/mosaic/mosaic_pixel.glsl"

uniform vec2 u_region_origin;   // canvas pixel of the tile map's corner
uniform vec2 u_target_origin;   // canvas pixel of this target's corner
uniform float u_target_texel;   // canvas pixels per output texel (1 / the pass's scale)

out vec4 hdr;

void main() {
    // Point-sample the tile map at this texel's centre: what a bloom source needs, and cheap.
    vec2 canvas_px = u_target_origin + gl_FragCoord.xy * u_target_texel;
    hdr = vec4(mosaic_pixel(ivec2(canvas_px - u_region_origin), canvas_px), 1.0);
}
