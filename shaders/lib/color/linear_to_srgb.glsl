// use: vec3 linear_to_srgb(vec3 linear)  -> sRGB-encoded (IEC 61966-2-1)
//   The power segment is fitted with two nested square roots, s = c^(1/2) and q = c^(1/4), as
//   a*s + b*q + d*c + e*s*q + f (max error 0.009 of an 8-bit step over [0.0031308, 1], fitted in
//   numpy by reweighted least squares): pow() costs several times more on CPU rasterisers such as
//   llvmpipe, and this runs on every output pixel.
#ifndef FNC_LINEAR_TO_SRGB
#define FNC_LINEAR_TO_SRGB
vec3 linear_to_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    vec3 s = sqrt(c);
    vec3 q = sqrt(s);
    vec3 hi = 1.12267286 * s + 0.19613976 * q + 0.08132818 * c - 0.33549419 * s * q - 0.0646121;
    return mix(c * 12.92, hi, step(vec3(0.0031308), c));
}
#endif
