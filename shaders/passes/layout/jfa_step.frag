// One jump-flooding round: each texel keeps the nearest seed among itself and its 8 neighbours at
// distance u_step. Rounds run with steps k, k/2, ..., 1 (then 1 again) over the flood domain.
// Neighbours beyond the domain are clamped to its edge (a real texel, so still a valid candidate):
// cheaper on llvmpipe than branching, and it never touches the texels a region's pixels depend on.
// Texels hold only the seed's position (rg32f: half the bytes of carrying its journey along);
// the resolve pass looks the journey up once, from the seed's own texel in the splat.
#include "lib/layout/take_nearer_seed.glsl"

uniform sampler2D u_flood;      // previous round: seed position in canvas pixels, -1e9 = none yet
uniform vec2 u_domain_origin;   // the flood domain's lower-left corner in canvas pixels
uniform int u_step;

out vec4 seed;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    ivec2 hi = textureSize(u_flood, 0) - 1;
    vec2 here = gl_FragCoord.xy + u_domain_origin;
    ivec2 lo = max(p - u_step, ivec2(0));
    ivec2 up = min(p + u_step, hi);
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
