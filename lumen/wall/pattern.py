"""The calibration test pattern (Pillow, no GL): a grid, the slice's name, its blend zones and the warp's
handles, drawn in the slice's own pixels so that the warp bends it as it bends the show."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lumen.assets import font_file
from lumen.wall.calibration import OutputWarp
from lumen.wall.slices import SliceSetup

BACKGROUND = (8, 10, 14)
GRID = (90, 110, 130)
AXES = (200, 220, 240)
ZONE = (255, 150, 40)
HANDLE = (80, 220, 255)
SELECTED = (255, 60, 200)


def _grid(size: tuple[int, int], step: int) -> Image.Image:
    """Dark ground, grid lines every `step` pixels, the outline and the centre cross."""
    width, height = size
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, step):
        draw.line([(x, 0), (x, height - 1)], fill=GRID)
    for y in range(0, height, step):
        draw.line([(0, y), (width - 1, y)], fill=GRID)
    draw.rectangle([0, 0, width - 1, height - 1], outline=AXES)
    draw.line([(width // 2, 0), (width // 2, height - 1)], fill=AXES)
    draw.line([(0, height // 2), (width - 1, height // 2)], fill=AXES)
    return image


def draw_test_pattern(setup: SliceSetup, warp: OutputWarp, selected: int | None) -> np.ndarray:
    """(height, width, 4) uint8 RGBA, top row first."""
    width, height = setup.size
    step = max(8, round(min(width, height) / 12))
    image = _grid(setup.size, step)
    hatched, zones = image.copy(), Image.new("L", setup.size, 0)
    hatch_draw, zone_draw = ImageDraw.Draw(hatched), ImageDraw.Draw(zones)
    for k in range(-height, width + height, max(4, step // 4)):
        hatch_draw.line([(k, 0), (k + height, height)], fill=ZONE)
    boxes = []
    for edge in setup.overlaps:
        box = {"left": (0, 0, edge.width, height), "right": (width - edge.width, 0, width, height),
               "top": (0, 0, width, edge.width), "bottom": (0, height - edge.width, width, height)}[edge.side]
        zone_draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=255)
        boxes.append((box, edge))
    image = Image.composite(hatched, image, zones)   # hatching marks a blend zone, never content
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(font_file(mono=True)), max(8, height // 40))
    radius = max(3, min(width, height) // 60)
    for box, edge in boxes:
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], outline=ZONE)
        right = edge.side == "right"
        draw.text((box[2] - 3 if right else box[0] + 3, box[1] + 2 * radius + 6), f"blend {edge.width}px\n<> {edge.neighbour}",
                  fill=ZONE, font=small, anchor="ra" if right else "la", align="right" if right else "left")
    big = ImageFont.truetype(str(font_file(bold=True)), max(10, height // 8))
    draw.text((width / 2, height / 2 - height // 6), setup.name, fill=AXES, font=big, anchor="mm")
    for index in range(warp.handles):
        u, v = warp.handle_uv(index)
        x = min(max(u * width, radius), width - 1 - radius)
        y = min(max(v * height, radius), height - 1 - radius)
        colour = SELECTED if index == selected else HANDLE
        draw.rectangle([x - radius, y - radius, x + radius, y + radius], outline=colour,
                       fill=colour if index == selected else None, width=2)
    if selected is not None:
        draw.text((width / 2, height / 2 + height // 8), warp.handle_name(selected), fill=SELECTED, font=small,
                  anchor="mm")
    rgba = np.full((height, width, 4), 255, np.uint8)
    rgba[..., :3] = np.asarray(image)
    return rgba
