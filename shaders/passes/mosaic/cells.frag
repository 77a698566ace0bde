// The mosaic as an HDR image at the pass's scale (e.g. half resolution as a bloom source).
#include "lib/mosaic/mosaic_pixel.glsl"

uniform vec2 u_region_origin;   // canvas pixel of the tile map's (and this target's) corner
uniform float u_texel;          // canvas pixels per output texel (1 / the pass's scale)

out vec4 hdr;

void main() {
    // Point-sample the tile map at this texel's centre: what a bloom source needs, and cheap.
    vec2 local = gl_FragCoord.xy * u_texel;
    hdr = vec4(mosaic_pixel(ivec2(local), local + u_region_origin), 1.0);
}
