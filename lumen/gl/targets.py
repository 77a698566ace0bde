"""Named render targets (texture + framebuffer) and the ping-pong pair for feedback passes."""

from __future__ import annotations

from dataclasses import dataclass

import moderngl

# Texture formats a pass may ask for: (components, dtype).
FORMATS = {
    "rgba8": (4, "f1"),
    "rgba16f": (4, "f2"),
    "rgba32f": (4, "f4"),
    "rg32f": (2, "f4"),
    "r32f": (1, "f4"),
}


@dataclass
class Target:
    """A labelled colour texture with its framebuffer; the unit every pass reads and writes.

    Screen-space targets also say where they lie on the canvas: texel (0, 0) starts at canvas pixel
    `origin`, and one texel spans `texel` canvas pixels. Shaders sample by canvas position through
    these, so a region render samples exactly what the full frame samples. `viewport` is the part
    a pass draws (None: all of it)."""

    name: str
    texture: moderngl.Texture
    fbo: moderngl.Framebuffer
    origin: tuple[float, float] = (0.0, 0.0)
    texel: float = 1.0
    viewport: tuple[int, int, int, int] | None = None

    @property
    def extent(self) -> tuple[float, float]:
        """The canvas pixels the texture spans."""
        return (self.texel * self.texture.size[0], self.texel * self.texture.size[1])

    def place(self, origin: tuple[float, float], texel: float, viewport=None) -> Target:
        """Set where the target lies on the canvas and the part of it to draw; returns self."""
        self.origin, self.texel, self.viewport = origin, texel, viewport
        return self

    @property
    def size(self) -> tuple[int, int]:
        return self.texture.size

    def release(self) -> None:
        # moderngl re-binds "the current framebuffer" after creating or clearing another one; if that
        # is this one once released, the next target creation fails with GL_INVALID_OPERATION.
        if self.fbo.ctx.fbo is self.fbo:
            self.fbo.ctx.detect_framebuffer(0).use()
        self.fbo.release()
        self.texture.release()


def make_target(ctx: moderngl.Context, name: str, size: tuple[int, int], fmt: str = "rgba16f",
                linear: bool = False) -> Target:
    """Create a cleared target of `fmt`; nearest filtering unless `linear` (texelFetch is cheaper)."""
    components, dtype = FORMATS[fmt]
    size = (max(1, int(size[0])), max(1, int(size[1])))
    texture = ctx.texture(size, components, dtype=dtype)
    texture.filter = (moderngl.LINEAR, moderngl.LINEAR) if linear else (moderngl.NEAREST, moderngl.NEAREST)
    texture.repeat_x = texture.repeat_y = False
    fbo = ctx.framebuffer(color_attachments=[texture])
    fbo.clear(0.0, 0.0, 0.0, 0.0)
    return Target(name, texture, fbo)


class PingPong:
    """Two targets that swap roles each step: read the previous state, write the next."""

    def __init__(self, ctx: moderngl.Context, name: str, size: tuple[int, int], fmt: str = "rgba16f",
                 linear: bool = True):
        self.targets = [make_target(ctx, f"{name}.{i}", size, fmt, linear) for i in (0, 1)]
        self.index = 0

    @property
    def read(self) -> Target:
        return self.targets[self.index]

    @property
    def write(self) -> Target:
        return self.targets[1 - self.index]

    def swap(self) -> None:
        self.index = 1 - self.index

    def clear(self) -> None:
        for target in self.targets:
            target.fbo.clear(0.0, 0.0, 0.0, 0.0)

    def release(self) -> None:
        for target in self.targets:
            target.release()
