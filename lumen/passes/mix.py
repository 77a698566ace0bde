"""Mix pass: a weighted sum of two images, sampled by canvas position, at this pass's scale.

Used to fold the bloom and the glow field into one low-resolution halo, so that the full-resolution
composite samples one texture instead of two (each filtered sample there costs ~10 ms at 1080p on
llvmpipe)."""

from __future__ import annotations

from lumen.gl.targets import Target
from lumen.passes.base import Pass, draw, placement
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


class MixPass(Pass):
    """Inputs: two images on the canvas (any scales). Output: a * first + b * second."""

    declared = PASS_KINDS["mix"]

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        first, second = inputs
        target = self.screen_output(frame, linear=True)
        draw(self.gl, self.gl.program("passes/mix/weighted.frag"), target,
             {"u_first": first.texture, "u_second": second.texture}, {
                 **placement("u_first", first), **placement("u_second", second),
                 "u_target_origin": target.origin, "u_target_texel": target.texel,
                 "u_a": self.value(frame, "a"), "u_b": self.value(frame, "b"),
             })
        return target
