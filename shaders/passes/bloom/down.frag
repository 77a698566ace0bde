// Dual-filter bloom, downsample step: 4 centre-weighted + 4 diagonal bilinear taps (Marius Bjorge 2015).
uniform sampler2D u_source;
uniform vec2 u_texel;           // 1 / source size
uniform float u_threshold;      // only light above this feeds the bloom (first step only)
uniform float u_knee;
uniform int u_prefilter;         // 1 on the first step only
out vec4 frag;

vec3 prefilter(vec3 c) {
    float luma = max(c.r, max(c.g, c.b));
    float soft = clamp(luma - u_threshold + u_knee, 0.0, 2.0 * u_knee);
    soft = soft * soft / (4.0 * u_knee + 1e-5);
    float weight = max(soft, luma - u_threshold) / max(luma, 1e-5);
    return c * weight;
}

void main() {
    vec2 uv = gl_FragCoord.xy * 2.0 * u_texel;
    vec2 h = u_texel;
    vec3 sum = texture(u_source, uv).rgb * 4.0;
    sum += texture(u_source, uv + vec2(-h.x, -h.y)).rgb;
    sum += texture(u_source, uv + vec2(h.x, -h.y)).rgb;
    sum += texture(u_source, uv + vec2(-h.x, h.y)).rgb;
    sum += texture(u_source, uv + vec2(h.x, h.y)).rgb;
    vec3 c = sum / 8.0;
    frag = vec4(u_prefilter == 1 ? prefilter(c) : c, 1.0);
}
