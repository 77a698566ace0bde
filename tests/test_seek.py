"""Seeking: any time renders in bounded work and matches the frame reached by playing from 0."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.pipeline.pipeline import Pipeline
from tests.gl_helpers import luminance, read_float

CANVAS = (192, 108)


@pytest.fixture
def make_pipeline(gl_context, festival, festival_data):
    made = []

    def make() -> Pipeline:
        made.append(Pipeline(gl_context, festival, festival_data.tiles))
        return made[-1]

    yield make
    for pipeline in made:
        pipeline.release()


def glow_steps(pipeline: Pipeline) -> int:
    return next(node for node in pipeline.passes if node.kind == "glow")._step_index


def test_seek_matches_play_within_two_levels(ctx, make_pipeline):
    target = 14.0
    player = make_pipeline()
    for k in range(int(target * 24) + 1):  # a 24 fps show, from the first frame
        played = player.render_rgba(player.frame(k / 24.0, CANVAS))
    seeker = make_pipeline()
    sought = seeker.render_rgba(seeker.frame(target, CANVAS))
    diff = np.abs(played.astype(np.int16) - sought.astype(np.int16))
    assert diff.max() <= 2, f"max difference {diff.max()} levels"


def test_seek_cost_is_bounded_for_any_time(ctx, make_pipeline):
    pipeline = make_pipeline()
    pipeline.render(pipeline.frame(5000.0, CANVAS))
    glow = next(node for node in pipeline.passes if node.kind == "glow")
    window = glow.WINDOW_HALF_LIVES * glow.params["half_life"] / glow.params["step"]
    # A fresh seek to t=5000 s steps only the warm-up window, not 5000 s of history.
    assert glow_steps(pipeline) == round(5000.0 / glow.params["step"])
    assert glow.steps_taken <= window + 2


def test_trails_drift_and_decay(ctx, make_pipeline):
    pipeline = make_pipeline()
    outputs = pipeline.render(pipeline.frame(100.0, CANVAS))
    field = read_float(outputs["trails"])[..., :3].sum(axis=-1)
    assert field.max() > 0.05, "the glow field must carry light"
    no_trails = pipeline.render_rgba(pipeline.frame(100.0, CANVAS, overrides={"halo": {"b": 0.0}}))
    with_trails = pipeline.render_rgba(pipeline.frame(100.0, CANVAS))
    assert luminance(with_trails).mean() > luminance(no_trails).mean()
    # Without fresh light the field fades: half-lives pass and it halves each time.
    dark = make_pipeline()
    lit = read_float(dark.render(dark.frame(100.0, CANVAS))["trails"])[..., :3].sum()
    faded = read_float(dark.render(dark.frame(102.0, CANVAS, overrides={"trails": {"gain": 0.0}}))["trails"])[..., :3].sum()
    assert faded < lit * 0.5 ** (2.0 / 0.8) * 1.5
