"""Per-journey float32 features that exhibit encodings map to visuals (see docs/features.md)."""

from __future__ import annotations

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import CARE_KINDS, CHANNELS, EVENT_KINDS, OUTCOMES
from lumen.vocabulary.features import FEATURE_NAMES


class SchemaOrderError(RuntimeError):
    """The schema's event-kind order no longer matches the code ranges the features rely on."""


def check_kind_order(kinds: tuple[str, ...], care: tuple[str, ...]) -> None:
    """Raise SchemaOrderError unless kinds run: checkup, cleaning, the rest of care, missed, barrier."""
    # A real check, not an assert: under `python -O` a wrong order would silently miscount.
    if kinds[:2] != ("checkup", "cleaning") or kinds[:len(care)] != care:
        raise SchemaOrderError(f"lumen/records/schema.py EVENT_KINDS: expected checkup, cleaning and the "
                               f"rest of CARE_KINDS first, got {kinds[:len(care)]}")
    if kinds[len(care):len(care) + 2] != ("missed", "barrier"):
        raise SchemaOrderError(f"lumen/records/schema.py EVENT_KINDS: expected missed, barrier right after "
                               f"CARE_KINDS, got {kinds[len(care):len(care) + 2]}")


# Schema order puts preventive kinds first, then the rest of care, then missed and barrier, so
# code ranges replace table lookups on the hot path (a comparison is ~8x cheaper on int8 codes).
check_kind_order(EVENT_KINDS, CARE_KINDS)
LAST_PREVENTIVE, LAST_CARE, LAST_LOST = 1, len(CARE_KINDS) - 1, len(CARE_KINDS) + 1
NETWORK = CHANNELS.index("network")
NO_CHANNEL = CHANNELS.index("none")
CONTINUITY_WINDOW = 180  # days: the usual recall interval between check-ups


BATCH_EVENTS = 1 << 20  # events per batch: temporaries stay a few MB, reused and cache-warm


def compute_features(journeys: Journeys, outage_days: tuple[int, int] = (180, 210),
                     span_days: int | None = None) -> dict[str, np.ndarray]:
    """Features of every journey as float32 columns of length n, in FEATURE_NAMES order."""
    j = journeys
    n, m = len(j), j.n_events
    if span_days is None:
        span_days = int(j.event_day.max()) + 1 if m else 1
    windows = max(1, -(-span_days // CONTINUITY_WINDOW))
    out = {name: np.empty(n, dtype=np.float32) for name in FEATURE_NAMES}
    # Whole journeys per batch, about BATCH_EVENTS events each: big arrays would be fresh pages
    # on every temporary (measured 40 % slower for a million journeys).
    cuts = np.searchsorted(j.event_start, np.arange(0, m, BATCH_EVENTS), side="right") - 1
    bounds = sorted(set(cuts.tolist()) | {0, n})
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        _batch(j, lo, hi, windows, outage_days, out)
    return out


def _batch(j: Journeys, lo: int, hi: int, windows: int, outage_days: tuple[int, int],
           out: dict[str, np.ndarray]) -> None:
    """Write the features of journeys [lo, hi) into out."""
    e0, e1 = int(j.event_start[lo]), int(j.event_start[hi])
    start = j.event_start[lo:hi + 1] - e0
    kind, chan, day = j.event_kind[e0:e1], j.event_channel[e0:e1], j.event_day[e0:e1]
    n = hi - lo
    counts = np.diff(start)
    has = counts > 0
    jr = np.repeat(np.arange(n, dtype=np.int64), counts)

    # Two bincounts give every count: (kind class x outcome) and channel, per journey. Kind class
    # is 0 care, 1 missed, 2 barrier, 3 other; outcome column 0 is "none", then the schema order.
    klass = np.minimum(kind.astype(np.int64) - LAST_CARE, 3).clip(0)
    per_ko = np.bincount((jr * 4 + klass) * 4 + (j.event_outcome[e0:e1] + 1), minlength=n * 16)
    per_ko = per_ko.reshape(n, 4, 4)
    nc = len(CHANNELS)
    per_chan = np.bincount(jr * nc + chan, minlength=n * nc).reshape(n, nc)
    per_k = per_ko.sum(axis=2)
    per_o = per_ko.sum(axis=1)

    f: dict[str, np.ndarray] = {}
    f["event_count"] = counts
    f["care_count"] = per_k[:, 0]
    f["missed_count"] = per_k[:, 1]
    f["barrier_count"] = per_k[:, 2]

    # Continuity: share of the dataset's 180-day windows with a check-up or cleaning.
    prev = np.flatnonzero(kind <= LAST_PREVENTIVE)
    jp = jr[prev]
    win = np.minimum(day[prev] // CONTINUITY_WINDOW, windows - 1)
    # Sorted by journey then day: a (journey, window) pair is new where either changed.
    new = np.ones(prev.size, dtype=bool)
    new[1:] = (jp[1:] != jp[:-1]) | (win[1:] != win[:-1])
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
    n_out = counts - per_o[:, 0]
    trend = per_o[:, 1 + OUTCOMES.index("improved")] - per_o[:, 1 + OUTCOMES.index("worsened")]
    f["outcome_trend"] = np.divide(trend, n_out, out=np.zeros(n), where=n_out > 0)

    first = np.full(n, -1.0)
    last = np.full(n, -1.0)
    first[has] = day[start[:-1][has]]
    last[has] = day[start[1:][has] - 1]
    f["first_day"], f["last_day"] = first, last

    # Most used channel, ties to the lower code; "none" for a journey without events.
    dom = per_chan.argmax(axis=1) if n else np.zeros(0, np.int64)
    f["dominant_channel"] = np.where(has, dom, NO_CHANNEL)
    for name in FEATURE_NAMES:
        out[name][lo:hi] = f[name]
