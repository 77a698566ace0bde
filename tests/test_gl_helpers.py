"""The GL test helpers leave the pipeline as they found it, so test order never picks a shader variant."""

from __future__ import annotations

import numpy as np

from lumen.encode.features import compute_features
from lumen.encode.tiles import build_tile_data
from lumen.pipeline.pipeline import Pipeline
from lumen.records.synth import synthesize
from tests.gl_helpers import journey_state


def test_journey_state_turns_analysis_back_off(ctx, festival):
    journeys = synthesize(50, seed=4)
    features = compute_features(journeys, outage_days=tuple(festival["data"]["outage_days"]))
    pipeline = Pipeline(ctx, festival, build_tile_data(journeys, features, festival))
    try:
        assert pipeline.gl.analysis is False
        state = journey_state(pipeline, 30.0)
        assert state.shape == (50, 4) and np.isfinite(state).all()
        assert pipeline.gl.analysis is False, "journey_state left the analysis variant on"
        outputs = pipeline.render(pipeline.frame(30.0, (64, 36)))
        assert not any(name.endswith(".state") for name in outputs), "the next render wrote analysis targets"
    finally:
        pipeline.release()
