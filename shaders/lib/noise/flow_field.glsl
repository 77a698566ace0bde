// use: vec2 flow_field(vec2 canvas_px, float time, float scale)  -> a slow, divergence-free velocity
//   (unit-ish magnitude) from an analytic stream function, so light drifts in eddies without piling up.
//   Pure function of position and time: deterministic and identical for every region of the canvas.
#ifndef FNC_FLOW_FIELD
#define FNC_FLOW_FIELD
vec2 flow_field(vec2 canvas_px, float time, float scale) {
    vec2 p = canvas_px / scale;
    // psi = sin(p.x + a t) cos(p.y - b t) + 0.5 sin(1.7 p.y + c t + 1.3) cos(1.3 p.x + 0.7)
    float a = 0.13 * time, b = 0.11 * time, c = 0.07 * time;
    float dpsi_dx = cos(p.x + a) * cos(p.y - b) - 0.5 * 1.3 * sin(1.7 * p.y + c + 1.3) * sin(1.3 * p.x + 0.7);
    float dpsi_dy = -sin(p.x + a) * sin(p.y - b) + 0.5 * 1.7 * cos(1.7 * p.y + c + 1.3) * cos(1.3 * p.x + 0.7);
    return vec2(dpsi_dy, -dpsi_dx);
}
#endif
