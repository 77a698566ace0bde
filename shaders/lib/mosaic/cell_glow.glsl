// use: vec3 cell_glow(float radius, float edge, vec3 light, float core_sharpness, float rim)
//   radius: 0 at the cell centre, 1 at its edge (the tile map's y); edge: 1 inside the cell, 0 at its
//   very rim (see mosaic_pixel); light: the simulate pass's light (steady light and flare, rgb).
//   Returns the cell's HDR light at that radius.
#ifndef FNC_CELL_GLOW
#define FNC_CELL_GLOW
#ifndef CELL_CORE_REFERENCE
#error "CELL_CORE_REFERENCE comes from lumen/passes/gpu_contract.py"
#endif
vec3 cell_glow(float radius, float edge, vec3 light, float core_sharpness, float rim) {
    // A soft luminous nucleus, (1 - k r^2)^3: close to a Gaussian, and cheaper than exp() on CPU
    // rasterisers; a faint membrane just inside the edge; dark water at the edge itself.
    float q = max(1.0 - radius * radius * (core_sharpness / CELL_CORE_REFERENCE), 0.0);
    float core = q * q * q;
    float membrane = smoothstep(0.55, 0.85, radius) * edge;
    return light * (core + rim * membrane) * edge;
}
#endif
