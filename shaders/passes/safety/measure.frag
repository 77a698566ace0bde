// The flash measure, step 2: one output texel per cell, the mean of its samples (step 1,
// shaders/passes/safety/samples.frag); lumen/safety/measure.py computes the same numbers in numpy.
// Cells split the frame as floor(i * size / grid) in image coordinates; output row 0 holds the
// bottom cells, as GL reads rows.
uniform sampler2D u_samples; // (lum, red) per sample, sample row 0 at the top of the image
uniform ivec2 u_size;        // frame size in pixels
uniform ivec2 u_grid;        // cells: columns, rows
uniform int u_stride;        // sample spacing in pixels
uniform ivec2 u_origin;      // this measure's first texel in the output (input and output side by side)

out vec4 cell;

int first_sample(int edge) {
    // the first sample index at or after pixel `edge` (samples sit at stride / 2 + k * stride)
    return max(0, (edge - u_stride / 2 + u_stride - 1) / u_stride);
}

void main() {
    ivec2 c = ivec2(gl_FragCoord.xy) - u_origin;
    int row = u_grid.y - 1 - c.y;
    ivec2 lo = ivec2(first_sample(c.x * u_size.x / u_grid.x), first_sample(row * u_size.y / u_grid.y));
    ivec2 hi = ivec2(first_sample((c.x + 1) * u_size.x / u_grid.x), first_sample((row + 1) * u_size.y / u_grid.y));
    vec2 sum = vec2(0.0);
    for (int y = lo.y; y < hi.y; ++y) {
        for (int x = lo.x; x < hi.x; ++x) {
            sum += texelFetch(u_samples, ivec2(x, y), 0).xy;
        }
    }
    int n = (hi.x - lo.x) * (hi.y - lo.y);
    cell = vec4(n > 0 ? sum / float(n) : vec2(0.0), float(n), 1.0);
}
