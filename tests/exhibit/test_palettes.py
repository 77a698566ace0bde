"""Palettes (presets, inline overrides, colour-blind safety) and encodings checked before the first frame."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.encode.colour import ciede2000, min_pair_distance
from lumen.exhibit import load_exhibit
from lumen.exhibit.load import ExhibitError
from lumen.exhibit.palettes import load_library
from lumen.records.schema import CHANNELS
from tests.exhibit.test_extends import BASE, write

SAFE = sorted(name for name, p in load_library().items() if p.get("colourblind_safe"))


@pytest.mark.parametrize("lab1, lab2, expected", [  # Sharma, Wu & Dalal (2005) test data
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_published_pairs(lab1, lab2, expected):
    assert float(ciede2000(np.array(lab1), np.array(lab2))) == pytest.approx(expected, abs=1e-4)


def test_at_least_two_colourblind_safe_presets():
    assert len(SAFE) >= 2, SAFE


@pytest.mark.parametrize("name", SAFE)
@pytest.mark.parametrize("cvd", ["deuteranopia", "protanopia"])
def test_safe_presets_stay_distinguishable(name, cvd):
    channels = load_library()[name]["channels"]
    colours = [channels[c] for c in CHANNELS]
    distance, pair = min_pair_distance(colours, cvd)
    assert distance >= 10.0, f"{name} under {cvd}: {CHANNELS[pair[0]]} and {CHANNELS[pair[1]]} are only {distance:.1f} apart"


def test_the_harmonia_palette_would_fail_the_check():
    """The test above has teeth: the festival's own palette is not colour-blind safe."""
    channels = load_library()["harmonia"]["channels"]
    assert min_pair_distance([channels[c] for c in CHANNELS], "deuteranopia")[0] < 10.0


def test_preset_with_inline_override(tmp_path):
    ex = load_exhibit(write(tmp_path / "e.toml", BASE.replace('[palette.channels]\nclinic = "#111111"',
                            '[palette]\npreset = "okabe-ito"\nflare = "#ffeedd"\n[palette.channels]\nnone = "#333333"')))
    pal = ex["palette"]
    assert pal["flare"] == "#ffeedd" and pal["channels"]["none"] == "#333333"
    assert pal["channels"]["network"] == load_library()["okabe-ito"]["channels"]["network"]


def problems_of(tmp_path, text) -> list[str]:
    with pytest.raises(ExhibitError) as info:
        load_exhibit(write(tmp_path / "e.toml", text))
    return info.value.problems


def test_unknown_preset_suggests(tmp_path):
    (msg,) = problems_of(tmp_path, BASE + '[palette]\npreset = "okabe"\n')
    assert "palette.preset: no palette 'okabe' in palettes.toml" in msg and 'did you mean "okabe-ito"' in msg


def test_inline_palette_must_cover_every_channel(tmp_path):
    text = BASE + '[palette]\npreset = ""\n'
    found = problems_of(tmp_path, text.replace('clinic = "#111111"', 'clinc = "#111111"'))
    assert any('palette.channels.clinc: unknown channel (did you mean "clinic"?)' in p for p in found)
    assert any("palette.channels: no colour for clinic, network, mobile, community, none" in p for p in found)


def test_custom_library_resolves_against_the_declaring_file(tmp_path):
    write(tmp_path / "shared" / "pal.toml", '[palettes.mine]\nflare = "#abcdef"\n[palettes.mine.channels]\n'
          + "".join(f'{c} = "#10{i}0{i}0"\n' for i, c in enumerate(CHANNELS)))
    write(tmp_path / "shared" / "base.toml", BASE + '[palette]\nlibrary = "pal.toml"\npreset = "mine"\n')
    ex = load_exhibit(write(tmp_path / "tour" / "child.toml", 'extends = "../shared/base.toml"\n'))
    assert ex["palette"]["flare"] == "#abcdef"


@pytest.mark.parametrize("change, expected", [
    ('hue = "continuity"', r"encodings.hue: expected a categorical feature \(dominant_channel\), got 'continuity'"),
    ('brightness = "continuty"', r'encodings.brightness: unknown feature .continuty. \(did you mean "continuity"\?\)'),
    ('rhythm = "dominant_channel"', r"encodings.rhythm: expected a numeric feature, got 'dominant_channel'"),
    ("brightness_range = [2.0, 1.0]", r"encodings.brightness_range: expected \[low, high\]"),
])
def test_encoding_errors(tmp_path, change, expected):
    import re

    (msg,) = problems_of(tmp_path, BASE + f"[encodings]\n{change}\n")
    assert re.search(expected, msg), msg


def test_grouping_must_name_a_field_or_feature(tmp_path):
    (msg,) = problems_of(tmp_path, BASE.replace('order = ["district", "first_day"]', 'order = ["distrct"]'))
    assert 'layout.order: item 1: unknown field or feature \'distrct\' (did you mean "district"?)' in msg
