// Benchmark baseline only: the naive mosaic, one instanced quad per journey (vertex-bound on llvmpipe).
in vec2 in_corner;              // unit quad corner, 0..1
in vec3 in_cell;                // per instance: x, y (canvas px, lower-left), size
in vec4 in_colour;              // per instance: linear rgb, brightness
uniform vec2 u_canvas;
out vec4 v_colour;
out vec2 v_local;

void main() {
    vec2 p = in_cell.xy + in_corner * in_cell.z;
    v_colour = in_colour;
    v_local = in_corner * 2.0 - 1.0;
    gl_Position = vec4(p / u_canvas * 2.0 - 1.0, 0.0, 1.0);
}
