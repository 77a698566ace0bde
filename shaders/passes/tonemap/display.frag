// HDR scene + bloom -> exposure -> tone curve -> sRGB -> dither -> 8-bit display values.
#include "lib/color/aces.glsl"
#include "lib/color/agx.glsl"
#include "lib/color/linear_to_srgb.glsl"
#include "lib/noise/ign.glsl"

uniform sampler2D u_scene;
uniform sampler2D u_bloom;
uniform vec2 u_bloom_scale;     // scene pixel -> bloom uv
uniform vec2 u_region_origin;
uniform float u_exposure;       // in stops
uniform float u_bloom_strength;
uniform int u_curve;            // 0 ACES, 1 AgX
uniform float u_dither;         // amplitude in 8-bit steps
out vec4 frag;

void main() {
    vec3 scene = texelFetch(u_scene, ivec2(gl_FragCoord.xy), 0).rgb;
    vec3 bloom = texture(u_bloom, gl_FragCoord.xy * u_bloom_scale).rgb;
    vec3 hdr = (scene + u_bloom_strength * bloom) * exp2(u_exposure);
    vec3 mapped = u_curve == 0 ? tonemap_aces(hdr) : tonemap_agx(hdr);
    vec3 display = linear_to_srgb(mapped);
    // Noise is keyed on canvas pixels, so a region render dithers exactly like the full frame.
    float noise = ign(gl_FragCoord.xy + u_region_origin) - 0.5;
    frag = vec4(clamp(display + noise * u_dither / 255.0, 0.0, 1.0), 1.0);
}
