// Benchmark baseline only: a soft round cell per instanced quad.
in vec4 v_colour;
in vec2 v_local;
out vec4 frag;

void main() {
    float r = length(v_local);
    frag = vec4(v_colour.rgb * v_colour.a * exp(-r * r * 3.0), 1.0);
}
