"""Per-journey float32 features that exhibit encodings map to visuals (see docs/features.md)."""

from __future__ import annotations

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import CARE_KINDS, CHANNELS, EVENT_KINDS

FEATURE_NAMES: tuple[str, ...] = (
    "event_count", "care_count", "barrier_count", "missed_count", "continuity",
    "network_dependency", "outage_impact", "outcome_trend", "first_day", "last_day",
    "dominant_channel",
)

_K = {k: i for i, k in enumerate(EVENT_KINDS)}
# Schema order puts preventive kinds first, then the rest of care, then missed and barrier, so
# code ranges replace table lookups on the hot path (a comparison is ~8x cheaper on int8 codes).
assert EVENT_KINDS[:2] == ("checkup", "cleaning") and EVENT_KINDS[:len(CARE_KINDS)] == CARE_KINDS
assert EVENT_KINDS[len(CARE_KINDS):len(CARE_KINDS) + 2] == ("missed", "barrier")
LAST_PREVENTIVE, LAST_CARE, LAST_LOST = 1, len(CARE_KINDS) - 1, len(CARE_KINDS) + 1
NETWORK = CHANNELS.index("network")
NO_CHANNEL = CHANNELS.index("none")
CONTINUITY_WINDOW = 180  # days: the usual recall interval between check-ups


def compute_features(journeys: Journeys, outage_days: tuple[int, int] = (180, 210),
                     span_days: int | None = None) -> dict[str, np.ndarray]:
    """Features of every journey as float32 columns of length n, in FEATURE_NAMES order."""
    j = journeys
    n, m = len(j), j.n_events
    nk, nc = len(EVENT_KINDS), len(CHANNELS)
    jr = j.event_journey().astype(np.int64)
    kind, chan, day = j.event_kind, j.event_channel, j.event_day
    counts = np.diff(j.event_start)
    has = counts > 0
    # One bincount per table (journey x kind, journey x channel) instead of one pass per feature.
    per_kind = np.bincount(jr * nk + kind, minlength=n * nk).reshape(n, nk)
    per_chan = np.bincount(jr * nc + chan, minlength=n * nc).reshape(n, nc)
    f: dict[str, np.ndarray] = {}
    f["event_count"] = counts
    f["care_count"] = per_kind[:, :LAST_CARE + 1].sum(axis=1)
    f["barrier_count"] = per_kind[:, _K["barrier"]]
    f["missed_count"] = per_kind[:, _K["missed"]]

    # Continuity: share of the dataset's 180-day windows with a check-up or cleaning.
    if span_days is None:
        span_days = int(day.max()) + 1 if m else 1
    windows = max(1, -(-span_days // CONTINUITY_WINDOW))
    prev = kind <= LAST_PREVENTIVE
    jp = jr[prev]
    key = jp * windows + np.minimum(day[prev] // CONTINUITY_WINDOW, windows - 1)
    # Events are sorted by journey then day, so keys never decrease: distinct = changed from previous.
    new = np.ones(key.size, dtype=bool)
    new[1:] = key[1:] != key[:-1]
    f["continuity"] = np.bincount(jp[new], minlength=n) / windows

    f["network_dependency"] = np.divide(per_chan[:, NETWORK], counts, out=np.zeros(n), where=has)

    # Outage impact: of the care a journey sought during the outage, the share lost on the network.
    a, b = outage_days
    inside = np.flatnonzero((day >= a) & (day <= b))  # a small share of events: index, then test
    ik, ic, ij = kind[inside], chan[inside], jr[inside]
    lost_net = np.bincount(ij[(ik > LAST_CARE) & (ik <= LAST_LOST) & (ic == NETWORK)], minlength=n)
    got = np.bincount(ij[ik <= LAST_CARE], minlength=n)
    tried = lost_net + got
    f["outage_impact"] = np.divide(lost_net, tried, out=np.zeros(n), where=tried > 0)

    # Each outcome is already a change (improved/worsened), so their mean is the journey's trend.
    # Column 0 counts events without outcome (code -1), then improved, stable, worsened.
    per_out = np.bincount(jr * 4 + (j.event_outcome + 1), minlength=n * 4).reshape(n, 4)
    n_out = counts - per_out[:, 0]
    f["outcome_trend"] = np.divide(per_out[:, 1] - per_out[:, 3], n_out, out=np.zeros(n), where=n_out > 0)

    first = np.full(n, -1.0)
    last = np.full(n, -1.0)
    first[has] = day[j.event_start[:-1][has]]
    last[has] = day[j.event_start[1:][has] - 1]
    f["first_day"], f["last_day"] = first, last

    # Most used channel, ties to the lower code; "none" for a journey without events.
    dom = per_chan.argmax(axis=1) if n else np.zeros(0, np.int64)
    f["dominant_channel"] = np.where(has, dom, NO_CHANNEL)
    return {name: np.ascontiguousarray(f[name], dtype=np.float32) for name in FEATURE_NAMES}
