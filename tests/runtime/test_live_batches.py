"""Live batches in a headless show: applied in place (no new dataset), kept while the pipeline is down."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lumen.assets import exhibit_path
from lumen.encode.live import BIRTH_GAIN
from lumen.records import load_records
from lumen.runtime.controls import Command
from lumen.runtime.show import RunOptions, Show
from lumen.runtime.window import OffscreenSurface

SIZE = (160, 90)


@pytest.fixture
def festival_show(gl_context, tmp_path):
    opts = RunOptions(exhibit=exhibit_path("festival"), size=SIZE, osc_port=None, reload=False, pace=False,
                      step=1 / 60, state=tmp_path, max_frames=3, watch=tmp_path / "live.jsonl")
    show = Show(opts, lambda commands: OffscreenSurface(commands, SIZE))
    show.start()
    yield show
    show.close()


def new_journeys(tmp_path, n: int, prefix: str = "live", district: str = "Riverside", day: int = 40):
    path = tmp_path / f"{prefix}.jsonl"
    path.write_text("".join(json.dumps({"id": f"{prefix}-{i:05d}", "district": district, "age_band": "35-49",
                                        "income_band": "low", "events": [{"day": day, "kind": "checkup",
                                                                          "channel": "clinic"}]}) + "\n"
                            for i in range(n)))
    return load_records([path]).journeys


def test_a_batch_while_the_pipeline_is_down_is_kept_and_shown_once_it_is_back(festival_show, tmp_path):
    show = festival_show
    before = show.tiles.count
    show.pipeline.release()
    show.pipeline = None  # as after a failed rebuild
    show.handle(Command("live", (new_journeys(tmp_path, 3), True, "batch"), "test"))
    assert show.tiles.count == before + 3, "the journeys are kept"
    show.render_frame()  # rebuilds the pipeline from the last good state, which holds them
    assert show.pipeline is not None
    assert show.pipeline.gl.data.count == before + 3
    assert show.errors == 0


def passes_of(show, kind: str):
    return next(node for node in show.pipeline.passes if node.kind == kind)


def test_a_batch_grows_the_dataset_in_place(festival_show, tmp_path):
    """No new dataset: the layout draws only the new tiles, the event sums add their rows, and the
    glow field keeps its light (a restart would warm up from darkness again)."""
    show = festival_show
    for _ in range(3):
        show.render_frame()
        show.clock.tick()
    data = show.pipeline.gl.data
    version, epoch, count = data.version, data.epoch, data.count
    layout, glow, state = passes_of(show, "layout"), passes_of(show, "glow"), passes_of(show, "simulate")
    runs, field, glow_key, sums = layout.runs, glow.field, glow._key, state.sum_runs
    show.handle(Command("live", (new_journeys(tmp_path, 7), True, "batch"), "test"))
    show.render_frame()
    assert (data.version, data.epoch, data.count) == (version, epoch, count + 7)
    assert show.pipeline.gl.data is data and data.appends == 1
    assert layout.runs == runs and layout.updates == 1
    assert glow.field is field and glow._key == glow_key and glow.steps_taken <= 1
    assert state.sum_runs == sums and state.sum_updates >= 1
    assert show.counters["live_batches"] == 1 and show.errors == 0


def test_new_tiles_are_born_on_the_shown_day(festival_show, tmp_path):
    show = festival_show
    show.clock.seek(200.0)
    show.render_frame()
    day = show.day_now
    assert day > 0
    start = show.tiles.count
    show.handle(Command("live", (new_journeys(tmp_path, 2, day=3), True, "batch"), "test"))
    tiles = show.tiles
    assert np.all(tiles.rhythm[start:, 3] == np.float32(day)), "they appear from the day they arrived"
    for first, count in tiles.spans[start:]:
        events = tiles.events[first:first + count]
        assert np.float32(day) in events[:, 0] and BIRTH_GAIN in events[:, 1]


def test_a_batch_prepared_before_a_reload_is_not_applied_twice(festival_show, tmp_path):
    show = festival_show
    batch = show.prepare_live(new_journeys(tmp_path, 4), True)
    show.reload(data=False)  # encodes every journey again, those of the batch included
    count = show.tiles.count
    show.handle(Command("live_rows", (batch, "late batch"), "test"))
    assert show.tiles.count == count and show.pipeline.gl.data.count == count
    assert show.errors == 0


def test_rows_encoded_alone_match_a_full_encode_at_the_same_scale(festival, tmp_path):
    """Phases continue the full encode's stream and colours, rhythms and events follow from the
    journeys alone; brightness is the feature at the shown data's range, clamped."""
    from lumen.encode.live import LiveJourneys
    from lumen.encode.loader import load_journeys
    from lumen.encode.tiles import normalise

    data = LiveJourneys(load_journeys(festival)[0])
    before = data.tiles(festival)
    batch = data.prepare(new_journeys(tmp_path, 5, day=900), None)
    again = LiveJourneys(data.journeys()).tiles(festival)  # one full encode of everything
    rows = slice(before.count, batch.full.count)
    at = again.journey.argsort()[rows]  # the same journeys' rows in the full encode's slot order
    assert np.array_equal(batch.full.rhythm[rows, 1], again.rhythm[at, 1]), "phases"
    assert np.array_equal(batch.full.hue[rows], again.hue[at])
    lo, hi = festival["encodings"]["brightness_range"]
    assert np.all((batch.rows.brightness >= lo) & (batch.rows.brightness <= hi)), "clamped into the shown range"
    assert normalise(np.array([5.0, -5.0]), (0.0, 1.0)).tolist() == [1.0, 0.0]


def test_a_batch_beyond_the_room_relayouts_once_with_a_crossfade(festival_show, tmp_path):
    show = festival_show
    show.render_frame()
    data = show.pipeline.gl.data
    room, epoch = data.room, data.epoch
    show.handle(Command("live", (new_journeys(tmp_path, room + 1), True, "big batch"), "test"))
    assert data.epoch != epoch and data.room > 0, "rebuilt with fresh room"
    assert show.counters["live_relayouts"] == 1 and show.crossfade.value == 1.0
    show.render_frame()
    assert show.errors == 0 and data.count == show.tiles.count


def test_the_feed_prepares_batches_in_its_own_thread(tmp_path):
    """The feed hands the show prepared rows (live_rows), and a failure to prepare as an error."""
    from lumen.runtime.controls import CommandQueue
    from lumen.runtime.live import LiveFeed

    new_journeys(tmp_path, 3)
    seen = []

    def prepare(journeys, flare):
        seen.append((len(journeys), flare))
        if len(seen) > 1:
            raise RuntimeError("broken encoder")
        return "rows"

    commands = CommandQueue()
    feed = LiveFeed(tmp_path / "live.jsonl", commands, tmp_path / "work", tmp_path / "q.jsonl", prepare=prepare)
    feed.workdir.mkdir()
    feed._load(tmp_path / "live.jsonl", "first", initial=True)
    feed._load(tmp_path / "live.jsonl", "second", initial=False)
    first, second = commands.drain()
    assert seen == [(3, False), (3, True)]
    assert first.name == "live_rows" and first.args[0] == "rows"
    assert second.name == "live_error" and "broken encoder" in second.args[0]


def test_a_reload_keeps_every_live_journey_and_its_birth(festival, tmp_path):
    """Many batches are joined into a few parts as they come; births stay with their journeys."""
    from lumen.encode.live import JOIN_EVERY, LiveJourneys
    from lumen.encode.loader import load_journeys

    data = LiveJourneys(load_journeys(festival)[0])
    base = data.tiles(festival).count
    batches = new_journeys(tmp_path, JOIN_EVERY + 6)
    for i in range(len(batches)):
        data.prepare(batches.subset([i]), birth_day=float(i) if i % 2 else None)
    again = data.tiles(festival)
    assert again.count == base + len(batches)
    presence = again.rhythm[np.argsort(again.journey)][base:, 3]
    assert np.array_equal(presence[1::2], np.arange(1, len(batches), 2, dtype=np.float32))
    assert np.all(presence[0::2] == 40.0), "no birth: present from its first event's day"


def test_one_batch_a_frame_the_rest_wait_their_turn_in_order(festival_show, tmp_path):
    """A frame does one batch's work: a big load, cut into batches by the feed, appears over frames."""
    show = festival_show
    show.render_frame()
    start = show.tiles.count
    batches = [show.prepare_live(new_journeys(tmp_path, 3, prefix=f"b{i}"), True) for i in range(3)]
    for batch in batches:
        show.handle(Command("live_rows", (batch, ""), "test"))
    assert show.tiles.count == start + 3 and len(show.live_backlog) == 2
    counts = []
    for _ in range(3):
        show.render_frame()
        counts.append(show.pipeline.gl.data.count)
    assert counts == [start + 3, start + 6, start + 9] and not show.live_backlog
    assert show.tiles.count == start + 9 and show.errors == 0


def test_the_feed_cuts_a_big_load_into_batches(tmp_path):
    from lumen.runtime.controls import CommandQueue
    from lumen.runtime.live import LIVE_CHUNK, LiveFeed

    path = tmp_path / "live.jsonl"
    new_journeys(tmp_path, 2 * LIVE_CHUNK + 5)
    sizes = []
    commands = CommandQueue()
    feed = LiveFeed(path, commands, tmp_path / "work", tmp_path / "q.jsonl",
                    prepare=lambda journeys, flare: sizes.append(len(journeys)) or len(journeys))
    feed.workdir.mkdir()
    feed._load(path, "big", initial=False)
    sent = commands.drain()
    assert sizes == [LIVE_CHUNK, LIVE_CHUNK, 5]
    assert [c.name for c in sent] == ["live_rows"] * 3 and sent[0].args[1] and not sent[1].args[1]
