// Tile map for the hex layout: per output pixel, which journey owns it and how far from its centre.
// Pointy-top hexagons in offset rows; flat-top ones are the same in the transposed frame.
#include "lib/layout/hex_centre.glsl"
#include "lib/layout/hex_radius.glsl"

uniform vec2 u_region_origin;   // region's lower-left corner in canvas pixels (GL orientation)
uniform vec2 u_canvas;          // canvas size in pixels
uniform vec2 u_hex_origin;      // centre of slot 0 in the layout frame (x along rows, y down)
uniform float u_size;           // centre-to-vertex radius in pixels
uniform int u_cols;
uniform int u_rows;
uniform int u_slots;            // number of occupied cells
uniform bool u_flat;            // flat-top: the layout frame is the canvas transposed
uniform float u_roundness;      // 2 nearly round, large = sharp hexagon

out vec4 tile;                  // x: journey index or -1, y: normalised radius (0 centre, 1 edge)

void main() {
    vec2 canvas_px = gl_FragCoord.xy + u_region_origin;
    vec2 q = vec2(canvas_px.x, u_canvas.y - canvas_px.y);   // y down, so slot 0 is at the top
    if (u_flat) {
        q = q.yx;
    }
    q -= u_hex_origin;
    vec2 centre = hex_centre(q, u_size);
    int row = int(floor(centre.y / (1.5 * u_size) + 0.5));
    float shift = (row & 1) == 1 ? 0.5 : 0.0;
    int col = int(floor(centre.x / (sqrt(3.0) * u_size) - shift + 0.5));
    int slot = row * u_cols + col;
    if (row < 0 || row >= u_rows || col < 0 || col >= u_cols || slot >= u_slots) {
        tile = vec4(-1.0, 1.0, 0.0, 0.0);
        return;
    }
    int journey = slot;  // the GPU keeps per-tile rows in slot order (lumen.tiles.slot_ordered)
    tile = vec4(float(journey), hex_radius(q - centre, u_size, u_roundness), 0.0, 0.0);
}
