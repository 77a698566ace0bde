// HUD overlay: a text image (coverage in r) from the Pillow font atlas over a translucent panel.
uniform sampler2D u_text;       // r = glyph coverage, rows top-first
uniform vec4 u_rect;            // panel rectangle in window pixels: x, y, w, h
uniform vec3 u_ink;             // text colour
uniform float u_panel;          // panel opacity behind the text

out vec4 colour;

void main() {
    vec2 uv = (gl_FragCoord.xy - u_rect.xy) / u_rect.zw;
    uv.y = 1.0 - uv.y;          // the text image is stored top row first
    float ink = texelFetch(u_text, ivec2(uv * vec2(textureSize(u_text, 0))), 0).r;
    float alpha = max(ink, u_panel);
    colour = vec4(u_ink * ink, alpha);  // premultiplied: panel is black
}
