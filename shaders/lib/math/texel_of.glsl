// use: ivec2 texel_of(int index, int width)  -> texel holding element `index` of a row-major array
#ifndef FNC_TEXEL_OF
#define FNC_TEXEL_OF
ivec2 texel_of(int index, int width) {
    return ivec2(index % width, index / width);
}
#endif
