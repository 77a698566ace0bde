"""Simulate pass: per-journey state (pulse, flare, dim, phase) for the frame's time, in closed form."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Frame, Param, Pass, draw


class SimulatePass(Pass):
    """One texel per journey; its size follows the data, not the screen."""

    kind = "simulate"
    FORMAT = "rgba32f"
    PARAMS = {
        "coupling": Param(0.0, 0.0, 1.0, "0 scattered phases, 1 every tile pulses together"),
        "global_freq": Param(0.12, 0.01, 1.0, "frequency of the shared pulse, Hz"),
        "outage": Param(0.0, 0.0, 1.0, "how strongly outage impact dims a tile"),
        "flare_gain": Param(1.0, 0.0, 8.0, "brightness of an event's flare"),
        "flare_tau": Param(4.0, 0.1, 60.0, "flare decay time, dataset days"),
        "flare_attack": Param(0.6, 0.05, 10.0, "flare rise time, dataset days (keeps flares soft)"),
    }

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        data = self.gl.data
        target = self.ensure_output(data.size)
        v = lambda key: self.value(frame, key)  # noqa: E731 - a local shorthand keeps the table readable
        draw(self.gl, self.gl.program("passes/simulate/state.frag"), target,
             {"u_rhythm": data.rhythm, "u_spans": data.spans, "u_events": data.events}, {
                 "u_events_width": data.events_size[0],
                 "u_count": data.count,
                 "u_width": data.width,
                 "u_time": frame.time,
                 "u_day": frame.day,
                 "u_coupling": v("coupling"),
                 "u_global_freq": v("global_freq"),
                 "u_outage": v("outage"),
                 "u_flare_gain": v("flare_gain"),
                 "u_flare_tau": v("flare_tau"),
                 "u_flare_attack": v("flare_attack"),
             })
        return target
