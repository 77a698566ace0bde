"""The one full-screen triangle every pass draws with."""

from __future__ import annotations

import moderngl
import numpy as np


class FullscreenTriangle:
    """A cached 3-vertex triangle covering the viewport; vertex ids only, no attributes needed."""

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self._vaos: dict[int, moderngl.VertexArray] = {}

    def draw(self, program: moderngl.Program) -> None:
        vao = self._vaos.get(program.glo)
        if vao is None:
            vao = self.ctx.vertex_array(program, [])
            self._vaos[program.glo] = vao
        vao.render(moderngl.TRIANGLES, vertices=3)

    def release(self) -> None:
        for vao in self._vaos.values():
            vao.release()
        self._vaos.clear()


def texel_layout(n: int, max_width: int = 2048) -> tuple[int, int]:
    """Return the (width, height) of a 2D texture holding n texels row by row; the width is a power
    of two so shaders can find a texel with shifts (see shaders/lib/math/texel_of.glsl)."""
    width = 1
    while width < min(max(n, 1), max_width):
        width *= 2
    return width, max(1, -(-n // width))


def width_shift(size: tuple[int, int]) -> int:
    """log2 of a power-of-two texture width made by texel_layout."""
    return size[0].bit_length() - 1


def pack_texels(columns: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Pad an (n, c) array to width*height rows (keeping its dtype) so it uploads as one texture."""
    width, height = size
    out = np.zeros((width * height, columns.shape[1]), dtype=columns.dtype)
    out[: len(columns)] = columns
    return out
