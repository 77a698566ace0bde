// use: vec3 mosaic_pixel(ivec2 tile_texel, vec2 canvas_px)  -> HDR light of the mosaic at a pixel
//   Needs these uniforms: u_tiles (tile map), u_light (simulate light), u_width_shift, u_canvas,
//   u_background_top/bottom, u_core, u_rim. Shared by the mosaic and composite passes
//   so that the bloom source and the displayed frame shade cells identically.
#ifndef FNC_MOSAIC_PIXEL
#define FNC_MOSAIC_PIXEL
#include "lib/math/texel_of.glsl"
#include "lib/mosaic/decode_light.glsl"
#include "lib/mosaic/shade_cell.glsl"
#include "lib/mosaic/water.glsl"

uniform sampler2D u_tiles;
uniform sampler2D u_light;
uniform int u_width_shift;
uniform vec2 u_canvas;
uniform vec3 u_background_top;
uniform vec3 u_background_bottom;
uniform float u_core;
uniform float u_rim;

vec3 mosaic_pixel(ivec2 tile_texel, vec2 canvas_px) {
    vec3 ground = water(canvas_px.y, u_canvas.y, u_background_top, u_background_bottom);
    vec2 tile = texelFetch(u_tiles, tile_texel, 0).xy;
    if (tile.x < 0.0) {
        return ground;
    }
    vec3 light = decode_light(texelFetch(u_light, texel_of(int(tile.x), u_width_shift), 0));
    return shade_cell(tile.y, light, ground, u_core, u_rim);
}
#endif
