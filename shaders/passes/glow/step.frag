// One fixed step of the glow field: the previous field drifts along a slow flow and decays, and the
// mosaic's fresh light is added. Plankton trails: light lingers where tiles have just glowed.
#include "lib/math/canvas_uv.glsl"
#include "lib/noise/flow_field.glsl"

uniform sampler2D u_previous;
uniform vec2 u_previous_origin;
uniform vec2 u_previous_extent;
uniform sampler2D u_source;
uniform vec2 u_source_origin;
uniform vec2 u_source_extent;
uniform vec2 u_target_origin;
uniform float u_target_texel;
uniform float u_time;           // the step's time, seconds
uniform float u_dt;             // step length, seconds
uniform float u_decay;          // per-step multiplier, from the half-life
uniform float u_drift;          // flow speed, canvas pixels per second
uniform float u_eddy;           // eddy size, canvas pixels
uniform float u_gain;           // how much fresh light enters per second
out vec4 field;

void main() {
    vec2 c = u_target_origin + gl_FragCoord.xy * u_target_texel;
    vec2 velocity = flow_field(c, u_time, u_eddy) * u_drift;
    vec3 carried = texture(u_previous, canvas_uv(c - velocity * u_dt, u_previous_origin, u_previous_extent)).rgb;
    vec3 fresh = texture(u_source, canvas_uv(c, u_source_origin, u_source_extent)).rgb;
    field = vec4(carried * u_decay + fresh * (u_gain * u_dt), 1.0);
}
