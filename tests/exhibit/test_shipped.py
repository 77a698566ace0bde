"""The shipped exhibits: they load, tell their story measurably (malfunction dims, unity syncs), match their
snapshots; plus `lumen exhibits`, the legend card, and docs/exhibits.md kept in sync with the schema."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
from PIL import Image

from lumen.assets import shipped_exhibits
from lumen.cli.exhibit import register
from lumen.encode.loader import load_scene_data
from lumen.exhibit import load_exhibit
from lumen.exhibit.docs import render_markdown
from lumen.pipeline.headless import HeadlessRenderer
from lumen.pipeline.pipeline import Pipeline, read_rgba8
from lumen.pipeline.timeline import Timeline
from tests.conftest import REPO
from tests.gl_helpers import journey_state, luminance, read_float

SHIPPED = {p.stem: p for p in shipped_exhibits().values()}


def test_every_shipped_exhibit_is_valid_and_extends_the_festival():
    assert set(SHIPPED) == {"festival", "gallery", "kiosk", "projector-wall"}
    festival = SHIPPED["festival"].resolve()
    for name, path in SHIPPED.items():
        ex = load_exhibit(path)
        assert ex.order, "the graph is validated and ordered at load"
        if name != "festival":
            assert ex.origin("passes", "display") == festival and ex.origin("data", "path") == festival


def test_shipped_shapes():
    sizes = {name: load_exhibit(p).size for name, p in SHIPPED.items()}
    assert sizes == {"festival": (3840, 2160), "gallery": (1920, 1080), "kiosk": (1080, 1920),
                     "projector-wall": (3840, 1080)}
    festival, gallery = (Timeline(load_exhibit(SHIPPED[n])) for n in ("festival", "gallery"))
    assert [s.name for s in festival.scenes] == ["gathering", "malfunction", "rerouting", "unity", "aftermath"]
    assert 540 <= festival.loop_length <= 660 and gallery.loop_length == 300.0
    wall = load_exhibit(SHIPPED["projector-wall"]).slices
    (lx, _, lw, lh), (rx, _, rw, rh) = wall["left"], wall["right"]
    assert (lw, lh, rw, rh) == (1920, 1080, 1920, 1080) and rx < lx + lw, "the slices overlap for blending"


def test_kiosk_shows_one_district():
    kiosk = load_exhibit(SHIPPED["kiosk"])
    data = load_scene_data(kiosk, quiet=True)
    assert 0 < data.tiles.count < 1000  # Riverside only, of 5000


def test_unknown_district_is_a_user_error(tmp_path):
    from lumen.errors import UserError

    path = tmp_path / "k.toml"
    path.write_text(f'extends = "{SHIPPED["kiosk"]}"\n[data]\ndistrict = "Riversid"\n')
    with pytest.raises(UserError, match=r'k.toml: data.district: no journeys in .Riversid. \(did you mean "Riverside"\?\)'):
        load_scene_data(load_exhibit(path), quiet=True)


def test_exhibits_command_lists_each_with_a_summary(capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["exhibits"])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("festival ")
    assert [line.split()[0] for line in lines] == ["festival", "traveling/gallery", "traveling/kiosk",
                                                  "traveling/projector-wall"]
    assert all(len(line.split(None, 1)) == 2 for line in lines)


def test_legend_card(tmp_path):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    out = tmp_path / "legend.png"
    args = parser.parse_args(["legend", str(SHIPPED["gallery"]), "--out", str(out)])
    assert args.func(args) == 0
    card = np.asarray(Image.open(out).convert("RGB"))
    assert card.shape[1] >= 2000, "large enough to print on a wall card"
    luma = luminance(card)
    assert (luma > 240).mean() > 0.5 and (luma < 40).mean() > 0.02, "dark type on a light card"


def test_docs_are_in_sync_with_the_schema():
    assert (REPO / "docs" / "exhibits.md").read_text(encoding="utf-8") == render_markdown(), \
        "docs/exhibits.md is stale: run `python -m lumen.exhibit.docs --write`"


# ---- GL: the story, measured from rendered frames ------------------------------------------------

@pytest.fixture(scope="module")
def festival_pipeline(gl_context, festival, festival_data):
    p = Pipeline(gl_context, festival, festival_data.tiles)
    yield p
    p.release()




def tile_luminance(pipeline, frame) -> tuple[np.ndarray, np.ndarray]:
    """Mean display luminance of each journey's core pixels (where its own light dominates drifting
    trails and bloom from neighbours), and which journeys had any core pixel."""
    outputs = pipeline.render(frame)
    tile_map = read_float(outputs["tiles"])
    tiles = tile_map[..., 0].astype(np.int64)
    luma = luminance(read_rgba8(outputs[pipeline.output_name])[::-1])
    inside = (tiles >= 0) & (tile_map[..., 1] < 0.5)
    n = pipeline.gl.data.count
    total = np.bincount(tiles[inside], weights=luma[inside], minlength=n)
    count = np.bincount(tiles[inside], minlength=n)
    return total / np.maximum(count, 1), count > 0


def test_malfunction_dims_high_outage_impact_tiles_more(ctx, festival_pipeline, festival_data):
    p = festival_pipeline
    t = p.timeline.scene_midpoint("malfunction")
    assert p.timeline.at(t).scene == "malfunction"
    act, seen = tile_luminance(p, p.frame(t, (480, 270)))
    calm, _ = tile_luminance(p, p.frame(t, (480, 270), overrides={"state": {"outage": 0.0}}))
    impact = p.gl.data.tiles.rhythm[:, 2]  # rows in the GPU's (slot) order, like the tile map
    lit = seen & (calm > 20)
    ratio = act[lit] / calm[lit]
    high, none = ratio[impact[lit] >= 0.5], ratio[impact[lit] == 0.0]
    assert len(high) > 20 and len(none) > 100
    assert high.mean() < 0.6, f"high-impact tiles keep {high.mean():.2f} of their light"
    assert none.mean() > 0.85, f"unaffected tiles keep {none.mean():.2f} of their light"


def circular_spread(phase_fraction: np.ndarray) -> float:
    return 1.0 - float(np.abs(np.exp(2j * np.pi * phase_fraction.astype(np.float64)).mean()))


def test_unity_synchronises_the_pulse(ctx, festival_pipeline):
    p = festival_pipeline

    def spread(scene):
        t = p.timeline.scene_midpoint(scene)
        state = journey_state(p, t)
        return circular_spread(state[:, 3])

    assert spread("gathering") > 0.8
    assert spread("unity") < 0.01


@pytest.mark.parametrize("name, scene, size", [
    ("festival", "malfunction", (256, 144)),
    ("gallery", "rerouting", (256, 144)),
    ("kiosk", "unity", (144, 256)),
    ("projector-wall", "aftermath", (256, 72)),
])
def test_shipped_snapshot(ctx, gl_context, snapshot, name, scene, size):
    exhibit = load_exhibit(SHIPPED[name])
    renderer = HeadlessRenderer(exhibit, ctx=gl_context)
    try:
        image = renderer.render(renderer.pipeline.timeline.scene_midpoint(scene), size)
    finally:
        renderer.release()
    snapshot(image, f"exhibit_{name}_{scene}_{size[0]}x{size[1]}")
