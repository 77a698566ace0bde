"""Clock agreement between a leader and a follower: the best-percentile offset estimate converges
through delay, jitter and a drifting clock; scheduled changes come due in order."""

from __future__ import annotations

import random

import pytest

from lumen.wall.clock import OffsetEstimator, Sample, Schedule, ShowTimeline, SkewedClock


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


def test_the_timeline_freezes_while_paused_and_follows_the_offset():
    timeline = ShowTimeline(anchor=100.0, offset=0.5)
    assert timeline.show_time(110.0) == pytest.approx(10.5)
    timeline.paused_at = 4.0
    assert timeline.show_time(500.0) == 4.0


def test_scheduled_changes_come_due_in_time_order():
    schedule = Schedule()
    schedule.add(5.2, "scene", ("+1",))
    schedule.add(5.0, "pause", (1,))
    assert schedule.due(4.99) == []
    assert [s.name for s in schedule.due(5.2)] == ["pause", "scene"]
    assert len(schedule) == 0
