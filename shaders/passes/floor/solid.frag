// The benchmark floor: the cheapest full-screen pass that still writes every pixel.
uniform float u_value;
out vec4 frag;
void main() {
    frag = vec4(u_value, gl_FragCoord.x * 1e-4, gl_FragCoord.y * 1e-4, 1.0);
}
