// One tile for the printed legend (lumen/legend/tile.py), shaded exactly as the wall shades it: a
// grid cell's shape (square_radius), shade_cell over the exhibit's water, and the exhibit's display
// transform, without dither (print) and without bloom.
#include "lib/layout/square_radius.glsl"
#include "lib/mosaic/shade_cell.glsl"
#include "lib/color/tonemap_display.glsl"

uniform float u_size;           // the tile's size in pixels (the whole viewport)
uniform float u_roundness;
uniform vec3 u_light;           // the tile's light, as the simulate pass would output it
uniform vec3 u_ground;          // the water behind the tile
uniform float u_core;
uniform float u_rim;

out vec4 frag;

void main() {
    // The cell fills 90% of the image, so a ring of water frames it as on the wall.
    vec2 local = (gl_FragCoord.xy / u_size - 0.5) * 2.0 / 0.9;
    float radius = min(square_radius(local, u_roundness), 1.0);
    vec3 scene = shade_cell(radius, u_light, u_ground, u_core, u_rim);
    frag = vec4(tonemap_display(scene, vec3(0.0), gl_FragCoord.xy), 1.0);
}
