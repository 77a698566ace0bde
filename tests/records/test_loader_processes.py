"""How load_records starts its decoding workers, and its count check as a real error (also under -O)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import lumen.records.loader as loader_mod
from lumen.records import load_records
from lumen.records.synth import synthesize
from lumen.records.writers import write_jsonl
from tests.conftest import REPO


@pytest.fixture
def contexts(monkeypatch):
    """Every multiprocessing start method the loader asks for, with the parallel threshold at 1 byte."""
    used: list[str] = []
    real = loader_mod.get_context

    def spy(method=None):
        used.append(method)
        return real(method)

    monkeypatch.setattr(loader_mod, "get_context", spy)
    monkeypatch.setattr(loader_mod, "PARALLEL_MIN_BYTES", 1)
    return used


@pytest.fixture(scope="module")
def small_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "small.jsonl"
    write_jsonl(synthesize(300, seed=3), path)
    return path


def test_the_cli_default_forks(contexts, small_file):
    load_records([small_file], workers=2)
    assert contexts == ["fork"]


def test_spawned_workers_decode_the_same_journeys(contexts, small_file):
    serial = load_records([small_file], workers=1)
    spawned = load_records([small_file], workers=2, start_method="spawn")
    assert contexts == ["spawn"]
    assert spawned.summary() == serial.summary()
    assert (spawned.journeys.ids == serial.journeys.ids).all()
    assert (spawned.journeys.event_day == serial.journeys.event_day).all()


def test_an_unknown_start_method_is_refused(small_file):
    with pytest.raises(ValueError, match="start method"):
        load_records([small_file], start_method="vfork")


def test_every_load_inside_the_show_spawns(contexts, gl_context, tmp_path):
    """A GL context and Mesa's driver threads live in the show process: forking it is unsafe."""
    from lumen.assets import exhibit_path
    from lumen.runtime.controls import CommandQueue
    from lumen.runtime.live import LiveFeed
    from lumen.runtime.show import RunOptions, Show
    from lumen.runtime.window import OffscreenSurface

    opts = RunOptions(exhibit=exhibit_path("traveling/kiosk"), size=(90, 160), osc_port=None, reload=False,
                      pace=False, step=1 / 60, state=tmp_path, max_frames=3)
    show = Show(opts, lambda commands: OffscreenSurface(commands, (90, 160)))
    try:
        show.start()
    finally:
        show.close()
    assert contexts and set(contexts) == {"spawn"}, "the show's data load"
    contexts.clear()
    live = tmp_path / "live.jsonl"
    write_jsonl(synthesize(20, seed=4), live)
    commands = CommandQueue()
    feed = LiveFeed(live, commands, tmp_path / "work", tmp_path / "quarantine.jsonl")
    feed.workdir.mkdir()
    feed._load(live, "test", initial=False)
    assert contexts == ["spawn"], "a live batch"
    assert [cmd.name for cmd in commands.drain()] in (["live"], ["live_rows"])


def test_counts_that_do_not_add_up_raise_a_real_error():
    from lumen.records.journeys import empty_journeys

    with pytest.raises(RuntimeError, match="read 5 = accepted 0 \\+ quarantined 0"):
        loader_mod._finish(empty_journeys(), 5, 0, [], [], [], [], None, False)


def test_the_count_check_survives_python_O():
    code = ("from lumen.records.loader import _finish\nfrom lumen.records.journeys import empty_journeys\n"
            "try:\n    _finish(empty_journeys(), 5, 0, [], [], [], [], None, False)\n"
            "except RuntimeError as err:\n    print('raised', err)\nelse:\n    print('passed')\n")
    out = subprocess.run([sys.executable, "-O", "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout
    assert out.startswith("raised"), out
