"""Story figures equal an independent count from the raw records; small groups are suppressed;
caption templates are checked at load; `lumen story` prints acts and definitions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from lumen.assets import DATA, exhibit_path
from lumen.encode.loader import load_scene_data
from lumen.encode.story import SUPPRESSED, fill_caption, flat_figures, story_figures, story_for
from lumen.exhibit import load_exhibit
from lumen.exhibit.load import ExhibitError
from lumen.records.synth import synthesize
from tests.conftest import REPO

OUTAGE = (180, 210)


def raw_counts(district: str | None = None) -> tuple[Counter, Counter]:
    """Residents and lost-care residents per income band, straight from the JSONL text."""
    residents, lost = Counter(), Counter()
    for line in (DATA / "harmonia-sample.jsonl").read_text().splitlines():
        record = json.loads(line)
        if district and record["district"] != district:
            continue
        residents[record["income_band"]] += 1
        if any(e["kind"] in ("missed", "barrier") and e["channel"] == "network" and OUTAGE[0] <= e["day"] <= OUTAGE[1]
               for e in record["events"]):
            lost[record["income_band"]] += 1
    return residents, lost


@pytest.mark.parametrize("name, district", [("festival", None), ("traveling/kiosk", "Riverside")])
def test_figures_equal_an_independent_count_of_the_records(name, district):
    exhibit = load_exhibit(exhibit_path(name))
    figures = story_figures(load_scene_data(exhibit).journeys, OUTAGE, min_group=11)
    residents, lost = raw_counts(district)
    for band in ("low", "middle", "high"):
        assert figures["residents"].__getattr__(band).value == residents[band]
        share = figures["lost_care"].__getattr__(band)
        assert share.people == lost[band] and share.value == pytest.approx(lost[band] / residents[band])
    assert figures["journeys"].value == sum(residents.values())
    assert figures["lost_count"].all.value == sum(lost.values())


def test_the_festival_caption_prints_the_recorded_disparity():
    exhibit = load_exhibit(exhibit_path("festival"))
    _, captions = story_for(exhibit, load_scene_data(exhibit).journeys)
    residents, lost = raw_counts()
    low, high = lost["low"] / residents["low"], lost["high"] / residents["high"]
    assert f"{low:.0%} of low-income residents lost care" in captions["malfunction"]
    assert f"{high:.0%} of high-income residents did" in captions["malfunction"]
    assert set(captions) == {s.name for s in exhibit.scenes}, "every act has a caption"


def test_small_groups_print_a_dash_and_never_their_number():
    journeys = synthesize(60, seed=4)
    figures = story_figures(journeys, OUTAGE, min_group=11)
    flat = flat_figures(figures)
    for name, figure in flat.items():
        text = format(figure, ".1%" if isinstance(figure.value, float) else "")
        if figure.residents < 11 or (figure.people is not None and 0 < figure.people < 11):
            assert text == SUPPRESSED, name
    tiny = [n for n, f in flat.items() if n.startswith("residents[") and f.residents < 11]
    assert tiny, "the sample must have a district below the threshold"
    assert fill_caption("{" + tiny[0] + "}", figures) == SUPPRESSED


def test_the_kiosk_figures_are_for_its_own_district():
    kiosk = load_exhibit(exhibit_path("traveling/kiosk"))
    figures, captions = story_for(kiosk, load_scene_data(kiosk).journeys)
    assert list(figures["residents"].by_district) == ["Riverside"]
    residents, _ = raw_counts("Riverside")
    assert captions["gathering"].startswith(f"{sum(residents.values())} residents")


def test_spanish_captions_write_numbers_the_spanish_way(tmp_path):
    child = tmp_path / "es.toml"
    child.write_text('extends = "lumen:festival"\n[story]\nlanguage = "es"\n')
    exhibit = load_exhibit(child)
    _, captions = story_for(exhibit, load_scene_data(exhibit).journeys)
    assert captions["gathering"].startswith("5.000 habitantes")
    assert "\u00a0%" in captions["malfunction"] and "Cuando falló la red" in captions["malfunction"]


@pytest.mark.parametrize("captions, expected", [
    ('[captions.en]\nmalfuction = "x"\n',
     r'captions.en.malfuction: no scene named .malfuction. \(did you mean "malfunction"\?\)'),
    ('[captions.en]\nunity = "{lost_care.lowest:.0%}"\n',
     r"captions.en.unity: \{lost_care.lowest\}: lost_care needs an income band"),
    ('[captions.en]\nunity = "{hardest_hit:.0%}"\n', r"the format '.0%' does not suit a name"),
    ('[captions.en]\nunity = "{nothing}"\n', r"unknown figure 'nothing'"),
    ('[story]\nlanguage = "fr"\n', r"story.language: no \[captions.fr\] table; languages: en, es"),
    ('[story]\nreroute_origin = [1.5, 0.5]\n', r"story.reroute_origin: expected \[x, y\] with both in \[0, 1\]"),
])
def test_caption_problems_name_file_and_key(tmp_path, captions, expected):
    child = tmp_path / "bad.toml"
    child.write_text('extends = "lumen:festival"\n' + captions)
    with pytest.raises(ExhibitError, match=expected) as info:
        load_exhibit(child)
    assert str(child.resolve()) in str(info.value)


def test_story_command_prints_acts_figures_and_definitions():
    result = subprocess.run([sys.executable, "-m", "lumen.cli", "story", "festival", "--json"], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [a["scene"] for a in report["acts"]] == ["gathering", "malfunction", "rerouting", "unity", "aftermath"]
    assert all(a["caption"] for a in report["acts"])
    low = report["figures"]["lost_care.low"]
    assert low["value"] == pytest.approx(749 / 1945) and "network" in low["definition"]
    text = subprocess.run([sys.executable, "-m", "lumen.cli", "story", "traveling/kiosk"], capture_output=True,
                          text=True, cwd=REPO, timeout=120).stdout
    assert "malfunction: When the network failed" in text and "lost_care.high" in text
