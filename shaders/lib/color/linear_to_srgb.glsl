// use: vec3 linear_to_srgb(vec3 linear)  -> sRGB-encoded (IEC 61966-2-1 piecewise curve)
#ifndef FNC_LINEAR_TO_SRGB
#define FNC_LINEAR_TO_SRGB
vec3 linear_to_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    vec3 lo = c * 12.92;
    vec3 hi = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(lo, hi, step(vec3(0.0031308), c));
}
#endif
