// One projector's frame through its warp: sampled with linear filtering, cross-faded from a held frame
// and faded as the plain presenter does (shaders/passes/present/present.frag).
uniform sampler2D u_frame;   // the slice's rgba8 frame, blend applied
uniform sampler2D u_held;    // the frame shown before a swap
uniform float u_mix;         // 0 shows u_frame, 1 shows u_held
uniform float u_fade;        // 0 black .. 1 full picture

in vec2 v_uv;
out vec4 colour;

void main() {
    vec3 rgb = texture(u_frame, v_uv).rgb;
#if PRESENT_CROSSFADE   // as in present.frag: the variant without a cross-fade never reads u_held
    rgb = mix(rgb, texture(u_held, v_uv).rgb, u_mix);
#endif
    colour = vec4(rgb * u_fade, 1.0);
}
