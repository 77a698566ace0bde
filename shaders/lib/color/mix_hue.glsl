// use: vec3 mix_hue(vec3 a, vec3 b, float t)  -> linear rgb between a and b, interpolated in OKLCh:
//   lightness and chroma blend, hue turns the short way round. Unlike mix() in rgb, teal to amber
//   passes through green and gold instead of grey.
#ifndef FNC_MIX_HUE
#define FNC_MIX_HUE
#include "lib/color/oklab.glsl"
#include "lib/math/wrap_angle.glsl"
vec3 mix_hue(vec3 a, vec3 b, float t) {
    vec3 la = linear_to_oklab(a);
    vec3 lb = linear_to_oklab(b);
    float ca = length(la.yz), cb = length(lb.yz);
    float ha = atan(la.z, la.y), hb = atan(lb.z, lb.y);
    float h = ha + t * wrap_angle(hb - ha);
    float c = mix(ca, cb, t);
    vec3 lab = vec3(mix(la.x, lb.x, t), c * cos(h), c * sin(h));
    return max(oklab_to_linear(lab), 0.0);
}
#endif
