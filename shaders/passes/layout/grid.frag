// Tile map for the grid layout: per output pixel, which journey owns it and how far from its centre.
// Computed once per (data, layout, size, region); the mosaic pass reads it every frame.

uniform vec2 u_region_origin;   // region's lower-left corner in canvas pixels (GL orientation)
uniform vec2 u_grid_origin;     // grid's lower-left corner in canvas pixels
uniform float u_cell;           // cell size in pixels
uniform int u_cols;
uniform int u_rows;
uniform int u_slots;            // number of occupied cells
uniform float u_roundness;      // superellipse exponent: 2 = circle, large = square
#include "lib/layout/square_radius.glsl"

out vec4 tile;                  // x: journey index or -1, y: normalised radius (0 centre, 1 edge)

void main() {
    vec2 p = (gl_FragCoord.xy + u_region_origin - u_grid_origin) / u_cell;
    ivec2 cell = ivec2(floor(p));
    // Rows run top to bottom so slot 0 sits at the top-left, as a reader expects.
    int row = u_rows - 1 - cell.y;
    int slot = row * u_cols + cell.x;
    if (p.x < 0.0 || p.y < 0.0 || cell.x >= u_cols || row < 0 || slot >= u_slots) {
        tile = vec4(-1.0, 1.0, 0.0, 0.0);
        return;
    }
    float r = square_radius((fract(p) - 0.5) * 2.0, u_roundness);
    int journey = slot;  // the GPU keeps per-tile rows in slot order (lumen.tiles.slot_ordered)
    tile = vec4(float(journey), r, 0.0, 0.0);
}
