// use: float ring_other_seed(sampler2D flood, ivec2 p, int r, ivec2 lo, ivec2 hi, vec2 own, vec2 here)  ->
// distance from `here` to the nearest seed other than `own` named by the flood texels at 8 points on
// a ring of radius r around texel p (clamped to the domain lo..hi), or 1e30 if they all name `own`.
// Unrolled: constant-array indexing in a loop is slow on CPU rasterisers such as llvmpipe.
#ifndef FNC_RING_OTHER_SEED
#define FNC_RING_OTHER_SEED
#include "lib/layout/other_seed_distance.glsl"

float ring_other_seed(sampler2D flood, ivec2 p, int r, ivec2 lo, ivec2 hi, vec2 own, vec2 here) {
    int d = int(floor(0.70710678 * float(r) + 0.5));
    float best = other_seed_distance(flood, p + ivec2(r, 0), lo, hi, own, here);
    best = min(best, other_seed_distance(flood, p + ivec2(-r, 0), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(0, r), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(0, -r), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(d, d), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(-d, d), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(d, -d), lo, hi, own, here));
    best = min(best, other_seed_distance(flood, p + ivec2(-d, -d), lo, hi, own, here));
    return best;
}
#endif
