// The flash measure: one output texel per cell, the mean luminance and red measure of its samples
// (every u_stride-th pixel of every u_stride-th row, from u_stride / 2, in image coordinates);
// lumen/safety/measure.py computes the same numbers in numpy. Cells split the frame as
// floor(i * size / grid); output row 0 holds the bottom cells, as GL reads rows.
#include "lib/color/srgb8_to_linear.glsl"
#include "lib/safety/flash_measure.glsl"

uniform sampler2D u_frame;   // the frame (rgba8, sRGB-encoded), bottom row first
uniform sampler2D u_srgb;    // 256x1 decoding table
uniform ivec2 u_size;        // frame size in pixels
uniform ivec2 u_grid;        // cells: columns, rows
uniform int u_stride;        // sample spacing in pixels
uniform ivec2 u_origin;      // this measure's first texel in the output (input and output side by side)

out vec4 cell;

int first_sample(int start, int offset) {
    return start + ((offset - start) % u_stride + u_stride) % u_stride;
}

void main() {
    ivec2 c = ivec2(gl_FragCoord.xy) - u_origin;
    int row = u_grid.y - 1 - c.y;
    int x0 = c.x * u_size.x / u_grid.x, x1 = (c.x + 1) * u_size.x / u_grid.x;
    int y0 = row * u_size.y / u_grid.y, y1 = (row + 1) * u_size.y / u_grid.y;
    int offset = u_stride / 2;
    vec2 sum = vec2(0.0);
    int n = 0;
    for (int y = first_sample(y0, offset); y < y1; y += u_stride) {
        for (int x = first_sample(x0, offset); x < x1; x += u_stride) {
            vec3 rgb = texelFetch(u_frame, ivec2(x, u_size.y - 1 - y), 0).rgb;
            sum += flash_measure(srgb8_to_linear(rgb, u_srgb));
            n += 1;
        }
    }
    cell = vec4(n > 0 ? sum / float(n) : vec2(0.0), float(n), 1.0);
}
