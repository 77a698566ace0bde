"""HUD text: a Pillow-rendered glyph atlas, composed into a small texture a few times a second."""

from __future__ import annotations

import moderngl
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lumen.assets import font_file
from lumen.gl.shaders import build_program

FIRST, LAST = 32, 126  # printable ASCII; anything else draws as '?'


class FontAtlas:
    """Fixed-size cells of every printable ASCII glyph, as one (rows, cols) coverage array."""

    def __init__(self, size: int = 16):
        font = _font(size)
        left, top, right, bottom = font.getbbox("M")
        ascent, descent = font.getmetrics()
        self.cell = (max(int(font.getlength("M") + 0.5), right - left, 1), ascent + descent)
        w, h = self.cell
        count = LAST - FIRST + 1
        image = Image.new("L", (w * count, h), 0)
        draw = ImageDraw.Draw(image)
        for i in range(count):
            draw.text((i * w, 0), chr(FIRST + i), fill=255, font=font)
        self.glyphs = np.asarray(image).reshape(h, count, w).transpose(1, 0, 2).copy()  # (count, h, w)

    def render(self, lines: list[str], pad: int = 6) -> np.ndarray:
        """Compose lines of text into an (H, W) uint8 coverage image, top row first."""
        w, h = self.cell
        cols = max((len(line) for line in lines), default=1)
        out = np.zeros((len(lines) * h + 2 * pad, cols * w + 2 * pad), np.uint8)
        for row, line in enumerate(lines):
            codes = np.frombuffer(line.encode("ascii", "replace"), np.uint8).astype(np.int64)
            codes = np.where((codes < FIRST) | (codes > LAST), ord("?"), codes) - FIRST
            if len(codes):
                strip = self.glyphs[codes].transpose(1, 0, 2).reshape(h, len(codes) * w)
                out[pad + row * h: pad + (row + 1) * h, pad: pad + strip.shape[1]] = strip
        return out


def _font(size: int):
    return ImageFont.truetype(str(font_file(mono=True)), size)


class Hud:
    """Draws text lines in a panel at the top-left of the window; the texture is rebuilt on change."""

    def __init__(self, ctx: moderngl.Context, font_size: int = 16):
        self.ctx = ctx
        self.atlas = FontAtlas(font_size)
        self.program = build_program(ctx, "passes/common/fullscreen.vert", "passes/hud/overlay.frag")
        self.vao = ctx.vertex_array(self.program, [])
        self.texture: moderngl.Texture | None = None
        self._lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        if lines == self._lines and self.texture is not None:
            return
        self._lines = list(lines)
        image = self.atlas.render(self._lines)
        height, width = image.shape
        if self.texture is None or self.texture.size != (width, height):
            if self.texture is not None:
                self.texture.release()
            self.texture = self.ctx.texture((width, height), 1, dtype="f1")
            self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self.texture.write(np.ascontiguousarray(image).tobytes())

    def draw(self, window_size: tuple[int, int], margin: int = 12) -> None:
        if self.texture is None:
            return
        width, height = self.texture.size
        width, height = min(width, window_size[0]), min(height, window_size[1])
        x, y = margin, max(0, window_size[1] - margin - height)
        self.texture.use(location=0)
        self.program["u_text"].value = 0
        self.program["u_rect"].value = (x, y, width, height)
        self.program["u_ink"].value = (0.85, 1.0, 0.95)
        self.program["u_panel"].value = 0.55
        self.ctx.viewport = (x, y, width, height)
        self.ctx.enable_only(moderngl.BLEND)
        self.ctx.blend_func = (moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)
        self.vao.render(moderngl.TRIANGLES, vertices=3)
        self.ctx.disable(moderngl.BLEND)

    def release(self) -> None:
        if self.texture is not None:
            self.texture.release()
        self.vao.release()
        self.program.release()
