"""Synthetic Harmonia: a seeded city population of oral-health journeys (write it with lumen.records.writers)."""

from __future__ import annotations

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS

# name, population, income mix (low, middle, high). Mirrors data/harmonia-districts.csv.
DISTRICTS: tuple[tuple[str, int, tuple[float, float, float]], ...] = (
    ("Riverside", 48_000, (0.55, 0.35, 0.10)),
    ("Old Harbor", 31_000, (0.60, 0.30, 0.10)),
    ("Northgate", 42_000, (0.30, 0.50, 0.20)),
    ("Eastfield", 37_000, (0.45, 0.40, 0.15)),
    ("Millbrook", 26_000, (0.35, 0.45, 0.20)),
    ("Hillcrest", 22_000, (0.10, 0.40, 0.50)),
    ("Southbank", 29_000, (0.50, 0.38, 0.12)),
    ("Cedar Park", 18_000, (0.15, 0.45, 0.40)),
    ("Lakeview", 15_000, (0.12, 0.38, 0.50)),
    ("Ironworks", 24_000, (0.65, 0.28, 0.07)),
    ("Westmoor", 12_000, (0.25, 0.50, 0.25)),
    ("Market Square", 9_000, (0.30, 0.45, 0.25)),
)
AGE_MIX = (0.20, 0.24, 0.20, 0.17, 0.13, 0.06)
HORIZON_DAYS = 730  # two years of records

K = {k: i for i, k in enumerate(EVENT_KINDS)}
C = {c: i for i, c in enumerate(CHANNELS)}

# Events per person over the horizon, by income band (low, middle, high): the gradient the art shows.
RATES = {
    "checkup": (1.4, 2.8, 3.6),
    "cleaning": (0.9, 2.2, 3.2),
    "filling": (0.9, 0.7, 0.5),
    "extraction": (0.35, 0.15, 0.06),
    "root_canal": (0.2, 0.15, 0.1),
    "orthodontic": (0.05, 0.2, 0.45),
    "emergency": (1.1, 0.45, 0.2),
    "missed": (1.0, 0.45, 0.2),
    "barrier": (0.9, 0.3, 0.08),
}
NETWORK_USER_P = (0.55, 0.32, 0.15)  # share of each band that relies on the tele-dentistry network
OUTAGE_LOSS_P = (0.85, 0.45, 0.15)  # chance a network visit in the outage fails instead of moving to a clinic
AFTERMATH_P = (0.55, 0.25, 0.08)  # chance of outreach/workshop contact after the outage, if hit by it
# Outcome probabilities (improved, stable, worsened) for care events, by income band.
OUTCOME_P = ((0.30, 0.42, 0.28), (0.40, 0.45, 0.15), (0.48, 0.44, 0.08))


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row of a probability table (vectorised inverse-CDF)."""
    cdf = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0])[:, None]
    return np.minimum((u > cdf).sum(axis=1), probs.shape[1] - 1)


def synthesize(n: int, seed: int = 0, outage_days: tuple[int, int] = (180, 210)) -> Journeys:
    """Make n synthetic Harmonia journeys; the same (n, seed, outage_days) gives the same arrays."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    a, b = outage_days
    pops = np.array([d[1] for d in DISTRICTS], dtype=np.float64)
    district = rng.choice(len(DISTRICTS), size=n, p=pops / pops.sum()).astype(np.int16)
    mix = np.array([d[2] for d in DISTRICTS])[district]
    income = _pick(rng, mix).astype(np.int8)
    age = rng.choice(len(AGE_BANDS), size=n, p=np.array(AGE_MIX) / sum(AGE_MIX)).astype(np.int8)
    # Personal propensity (gamma, mean 1.2) makes counts over-dispersed like real attendance.
    propensity = rng.gamma(2.0, 0.6, size=n)
    net_user = rng.random(n) < np.array(NETWORK_USER_P)[income]

    jour, kind = [], []
    for name, rates in RATES.items():
        lam = np.array(rates)[income] * propensity
        if name == "orthodontic":
            lam = lam * (age <= 1)  # braces are for the young
        cnt = rng.poisson(lam)
        jour.append(np.repeat(np.arange(n, dtype=np.int64), cnt))
        kind.append(np.full(int(cnt.sum()), K[name], dtype=np.int8))
    jour = np.concatenate(jour)
    kind = np.concatenate(kind)
    day = rng.integers(0, HORIZON_DAYS, size=jour.shape[0], dtype=np.int64)

    # Channel: network users take most routine care on the network; others go to clinics.
    routine = np.isin(kind, [K["checkup"], K["cleaning"], K["emergency"], K["missed"], K["barrier"]])
    on_net = routine & net_user[jour] & (rng.random(jour.shape[0]) < 0.7)
    mobile = ~on_net & (rng.random(jour.shape[0]) < 0.06)
    channel = np.where(on_net, C["network"], np.where(mobile, C["mobile"], C["clinic"])).astype(np.int8)
    channel[(kind == K["barrier"]) & ~on_net & (rng.random(jour.shape[0]) < 0.5)] = C["none"]

    # Network users keep trying the network during the outage (the visits the art shows failing).
    tries = rng.poisson(1.2, size=n) * net_user
    tj = np.repeat(np.arange(n, dtype=np.int64), tries)
    tk = np.where(rng.random(tj.shape[0]) < 0.6, K["checkup"], K["emergency"]).astype(np.int8)
    jour = np.concatenate([jour, tj])
    kind = np.concatenate([kind, tk])
    day = np.concatenate([day, rng.integers(a, b + 1, size=tj.shape[0])])
    channel = np.concatenate([channel, np.full(tj.shape[0], C["network"], np.int8)])

    # The outage: network care in [a, b] fails (mostly for low income) or moves to a clinic.
    in_outage = (day >= a) & (day <= b) & (channel == C["network"])
    fails = in_outage & (rng.random(jour.shape[0]) < np.array(OUTAGE_LOSS_P)[income[jour]])
    kind[fails] = K["barrier"]
    channel[in_outage & ~fails] = C["clinic"]
    hit = np.zeros(n, dtype=bool)
    hit[jour[fails]] = True

    # Aftermath: outreach and workshops reach some of those who lost access, after the outage.
    after = hit & (rng.random(n) < np.array(AFTERMATH_P)[income])
    n_after = rng.integers(1, 3, size=n) * after
    aj = np.repeat(np.arange(n, dtype=np.int64), n_after)
    ak = np.where(rng.random(aj.shape[0]) < 0.6, K["outreach"], K["workshop"]).astype(np.int8)
    ad = rng.integers(b + 1, b + 121, size=aj.shape[0])
    ac = np.where(ak == K["outreach"], C["mobile"], C["community"]).astype(np.int8)

    jour = np.concatenate([jour, aj])
    kind = np.concatenate([kind, ak])
    day = np.concatenate([day, ad])
    channel = np.concatenate([channel, ac])

    # Outcomes on care events; those hit by the outage fare worse afterwards.
    p = np.array(OUTCOME_P)[income[jour]]
    late_hit = hit[jour] & (day > b)
    p[late_hit] = (0.15, 0.40, 0.45)
    outcome = _pick(rng, p).astype(np.int8)
    care = kind <= K["emergency"]
    outcome[~care] = -1
    outcome[care & (rng.random(jour.shape[0]) < 0.1)] = -1  # not every visit records an outcome

    order = np.lexsort((kind, day, jour))  # kind breaks same-day ties, so the order is total
    counts = np.bincount(jour, minlength=n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    # Bijective scramble of the index (odd multiplier mod 2^32) gives unique, opaque ids; letters
    # only, so no pseudonym can look like a phone or ID number to the privacy guard.
    scr = (np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B1) + np.uint64(seed * 7919)) % np.uint64(2**32)
    chars = np.empty((n, 10), dtype=np.uint8)
    chars[:, :3] = np.frombuffer(b"hm-", dtype=np.uint8)
    for k in range(7):  # 26**7 > 2**32, so seven base-26 letters hold every scrambled value
        chars[:, 3 + k] = ord("a") + (scr // np.uint64(26**k)) % np.uint64(26)
    ids = chars.view("S10").ravel()
    return Journeys(
        ids=ids, district=district, districts=tuple(d[0] for d in DISTRICTS),
        age_band=age, income_band=income, event_start=start,
        event_day=day[order].astype(np.int32), event_kind=kind[order], event_channel=channel[order],
        event_outcome=outcome[order],
    )
