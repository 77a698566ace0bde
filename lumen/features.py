"""Per-journey float32 features that exhibit encodings map to visuals (see docs/features.md)."""

from __future__ import annotations

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import CHANNELS, EVENT_KINDS, NO_OUTCOME

FEATURE_NAMES: tuple[str, ...] = (
    "event_count", "care_count", "barrier_count", "missed_count", "continuity",
    "network_dependency", "outage_impact", "outcome_trend", "first_day", "last_day",
    "dominant_channel",
)

_K = {k: i for i, k in enumerate(EVENT_KINDS)}
_CARE = np.array([_K[k] for k in ("checkup", "cleaning", "filling", "extraction", "root_canal",
                                  "orthodontic", "emergency")])
_PREVENTIVE = np.array([_K["checkup"], _K["cleaning"]])
_LOST = np.array([_K["missed"], _K["barrier"]])
NETWORK = CHANNELS.index("network")
NO_CHANNEL = CHANNELS.index("none")
CONTINUITY_WINDOW = 180  # days: the usual recall interval between check-ups
_OUTCOME_SCORE = np.array([1.0, 0.0, -1.0])  # improved, stable, worsened


def _per_journey(journey: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """Count events where mask holds, per journey."""
    return np.bincount(journey[mask], minlength=n).astype(np.float64)


def compute_features(journeys: Journeys, outage_days: tuple[int, int] = (180, 210),
                     span_days: int | None = None) -> dict[str, np.ndarray]:
    """Features of every journey as float32 columns of length n, in FEATURE_NAMES order."""
    j = journeys
    n, m = len(j), j.n_events
    jr = j.event_journey()
    kind, chan, day = j.event_kind, j.event_channel, j.event_day
    counts = np.diff(j.event_start)
    has = counts > 0
    care = np.isin(kind, _CARE)
    lost = np.isin(kind, _LOST)
    f: dict[str, np.ndarray] = {}
    f["event_count"] = counts.astype(np.float64)
    f["care_count"] = _per_journey(jr, care, n)
    f["barrier_count"] = _per_journey(jr, kind == _K["barrier"], n)
    f["missed_count"] = _per_journey(jr, kind == _K["missed"], n)

    # Continuity: share of the dataset's 180-day windows with a check-up or cleaning.
    if span_days is None:
        span_days = int(day.max()) + 1 if m else 1
    windows = max(1, -(-span_days // CONTINUITY_WINDOW))
    prev = np.isin(kind, _PREVENTIVE)
    win = np.minimum(day[prev] // CONTINUITY_WINDOW, windows - 1).astype(np.int64)
    key = np.unique(jr[prev].astype(np.int64) * windows + win)
    f["continuity"] = np.bincount(key // windows, minlength=n) / windows

    f["network_dependency"] = np.divide(_per_journey(jr, chan == NETWORK, n), counts,
                                        out=np.zeros(n), where=has)

    # Outage impact: of the care a journey sought during the outage, the share lost on the network.
    a, b = outage_days
    inside = (day >= a) & (day <= b)
    lost_net = _per_journey(jr, inside & lost & (chan == NETWORK), n)
    got = _per_journey(jr, inside & care, n)
    f["outage_impact"] = np.divide(lost_net, lost_net + got, out=np.zeros(n), where=(lost_net + got) > 0)

    # Each outcome is already a change (improved/worsened), so their mean is the journey's trend.
    has_out = j.event_outcome != NO_OUTCOME
    score = np.bincount(jr[has_out], weights=_OUTCOME_SCORE[j.event_outcome[has_out]], minlength=n)
    n_out = np.bincount(jr[has_out], minlength=n)
    f["outcome_trend"] = np.divide(score, n_out, out=np.zeros(n), where=n_out > 0)

    first = np.full(n, -1.0)
    last = np.full(n, -1.0)
    first[has] = day[j.event_start[:-1][has]]
    last[has] = day[j.event_start[1:][has] - 1]
    f["first_day"], f["last_day"] = first, last

    # Most used channel, ties to the lower code; "none" for a journey without events.
    per = np.bincount(jr.astype(np.int64) * len(CHANNELS) + chan, minlength=n * len(CHANNELS))
    dom = per.reshape(n, len(CHANNELS)).argmax(axis=1) if n else np.zeros(0, np.int64)
    f["dominant_channel"] = np.where(has, dom, NO_CHANNEL)
    return {name: np.ascontiguousarray(f[name], dtype=np.float32) for name in FEATURE_NAMES}
