"""The visitor legend: a wall card (PNG) that explains a tile, its glow, a flare and a dimmed tile
under one exhibit's encodings and palette. Large type, dark on light, for printing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lumen.encode.colour import hex_to_srgb, linear_to_srgb, srgb_to_linear
from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.records.schema import CHANNELS

FEATURE_TEXT = {
    "continuity": "how regularly they had check-ups",
    "care_count": "how much care they received",
    "event_count": "how many visits and contacts they had",
    "barrier_count": "how often care was out of reach",
    "missed_count": "how many appointments were missed",
    "network_dependency": "how much they rely on the tele-dentistry network",
    "outage_impact": "how much care they lost when the network failed",
    "outcome_trend": "whether their oral health improved",
    "first_day": "how late their journey began",
    "last_day": "how recently they were seen",
    "dominant_channel": "where they usually get care",
}
CHANNEL_TEXT = {
    "clinic": "Dental clinic", "network": "Tele-dentistry network", "mobile": "Mobile clinic",
    "community": "Community programme", "none": "No care reached them",
}
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
INK, PAPER, MUTED = (17, 17, 17), (250, 249, 245), (70, 70, 70)
WIDTH, HEIGHT = 2400, 1560   # 8 x 5.2 inches at 300 dpi


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans when installed, else Pillow's scalable default font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def glowing_tile(size: int, colour: str, light: float, flare: float = 0.0, flare_colour: str = "#ffffff",
                 water: str = "#06121f") -> Image.Image:
    """One mosaic cell drawn like the mosaic shader draws it: luminous core, faint membrane, dark edge."""
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size * 2.0 - 1.0
    r = (np.abs(x) ** 3 + np.abs(y) ** 3) ** (1 / 3) / 0.82
    core = np.exp(-r * r * 3.2)
    membrane = np.clip((r - 0.55) / 0.3, 0, 1) * (1 - np.clip((r - 0.85) / 0.15, 0, 1))
    edge = 1 - np.clip((r - 0.9) / 0.1, 0, 1)
    base = srgb_to_linear(hex_to_srgb(colour))
    hdr = (base * light * (core + 0.22 * membrane)[..., None]
           + srgb_to_linear(hex_to_srgb(flare_colour)) * flare * core[..., None])
    hdr = srgb_to_linear(hex_to_srgb(water)) * (1 - 0.5 * edge[..., None]) + hdr * edge[..., None]
    mapped = linear_to_srgb(1.0 - np.exp(-2.2 * hdr))
    return Image.fromarray((mapped * 255 + 0.5).astype(np.uint8), "RGB")


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def _panel(card: Image.Image, draw, box: tuple[int, int], art: Image.Image, title: str, body: str) -> None:
    x, y = box
    frame = art.size[0]
    draw.rectangle([x - 4, y - 4, x + frame + 3, y + frame + 3], fill=INK)
    card.paste(art, (x, y))
    tx = x + frame + 40
    draw.text((tx, y), title, font=font(52, bold=True), fill=INK)
    face = font(38)
    for i, line in enumerate(_wrap(draw, body, face, 1060 - frame - 40)):
        draw.text((tx, y + 80 + i * 50), line, font=face, fill=INK)


def legend_image(exhibit: Exhibit) -> Image.Image:
    """The legend card for an exhibit as an RGB image."""
    enc, pal = exhibit["encodings"], exhibit["palette"]
    channels, water, flare = pal["channels"], pal["background_top"], pal["flare"]
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.text((100, 80), exhibit.title, font=font(76, bold=True), fill=INK)
    draw.text((100, 180), "How to read the mosaic: every light is one resident's journey through dental care.",
              font=font(40), fill=MUTED)
    hue = FEATURE_TEXT.get(enc["hue"], enc["hue"])
    bright = FEATURE_TEXT.get(enc["brightness"], enc["brightness"])
    rhythm = FEATURE_TEXT.get(enc["rhythm"], enc["rhythm"])
    art = 240
    tile = channels["clinic"]
    panels = [
        (glowing_tile(art, tile, 0.9, water=water), "A tile",
         f"One person. Its colour shows {hue}; tiles that sit together share a "
         f"{' and '.join(exhibit['layout']['order'][:2]).replace('_', ' ')}."),
        (glowing_tile(art, tile, 2.2, water=water), "A glow",
         f"Brighter means {bright}. The light breathes: a faster pulse means {rhythm}."),
        (glowing_tile(art, tile, 0.6, flare=2.4, flare_colour=flare, water=water), "A flare",
         "A burst of warm light: that person just received care, such as a check-up or a workshop."),
        (glowing_tile(art, tile, 0.12, water=water), "A dimmed tile",
         "Care that did not happen: a missed appointment, a barrier, or access lost when the "
         "tele-dentistry network failed."),
    ]
    for i, (image, title, body) in enumerate(panels):
        _panel(card, draw, (100 + (i % 2) * 1150, 300 + (i // 2) * 420), image, title, body)
    y = 1170
    draw.line([100, y, WIDTH - 100, y], fill=INK, width=4)
    draw.text((100, y + 40), "Colours: where each person usually gets care", font=font(48, bold=True), fill=INK)
    swatch = 150
    for i, name in enumerate(CHANNELS):
        x = 100 + i * 450
        sy = y + 130
        draw.rectangle([x - 3, sy - 3, x + swatch + 2, sy + swatch + 2], fill=INK)
        card.paste(glowing_tile(swatch, channels[name], 1.4, water=water), (x, sy))
        face = font(34)
        for k, line in enumerate(_wrap(draw, CHANNEL_TEXT[name], face, 260)):
            draw.text((x + swatch + 20, sy + 20 + k * 44), line, font=face, fill=INK)
    return card


def write_legend(exhibit: Exhibit, out: Path) -> Path:
    """Render the legend and save it as a PNG (300 dpi)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        legend_image(exhibit).save(out, dpi=(300, 300))
    except OSError as exc:
        raise UserError(f"{out}: cannot write PNG ({exc.strerror or exc})") from None
    return out
