// Presents the pipeline's output in the window: letterboxed, cross-faded from a held frame, faded.
// The pipeline never sees the window; fades and blackout live here only.
// PRESENT_CROSSFADE 0 builds the variant for frames without a cross-fade, which never reads u_held: a
// branch on u_mix does not save the read on llvmpipe, and a full-screen read costs about 3 ms at 1080p.
uniform sampler2D u_frame;      // the pipeline's rgba8 output (sRGB-encoded)
uniform sampler2D u_held;       // the frame shown before a data or pipeline swap
uniform vec4 u_rect;            // letterbox rectangle in window pixels: x, y, w, h
uniform float u_mix;            // 0 shows u_frame, 1 shows u_held (cross-fade on swaps)
uniform float u_fade;           // 0 black .. 1 full picture (fade in, fade out, blackout)

out vec4 colour;

void main() {
    vec2 uv = (gl_FragCoord.xy - u_rect.xy) / u_rect.zw;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThanEqual(uv, vec2(1.0)))) {
        colour = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    vec3 rgb = texture(u_frame, uv).rgb;
#if PRESENT_CROSSFADE
    rgb = mix(rgb, texture(u_held, uv).rgb, u_mix);
#endif
    colour = vec4(rgb * u_fade, 1.0);
}
