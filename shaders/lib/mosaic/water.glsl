// use: vec3 water(float canvas_y, float canvas_height, vec3 top, vec3 bottom)  -> the dark ground
#ifndef FNC_WATER
#define FNC_WATER
vec3 water(float canvas_y, float canvas_height, vec3 top, vec3 bottom) {
    return mix(bottom, top, clamp(canvas_y / canvas_height, 0.0, 1.0));
}
#endif
