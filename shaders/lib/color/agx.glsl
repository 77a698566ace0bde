// use: vec3 tonemap_agx(vec3 linear_hdr)  -> display-referred [0,1] (AgX base with a polynomial sigmoid)
#ifndef FNC_TONEMAP_AGX
#define FNC_TONEMAP_AGX
vec3 tonemap_agx(vec3 color) {
    const mat3 inset = mat3(0.842479, 0.0423283, 0.0423756,
                            0.0784336, 0.878468, 0.0784336,
                            0.0792237, 0.0791661, 0.879142);
    const mat3 outset = mat3(1.19687900512017, -0.0528968517574562, -0.0529716355144438,
                             -0.0980208811401368, 1.15190312990417, -0.0980434501171241,
                             -0.0990297440797205, -0.0989611768448433, 1.15107367264116);
    const float min_ev = -12.47393, max_ev = 4.026069;
    vec3 x = inset * max(color, vec3(1e-10));
    x = clamp((log2(x) - min_ev) / (max_ev - min_ev), 0.0, 1.0);
    vec3 x2 = x * x, x4 = x2 * x2;
    x = 15.5 * x4 * x2 - 40.14 * x4 * x + 31.96 * x4 - 6.868 * x2 * x + 0.4298 * x2 + 0.1191 * x - 0.00232;
    x = outset * x;
    // the sigmoid output is display-encoded already; return it in linear so the sRGB step is uniform
    return clamp(pow(max(x, 0.0), vec3(2.2)), 0.0, 1.0);
}
#endif
