// Per-journey light for time t, in closed form (no history): any frame can be reached by seeking.
// One texel per journey. Outputs:
//   light: the tile's light this frame (steady light plus its coloured flare), rgba8 RGBM
//          (lib/mosaic/encode_light.glsl); the only thing the mosaic reads, so each output pixel
//          needs one dependent fetch, of 4 bytes;
//   state (SIMULATE_STATE only, for tests and analysis): x pulse [0,1], y flare, z dim (missed care,
//          outage), w phase in turns. A second float target costs a quarter of this pass, so frames
//          that nobody analyses skip it.
#ifndef SIMULATE_STATE
#define SIMULATE_STATE 0
#endif
#if !defined(HUE_CODES) || !defined(ROW_HUE_STRIDE) || !defined(ROW_BRIGHTNESS_STEPS)
#error "HUE_CODES and the ROW_* packing come from lumen/passes/gpu_contract.py"
#endif
#include "lib/mosaic/encode_light.glsl"

uniform sampler2D u_journeys;   // packed rows (lumen/passes/journey_textures.py gpu_rows): x freq (Hz),
                                // y hue code * ROW_HUE_STRIDE + phase0 (rad),
                                // z brightness * ROW_BRIGHTNESS_STEPS + outage impact, w presence day
uniform sampler2D u_sums;       // per-journey event sums at the whole day (event_sums.frag)
uniform vec3 u_hues[HUE_CODES];        // linear rgb per hue code, palette blend already applied
uniform vec3 u_flare_hues[HUE_CODES];  // flare colour per hue code
uniform float u_decay_slow;     // exp(-(day - whole day) / tau)
uniform float u_decay_fast;     // exp(-(day - whole day) / tau2), 1/tau2 = 1/attack + 1/tau
uniform int u_count;
uniform int u_width_shift;
uniform float u_time;           // exhibit seconds
uniform float u_day;            // dataset day shown at u_time
uniform float u_coupling;       // 0 scattered phases .. 1 one shared pulse
uniform float u_global_phase;   // the shared pulse's phase in turns (its frequency's integral over time)
uniform float u_outage;         // 0 .. 1: how strongly outage impact dims a tile
#ifndef SIMULATE_WAVE
#define SIMULATE_WAVE 0
#endif
#if SIMULATE_WAVE
// The rerouting wave, in canvas space: each tile's distance from [story] reroute_origin (over the
// farthest corner's), and the front; a tile the front has passed has its access back.
uniform sampler2D u_distance;
uniform float u_front;
#define WAVE_WIDTH 0.12
#endif
uniform float u_flare_gain;
uniform float u_pulse_depth;    // share of a tile's light that breathes with its pulse

layout(location = 0) out vec4 light;
#if SIMULATE_STATE
layout(location = 1) out vec4 state;
#endif

void main() {
    ivec2 tc = ivec2(gl_FragCoord.xy);
    int index = (tc.y << u_width_shift) + tc.x;
    if (index >= u_count) {
        light = vec4(0.0);
#if SIMULATE_STATE
        state = vec4(0.0);
#endif
        return;
    }
    vec4 row = texelFetch(u_journeys, tc, 0);
    float code = floor(row.y * (1.0 / ROW_HUE_STRIDE));
    float phase0 = row.y - ROW_HUE_STRIDE * code;
    float steps = floor(row.z);
    float brightness = steps * (1.0 / ROW_BRIGHTNESS_STEPS);
    float impact = row.z - steps;

    // Firefly oscillator pulled toward the shared pulse by `coupling` (closed form, no integration).
    // Phases are in turns: exact over long shows, and the wrap is one floor().
    float own = phase0 * (1.0 / 6.28318530718) + row.x * u_time;
    float lag = u_global_phase - own;
    float phase = own + u_coupling * (lag - floor(lag + 0.5));
    // The breath: a smoothstep of the triangle wave, within 0.011 of 0.5 + 0.5 cos() and much
    // cheaper than cos() on a CPU rasteriser.
    float tri = abs(2.0 * fract(phase) - 1.0);
    float pulse = tri * tri * (3.0 - 2.0 * tri);

    // Flares from the per-day event sums (event_sums.frag): two exponentials per sign.
    // The decays since the whole day are the same for every journey: computed once, on the CPU.
    vec4 sums = texelFetch(u_sums, tc, 0);
    float flare = max(u_decay_slow * sums.x - u_decay_fast * sums.y, 0.0);
    float shadow = max(u_decay_slow * sums.z - u_decay_fast * sums.w, 0.0);
    // Missed care and barriers shade a tile while their event sums last. The outage cuts off every
    // journey that lost care on the network during it (impact > 0, from its own events only, never
    // its income band or district): 80 % of its light at u_outage = 1, up to 90 % for a journey that
    // lost all the care it sought, flares included, so a visitor sees who lost access; an ember stays.
    float shade = clamp(0.6 * shadow, 0.0, 0.95);
    float cut_off = impact > 0.0 ? u_outage * (0.8 + 0.1 * impact) : 0.0;
#if SIMULATE_WAVE
    cut_off *= smoothstep(u_front - WAVE_WIDTH, u_front, texelFetch(u_distance, tc, 0).r);
#endif
    float dim = 1.0 - (1.0 - shade) * (1.0 - cut_off);
    float presence = smoothstep(row.w - 3.0, row.w, u_day);
    float flare_light = u_flare_gain * flare * presence * (1.0 - cut_off);
    float breath = (1.0 - u_pulse_depth) + u_pulse_depth * pulse;
    int hue = int(code);
    light = encode_light(u_hues[hue] * (brightness * breath * (1.0 - dim) * presence)
                         + u_flare_hues[hue] * flare_light);
#if SIMULATE_STATE
    state = vec4(pulse * presence, flare_light, dim, fract(phase));
#endif
}
