// use: vec3 srgb8_to_linear(vec3 encoded, sampler2D table)  -> linear light of an 8-bit sRGB colour
//   `encoded` is a normalised rgba8 texel; `table` is 256x1 r32f holding the exact IEC 61966-2-1
//   decoding of each code (lumen/safety/measure.py srgb_table), so the GPU and numpy flash measures
//   read identical numbers, and a lookup costs less than pow() on CPU rasterisers.
#ifndef FNC_SRGB8_TO_LINEAR
#define FNC_SRGB8_TO_LINEAR
vec3 srgb8_to_linear(vec3 encoded, sampler2D table) {
    ivec3 code = ivec3(encoded * 255.0 + 0.5);
    return vec3(texelFetch(table, ivec2(code.r, 0), 0).r,
                texelFetch(table, ivec2(code.g, 0), 0).r,
                texelFetch(table, ivec2(code.b, 0), 0).r);
}
#endif
