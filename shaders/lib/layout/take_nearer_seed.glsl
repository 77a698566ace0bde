// use: void take_nearer_seed(inout vec2 best, inout float best_d2, vec2 candidate, vec2 p)  -> keeps in
// `best` whichever seed position (canvas pixels; "no seed" is stored far away, at -1e9) is nearer
// to p; `best_d2` is its squared distance. Ties go to the lower (y, x), so the result does not
// depend on the order candidates are visited in. Branch-free selects: cheaper than branches on
// CPU rasterisers such as llvmpipe.
#ifndef FNC_TAKE_NEARER_SEED
#define FNC_TAKE_NEARER_SEED
void take_nearer_seed(inout vec2 best, inout float best_d2, vec2 candidate, vec2 p) {
    vec2 d = candidate - p;
    float d2 = dot(d, d);
    bool lower = candidate.y < best.y || (candidate.y == best.y && candidate.x < best.x);
    bool take = d2 < best_d2 || (d2 == best_d2 && lower);
    best = take ? candidate : best;
    best_d2 = take ? d2 : best_d2;
}
#endif
