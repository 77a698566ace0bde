// One jump-flooding round: each texel keeps the nearest seed among itself and its 8 neighbours at
// distance u_step. Rounds run with steps k, k/2, ..., 1 (then 1 again) over the flood domain.
// The domain is the rectangle u_lo..u_hi of the texture (an atlas may hold several, flooded at once).
// Neighbours beyond it are clamped to its edge (a real texel, so still a valid candidate):
// cheaper on llvmpipe than branching, and it never touches the texels a region's pixels depend on.
// Texels hold only the seed's position (rg32f: half the bytes of carrying its journey along);
// the resolve pass looks the journey up once, from the seed's own texel in the splat.
#include "lib/layout/take_nearer_seed.glsl"

uniform sampler2D u_flood;      // previous round: seed position in canvas pixels, -1e9 = none yet
uniform vec2 u_domain_origin;   // canvas pixel of the domain's first texel, u_lo
uniform ivec2 u_lo;             // the domain's first texel in the texture
uniform ivec2 u_hi;             // its last texel
uniform int u_step;

out vec4 seed;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec2 here = gl_FragCoord.xy - vec2(u_lo) + u_domain_origin;
    ivec2 lo = max(p - u_step, u_lo);
    ivec2 up = min(p + u_step, u_hi);
    vec2 best = texelFetch(u_flood, p, 0).xy;
    vec2 d = best - here;
    float best_d2 = dot(d, d);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(lo.x, lo.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(p.x, lo.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(up.x, lo.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(lo.x, p.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(up.x, p.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(lo.x, up.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(p.x, up.y), 0).xy, here);
    take_nearer_seed(best, best_d2, texelFetch(u_flood, ivec2(up.x, up.y), 0).xy, here);
    seed = vec4(best, 0.0, 1.0);
}
