"""Helpers for GL behaviour tests: build a pipeline on given tiles, read named targets as numpy."""

from __future__ import annotations

import numpy as np

from lumen.pipeline.pipeline import Pipeline


def read_float(target) -> np.ndarray:
    """A float target as an (H, W, C) float32 array in GL row order (row 0 = bottom)."""
    width, height = target.size
    components = target.texture.components
    raw = target.texture.read()
    dtype = np.float16 if target.texture.dtype == "f2" else np.float32
    return np.frombuffer(raw, dtype).astype(np.float32).reshape(height, width, components)


def journey_state(pipeline: Pipeline, time: float, canvas=(64, 36), overrides=None) -> np.ndarray:
    """The simulate pass's state as an (n, 4) array: pulse, flare, dim, phase fraction. The analysis
    variant is on only for this render: pipelines are shared across tests, and a flag left on would
    make later tests run another shader variant depending on their order."""
    before = pipeline.gl.analysis
    pipeline.gl.analysis = True
    try:
        outputs = pipeline.render(pipeline.frame(time, canvas, overrides=overrides))
        state_name = next(s.name for s in pipeline.order if s.kind == "simulate")
        return read_float(outputs[f"{state_name}.state"]).reshape(-1, 4)[: pipeline.gl.data.count]
    finally:
        pipeline.gl.analysis = before


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of sRGB-encoded uint8 pixels, 0-255."""
    rgb = rgb[..., :3].astype(np.float32)
    return rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)


def time_for_day(pipeline: Pipeline, day: float) -> float:
    """The first exhibit time that shows `day` (through the exhibit's scenes, when it has any)."""
    return pipeline.timeline.time_at_day(day)
