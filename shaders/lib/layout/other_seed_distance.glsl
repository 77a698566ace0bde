// use: float other_seed_distance(sampler2D flood, ivec2 q, ivec2 lo, ivec2 hi, vec2 own, vec2 here)  ->
// distance from `here` to the seed position named by flood texel q (clamped to the domain lo..hi),
// or 1e30 if it is `own` (seeds sit in distinct texels, so equal positions mean the same seed).
// "No seed" is stored at -1e9, so its distance is huge anyway.
#ifndef FNC_OTHER_SEED_DISTANCE
#define FNC_OTHER_SEED_DISTANCE
float other_seed_distance(sampler2D flood, ivec2 q, ivec2 lo, ivec2 hi, vec2 own, vec2 here) {
    vec2 other = texelFetch(flood, clamp(q, lo, hi), 0).xy;
    return other == own ? 1e30 : distance(other, here);
}
#endif
