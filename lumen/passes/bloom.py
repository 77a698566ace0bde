"""Bloom pass: dual-filter mip chain that starts at half resolution; output is the half-res glow."""

from __future__ import annotations

from lumen.gl.targets import Target, make_target
from lumen.passes.base import Frame, Param, Pass, draw


class BloomPass(Pass):
    """Input: an HDR scene. Keeps its own named chain (bloom.down0.., bloom.up0..)."""

    kind = "bloom"
    INPUTS = ("scene",)
    PARAMS = {
        "levels": Param(5, 1, 8, "mip levels below the scene (first at half resolution)"),
        "threshold": Param(0.35, 0.0, 10.0, "light below this does not bloom"),
        "knee": Param(0.3, 0.01, 5.0, "softness of the threshold"),
        "spread": Param(1.0, 0.25, 3.0, "tap spacing on the way up"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.down: list[Target] = []
        self.up: list[Target] = []
        self._key = None

    def _ensure_chain(self, scene_size: tuple[int, int], levels: int) -> None:
        key = (scene_size, levels)
        if key == self._key:
            return
        self.release()
        w, h = scene_size
        for i in range(levels):
            w, h = max(1, (w + 1) // 2), max(1, (h + 1) // 2)
            self.down.append(make_target(self.gl.ctx, f"{self.name}.down{i}", (w, h), self.format, linear=True))
            if i < levels - 1:
                self.up.append(make_target(self.gl.ctx, f"{self.name}.up{i}", (w, h), self.format, linear=True))
        self._key = key

    def render(self, frame: Frame, inputs: list[Target]) -> Target:
        (scene,) = inputs
        levels = int(self.value(frame, "levels"))
        self._ensure_chain(scene.size, levels)
        down = self.gl.program("passes/bloom/down.frag")
        source = scene
        for i, target in enumerate(self.down):
            draw(self.gl, down, target, {"u_source": source.texture}, {
                "u_texel": (1.0 / source.size[0], 1.0 / source.size[1]),
                "u_threshold": self.value(frame, "threshold"),
                "u_knee": self.value(frame, "knee"),
                "u_prefilter": 1 if i == 0 else 0,
            })
            source = target
        up = self.gl.program("passes/bloom/up.frag")
        for i in range(levels - 2, -1, -1):
            target = self.up[i]
            draw(self.gl, up, target, {"u_source": source.texture, "u_finer": self.down[i].texture}, {
                "u_texel": (1.0 / source.size[0], 1.0 / source.size[1]),
                "u_target_size": (float(target.size[0]), float(target.size[1])),
                "u_spread": self.value(frame, "spread"),
            })
            source = target
        self.output = source
        return source

    def release(self) -> None:
        for target in self.down + self.up:
            target.release()
        self.down, self.up, self.output, self._key = [], [], None, None
