"""Caption text as pixels (Pillow, no GL): how tall the letters must be for the room, where the text
sits on the canvas, and its coverage raster for shaders/passes/captions/overlay.frag.

The size rule (docs/story.md): ADA 2010 Standards 703.5.5 set the minimum height of visual
characters at 5/8 inch (16 mm) for viewing distances up to 72 inches (1.83 m), plus 1/8 inch per foot
(10.4 mm per metre) beyond. At the exhibit's `[safety] viewing_distance_m`, times the captions pass's
`size` (default 2: the minimum is a minimum), on a canvas `screen_width_m` wide, that many metres
are `canvas_width / screen_width_m` pixels each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lumen.assets import font_file

ADA_MIN_M = 0.016                 # 5/8 inch
ADA_NEAR_M = 1.83                 # 72 inches
ADA_PER_M = 0.125 / 12.0          # 1/8 inch per foot: metres of letter per metre of distance
TITLE_SAFE = 0.05                 # the title-safe area leaves 5 % of the canvas on every side
LINE_SPACING = 1.25               # baseline to baseline, in ems
PAD_CAPS = 0.7                    # scrim padding around the text, in cap heights


def ada_cap_height_m(viewing_distance_m: float) -> float:
    """The ADA minimum height of a capital letter read from `viewing_distance_m` metres."""
    return ADA_MIN_M + max(0.0, viewing_distance_m - ADA_NEAR_M) * ADA_PER_M


def cap_height_px(canvas: tuple[int, int], screen_width_m: float, viewing_distance_m: float,
                  size: float) -> float:
    """Cap height in canvas pixels for the rule above, times `size`."""
    return ada_cap_height_m(viewing_distance_m) * size * canvas[0] / screen_width_m


@dataclass(frozen=True)
class CaptionRaster:
    """A caption box on the canvas: lower-left corner (GL canvas pixels), size, and per pixel the
    text coverage (channel 0) and the scrim behind it (channel 1), bottom row first."""

    x: int
    y: int
    width: int
    height: int
    coverage: np.ndarray    # (height, width, 2) uint8
    cap_px: float


@lru_cache(maxsize=64)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file()), px)


def _font_for_cap(cap_px: float) -> ImageFont.FreeTypeFont:
    """The smallest size of the bundled font whose capital H is at least `cap_px` tall."""
    px = max(4, int(cap_px / 0.73))            # DejaVu Sans: a cap is about 0.73 em
    while True:
        left, top, right, bottom = _font(px).getbbox("H")
        if bottom - top >= cap_px or px > 4000:
            return _font(px)
        px += 1


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def raster_caption(text: str, canvas: tuple[int, int], cap_px: float) -> CaptionRaster | None:
    """The caption centred at the bottom of the canvas's title-safe area, wrapped to its width."""
    if not text.strip() or cap_px < 1.0:
        return None
    font = _font_for_cap(cap_px)
    width, height = canvas
    pad = round(PAD_CAPS * cap_px)
    lines = _wrap(text, font, width * (1 - 2 * TITLE_SAFE) - 2 * pad)
    ascent, descent = font.getmetrics()
    step = round(LINE_SPACING * font.size)
    text_w = max(round(font.getlength(line)) for line in lines)
    box_w = min(width, text_w + 2 * pad)
    box_h = min(height, step * (len(lines) - 1) + ascent + descent + 2 * pad)
    x = (width - box_w) // 2
    y = round(height * TITLE_SAFE)   # GL rows count from the bottom: the box sits on the safe line
    ink = Image.new("L", (box_w, box_h), 0)
    draw = ImageDraw.Draw(ink)
    for i, line in enumerate(lines):
        draw.text((box_w / 2, pad + i * step), line, font=font, fill=255, anchor="ma")
    scrim = Image.new("L", (box_w, box_h), 0)
    ImageDraw.Draw(scrim).rounded_rectangle((0, 0, box_w - 1, box_h - 1), radius=pad, fill=255)
    coverage = np.stack([np.asarray(ink), np.asarray(scrim)], axis=-1)[::-1]   # bottom row first
    return CaptionRaster(x, y, box_w, box_h, np.ascontiguousarray(coverage), cap_px)


def caption_alpha(elapsed: float, length: float) -> float:
    """A caption fades in over the first seconds of its act and out over the last ones."""
    fade = min(3.0, 0.15 * length)
    if fade <= 0.0:
        return 0.0
    rise = min(max(elapsed / fade, 0.0), 1.0)
    fall = min(max((length - elapsed) / fade, 0.0), 1.0)
    return rise * rise * (3 - 2 * rise) * fall * fall * (3 - 2 * fall)
