// One quad per flood box, instanced: several small flood domains (an atlas), or the rectangles of a
// tile map they redraw, in one draw call. The quad covers the box's rectangle of the target; the
// fragment shader gets its domain's bounds in the flood textures and where that domain lies on the canvas.

uniform vec2 u_target_size;     // pixels of the target drawn into

in ivec4 a_rect;                // the box in target pixels: x, y, width, height
in ivec4 a_bounds;              // first (xy) and last (zw) texel of its flood domain in the flood textures
in vec2 a_origin;               // canvas pixel of the domain's first texel
in ivec2 a_offset;              // resolve: the flood texel of the target's texel (0, 0) for this box

flat out ivec2 v_lo;
flat out ivec2 v_hi;
flat out vec2 v_origin;
flat out ivec2 v_offset;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    vec2 px = vec2(a_rect.xy) + corner * vec2(a_rect.zw);
    gl_Position = vec4(px / u_target_size * 2.0 - 1.0, 0.0, 1.0);
    v_lo = a_bounds.xy;
    v_hi = a_bounds.zw;
    v_origin = a_origin;
    v_offset = a_offset;
}
