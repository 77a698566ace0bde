// use: vec4 sample_texels(sampler2D tex, vec2 origin, float texel, vec2 canvas_px)
//   Bilinear sample of a target placed on the canvas (texel (0,0) starts at canvas pixel `origin`,
//   one texel spans `texel` canvas pixels), from four texelFetches with edge clamping.
//   Unlike texture(), the weights are computed from exactly representable numbers (the origin and the
//   power-of-two texel size), so a region render and the full frame sample bit-identically.
#ifndef FNC_SAMPLE_TEXELS
#define FNC_SAMPLE_TEXELS
vec4 sample_texels(sampler2D tex, vec2 origin, float texel, vec2 canvas_px) {
    vec2 p = (canvas_px - origin) / texel - 0.5;
    vec2 cell = floor(p);
    vec2 f = p - cell;
    ivec2 hi = textureSize(tex, 0) - 1;
    ivec2 a = clamp(ivec2(cell), ivec2(0), hi);
    ivec2 b = clamp(ivec2(cell) + 1, ivec2(0), hi);
    vec4 bottom = mix(texelFetch(tex, a, 0), texelFetch(tex, ivec2(b.x, a.y), 0), f.x);
    vec4 top = mix(texelFetch(tex, ivec2(a.x, b.y), 0), texelFetch(tex, b, 0), f.x);
    return mix(bottom, top, f.y);
}
#endif
