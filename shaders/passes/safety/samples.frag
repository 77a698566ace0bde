// The flash measure, step 1: each texel is one sample pixel of the frame (every u_stride-th pixel
// of every u_stride-th row, from u_stride / 2, in image coordinates: texel (i, j) is sample column
// i of sample row j counted from the top) and holds its relative luminance and red measure.
// Every sample is its own fragment, so all of the rasteriser's threads share the work.
#include "lib/color/srgb8_to_linear.glsl"
#include "lib/safety/flash_measure.glsl"

uniform sampler2D u_frame;   // the frame (rgba8, sRGB-encoded), bottom row first
uniform sampler2D u_srgb;    // 256x1 decoding table
uniform int u_height;        // frame height in pixels
uniform int u_stride;        // sample spacing in pixels

out vec4 sample;

void main() {
    ivec2 s = ivec2(gl_FragCoord.xy) * u_stride + u_stride / 2;   // image pixel of this sample
    vec3 rgb = texelFetch(u_frame, ivec2(s.x, u_height - 1 - s.y), 0).rgb;
    sample = vec4(flash_measure(srgb8_to_linear(rgb, u_srgb)), 0.0, 1.0);
}
