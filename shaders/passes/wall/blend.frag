// Edge blend of one projector's slice, drawn only over its overlap bands (or the whole slice when the
// black is lifted) with blending ONE, SRC_ALPHA: frame' = frame * factor + lift.
// The factor w^(1/gamma) fades the projector's light, not its values (lumen/wall/blend.py).
uniform sampler2D u_mask;   // rg32f, one texel per slice pixel: r = factor, g = black lift (a display value)

out vec4 colour;

void main() {
    vec2 m = texelFetch(u_mask, ivec2(gl_FragCoord.xy), 0).rg;
    colour = vec4(vec3(m.g), m.r);
}
