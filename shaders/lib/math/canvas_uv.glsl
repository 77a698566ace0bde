// use: vec2 canvas_uv(vec2 canvas_px, vec2 origin, vec2 extent)  -> uv of a canvas position in a
//   target whose texel (0,0) starts at canvas pixel `origin` and which spans `extent` canvas pixels.
//   Coarse targets span the whole canvas (a region render draws only its part of them), so a region
//   and the full frame pass bit-identical uvs to the sampler and get bit-identical light.
#ifndef FNC_CANVAS_UV
#define FNC_CANVAS_UV
vec2 canvas_uv(vec2 canvas_px, vec2 origin, vec2 extent) {
    return (canvas_px - origin) / extent;
}
#endif
