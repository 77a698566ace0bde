// use: float hex_radius(vec2 d, float size, float roundness)  -> normalised radius of offset d from a
// pointy-top hexagon's centre: 0 at the centre, 1 at the middle of each edge. An L^roundness norm of
// the three edge-normal projections: large values give a sharp hexagon, small ones round it off.
#ifndef FNC_HEX_RADIUS
#define FNC_HEX_RADIUS
float hex_radius(vec2 d, float size, float roundness) {
    float apothem = 0.5 * sqrt(3.0) * size;
    vec3 proj = abs(vec3(d.x, dot(d, vec2(0.5, 0.8660254)), dot(d, vec2(-0.5, 0.8660254)))) / apothem;
    float sum = pow(proj.x, roundness) + pow(proj.y, roundness) + pow(proj.z, roundness);
    return pow(sum / (1.0 + 2.0 * pow(0.5, roundness)), 1.0 / roundness);
}
#endif
