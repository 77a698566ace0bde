// use: float square_radius(vec2 local, float roundness)  -> normalised radius of a point in a square
//   cell: local is the offset from the centre in half-cells (|x|, |y| <= 1); a superellipse
//   (L^roundness) norm: 2 round, larger squarer; 0 at the centre, 1 at the middle of each edge.
#ifndef FNC_SQUARE_RADIUS
#define FNC_SQUARE_RADIUS
float square_radius(vec2 local, float roundness) {
    vec2 a = abs(local);
    return pow(pow(a.x, roundness) + pow(a.y, roundness), 1.0 / roundness);
}
#endif
