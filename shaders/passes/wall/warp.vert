// The warp grid: positions come homogeneous (x, y, w undivided) so texture coordinates are
// interpolated perspective-correctly and the corner pin is exact inside every triangle
// (lumen/wall/warp.py).
in vec3 in_clip;   // clip-space x, y, w
in vec2 in_uv;     // where in the slice's frame this vertex samples (t up)

out vec2 v_uv;

void main() {
    v_uv = in_uv;
    gl_Position = vec4(in_clip.xy, 0.0, in_clip.z);
}
