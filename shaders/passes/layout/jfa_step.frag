// One jump-flooding round: each texel keeps the nearest seed among itself and its 8 neighbours at
// distance u_step. Rounds run with steps k, k/2, ..., 1 (then 1 again) over the flood domain.
// The domain is the rectangle v_lo..v_hi of the texture (an atlas may hold several, flooded at once:
// one quad each, passes/layout/flood_box.vert).
// Neighbours beyond it are clamped to its edge (a real texel, so still a valid candidate):
// cheaper on llvmpipe than branching, and it never touches the texels a region's pixels depend on.
// Texels hold only the seed's position (rg32f: half the bytes of carrying its journey along);
// the resolve pass looks the journey up once, from the seed's own texel in the splat.
#include "lib/layout/take_nearer_seed.glsl"

uniform sampler2D u_flood;      // previous round: seed position in canvas pixels, -1e9 = none yet
uniform int u_step;

flat in ivec2 v_lo;             // the domain's first texel in the texture
flat in ivec2 v_hi;             // its last texel
flat in vec2 v_origin;          // canvas pixel of its first texel

out vec4 seed;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec2 here = gl_FragCoord.xy - vec2(v_lo) + v_origin;
    ivec2 lo = max(p - u_step, v_lo);
    ivec2 up = min(p + u_step, v_hi);
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
