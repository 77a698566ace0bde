// use: vec3 tonemap_aces(vec3 linear_hdr)  -> display-referred [0,1] (Narkowicz 2015 ACES fit)
#ifndef FNC_TONEMAP_ACES
#define FNC_TONEMAP_ACES
vec3 tonemap_aces(vec3 x) {
    const float a = 2.51, b = 0.03, c = 2.43, d = 0.59, e = 0.14;
    return clamp((x * (a * x + b)) / (x * (c * x + d) + e), 0.0, 1.0);
}
#endif
