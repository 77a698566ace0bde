// The mosaic: each pixel looks up its tile (tile map) and that journey's state, and glows from within.
#include "lib/math/texel_of.glsl"

uniform sampler2D u_tiles;      // x journey index or -1, y normalised radius
uniform sampler2D u_state;      // simulate pass output
uniform sampler2D u_colour;     // rgb base colour (linear), a base brightness
uniform int u_width;            // width of the per-journey textures
uniform vec2 u_region_origin;
uniform vec2 u_canvas;
uniform vec3 u_background_top;
uniform vec3 u_background_bottom;
uniform vec3 u_flare_colour;
uniform float u_pulse_depth;    // how much of a tile's light breathes with its pulse
uniform float u_core;           // sharpness of the luminous core
uniform float u_rim;            // brightness of the membrane at the cell edge

out vec4 hdr;

void main() {
    vec2 canvas_px = gl_FragCoord.xy + u_region_origin;
    float v = canvas_px.y / u_canvas.y;
    vec3 water = mix(u_background_bottom, u_background_top, v);
    vec4 tile = texelFetch(u_tiles, ivec2(gl_FragCoord.xy), 0);
    if (tile.x < 0.0) {
        hdr = vec4(water, 1.0);
        return;
    }
    ivec2 tc = texel_of(int(tile.x), u_width);
    vec4 s = texelFetch(u_state, tc, 0);
    vec4 base = texelFetch(u_colour, tc, 0);
    float r = tile.y;
    // A soft luminous nucleus, a faint membrane just inside the edge, dark water at the edge itself.
    float core = exp(-r * r * u_core);
    float membrane = smoothstep(0.55, 0.85, r) * (1.0 - smoothstep(0.85, 1.0, r));
    float edge = 1.0 - smoothstep(0.9, 1.0, r);
    float breath = (1.0 - u_pulse_depth) + u_pulse_depth * s.x;
    float light = base.a * breath * (1.0 - s.z);
    vec3 colour = base.rgb * light * (core + u_rim * membrane) + u_flare_colour * s.y * core;
    hdr = vec4(water * (1.0 - edge * 0.5) + colour * edge, 1.0);
}
