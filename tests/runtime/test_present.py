"""The presenter and a projector's warp draw: the plain variant (no cross-fade) shows the frame exactly,
the cross-fade variant mixes in the held frame by `mix`, and both fade by `fade`."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.gl.targets import make_target
from lumen.pipeline.pipeline import read_rgba8
from lumen.runtime.present import Presenter
from lumen.wall.calibration import OutputWarp
from lumen.wall.warp_draw import WarpDraw

SIZE = (64, 36)


def _target(ctx, name, value):
    target = make_target(ctx, name, SIZE, "rgba8")
    rng = np.random.default_rng(value)
    rgba = rng.integers(0, 256, (SIZE[1], SIZE[0], 4), dtype=np.uint8)
    rgba[..., 3] = 255
    target.texture.write(rgba.tobytes())
    return target, rgba[::-1, :, :3].astype(float)   # read_rgba8 gives the top row first


@pytest.mark.parametrize("through_warp", [False, True])
def test_plain_and_cross_fade_variants(ctx, through_warp):
    frame, frame_rgb = _target(ctx, "test.frame", 1)
    held, held_rgb = _target(ctx, "test.held", 2)
    out = make_target(ctx, "test.out", SIZE, "rgba8")
    presenter = Presenter(ctx)
    warp = WarpDraw(ctx, OutputWarp()) if through_warp else None
    presenter.hold(held)
    try:
        def shown(fade, mix):
            presenter.draw(frame, out.fbo, SIZE, fade, mix, warp)
            return read_rgba8(out)[..., :3].astype(float)

        assert np.abs(shown(1.0, 0.0) - frame_rgb).max() <= 1, "the plain variant shows the frame"
        assert np.abs(shown(0.5, 0.0) - frame_rgb * 0.5).max() <= 1
        assert np.abs(shown(1.0, 0.25) - (0.75 * frame_rgb + 0.25 * held_rgb)).max() <= 1
        assert np.abs(shown(1.0, 1.0) - held_rgb).max() <= 1
    finally:
        for obj in (presenter, warp, frame, held, out):
            if obj is not None:
                obj.release()
