// Per-journey state for time t, in closed form (no history): any frame can be reached by seeking.
// One texel per journey, two outputs:
//   state: x pulse [0,1], y flare (care lighting up), z dim (missed care, outage), w phase in turns
//          (read back by tests and the HUD to measure synchrony);
//   light: rgb the tile's light this frame (steady light plus its coloured flare), a the flare alone;
//          the only thing the mosaic reads, so each output pixel needs one dependent fetch.
#include "lib/math/consts.glsl"
#include "lib/math/wrap_angle.glsl"
#include "lib/color/mix_hue.glsl"

uniform sampler2D u_colour;     // rgb base colour (linear), a base brightness
uniform sampler2D u_colour_b;   // rgb base colour under the palette being blended toward
uniform float u_palette_blend;  // 0 the exhibit's palette .. 1 palette.blend_to
uniform vec3 u_flare_colour;
uniform float u_flare_tint;     // 0 flares in u_flare_colour .. 0.5 halfway toward the tile's own colour
uniform sampler2D u_rhythm;     // x freq (Hz), y phase0 (rad), z outage impact [0,1], w presence day
uniform sampler2D u_sums;       // per-journey event sums at the whole day (event_sums.frag)
uniform float u_decay_slow;     // exp(-(day - whole day) / tau)
uniform float u_decay_fast;     // exp(-(day - whole day) / tau2), 1/tau2 = 1/attack + 1/tau
uniform int u_count;
uniform int u_width_shift;
uniform float u_time;           // exhibit seconds
uniform float u_day;            // dataset day shown at u_time
uniform float u_coupling;       // 0 scattered phases .. 1 one shared pulse
uniform float u_global_freq;    // the shared pulse's frequency (Hz)
uniform float u_outage;         // 0 .. 1: how strongly outage impact dims a tile
uniform float u_flare_gain;
uniform float u_pulse_depth;    // share of a tile's light that breathes with its pulse

layout(location = 0) out vec4 state;
layout(location = 1) out vec4 light;

void main() {
    ivec2 tc = ivec2(gl_FragCoord.xy);
    int index = (tc.y << u_width_shift) + tc.x;
    if (index >= u_count) {
        state = vec4(0.0);
        light = vec4(0.0);
        return;
    }
    vec4 rhythm = texelFetch(u_rhythm, tc, 0);

    // Firefly oscillator pulled toward the shared pulse by `coupling` (closed form, no integration).
    float own = rhythm.y + TAU * rhythm.x * u_time;
    float shared_phase = TAU * u_global_freq * u_time;
    float phase = own + u_coupling * wrap_angle(shared_phase - own);
    float pulse = 0.5 + 0.5 * cos(phase);

    // Flares from the per-day event sums (event_sums.frag): two exponentials per sign.
    // The decays since the whole day are the same for every journey: computed once, on the CPU.
    vec4 sums = texelFetch(u_sums, tc, 0);
    float flare = max(u_decay_slow * sums.x - u_decay_fast * sums.y, 0.0);
    float shadow = max(u_decay_slow * sums.z - u_decay_fast * sums.w, 0.0);
    float dim = clamp(0.6 * shadow + u_outage * rhythm.z, 0.0, 0.95);
    float presence = smoothstep(rhythm.w - 3.0, rhythm.w, u_day);
    float flare_light = u_flare_gain * flare * presence;
    state = vec4(pulse * presence, flare_light, dim, fract(phase / TAU));
    vec4 base = texelFetch(u_colour, tc, 0);
    vec3 hue = base.rgb;
#if SIMULATE_PALETTE_BLEND
    // A compile-time variant, used only while a blend is keyed: llvmpipe runs both sides of even a
    // uniform branch, and the OKLCh blend costs as much as the rest of this pass.
    hue = mix_hue(hue, texelFetch(u_colour_b, tc, 0).rgb, u_palette_blend);
#endif
    float breath = (1.0 - u_pulse_depth) + u_pulse_depth * pulse;
    vec3 flare_colour = mix(u_flare_colour, hue / max(max(hue.r, max(hue.g, hue.b)), 1e-4), u_flare_tint);
    light = vec4(hue * base.a * breath * (1.0 - dim) * presence + flare_colour * flare_light, flare_light);
}
