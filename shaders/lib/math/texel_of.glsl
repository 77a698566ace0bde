// use: ivec2 texel_of(int index, int width_shift)  -> texel holding element `index` of a row-major
// array whose texture width is 1 << width_shift. Shifts and masks, because integer division is
// scalarised (and slow) on CPU rasterisers such as llvmpipe.
#ifndef FNC_TEXEL_OF
#define FNC_TEXEL_OF
ivec2 texel_of(int index, int width_shift) {
    return ivec2(index & ((1 << width_shift) - 1), index >> width_shift);
}
#endif
