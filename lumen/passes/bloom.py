"""Bloom pass: dual-filter mip chain that starts below its input's resolution; output is the
finest up-sampled level. Every level is placed on the canvas so regions bloom like the full frame."""

from __future__ import annotations

import math

from lumen.gl.targets import Target, make_target
from lumen.passes.base import Pass, draw, placement, region_texels
from lumen.passes.frame import Frame
from lumen.vocabulary.passes import PASS_KINDS


class BloomPass(Pass):
    """Input: an HDR image. Keeps its own named chain (<name>.down0.., <name>.up0..)."""

    declared = PASS_KINDS["bloom"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.down: list[Target] = []
        self.up: list[Target] = []
        self._key = None

    def output_texel(self, input_texels: list[float]) -> float:
        return input_texels[0] * 2  # the finest level of the chain, half the input's resolution

    def reach(self, input_texels: list[float], canvas: tuple[int, int], params: dict[str, float]) -> tuple[int, int]:
        # The coarsest level's texels must line up with the full frame's, and the blur's support
        # (a few coarse texels summed over the chain) must stay inside the padding.
        deepest = int(input_texels[0] * 2 ** int(params["levels"]))
        return deepest, 6 * deepest

    def _ensure_chain(self, frame: Frame, scene: Target, levels: int) -> None:
        """Levels span the whole canvas (see Pass.screen_output); a region draws only its part."""
        key = (frame.canvas, scene.texel, levels)
        if key != self._key:
            self.release()
            for i in range(levels):
                texel = scene.texel * 2 ** (i + 1)
                size = (max(1, math.ceil(frame.canvas[0] / texel)), max(1, math.ceil(frame.canvas[1] / texel)))
                self.down.append(make_target(self.gl.ctx, f"{self.name}.down{i}", size, self.format, True))
                if i < levels - 1:
                    self.up.append(make_target(self.gl.ctx, f"{self.name}.up{i}", size, self.format, True))
            self._key = key
        for chain in (self.down, self.up):
            for i, target in enumerate(chain):  # level i of either chain: 2**(i+1) input texels
                texel = scene.texel * 2 ** (i + 1)
                target.place((0.0, 0.0), texel, region_texels(frame.region, texel, target.size))

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        (scene,) = inputs
        levels = int(self.value(frame, "levels"))
        self._ensure_chain(frame, scene, levels)
        down = self.gl.program("passes/bloom/down.frag")
        source = scene
        for i, target in enumerate(self.down):
            draw(self.gl, down, target, {"u_source": source.texture}, {
                **placement("u_source", source),
                "u_target_origin": target.origin, "u_target_texel": target.texel,
                "u_threshold": self.value(frame, "threshold"),
                "u_knee": self.value(frame, "knee"),
                "u_prefilter": 1 if i == 0 else 0,
            })
            source = target
        up = self.gl.program("passes/bloom/up.frag")
        for i in range(levels - 2, -1, -1):
            target = self.up[i]
            draw(self.gl, up, target, {"u_source": source.texture, "u_finer": self.down[i].texture}, {
                **placement("u_source", source),
                "u_target_origin": target.origin, "u_target_texel": target.texel,
                "u_spread": self.value(frame, "spread"),
            })
            source = target
        self.output = source
        return source

    def release(self) -> None:
        for target in self.down + self.up:
            target.release()
        self.down, self.up, self.output, self._key = [], [], None, None
