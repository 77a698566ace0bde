// The mosaic as an HDR image at the pass's scale (e.g. half resolution as a bloom source).
#include "lib/mosaic/mosaic_pixel.glsl"

uniform vec2 u_region_origin;
uniform float u_tile_step;      // tile-map pixels per output pixel (1 / the pass's scale)

out vec4 hdr;

void main() {
    vec2 px = floor(gl_FragCoord.xy) * u_tile_step + 0.5 * u_tile_step;
    hdr = vec4(mosaic_pixel(ivec2(px), px + u_region_origin), 1.0);
}
