// use: vec3 cell_glow(float radius, vec4 light, vec3 flare_colour, float core_sharpness, float rim)
//   radius: 0 at the cell centre, 1 at its edge (the tile map's y); light: the simulate pass's
//   light texel (rgb steady light, a flare). Returns the cell's HDR light at that radius.
#ifndef FNC_CELL_GLOW
#define FNC_CELL_GLOW
vec3 cell_glow(float radius, vec4 light, vec3 flare_colour, float core_sharpness, float rim) {
    // A soft luminous nucleus, a faint membrane just inside the edge, dark water at the edge itself.
    float core = exp(-radius * radius * core_sharpness);
    float membrane = smoothstep(0.55, 0.85, radius) * (1.0 - smoothstep(0.85, 1.0, radius));
    float edge = 1.0 - smoothstep(0.9, 1.0, radius);
    return (light.rgb * (core + rim * membrane) + flare_colour * light.a * core) * edge;
}
#endif
