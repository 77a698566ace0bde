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
        # [plain, cross-fade], as the presenter's: the plain one never reads the held frame
        self.programs = [build_program(ctx, "passes/wall/warp.vert", "passes/wall/warp.frag",
                                       {"PRESENT_CROSSFADE": int(fading)}) for fading in (False, True)]
        self.vbo = self.ibo = None
        self.vaos: list = []
        self.set(warp)

    def set(self, warp: OutputWarp) -> None:
        self._release_grid()
        vertices, indices = warp_grid(warp.corners, warp.mesh)
        self.vbo = self.ctx.buffer(vertices.tobytes())
        self.ibo = self.ctx.buffer(indices.tobytes())
        self.vaos = [self.ctx.vertex_array(program, [(self.vbo, "3f 2f", "in_clip", "in_uv")], self.ibo)
                     for program in self.programs]
        self.triangles = len(indices) // 3

    def draw(self, frame: moderngl.Texture, held: moderngl.Texture | None, fbo: moderngl.Framebuffer,
             size: tuple[int, int], fade: float = 1.0, mix: float = 0.0) -> None:
        """The whole output: black where the warped frame does not reach."""
        fading = held is not None and held is not frame and mix > 0.0
        program = self.programs[fading]
        for texture in (frame, held) if fading else (frame,):
            texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
            texture.repeat_x = texture.repeat_y = False
        frame.use(location=0)
        program["u_frame"].value = 0
        program["u_fade"].value = float(fade)
        if fading:
            held.use(location=1)
            program["u_held"].value = 1
            program["u_mix"].value = float(mix)
        fbo.use()
        self.ctx.viewport = (0, 0, *size)
        self.ctx.enable_only(moderngl.NOTHING)
        fbo.clear(0.0, 0.0, 0.0, 1.0)
        self.vaos[fading].render(moderngl.TRIANGLES)

    def _release_grid(self) -> None:
        for obj in (*self.vaos, self.vbo, self.ibo):
            if obj is not None:
                obj.release()
        self.vaos = []

    def release(self) -> None:
        self._release_grid()
        for program in self.programs:
            program.release()
