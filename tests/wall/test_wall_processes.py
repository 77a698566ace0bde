"""A wall of three processes on loopback: a leader drawing the whole canvas and two followers drawing
its slices, each follower behind a relay that delays, jitters and drops, with a clock of its own.

What "byte for byte" means here: a frame is a pure function of (exhibit, data, time, size, region) only
while nothing carries state from frame to frame. The glow field does (it steps from wherever a process
started, so two processes agree to well under one 8-bit step of light, not to the byte), so this wall
gives the trails no share of the halo; the blend is left out (--no-blend: multiplying it in at 8 bits
cannot be divided out exactly), and the flash guard is off (it acts on each process's own history).
Then the slices of one shared frame are exactly the crops of the leader's full frame."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from PIL import Image

from tests.wall.conftest import UdpRelay, WallProcess, write_wall

SAMPLE = "data/harmonia-sample.jsonl"
CLOCKS = {"left": (0.35, 50e-6), "right": (-0.12, -30e-6)}   # injected offset (s) and drift of each follower


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wall")
    exhibit = str(write_wall(folder))
    journal = folder / "journal"
    journal.mkdir()
    leader = WallProcess(_state(folder, "leader"), [exhibit, "--lead", "--watch", str(journal)])
    began = time.time()
    relays, followers = {}, {}
    for name, (offset, drift) in CLOCKS.items():
        relays[name] = UdpRelay(leader.osc_port, seed=len(relays) + 1)
        followers[name] = WallProcess(
            _state(folder, name), [exhibit, "--slice", name, "--no-blend", "--follow", f"127.0.0.1:{relays[name].port}",
                                   "--watch", str(journal)],
            clock=f"offset={offset},drift={drift},start={began}")
    everyone = [leader, *followers.values()]
    try:
        for proc in everyone:
            proc.wait_for(lambda s: s.get("frame", 0) > 5 and s.get("fade") == 1.0, timeout=60)
        yield {"leader": leader, "followers": followers, "relays": relays, "journal": journal, "began": began,
               "exhibit": exhibit}
    finally:
        for proc in everyone:
            proc.stop()
        for relay in relays.values():
            relay.close()


def _state(folder, name):
    path = folder / name
    path.mkdir()
    return path


def at_instant(status: dict, instant: float) -> float:
    """A status file's continuous show time carried to another wall-clock instant."""
    return status["show_time"] + (instant - status["show_time_at"])


def test_followers_measure_their_clock_offset_to_within_a_millisecond(wall):
    deadline = time.monotonic() + 20
    errors = {}
    while time.monotonic() < deadline:
        for name, proc in wall["followers"].items():
            status = proc.status()
            offset, drift = CLOCKS[name]
            truth = -(offset + drift * (status["wall"] - wall["began"]))
            errors[name] = abs(status["offset_ms"] / 1e3 - truth)
        if all(e < 0.001 for e in errors.values()) and all(p.status()["rtt_ms"] > 4.0 for p in wall["followers"].values()):
            break
        time.sleep(0.5)
    assert all(e < 0.001 for e in errors.values()), f"offset errors (s): {errors}"
    for proc in wall["followers"].values():
        status = proc.status()
        assert status["role"] == "follower" and status["correcting"] and status["rtt_ms"] > 4.0, "through the relay"
        assert "offset_ms" in status and status["slice"] in CLOCKS
    assert all(r.dropped > 0 for r in wall["relays"].values()), "the relays dropped some datagrams"
    # Show time, carried to one instant, agrees across the three processes.
    statuses = [p.status() for p in (wall["leader"], *wall["followers"].values())]
    instant = time.time()
    times = [at_instant(s, instant) for s in statuses]
    # Each follower is within 1 ms of the truth, so within 2 ms of the other; the leader's clock is the truth.
    assert max(times) - min(times) < 0.003, times


def landings(proc, name: str) -> dict[int, tuple[int, float, int]]:
    """seq -> (frame it was applied at, ms late, its own frame) of the changes named `name`."""
    return {c[0]: (c[2], c[3], c[4]) for c in proc.status().get("wall_changes", []) if c[1] == name}


def test_a_scene_change_lands_on_the_same_frame_in_every_process(wall):
    leader, everyone = wall["leader"], [wall["leader"], *wall["followers"].values()]
    before = leader.status()
    leader.send("/lumen/scene/next")
    after = leader.wait_for(lambda s: s["scene_index"] != before["scene_index"], timeout=10)
    seq = max(c[0] for c in after["wall_changes"] if c[1] == "time")
    for proc in everyone:
        proc.wait_for(lambda s: any(c[0] == seq and c[1] == "time" for c in s["wall_changes"]), timeout=10)
    landed = [landings(proc, "time")[seq] for proc in everyone]
    assert len(set(landed)) == 1, f"(frame, ms late, its frame) per process: {landed}"
    frame, late, due = landed[0]
    assert late == 0 and frame == due, landed
    for proc in everyone:
        assert proc.wait_for(lambda s: s["scene_index"] == after["scene_index"])


def _shot(proc, tag: str) -> np.ndarray:
    shots = list((proc.state / "screenshots").glob(f"*{tag}-*.png"))
    assert len(shots) == 1, (tag, list((proc.state / "screenshots").glob("*.png")))
    return np.asarray(Image.open(shots[0]).convert("RGB"))


def test_frames_of_one_show_time_stitch_into_the_full_frame_byte_for_byte(wall):
    leader, followers = wall["leader"], wall["followers"]
    everyone = [leader, *followers.values()]
    counts = [p.status()["screenshots"] for p in everyone]
    leader.send("/lumen/screenshot")
    for proc, count in zip(everyone, counts):
        proc.wait_for(lambda s, count=count: s["screenshots"] > count, timeout=10)
    tags = set()
    for proc in everyone:
        newest = max((proc.state / "screenshots").glob("*.png"), key=lambda p: p.stat().st_mtime)
        tags.add(re.search(r"-f(\d+)-", newest.name).group(1))
    assert len(tags) == 1, f"the shots are of frames {tags}"
    tag = f"-f{tags.pop()}"
    full = _shot(leader, tag)
    left, right = _shot(followers["left"], tag), _shot(followers["right"], tag)
    assert full.shape == (90, 320, 3) and left.shape == right.shape == (90, 176, 3)
    assert full.max() > 40, "the premise: the frame shows something"
    assert np.array_equal(left, full[:, 0:176]), "left slice differs from the full frame"
    assert np.array_equal(right, full[:, 144:320]), "right slice differs from the full frame"


def append_journeys(journal, first: int, count: int) -> None:
    lines = open(SAMPLE, "rb").read().splitlines()[first: first + count]
    renamed = [line.replace(b'"id": "', b'"id": "wall-', 1).replace(b'"id":"', b'"id":"wall-', 1) for line in lines]
    with open(journal / "journeys-2026-01-01.jsonl", "ab") as f:
        f.write(b"\n".join(renamed) + b"\n")


def test_live_batches_land_on_the_same_frame_in_every_process(wall):
    """The leader numbers each batch and gives it a birth show time; every process appends it at the
    first frame at or after that time, so the birth flare (at the day of that time) is the same frame
    everywhere. The first batch warms up what a first append builds (a slow frame, which a process
    may answer by dropping the next frame)."""
    everyone = [wall["leader"], *wall["followers"].values()]
    append_journeys(wall["journal"], 0, 8)
    for proc in everyone:
        proc.wait_for(lambda s: s["live_added"] == 8, timeout=15)
    append_journeys(wall["journal"], 8, 40)   # two batches: 32 and 8
    for proc in everyone:
        proc.wait_for(lambda s: s["live_added"] == 48, timeout=15)
    landed = [landings(proc, "batch") for proc in everyone]
    logs = "\n".join(line for proc in everyone for line in proc.show_log().splitlines() if "batch" in line)
    assert sorted(landed[0]) == [1, 2, 3] and all(f == landed[0] for f in landed), f"per process {landed}\n{logs}"
    assert all(late == 0 and frame == due for seq, (frame, late, due) in landed[0].items()), landed[0]
    for proc in everyone:
        proc.wait_for(lambda s: s["journeys"] == 5048, timeout=5)


def test_a_sender_that_is_not_the_leader_is_ignored_and_logged(wall):
    follower = wall["followers"]["left"]
    before = follower.status()
    follower.send("/lumen/wall/change", 999, 0.0, "time", 100.0, 0.0, source="127.0.0.2")
    follower.send("/lumen/pause", 1, source="127.0.0.2")
    after = follower.wait_for(lambda s: s["wall_refused"] >= before["wall_refused"] + 2, timeout=10)
    time.sleep(0.5)
    now = follower.status()
    assert not now["paused"] and abs(now["time"] - now["show_time"]) > 1.0 or not now["paused"]
    assert all(c[0] != 999 for c in now["wall_changes"])
    assert "OSC from 127.0.0.2" in follower.show_log() and "ignored" in follower.show_log()
    assert after["role"] == "follower"


def test_a_restarted_follower_is_back_in_step_within_a_second(wall):
    leader, follower = wall["leader"], wall["followers"]["right"]
    follower.kill()
    before = leader.status()
    leader.send("/lumen/scene/next")   # a change it misses while it is down
    leader.wait_for(lambda s: s["scene_index"] != before["scene_index"], timeout=10)
    follower.start()
    status = follower.wait_for(lambda s: s.get("pid") == follower.proc.pid and s.get("joined_after_s") is not None
                               and s["frame"] > 3, timeout=60)
    assert status["joined_after_s"] < 1.0, "on the leader's timeline within a second of its first frame"
    lead = leader.status()
    # The same timeline: frames a given number apart are that many thirtieths of a second apart in the
    # exhibit too; and show time, carried to one instant, agrees with the leader's.
    frames = status["show_frame"] - lead["show_frame"]
    assert abs((status["time"] - lead["time"]) - frames / 30) < 1e-6, (status["time"], lead["time"], frames)
    assert abs(at_instant(status, lead["show_time_at"]) - lead["show_time"]) < 0.002
    assert status["scene_index"] == lead["scene_index"], "the change made while it was down holds"
    follower.wait_for(lambda s: s["live_added"] == leader.status()["live_added"] == 48, timeout=10)
