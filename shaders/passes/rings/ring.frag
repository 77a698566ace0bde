// A ring round a newly born tile (lumen/passes/rings.py): a soft circle of the flare's colour whose
// radius widens and whose light fades with the ring's age; premultiplied, blended over the frame.
// Canvas pixels throughout, so a region render draws exactly its part of the ring.

uniform vec2 u_centre;          // the tile's centre, canvas pixels (GL orientation)
uniform vec2 u_region_origin;   // the rendered region's lower-left canvas pixel
uniform float u_radius;
uniform float u_width;
uniform float u_alpha;
uniform vec3 u_colour;          // display (sRGB) colour: the frame is already tone mapped

out vec4 frag;

void main() {
    float d = length(gl_FragCoord.xy + u_region_origin - u_centre);
    float ring = 1.0 - smoothstep(0.0, u_width, abs(d - u_radius));
    float a = ring * u_alpha;
    frag = vec4(u_colour * a, a);
}
