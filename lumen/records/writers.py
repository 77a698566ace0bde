"""Schema-1 writers: Journeys to JSON Lines or CSV, byte-identical for identical columns."""

from __future__ import annotations

import operator
from pathlib import Path

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import AGE_BANDS, CHANNELS, CSV_HEADER, EVENT_KINDS, INCOME_BANDS, OUTCOMES


def _event_tails() -> list[str]:
    """JSON text after the day for every (kind, channel, outcome) combination, indexed by combo code."""
    tails = []
    for k in EVENT_KINDS:
        for c in CHANNELS:
            for o in (None, *OUTCOMES):
                out = "" if o is None else f',"outcome":"{o}"'
                tails.append(f',"kind":"{k}","channel":"{c}"{out}}}')
    return tails


def write_jsonl(journeys: Journeys, path: str | Path, progress=None) -> None:
    """Write journeys as schema-1 JSON Lines; the same Journeys always gives the same bytes.

    progress, if given, has advance(k) and is told each block of journeys written."""
    j = journeys
    tails = np.array(_event_tails(), dtype=object)
    combo = (j.event_kind.astype(np.int64) * len(CHANNELS) + j.event_channel) * (len(OUTCOMES) + 1)
    combo += j.event_outcome.astype(np.int64) + 1
    # C-level maps build each event's text without a Python-level loop body per event.
    ev = list(map(operator.add, map('{{"day":{}'.format, j.event_day.tolist()), tails[combo].tolist()))
    heads = [
        f'{{"id":"{i.decode()}","district":"{j.districts[d]}","age_band":"{AGE_BANDS[a]}",'
        f'"income_band":"{INCOME_BANDS[b]}","events":['
        for i, d, a, b in zip(j.ids.tolist(), j.district.tolist(), j.age_band.tolist(),
                              j.income_band.tolist())
    ]
    st = j.event_start.tolist()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        step = 65_536  # write in blocks so memory stays bounded on millions of journeys
        for lo in range(0, len(heads), step):
            hi = min(lo + step, len(heads))
            f.write("".join(
                heads[i] + ",".join(ev[st[i]:st[i + 1]]) + "]}\n" for i in range(lo, hi)
            ))
            if progress is not None:
                progress.advance(hi - lo)


def write_csv(journeys: Journeys, path: str | Path) -> None:
    """Write journeys as schema-1 CSV (one row per event; one empty-event row for no events)."""
    j = journeys
    day, kind, chan, out = (c.tolist() for c in (j.event_day, j.event_kind, j.event_channel, j.event_outcome))
    st = j.event_start.tolist()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(CSV_HEADER) + "\n")
        for i, (pid, d, a, b) in enumerate(zip(j.ids.tolist(), j.district.tolist(), j.age_band.tolist(),
                                               j.income_band.tolist())):
            base = f"{pid.decode()},{j.districts[d]},{AGE_BANDS[a]},{INCOME_BANDS[b]}"
            if st[i] == st[i + 1]:
                f.write(base + ",,,,\n")
            for k in range(st[i], st[i + 1]):
                o = OUTCOMES[out[k]] if out[k] >= 0 else ""
                f.write(f"{base},{day[k]},{EVENT_KINDS[kind[k]]},{CHANNELS[chan[k]]},{o}\n")
