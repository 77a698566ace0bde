"""Posters: bands equal a full render byte for byte, stream into a PNG with its provenance."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from lumen.export.png_stream import PngStream
from lumen.export.poster import bands, render_poster, split
from lumen.pipeline.headless import HeadlessRenderer
from tests.conftest import REPO


class Rows:
    """A sink that keeps the bands it is given."""

    def __init__(self):
        self.bands: list[np.ndarray] = []

    def write(self, rgba: np.ndarray) -> None:
        self.bands.append(rgba.copy())

    def image(self) -> np.ndarray:
        return np.concatenate(self.bands)


@pytest.fixture(scope="module")
def renderer(gl_context, festival, festival_data):
    r = HeadlessRenderer(festival, festival_data, ctx=gl_context)
    yield r
    r.release()


def test_the_festival_splits_into_a_coarse_and_a_full_resolution_part(renderer):
    plan = split(renderer.pipeline, (16384, 16384))
    names = lambda indices: [renderer.pipeline.order[i].name for i in indices]  # noqa: E731
    assert names(plan.full) == ["tiles", "display", "rings", "captions"]
    assert names(plan.coarse) == ["state", "halo_source", "bloom", "trails", "halo"]
    assert {renderer.pipeline.order[i].name: t for i, t in plan.decimated.items()} == {"halo_source": 4.0}


@pytest.mark.parametrize("size, time, rows", [((480, 270), 200.0, 64), ((480, 270), 431.0, 37), ((333, 187), 95.0, 50)])
def test_bands_equal_the_full_render(ctx, renderer, size, time, rows):
    full = renderer.render(time, size)
    sink = Rows()
    assert render_poster(renderer, time, size, sink, rows=rows) == "banded"
    assert [b.shape[0] for b in sink.bands] == [n for _, n in bands(size, rows)]
    assert np.array_equal(sink.image(), full)


def test_region_render_bands_equal_the_full_render_too(ctx, renderer):
    full = renderer.render(300.0, (320, 180))
    sink = Rows()
    assert render_poster(renderer, 300.0, (320, 180), sink, rows=48, banded=False) == "region renders"
    assert np.array_equal(sink.image(), full)


def test_png_stream_round_trips_and_leaves_no_partial_file(tmp_path):
    rgb = np.random.default_rng(3).integers(0, 256, (61, 47, 3), dtype=np.uint8)
    stream = PngStream(tmp_path / "p.png", (47, 61), {"lumen:time": "3"})
    for y in range(0, 61, 10):
        stream.write(rgb[y:y + 10])
    assert not (tmp_path / "p.png").exists(), "the file appears only when complete"
    stream.close()
    png = Image.open(tmp_path / "p.png")
    assert png.text == {"lumen:time": "3"} and np.array_equal(np.asarray(png), rgb)
    short = PngStream(tmp_path / "q.png", (47, 61))
    short.write(rgb[:10])
    with pytest.raises(ValueError, match="10 of 61 rows"):
        short.close()
    assert list(tmp_path.iterdir()) == [tmp_path / "p.png"]


def test_lumen_poster_writes_the_frame_with_its_provenance(gl_context, renderer, tmp_path):
    out = tmp_path / "poster.png"
    result = subprocess.run([sys.executable, "-m", "lumen.cli", "poster", "festival", "--time", "200",
                             "--size", "400x240", "--out", out], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and "peak memory" in result.stderr
    png = Image.open(out)
    assert png.text["lumen:exhibit"] == "lumen:festival" and png.text["lumen:time"] == "200"
    assert png.text["lumen:size"] == "400x240" and len(png.text["lumen:exhibit_sha256"]) == 64
    assert np.array_equal(np.asarray(png.convert("RGB")), renderer.render(200.0, (400, 240))[..., :3])
