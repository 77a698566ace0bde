// use: vec2 hex_centre(vec2 q, float size)  -> centre of the pointy-top hexagon containing q, in a
// frame where row r sits at y = 1.5*size*r and odd rows are shifted right by half a cell width.
// The hexagons are the Voronoi cells of two interleaved rectangular lattices: take the nearer.
#ifndef FNC_HEX_CENTRE
#define FNC_HEX_CENTRE
vec2 hex_centre(vec2 q, float size) {
    vec2 cell = vec2(sqrt(3.0) * size, 3.0 * size);          // lattice period of even (or odd) rows
    vec2 half_cell = 0.5 * cell;
    vec2 a = floor(q / cell + 0.5) * cell;                     // even rows
    vec2 b = floor((q - half_cell) / cell + 0.5) * cell + half_cell;  // odd rows
    vec2 da = q - a;
    vec2 db = q - b;
    return dot(da, da) <= dot(db, db) ? a : b;
}
#endif
