// Caption overlay: text and its scrim, drawn over the finished 8-bit frame inside the caption box
// only (lumen/passes/captions.py), premultiplied, blended ONE / ONE_MINUS_SRC_ALPHA. The raster is
// placed in canvas pixels and read with texelFetch, so a region render draws exactly the pixels
// of that crop of the full frame.

uniform sampler2D u_caption;    // rg8: r text coverage, g scrim coverage (lumen/passes/caption_text.py)
uniform vec2 u_box_origin;      // the caption box's lower-left canvas pixel
uniform vec2 u_region_origin;   // the rendered region's lower-left canvas pixel
uniform float u_alpha;          // the caption's fade with its act
uniform float u_scrim_opacity;
uniform vec3 u_ink;             // display (sRGB) colours: the frame is already tone mapped
uniform vec3 u_scrim;

out vec4 frag;

void main() {
    ivec2 texel = ivec2(gl_FragCoord.xy + u_region_origin - u_box_origin);
    vec2 cover = texelFetch(u_caption, texel, 0).rg;
    float ink = cover.r * u_alpha;
    float scrim = cover.g * u_scrim_opacity * u_alpha;
    frag = vec4(u_scrim * scrim * (1.0 - ink) + u_ink * ink, 1.0 - (1.0 - scrim) * (1.0 - ink));
}
