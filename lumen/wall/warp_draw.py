"""Draws a projector's frame through its warp (GL): the grid from lumen.wall.warp, the frame sampled
with linear filtering, with the presenter's cross-fade and fade, into the window or any target."""

from __future__ import annotations

import moderngl

from lumen.gl.shaders import build_program
from lumen.wall.calibration import OutputWarp
from lumen.wall.warp import warp_grid


class WarpDraw:
    """One output's warp grid; set() rebuilds it after staff move a handle."""

    def __init__(self, ctx: moderngl.Context, warp: OutputWarp):
        self.ctx = ctx
        self.program = build_program(ctx, "passes/wall/warp.vert", "passes/wall/warp.frag")
        self.vbo = self.ibo = self.vao = None
        self.set(warp)

    def set(self, warp: OutputWarp) -> None:
        self._release_grid()
        vertices, indices = warp_grid(warp.corners, warp.mesh)
        self.vbo = self.ctx.buffer(vertices.tobytes())
        self.ibo = self.ctx.buffer(indices.tobytes())
        self.vao = self.ctx.vertex_array(self.program, [(self.vbo, "3f 2f", "in_clip", "in_uv")], self.ibo)
        self.triangles = len(indices) // 3

    def draw(self, frame: moderngl.Texture, held: moderngl.Texture | None, fbo: moderngl.Framebuffer,
             size: tuple[int, int], fade: float = 1.0, mix: float = 0.0) -> None:
        """The whole output: black where the warped frame does not reach."""
        held = held if held is not None else frame
        for texture in (frame, held):
            texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture.repeat_x = texture.repeat_y = False
        frame.use(location=0)
        held.use(location=1)
        self.program["u_frame"].value = 0
        self.program["u_held"].value = 1
        self.program["u_mix"].value = float(mix if held is not frame else 0.0)
        self.program["u_fade"].value = float(fade)
        fbo.use()
        self.ctx.viewport = (0, 0, *size)
        self.ctx.enable_only(moderngl.NOTHING)
        fbo.clear(0.0, 0.0, 0.0, 1.0)
        self.vao.render(moderngl.TRIANGLES)

    def _release_grid(self) -> None:
        for obj in (self.vao, self.vbo, self.ibo):
            if obj is not None:
                obj.release()

    def release(self) -> None:
        self._release_grid()
        self.program.release()
