"""Synthetic hazard exhibits, written from the shipped festival with `extends = "lumen:festival"`."""

from __future__ import annotations

import json
from pathlib import Path

RED = "#ff0000"


def hold_keys(period: float, duration: float, lo: float, hi: float) -> str:
    """Keyframes switching between lo and hi every `period` seconds of a scene `duration` long."""
    n = round(duration / period)
    return ", ".join(f"[{i * period / duration:.6f}, {lo if i % 2 == 0 else hi}]" for i in range(n + 1))


def scene(param: str, period: float, lo: float, hi: float, duration: float = 4.0) -> str:
    return (f'[[scenes]]\nname = "strobe"\nduration = {duration}\ndays = [200, 210]\n[scenes.params]\n'
            f'{param} = {{ keys = [{hold_keys(period, duration, lo, hi)}], ease = "hold" }}\n')


def full_strobe(folder: Path) -> Path:
    """10 Hz over the whole frame: exposure held at -8 and +3 in turn, 0.05 s each."""
    path = folder / "strobe.toml"
    path.write_text('extends = "lumen:festival"\n' + scene("display.exposure", 0.05, -8.0, 3.0))
    return path


def red_strobe(folder: Path) -> Path:
    """5 Hz of saturated red: every colour of the palette red, exposure held at -8 and -1 in turn."""
    channels = "\n".join(f'{name} = "{RED}"' for name in ("clinic", "network", "mobile", "community", "none"))
    path = folder / "red.toml"
    path.write_text('extends = "lumen:festival"\n[palette]\nblend_to = ""\n'
                    f'background_top = "{RED}"\nbackground_bottom = "{RED}"\nflare = "{RED}"\n'
                    f"[palette.channels]\n{channels}\n" + scene("display.exposure", 0.1, -8.0, -1.0))
    return path


def small_strobe(folder: Path) -> Path:
    """One journey of 48 flares at 10 Hz (flare_gain held at 0 and 8): its tile and halo, a few percent of the
    frame, stays under the area threshold (the room makes it a quarter of the frame)."""
    rows = [{"id": f"j-small-{i:03d}", "district": "Riverside", "age_band": "35-49", "income_band": "middle",
             "events": [{"day": d, "kind": "checkup", "channel": "clinic", "outcome": "stable"}
                        for d in (196, 199, 202, 205)] if i == 20 else []} for i in range(48)]
    (folder / "small.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = folder / "small.toml"
    path.write_text('extends = "lumen:festival"\n[data]\npath = "small.jsonl"\n[layout]\nkind = "grid"\n'
                    "[safety]\nscreen_width_m = 1.0\nviewing_distance_m = 20.0\n"
                    "[passes.state.params]\nflare_tau = 60.0\n" + scene("state.flare_gain", 0.05, 0.0, 8.0))
    return path
