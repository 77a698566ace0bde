"""Clock agreement between a leader and a follower: the best-percentile offset estimate converges
through delay, jitter and a drifting clock; the shared show's changes, keyed by show time, give every
machine the same values at the same frame."""

from __future__ import annotations

import json
import random

import pytest

from lumen.wall.clock import OffsetEstimator, Sample, SkewedClock
from lumen.wall.sync import Change, SharedShow, Slots, decode_change, encode_change


def simulate(offset: float, drift: float, seconds: float, jitter: float, seed: int) -> tuple[float, float]:
    """Ping once every 0.25 s over a link of 2 ms base delay each way plus up to `jitter` of queueing
    (one-sided, as queues are; a LAN's few milliseconds: the estimate is as good as the fastest
    pings are symmetric, about half their jitter); return (estimated, true) offset at the end, in seconds."""
    rng = random.Random(seed)
    now = [1000.0]
    leader = SkewedClock(0.0, 0.0, base=lambda: now[0])
    follower = SkewedClock(-offset, -drift, base=lambda: now[0])
    est = OffsetEstimator()
    for _ in range(int(seconds / 0.25)):
        sent = follower()
        now[0] += 0.002 + rng.expovariate(1 / jitter) if jitter else 0.002
        stamp = leader()
        now[0] += 0.002 + (rng.expovariate(1 / jitter) if jitter else 0.0)
        if rng.random() > 0.1:          # 10 % of replies are lost
            est.add(Sample(sent, stamp, follower()))
        now[0] += 0.25
    return est.offset(), leader() - follower()


@pytest.mark.parametrize("offset, drift, jitter", [(0.35, 0.0, 0.0), (-2.0, 40e-6, 0.001), (12.5, -80e-6, 0.002)])
def test_offset_converges_within_a_millisecond(offset, drift, jitter):
    estimate, truth = simulate(offset, drift, 30.0, jitter, seed=7)
    assert abs(estimate - truth) < 0.001


def test_show_time_segments_pause_seek_and_hold_their_values():
    show = SharedShow(start=30.0)
    assert show.exhibit_time(10.0) == pytest.approx(40.0)
    show.add(Change(2, 12.0, "time", (42.0, 0.0)))     # paused at show time 12, exhibit time 42
    show.add(Change(3, 20.0, "time", (100.0, 1.0)))    # a seek to 100 that resumes, at show time 20
    assert show.exhibit_time(11.5) == pytest.approx(41.5) and not show.paused(11.5)
    assert show.exhibit_time(15.0) == 42.0 and show.paused(15.0)
    assert show.exhibit_time(21.0) == pytest.approx(101.0)
    assert not show.add(Change(3, 20.0, "time", (100.0, 1.0))), "a repeated datagram is ignored"
    show.add(Change(4, 25.0, "blackout", (1,)))
    show.add(Change(5, 26.0, "params", (json.dumps({"state": {"coupling": 1.0}}),)))
    assert not show.blackout(24.9) and show.blackout(25.0)
    assert show.params(25.9) == {} and show.params(26.0) == {"state": {"coupling": 1.0}}
    show.prune(30.0)
    assert show.exhibit_time(31.0) == pytest.approx(111.0), "pruning keeps what holds"
    assert sorted(show.changes) == [3, 4, 5]


def test_events_fire_once_in_show_time_order():
    show = SharedShow()
    show.add(Change(7, 5.2, "shot"))
    show.add(Change(6, 5.0, "shot"))
    assert show.events_due(4.99) == []
    assert [c.seq for c in show.events_due(5.2)] == [6, 7]
    assert show.events_due(9.0) == [] and not show.add(Change(6, 5.0, "shot")), "fired: never again"


def test_frames_sit_on_one_grid_and_a_change_lands_on_the_first_frame_at_or_after_it():
    slots = Slots(30.0)
    assert slots.time(90) == pytest.approx(3.0)
    assert slots.first_at_or_after(3.0) == 90 and slots.first_at_or_after(3.001) == 91
    assert slots.due(slots.start(91)) == 91, "rendering frame n begins one frame before it is shown"


def test_changes_survive_the_wire():
    for change in (Change(4, 1.25, "time", (12.5, 0.0)), Change(5, 2.0, "blackout", (1,)),
                   Change(6, 3.0, "params", ('{"bloom": {"strength": 0.5}}',)), Change(7, 4.0, "shot")):
        args = tuple(value for _, value in encode_change(change))
        assert decode_change(args) == change
    with pytest.raises(ValueError, match="malformed"):
        decode_change((1, 2.0, "time", 3.0))
