// use: vec3 decode_light(vec4 texel)  -> the linear HDR light stored by lib/mosaic/encode_light.glsl
#ifndef FNC_DECODE_LIGHT
#define FNC_DECODE_LIGHT
#include "lib/mosaic/light_range.glsl"
vec3 decode_light(vec4 texel) {
    return texel.rgb * (texel.a * LIGHT_RANGE);
}
#endif
