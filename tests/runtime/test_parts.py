"""The runtime's parts without a window: Esc guard, scenes, fades, live merge, sd_notify, unit file, docs."""

from __future__ import annotations

import socket
import subprocess
import sys
from types import SimpleNamespace

import numpy as np

from tests.conftest import REPO


def test_esc_must_be_pressed_twice_within_the_window():
    from lumen.runtime.controls import EscGuard

    now = [0.0]
    guard = EscGuard(window=3.0, now=lambda: now[0])
    assert not guard.press()
    now[0] = 5.0
    assert not guard.press()  # too late: this press arms again
    now[0] = 6.0
    assert guard.press()


def test_scenes_step_and_wrap_around_the_loop():
    from lumen.runtime.navigation import Scene, Scenes

    scenes = Scenes([Scene("a", 0.0), Scene("b", 10.0), Scene("c", 25.0)], loop=40.0)
    assert scenes.index_at(12.0) == 1 and scenes.index_at(52.0) == 1
    assert scenes.resolve(12.0, "+1") == 25.0
    assert scenes.resolve(30.0, "+1") == 40.0  # past the last scene: the first, next loop
    assert scenes.resolve(52.0, "-1") == 40.0
    assert scenes.resolve(5.0, "c") == 25.0


def test_fader_never_jumps_on_a_stalled_frame():
    from lumen.runtime.loop import Fader

    fade = Fader(0.0, seconds=1.5)
    fade.to(1.0)
    assert fade.update(5.0) <= 0.1 / 1.5 + 1e-9


def test_live_journeys_keep_slots_and_get_a_birth_flare(festival, tmp_path):
    from lumen.encode.live import LiveJourneys
    from lumen.encode.loader import load_journeys
    from lumen.records import load_records

    data = LiveJourneys(load_journeys(festival)[0])
    before = data.tiles(festival)
    lines = (REPO / "data" / "harmonia-sample.jsonl").read_bytes().splitlines()[:3]
    new = tmp_path / "new.jsonl"
    new.write_bytes(b"\n".join(line.replace(b'"id": "', b'"id": "live', 1).replace(b'"id":"', b'"id":"live', 1)
                               for line in lines) + b"\n" + lines[0] + b"\n")
    journeys = load_records([new]).journeys
    batch = data.prepare(journeys, birth_day=123.0)
    assert batch.added == 3  # the unchanged line's id is already shown
    after = batch.full
    assert batch.start == before.count and batch.rows.count == 3 and after.count == before.count + 3
    for name in ("hue", "brightness", "rhythm", "spans"):
        assert np.array_equal(getattr(after, name)[: before.count], getattr(before, name)), "shown rows stay"
    born = np.arange(before.count, after.count)
    assert np.all(after.rhythm[born, 3] == 123.0)
    first, count = after.spans[born[0]]
    days = after.events[first:first + count, 0]
    assert 123.0 in days and np.all(np.diff(days) >= 0)
    assert data.prepare(journeys, birth_day=124.0) is None, "the same journeys again: nothing new"


def test_sd_notify_sends_one_datagram(tmp_path, monkeypatch):
    from lumen.runtime.supervise import sd_notify

    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        assert sd_notify("READY=1")
        assert server.recv(64) == b"READY=1"
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert not sd_notify("READY=1")


def test_install_service_writes_a_notify_unit(tmp_path):
    from lumen.runtime.service import install_service

    out = install_service(SimpleNamespace(exhibit=REPO / "exhibits" / "festival.toml", out=tmp_path / "lumen.service",
                                          display=":0", windowed=False, monitor="1", watch=None))
    text = out.read_text()
    assert "Type=notify" in text and "Restart=always" in text and " supervise " in text
    assert "festival.toml" in text
    assert "--monitor 1" in text and "Environment=DISPLAY=:0" in text


def test_docs_list_every_key_and_osc_address():
    from lumen.runtime.controls import KEY_HELP
    from lumen.runtime.osc import ADDRESSES

    docs = (REPO / "docs" / "runtime.md").read_text()
    for address in ADDRESSES:
        assert f"`{address}`" in docs, address
    for keys in KEY_HELP:
        assert f"| {keys} |" in docs, keys


def test_the_wall_docs_list_every_message_between_machines():
    from lumen.runtime.osc import WALL_ADDRESSES

    docs = (REPO / "docs" / "wall.md").read_text()
    for address in WALL_ADDRESSES:
        assert f"| `{address}` |" in docs, address


def test_run_without_a_display_renders_a_still(tmp_path, monkeypatch, gl_context):
    import argparse

    from lumen.cli.runtime import register

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["run", "--size", "64x36", "--start", "3"])
    assert args.func(args) == 0
    assert (tmp_path / "out" / "festival-t3.png").is_file()


def offscreen_show(tmp_path, frames: int):
    from lumen.runtime.show import RunOptions, Show
    from lumen.runtime.window import OffscreenSurface

    festival = REPO / "exhibits" / "festival.toml"
    opts = RunOptions(exhibit=festival, size=(64, 36), osc_port=None, reload=False, pace=False, step=1 / 60,
                      state=tmp_path, max_frames=frames)
    return Show(opts, lambda commands: OffscreenSurface(commands, (64, 36)))


def test_a_frame_that_raises_is_logged_and_the_pipeline_rebuilt(tmp_path, gl_context, caplog):
    caplog.set_level("INFO", logger="lumen.runtime")
    show = offscreen_show(tmp_path, 40)
    broken = {"left": 1}

    def break_once(s) -> None:
        if s.stats.frames == 10:
            node = s.pipeline.passes[1]
            original = node.render

            def fail(*args, **kwargs):
                if broken["left"]:
                    broken["left"] -= 1
                    raise RuntimeError("a pass failed mid-show")
                return original(*args, **kwargs)

            node.render = fail

    show.on_frame = break_once
    show.run()
    assert show.stats.frames >= 40, "rendering went on"
    assert show.errors == 1 and "a pass failed mid-show" in show.last_error
    assert show.counters["rebuilds"] == 1
    logged = caplog.text
    assert "a pass failed mid-show" in logged and "pipeline rebuilt from the last good state" in logged


def test_a_recreate_request_rebuilds_surface_and_pipeline(tmp_path, gl_context):
    from lumen.runtime.controls import Command

    show = offscreen_show(tmp_path, 30)
    show.on_frame = lambda s: s.commands.put(Command("recreate", (), "test")) if s.stats.frames == 10 else None
    show.run()
    assert show.stats.frames >= 30
    assert show.counters["surfaces"] == 2, "the context loss path built a second surface"
    assert show.errors == 0


# A live update's pattern in a fresh interpreter: once a large mapping has been freed (glibc then
# raises its dynamic mmap threshold to it), 100 blocks of 300 KB, each followed by a small block
# that stays, are freed; prints how many MB of RSS they leave behind.
LIVE_UPDATE_RSS = """
import ctypes, sys
from lumen.runtime import memory
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, (ctypes.c_size_t,), (ctypes.c_void_p,)
def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4
def block(size):
    pointer = libc.malloc(size)
    ctypes.memset(pointer, 1, size)
    return pointer
if "tune" in sys.argv:
    assert memory.tune_allocator()
libc.free(block(4 << 20))
before = rss_kib()
big, small = [], []
for _ in range(100):
    big.append(block(300 << 10))
    small.append(block(64))
for pointer in big:
    libc.free(pointer)
if "trim" in sys.argv:
    memory.release_freed_memory()
print((rss_kib() - before) / 1024)
"""


def freed_but_kept_mb(*steps: str) -> float:
    out = subprocess.run([sys.executable, "-c", LIVE_UPDATE_RSS, *steps], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return float(out.stdout)


def test_tuned_allocator_returns_freed_live_update_blocks_to_the_system():
    from lumen.runtime.memory import _LIBC, tune_allocator

    if _LIBC is None:  # no glibc: nothing to tune, and the show is told so
        assert tune_allocator() is False
        return
    assert freed_but_kept_mb() > 20, "the premise: untuned, the freed blocks stay in the heap"
    assert freed_but_kept_mb("tune") < 2
    assert freed_but_kept_mb("trim") < 2, "release_freed_memory hands the free heap pages back"


# A fresh interpreter, so that no other test's garbage is counted: two status writes with the
# collector off, then a collection counts the unreachable objects they left in cycles.
STATUS_WRITES_GARBAGE = """
import gc, json, sys, tempfile
from pathlib import Path
from lumen.runtime.logs import write_json_atomic
def pure_python_dump(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f)
write = pure_python_dump if "dump" in sys.argv else write_json_atomic
folder = Path(tempfile.mkdtemp())
value = {"frame": 1, "scenes": ["a", "b"], "p": {"x": 1.5}}
write(folder / "warm.json", value)
gc.disable()
gc.collect()
for _ in range(2):
    write(folder / "status.json", value)
print(gc.collect(), json.loads((folder / "status.json").read_text()) == value)
"""


def test_status_writes_leave_no_cyclic_garbage():
    def garbage(*steps: str) -> tuple[int, bool]:
        out = subprocess.run([sys.executable, "-c", STATUS_WRITES_GARBAGE, *steps], cwd=REPO, capture_output=True,
                             text=True)
        assert out.returncode == 0, out.stderr
        count, same = out.stdout.split()
        return int(count), same == "True"

    assert garbage("dump")[0] > 0, "the premise: json.dump's pure-Python encoder leaves closures in cycles"
    assert garbage() == (0, True)
