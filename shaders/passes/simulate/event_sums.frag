// Per-journey sums over past events at a whole dataset day D (events have whole-day dates, so every
// event that has happened by day d >= D happened by D). With the flare envelope
//   env(age) = (1 - exp(-age/attack)) exp(-age/tau) = exp(-age/tau) - exp(-age/tau2),
//   1/tau2 = 1/attack + 1/tau,
// the flare at any d in [D, D+1) is exp(-(d-D)/tau) S_tau - exp(-(d-D)/tau2) S_tau2, where
//   S_k = sum over past events of gain * exp(-(D - day)/k).
// So these sums change once per dataset day, and the per-frame pass reads one texel per journey.
// Output: x S_tau and y S_tau2 for care (positive gains), z and w the same for missed care.
#include "lib/math/texel_of.glsl"

uniform isampler2D u_spans;     // x first event index, y event count
uniform sampler2D u_events;     // x day, y signed gain
uniform int u_events_shift;
uniform int u_count;
uniform int u_width_shift;
uniform float u_whole_day;      // D
uniform float u_tau;
uniform float u_tau2;
uniform float u_horizon;        // events older than this (days) add less than 2^-12

out vec4 sums;

float event_day(int e) {
    return texelFetch(u_events, texel_of(e, u_events_shift), 0).x;
}

void main() {
    ivec2 tc = ivec2(gl_FragCoord.xy);
    int index = (tc.y << u_width_shift) + tc.x;
    sums = vec4(0.0);
    if (index >= u_count) {
        return;
    }
    // Events are sorted by day: find the first after D, then walk back to the horizon.
    ivec2 span = texelFetch(u_spans, tc, 0).xy;
    int lo = span.x;
    int hi = span.x + span.y;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (event_day(mid) <= u_whole_day) lo = mid + 1; else hi = mid;
    }
    for (int e = lo - 1; e >= span.x; --e) {
        vec2 ev = texelFetch(u_events, texel_of(e, u_events_shift), 0).xy;
        float age = u_whole_day - ev.x;
        if (age > u_horizon) break;
        vec2 decay = vec2(exp(-age / u_tau), exp(-age / u_tau2));
        if (ev.y > 0.0) sums.xy += ev.y * decay; else sums.zw -= ev.y * decay;
    }
}
