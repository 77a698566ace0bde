// use: vec2 flash_measure(vec3 linear)  -> (relative luminance, saturated-red measure) of a pixel
//   Luminance with Rec. 709 weights; red is WCAG 2.2's (R - G - B) x 320, counted only where the
//   pixel is saturated red (R / (R + G + B) >= 0.8) and never negative. As lumen/safety/measure.py.
#ifndef FNC_FLASH_MEASURE
#define FNC_FLASH_MEASURE
vec2 flash_measure(vec3 c) {
    float lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    bool saturated = c.r >= 0.8 * (c.r + c.g + c.b);
    float red = saturated ? max(c.r - c.g - c.b, 0.0) * 320.0 : 0.0;
    return vec2(lum, red);
}
#endif
