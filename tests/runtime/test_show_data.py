"""The show gets its tiles through the one loader: the kiosk's district filter holds in `lumen run`
as in `lumen render`, for the data at start and for journeys that arrive live."""

from __future__ import annotations

import json

import pytest

from lumen.assets import DATA, exhibit_path
from lumen.encode.loader import load_scene_data
from lumen.exhibit import load_exhibit
from lumen.records import load_records
from lumen.runtime.controls import Command
from lumen.runtime.show import RunOptions, Show
from lumen.runtime.window import OffscreenSurface


@pytest.fixture
def kiosk_show(gl_context, tmp_path):
    opts = RunOptions(exhibit=exhibit_path("traveling/kiosk"), size=(90, 160), osc_port=None, reload=False,
                      pace=False, step=1 / 60, state=tmp_path, max_frames=3)
    show = Show(opts, lambda commands: OffscreenSurface(commands, (90, 160)))
    show.start()
    yield show
    show.close()


def live_batch(tmp_path, districts: list[str]):
    path = tmp_path / "live.jsonl"
    path.write_text("".join(json.dumps({"id": f"live-{i:04d}", "district": d, "age_band": "35-49",
                                        "income_band": "low", "events": [{"day": 3, "kind": "checkup",
                                                                          "channel": "clinic"}]}) + "\n"
                            for i, d in enumerate(districts)))
    return load_records([path]).journeys


def test_the_kiosk_show_has_exactly_the_tiles_the_render_has(kiosk_show):
    rendered = load_scene_data(load_exhibit(exhibit_path("traveling/kiosk"))).tiles.count
    everyone = len(load_records([DATA / "harmonia-sample.jsonl"]).journeys)
    assert kiosk_show.tiles.count == rendered
    assert 0 < rendered < everyone, "Riverside only"
    kiosk_show.render_frame()
    assert kiosk_show.pipeline is not None and kiosk_show.errors == 0


def test_live_journeys_from_other_districts_stay_off_the_kiosk(kiosk_show, tmp_path):
    before = kiosk_show.tiles.count
    batch = live_batch(tmp_path, ["Riverside", "Hillcrest", "Riverside", "Old Harbor"])
    kiosk_show.handle(Command("live", (batch, True, "test batch"), "test"))
    assert kiosk_show.tiles.count == before + 2
    assert kiosk_show.errors == 0
