// use: float ign(vec2 pixel)  -> interleaved gradient noise in [0,1) (Jimenez 2014); deterministic
#ifndef FNC_IGN
#define FNC_IGN
float ign(vec2 pixel) {
    return fract(52.9829189 * fract(dot(pixel, vec2(0.06711056, 0.00583715))));
}
#endif
