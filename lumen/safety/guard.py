"""The flash guard's decisions (GL-free): from measures of each frame to damping for the next ones.

Two counters watch the last second: one the frames the pipeline makes (the *input*), one the frames
shown (the *output*). Escalation, each step logged on logger "lumen.safety":
1. *armed*, when cells covering the area threshold have 4 transitions (two flashes) in the input's
   last second: the simulate passes' `flare_gain` and `pulse_depth` are damped from the next frame
   on, and the surface starts keeping the shown frame (so smoothing can start from it without a jump);
2. *smoothing*, at 5 transitions (the third flash under way) in the input or the output: every shown
   frame blends toward the previous one in linear light, output = prev + alpha (input - prev). That
   moves a cell by at most alpha x (its swing) per frame, so alpha = RATE x dt / swing lets a cell
   that swings by `swing` change by 0.1 of luminance (or 20 of red) no faster than once every
   1 / RATE_PER_S seconds. The 5 transitions seen (the measure is a frame late, so the frame that
   showed the fifth was the last unblended one), one more that was under way, and none after it
   within the second: at most 6 or 7, 3 flashes. Should the output still reach 7, alpha halves.
3. *release*, once the input has been calm (under 4 transitions over the area) for RELEASE_S: the
   blend opens up gradually (alpha doubles every RAMP_S) and the damping lifts with it.

A region smaller than the threshold never arms the guard, however fast it flashes."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import numpy as np

from lumen.safety.count import LUM_DELTA, RED_DELTA, FlashCounter, Window, region_box
from lumen.safety.geometry import FlashGeometry

log = logging.getLogger("lumen.safety")

ARM_AT = 4            # transitions over the area in the input's last second (two flashes)
SMOOTH_AT = 5         # ... and the third flash under way
TIGHTEN_AT = 7        # transitions in the *output* that make the blend twice as slow
DAMP = 0.25           # flare and pulse amplitude while armed
RATE_PER_S = 1.0      # transitions a second the blend can still let through
RELEASE_S = 1.0       # calm input before the guard lets go
RAMP_S = 0.1          # alpha doubles this often while letting go
MIN_ALPHA = 1e-4


@dataclass(frozen=True)
class Decision:
    """What the surface does with the next frame."""

    damp: float = 1.0        # factor on flare_gain and pulse_depth
    keep: bool = False       # blend pass runs (alpha 1 just keeps the shown frame)
    alpha: float = 1.0       # weight of the new frame (1: shown as made)

    @property
    def smoothing(self) -> bool:
        return self.keep and self.alpha < 1.0


class GuardController:
    """Decides damping from cell measures of the input and the shown output of each frame."""

    def __init__(self, geometry: FlashGeometry, label: str = ""):
        self.geometry = geometry
        self.label = label
        self.input = FlashCounter(geometry)
        self.output = FlashCounter(geometry)
        self.decision = Decision()
        self.interventions = 0
        self.worst_output = 0          # most transitions over the area ever shown in a second
        self._history: deque[tuple[float, np.ndarray, np.ndarray]] = deque()
        self._calm_since: float | None = None
        self._tightened_at = 0
        self._last_time: float | None = None

    def observe(self, time: float, measured_in: tuple[np.ndarray, np.ndarray],
                measured_out: tuple[np.ndarray, np.ndarray] | None = None) -> Decision:
        """Count the frame shown at `time` (its input and, when it was blended, its output measures)."""
        dt = time - self._last_time if self._last_time is not None else 0.0
        self._last_time = time
        self._remember(time, *measured_in)
        win_in = self.input.push(time, *measured_in)
        win_out = self.output.push(time, *(measured_out if measured_out is not None else measured_in))
        self.worst_output = max(self.worst_output, win_out.over_area)
        self.decision = self._decide(time, dt, win_in, win_out)
        return self.decision

    def _remember(self, time: float, lum: np.ndarray, red: np.ndarray) -> None:
        self._history.append((time, np.asarray(lum, np.float32), np.asarray(red, np.float32)))
        while self._history[0][0] <= time - 1.0:
            self._history.popleft()

    def swing(self) -> tuple[float, float]:
        """The largest peak-to-peak change of any cell's input luminance and red measure in the last second."""
        lum = np.stack([h[1] for h in self._history])
        red = np.stack([h[2] for h in self._history])
        return float((lum.max(0) - lum.min(0)).max()), float((red.max(0) - red.min(0)).max())

    def _decide(self, time: float, dt: float, win_in: Window, win_out: Window) -> Decision:
        d = self.decision
        n_in, n_out = win_in.over_area, win_out.over_area
        if max(n_in, n_out) >= ARM_AT:
            self._calm_since = None
            if not d.keep:
                self._log(time, "armed: flare and pulse damped", win_in, n_in)
                d = Decision(DAMP, True, 1.0)
            if max(n_in, n_out) >= SMOOTH_AT and not d.smoothing:
                d = Decision(DAMP, True, self._alpha(dt))
                self._log(time, f"smoothing the shown frame (alpha {d.alpha:.4f})", win_in, n_in)
                self._tightened_at = n_out
            elif d.smoothing and n_out >= TIGHTEN_AT and n_out > self._tightened_at:
                d = Decision(DAMP, True, max(MIN_ALPHA, min(d.alpha, self._alpha(dt)) / 2.0))
                self._log(time, f"output still flashing: alpha {d.alpha:.4f}", win_out, n_out)
                self._tightened_at = n_out
            return d
        if not d.keep:
            return d
        if self._calm_since is None:
            self._calm_since = time
        if time - self._calm_since < RELEASE_S:
            return d
        if d.alpha >= 1.0:
            self._log(time, "released: input calm", win_in, n_in, level=logging.INFO)
            self._calm_since = None
            return Decision()
        alpha = min(1.0, d.alpha * 2.0 ** (dt / RAMP_S))   # opens up gradually: no jump to the new frame
        return Decision(min(1.0, max(d.damp, alpha)), True, alpha)

    def _alpha(self, dt: float) -> float:
        """Blend weight so that any cell's change is a transition at most RATE_PER_S times a second."""
        swing_lum, swing_red = self.swing()
        limit = RATE_PER_S * max(dt, 1e-3)
        alpha = min(LUM_DELTA * limit / max(swing_lum, LUM_DELTA), RED_DELTA * limit / max(swing_red, RED_DELTA))
        return float(np.clip(alpha, MIN_ALPHA, 1.0))

    def _log(self, time: float, what: str, window: Window, n: int, level: int = logging.WARNING) -> None:
        self.interventions += 1
        box = region_box(window, self.geometry, n) if n > 0 else None
        where = f" over {box[2]}x{box[3]} px at ({box[0]}, {box[1]})" if box else ""
        log.log(level, "flash guard%s t=%.3fs: %s; %d transitions in the last second%s",
                f" ({self.label})" if self.label else "", time, what, n, where)
