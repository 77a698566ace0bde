// A banded poster's coarse tile map: for each texel of a coarse mosaic, the tile-map texel that the
// mosaic point-samples (shaders/passes/mosaic/cells.frag, its target placed at the canvas origin),
// copied from the band of the canvas that holds it. A whole-canvas coarse mosaic then needs this
// small map instead of a full-resolution tile map of the whole canvas.
uniform sampler2D u_tiles;       // the band's tile map (rg32f), band-sized
uniform vec2 u_band_origin;      // canvas pixel of the band's corner (GL coordinates)
uniform float u_texel;           // canvas pixels per coarse texel

out vec4 tile;

void main() {
    vec2 canvas_px = vec2(0.0) + gl_FragCoord.xy * u_texel;
    tile = texelFetch(u_tiles, ivec2(canvas_px - u_band_origin), 0);
}
