"""The legend card follows the acts: where an act blends the palette, the card shows that act's
colours, computed with the wall's own blend; an exhibit without a blend shows one row of colours."""

from __future__ import annotations

import numpy as np

from lumen.assets import exhibit_path
from lumen.encode.colour import mix_hue
from lumen.encode.tiles import channel_colours
from lumen.exhibit import load_exhibit
from lumen.legend.card import HEIGHT, legend_image, palette_acts
from lumen.legend.tile import TileRenderer


def test_the_festival_card_shows_the_ember_acts(gl_context):
    festival = load_exhibit(exhibit_path("festival"))
    assert palette_acts(festival) == [(["malfunction", "rerouting"], 0.45)]
    tiles = TileRenderer(festival, ctx=gl_context)
    try:
        card = np.asarray(legend_image(festival, tiles))
        pal = festival["palette"]
        ember = mix_hue(channel_colours(pal["channels"]), channel_colours(pal["blend_channels"]), 0.45)
        network = np.asarray(tiles.tile(150, ember[1], 0.75))[75, 75]
    finally:
        tiles.release()
    assert card.shape[0] > HEIGHT, "a row for the acts that change the colours"
    row = card[HEIGHT - 20 + 90: HEIGHT - 20 + 240, 100 + 450: 100 + 450 + 150]
    assert np.abs(row[75, 75].astype(int) - network).max() <= 2, "the card's ember swatch is the wall's colour"


def test_without_a_blend_there_is_one_row_of_colours(gl_context, tmp_path):
    child = tmp_path / "plain.toml"
    child.write_text('extends = "lumen:festival"\n[palette]\nblend_to = ""\n')
    plain = load_exhibit(child)
    assert palette_acts(plain) == []
    tiles = TileRenderer(plain, ctx=gl_context)
    try:
        assert legend_image(plain, tiles).size[1] == HEIGHT
    finally:
        tiles.release()


def test_tiles_brighten_with_their_light(gl_context):
    tiles = TileRenderer(load_exhibit(exhibit_path("festival")), ctx=gl_context)
    try:
        centre = [np.asarray(tiles.tile(64, (0.1, 0.8, 0.7), light))[32, 32].mean() for light in (0.02, 0.3, 0.75)]
        ring = np.asarray(tiles.tile(64, (0.1, 0.8, 0.7), 0.75))[1, 1]
    finally:
        tiles.release()
    assert centre[0] < centre[1] < centre[2], "the card orders dim, typical and bright tiles as the wall does"
    assert ring.max() < 40, "water frames the cell"
