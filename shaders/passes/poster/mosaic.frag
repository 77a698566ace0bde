// The coarse mosaic of a banded poster: shaders/passes/mosaic/cells.frag for the whole canvas, reading
// the tile map through the coarse copy made by shaders/passes/poster/decimate.frag (one texel per output
// texel) instead of the full-resolution map. Same function, same canvas position: same light.
#include "lib/mosaic/mosaic_pixel.glsl"

uniform vec2 u_region_origin;   // the canvas's corner: the frame is the whole canvas (set by the mosaic's bindings)
uniform vec2 u_target_origin;   // canvas pixel of this target's corner
uniform float u_target_texel;   // canvas pixels per output texel

out vec4 hdr;

void main() {
    vec2 canvas_px = u_target_origin + gl_FragCoord.xy * u_target_texel;
    hdr = vec4(mosaic_pixel(ivec2(gl_FragCoord.xy + u_region_origin), canvas_px), 1.0);
}
