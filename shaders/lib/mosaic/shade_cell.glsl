// use: vec3 shade_cell(float radius, vec3 light, vec3 ground, float core, float rim)  -> HDR light of a
//   pixel inside a tile: radius is the tile map's (0 centre, 1 edge), light the tile's light (the
//   simulate pass's), ground the water behind it. The water shows through the dark gap between
//   cells, dimmed inside them so edges read as membranes. The wall (mosaic_pixel) and the printed
//   legend (passes/legend/tile.frag) both shade cells with this one function.
#ifndef FNC_SHADE_CELL
#define FNC_SHADE_CELL
#include "lib/mosaic/cell_glow.glsl"
vec3 shade_cell(float radius, vec3 light, vec3 ground, float core, float rim) {
    float gap = smoothstep(0.9, 1.0, radius);
    return ground * (0.5 + 0.5 * gap) + cell_glow(radius, 1.0 - gap, light, core, rim);
}
#endif
