// Dual-filter bloom, upsample step: an 8-tap tent around each target pixel, added to the finer level.
uniform sampler2D u_source;     // coarser level
uniform sampler2D u_finer;      // the level being written back into (its downsampled content)
uniform vec2 u_texel;           // 1 / coarser size
uniform vec2 u_target_size;
uniform float u_spread;
out vec4 frag;

void main() {
    vec2 uv = gl_FragCoord.xy / u_target_size;
    vec2 h = u_texel * 0.5 * u_spread;
    vec3 sum = texture(u_source, uv + vec2(-h.x * 2.0, 0.0)).rgb;
    sum += texture(u_source, uv + vec2(-h.x, h.y)).rgb * 2.0;
    sum += texture(u_source, uv + vec2(0.0, h.y * 2.0)).rgb;
    sum += texture(u_source, uv + vec2(h.x, h.y)).rgb * 2.0;
    sum += texture(u_source, uv + vec2(h.x * 2.0, 0.0)).rgb;
    sum += texture(u_source, uv + vec2(h.x, -h.y)).rgb * 2.0;
    sum += texture(u_source, uv + vec2(0.0, -h.y * 2.0)).rgb;
    sum += texture(u_source, uv + vec2(-h.x, -h.y)).rgb * 2.0;
    vec3 finer = texelFetch(u_finer, ivec2(gl_FragCoord.xy), 0).rgb;
    frag = vec4(sum / 12.0 + finer, 1.0);
}
