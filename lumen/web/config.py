"""WebConfig: what the web face needs from the exhibit and the command line, checked once at start."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lumen.errors import UserError

DEFAULT_PORT = 8137
DEFAULT_OSC_PORT = 9137  # the show's OSC port (lumen run --osc-port)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class WebConfig:
    """Everything the app reads: the exhibit's districts and day 0, folders, limits and clocks."""

    title: str
    districts: tuple[str, ...]
    first_date: dt.date
    journal: Path
    state: Path
    staff_token: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    show_osc_port: int = DEFAULT_OSC_PORT
    show_status: Path | None = None  # None: <state>/status.json
    client_limit: str = "10/minute"  # submissions per client (the `limits` library's notation)
    total_limit: str = "120/minute"  # submissions from everyone together
    login_limit: str = "5/minute"  # staff token attempts per client
    session_seconds: float = 8 * 3600.0  # a staff login lasts one working day
    max_body: int = 16 * 1024
    allowed_hosts: tuple[str, ...] = ()  # extra Host header names to accept (besides the bind host)
    today: Callable[[], dt.date] = field(default=dt.date.today)
    clock: Callable[[], float] = field(default=time.monotonic)

    @property
    def status_file(self) -> Path:
        """The show's status JSON (lumen run writes it every 0.5 s)."""
        return self.show_status or self.state / "status.json"

    def host_names(self) -> tuple[str, ...] | None:
        """Host header names to accept; None accepts any (bound to all interfaces, none pinned)."""
        if self.host in ("0.0.0.0", "::", "") and not self.allowed_hosts:
            return None
        return tuple(dict.fromkeys((*LOOPBACK, self.host, *self.allowed_hosts)))


def web_state_dir() -> Path:
    """The show's state folder, found by the rule lumen run uses (lumen/runtime/logs.py state_dir):
    $LUMEN_STATE_DIR, else $XDG_STATE_HOME/lumen, else ~/.local/state/lumen (created)."""
    base = os.environ.get("LUMEN_STATE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        path = Path(xdg) / "lumen"
    path.mkdir(parents=True, exist_ok=True)
    return path


def exhibit_first_date(exhibit) -> dt.date:
    """The exhibit's `[data] first_date` (day 0 on the calendar); without it the form cannot map months."""
    value = exhibit["data"].get("first_date", "")
    if not isinstance(value, dt.date):
        raise UserError(f"{exhibit.origin('data', 'first_date')}: data.first_date: expected the calendar date "
                        "of dataset day 0 (such as first_date = 2025-01-06): the web form maps each month a "
                        "resident chooses to a day from it, and this exhibit has none")
    return value


def exhibit_districts(exhibit) -> tuple[str, ...]:
    """The districts the exhibit shows, through the one loader (a kiosk offers only its own)."""
    from lumen.encode.loader import load_journeys, shown_journeys

    journeys, _ = load_journeys(exhibit)
    shown = shown_journeys(journeys, exhibit)
    names = tuple(shown.districts[i] for i in np.unique(shown.district).tolist())
    if not names:
        raise UserError(f"{exhibit.data_path}: no journeys shown, so no district to offer on the web form")
    return names
