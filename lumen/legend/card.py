"""The visitor legend: a wall card (PNG) that explains a tile, its glow, a flare and a dimmed tile
under one exhibit's encodings and palette. Large type, dark on light, for printing."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from lumen.assets import font_file
from lumen.encode.colour import mix_hue
from lumen.encode.tiles import channel_colours
from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.legend.tile import TileRenderer
from lumen.records.schema import CHANNELS
from lumen.vocabulary.passes import PASS_KINDS

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
INK, PAPER, MUTED = (17, 17, 17), (250, 249, 245), (70, 70, 70)
WIDTH, HEIGHT = 2400, 1560   # 8 x 5.2 inches at 300 dpi, plus a row per act that shifts the colours
ACT_ROW = 330


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans (lumen.assets), so the card looks the same on every machine."""
    return ImageFont.truetype(str(font_file(bold=bold)), size)


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


def tile_levels(exhibit: Exhibit) -> dict[str, float]:
    """The lights the panels show, from the exhibit's own encodings: a typical and a bright tile
    (the middle and top of brightness_range), a flare at the exhibit's flare gain, and a tile dimmed
    as far as the simulate pass dims one (95 %)."""
    lo, hi = exhibit["encodings"]["brightness_range"]
    simulate = next((s for s in exhibit.order if s.kind == "simulate"), None)
    gain = simulate.params.get("flare_gain", PASS_KINDS["simulate"].params["flare_gain"].default) if simulate else 1.0
    return {"typical": (lo + hi) / 2, "bright": hi, "flare": gain, "dimmed": (lo + hi) / 2 * 0.05}


def palette_acts(exhibit: Exhibit) -> list[tuple[list[str], float]]:
    """(acts, the largest palette blend they reach) for the acts that shift the colours toward
    `palette.blend_to`, grouped by that blend, so the card shows the colours a visitor sees then."""
    simulate = next((s for s in exhibit.order if s.kind == "simulate"), None)
    if simulate is None or not exhibit["palette"]["blend_channels"]:
        return []
    own = simulate.params.get("palette_blend", 0.0)
    by_blend: dict[float, list[str]] = {}
    for scene in exhibit.scenes:
        track = scene.tracks.get((simulate.name, "palette_blend"))
        peak = max((v for _, v in track.keys), default=own) if track else own
        if peak > 0.0:
            by_blend.setdefault(round(peak, 3), []).append(scene.name)
    return [(names, blend) for blend, names in by_blend.items()]


def _swatches(card, draw, tiles: TileRenderer, y: int, hues, light: float) -> None:
    swatch, face = 150, font(34)
    for i, name in enumerate(CHANNELS):
        x = 100 + i * 450
        draw.rectangle([x - 3, y - 3, x + swatch + 2, y + swatch + 2], fill=INK)
        card.paste(tiles.tile(swatch, hues[i], light), (x, y))
        for k, line in enumerate(_wrap(draw, CHANNEL_TEXT[name], face, 260)):
            draw.text((x + swatch + 20, y + 20 + k * 44), line, font=face, fill=INK)


def legend_image(exhibit: Exhibit, tiles: TileRenderer) -> Image.Image:
    """The legend card for an exhibit as an RGB image; `tiles` draws the cells with the wall's shaders."""
    enc, pal = exhibit["encodings"], exhibit["palette"]
    hues = channel_colours(pal["channels"])
    level = tile_levels(exhibit)
    acts = palette_acts(exhibit)
    card = Image.new("RGB", (WIDTH, HEIGHT + ACT_ROW * len(acts)), PAPER)
    draw = ImageDraw.Draw(card)
    draw.text((100, 80), exhibit.title, font=font(76, bold=True), fill=INK)
    draw.text((100, 180), "How to read the mosaic: every light is one resident's journey through dental care.",
              font=font(40), fill=MUTED)
    hue = FEATURE_TEXT.get(enc["hue"], enc["hue"])
    bright = FEATURE_TEXT.get(enc["brightness"], enc["brightness"])
    rhythm = FEATURE_TEXT.get(enc["rhythm"], enc["rhythm"])
    art = 240
    tile = hues[CHANNELS.index("clinic")]
    panels = [
        (tiles.tile(art, tile, level["typical"]), "A tile",
         f"One person. Its colour shows {hue}; tiles that sit together share a "
         f"{' and '.join(exhibit['layout']['order'][:2]).replace('_', ' ')}."),
        (tiles.tile(art, tile, level["bright"]), "A glow",
         f"Brighter means {bright}. The light breathes: a faster pulse means {rhythm}."),
        (tiles.tile(art, tile, level["typical"], flare=level["flare"]), "A flare",
         "A burst of warm light: that person just received care, such as a check-up or a workshop."),
        (tiles.tile(art, tile, level["dimmed"]), "A dimmed tile",
         "Care that did not happen: a missed appointment, a barrier, or access lost when the "
         "tele-dentistry network failed."),
    ]
    for i, (image, title, body) in enumerate(panels):
        _panel(card, draw, (100 + (i % 2) * 1150, 300 + (i // 2) * 420), image, title, body)
    y = 1170
    draw.line([100, y, WIDTH - 100, y], fill=INK, width=4)
    draw.text((100, y + 40), "Colours: where each person usually gets care", font=font(48, bold=True), fill=INK)
    _swatches(card, draw, tiles, y + 130, hues, level["bright"])
    blend_to = channel_colours(pal["blend_channels"]) if acts else None
    for k, (names, blend) in enumerate(acts):
        ay = HEIGHT - 20 + k * ACT_ROW
        which = f"the {names[0]} act" if len(names) == 1 else f"the {', '.join(names[:-1])} and {names[-1]} acts"
        draw.text((100, ay), f"In {which}, the colours turn toward {pal['blend_to']}:",
                  font=font(44, bold=True), fill=INK)
        _swatches(card, draw, tiles, ay + 90, mix_hue(hues, blend_to, blend), level["bright"])
    return card


def write_legend(exhibit: Exhibit, out: Path) -> Path:
    """Render the legend and save it as a PNG (300 dpi)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tiles = TileRenderer(exhibit)
    try:
        legend_image(exhibit, tiles).save(out, dpi=(300, 300))
    except OSError as exc:
        raise UserError(f"{out}: cannot write PNG ({exc.strerror or exc})") from None
    finally:
        tiles.release()
    return out
