// Resolves a jump-flooded seed map into the tile map: journey index, and a normalised radius that is
// 0 at the seed and 1 on the cell's border (the bisector with the nearest other seed found nearby)
// or at u_reach pixels from the seed, beyond which lies dark water.
#include "lib/layout/ring_other_seed.glsl"

// One quad per box of the tile map to draw (passes/layout/flood_box.vert), each with its flood domain.

uniform sampler2D u_flood;      // final round: nearest seed's position in canvas pixels (-1e9 = none)
uniform sampler2D u_journeys;   // the splat's journey per seed texel (flood domain), -1 elsewhere
uniform vec2 u_region_origin;   // region's lower-left corner in canvas pixels
uniform float u_reach;          // farthest a tile's pixel may be from its seed, pixels
uniform ivec3 u_rings;          // probe radii in whole pixels (up to about half a cell), nearest first
uniform int u_ring_count;       // how many of them differ (small cells need fewer)

flat in ivec2 v_lo;             // the flood domain's first texel in the textures (an atlas may hold several)
flat in ivec2 v_hi;             // its last texel: probes are clamped to the domain
flat in vec2 v_origin;          // canvas pixel of its first texel
flat in ivec2 v_offset;         // the flood texel of the target's texel (0, 0)

out vec4 tile;                  // x: journey index or -1, y: normalised radius (0 centre, 1 edge)

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy) + v_offset;
    vec2 here = gl_FragCoord.xy + u_region_origin;
    vec2 own = texelFetch(u_flood, p, 0).xy;
    float d1 = distance(own, here);
    if (d1 > u_reach) {
        tile = vec4(-1.0, 1.0, 0.0, 0.0);
        return;
    }
    float journey = texelFetch(u_journeys, ivec2(floor(own)) - ivec2(v_origin) + v_lo, 0).x;
    // The second-nearest seed: the nearest *other* seed among probes at a few radii and 8 directions.
    float d2 = ring_other_seed(u_flood, p, u_rings.x, v_lo, v_hi, own, here);
    if (u_ring_count > 1) {
        d2 = min(d2, ring_other_seed(u_flood, p, u_rings.y, v_lo, v_hi, own, here));
    }
    if (u_ring_count > 2) {
        d2 = min(d2, ring_other_seed(u_flood, p, u_rings.z, v_lo, v_hi, own, here));
    }
    float radius = max(2.0 * d1 / max(d1 + d2, 1e-6), d1 / u_reach);
    tile = vec4(journey, radius, 0.0, 0.0);
}
