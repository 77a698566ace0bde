// use: vec3 linear_to_srgb(vec3 linear)  -> sRGB-encoded (IEC 61966-2-1)
//   The power segment is fitted with three nested square roots (max error 0.012 of an 8-bit step over
//   [0.0031308, 1], fitted in numpy by weighted least squares): pow() costs several times more on
//   CPU rasterisers such as llvmpipe, and this runs on every output pixel.
#ifndef FNC_LINEAR_TO_SRGB
#define FNC_LINEAR_TO_SRGB
vec3 linear_to_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    vec3 s1 = sqrt(c);
    vec3 s2 = sqrt(s1);
    vec3 s3 = sqrt(s2);
    vec3 hi = 0.64238198 * s1 + 0.71209205 * s2 - 0.33686237 * s3 - 0.01756868 * c;
    return mix(c * 12.92, hi, step(vec3(0.0031308), c));
}
#endif
