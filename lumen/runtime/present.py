"""Presents the pipeline's output target in the window's framebuffer, with fades and cross-fades."""

from __future__ import annotations

import moderngl

from lumen.gl.shaders import build_program
from lumen.gl.targets import Target, make_target


def letterbox(frame: tuple[int, int], window: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest rectangle of the frame's aspect centred in the window (x, y, w, h)."""
    fw, fh = frame
    ww, wh = window
    scale = min(ww / fw, wh / fh)
    w, h = max(1, round(fw * scale)), max(1, round(fh * scale))
    return ((ww - w) // 2, (wh - h) // 2, w, h)


class Presenter:
    """Draws a Target to a framebuffer; holds a copy of the last frame to cross-fade from after swaps."""

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        # [plain, cross-fade]: the plain variant never reads the held frame (shaders/passes/present/present.frag)
        self.programs = [build_program(ctx, "passes/common/fullscreen.vert", "passes/present/present.frag",
                                       {"PRESENT_CROSSFADE": int(fading)}) for fading in (False, True)]
        self.vaos = [ctx.vertex_array(program, []) for program in self.programs]
        self.held: Target | None = None

    def hold(self, source: Target) -> None:
        """Copy `source` (the frame now on screen) so the next frames can cross-fade away from it."""
        if self.held is None or self.held.size != source.size:
            if self.held is not None:
                self.held.release()
            self.held = make_target(self.ctx, "present.held", source.size, "rgba8", linear=True)
        self.ctx.copy_framebuffer(self.held.fbo, source.fbo)

    def draw(self, frame: Target | None, fbo: moderngl.Framebuffer, size: tuple[int, int],
             fade: float, mix: float, warp=None) -> None:
        """Present `frame` (or the held frame when None) into `fbo` of `size`; through a projector's
        warp (lumen.wall.warp_draw.WarpDraw) when one is given, letterboxed otherwise."""
        if frame is None and self.held is None:
            fbo.use()
            fbo.clear(0.0, 0.0, 0.0, 1.0)
            return
        source = frame if frame is not None else self.held
        held = self.held if self.held is not None else source
        if frame is None:
            mix = 1.0
        if warp is not None:
            warp.draw(source.texture, held.texture, fbo, size, fade, mix)
            return
        rect = letterbox(source.size, size)
        exact = rect[2:] == source.size
        for tex in (source.texture, held.texture):
            tex.filter = (moderngl.NEAREST, moderngl.NEAREST) if exact else (moderngl.LINEAR, moderngl.LINEAR)
        fading = mix > 0.0 and held is not source
        program = self.programs[fading]
        source.texture.use(location=0)
        program["u_frame"].value = 0
        program["u_rect"].value = tuple(float(v) for v in rect)
        program["u_fade"].value = float(fade)
        if fading:
            held.texture.use(location=1)
            program["u_held"].value = 1
            program["u_mix"].value = float(mix)
        fbo.use()
        self.ctx.viewport = (0, 0, *size)
        self.ctx.enable_only(moderngl.NOTHING)
        self.vaos[fading].render(moderngl.TRIANGLES, vertices=3)

    def release(self) -> None:
        if self.held is not None:
            self.held.release()
            self.held = None
        for obj in (*self.vaos, *self.programs):
            obj.release()
