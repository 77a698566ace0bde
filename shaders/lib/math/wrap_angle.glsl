// use: float wrap_angle(float a)  -> a wrapped into [-PI, PI)
#ifndef FNC_WRAP_ANGLE
#define FNC_WRAP_ANGLE
#include "lib/math/consts.glsl"
float wrap_angle(float a) {
    return a - TAU * floor((a + PI) / TAU);
}
#endif
