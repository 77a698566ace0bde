"""The web face's two links to the show: its status file (read) and its OSC port (write, loopback only).

The addresses are the show's own (lumen/runtime/osc.py ADDRESSES; a test checks they agree). The web
face never imports the runtime: a web crash cannot touch the show, nor a show restart the web face."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pythonosc.udp_client import SimpleUDPClient

# Staff action -> OSC address, each sent with no argument (pause and blackout toggle).
OSC_ACTIONS = {
    "next": "/lumen/scene/next",
    "prev": "/lumen/scene/prev",
    "pause": "/lumen/pause",
    "blackout": "/lumen/blackout",
    "reload": "/lumen/reload",
    "screenshot": "/lumen/screenshot",
}
STALE_AFTER_S = 5.0  # the show writes its status every 0.5 s; ten missed writes and it is not running


def send_action(action: str, port: int) -> str:
    """Send one staff action to the show on 127.0.0.1:port; returns the address sent."""
    address = OSC_ACTIONS[action]
    SimpleUDPClient("127.0.0.1", port).send_message(address, [])
    return address


def show_status(path: Path, now: float | None = None) -> dict:
    """The show's status for the staff page: running or not, and its figures when running."""
    now = time.time() if now is None else now
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
        wall = float(status["wall"])
    except (OSError, ValueError, KeyError, TypeError):
        return {"running": False, "message": "show not running (no status file)"}
    age = max(0.0, now - wall)
    if age > STALE_AFTER_S:
        return {"running": False, "heartbeat_age_s": round(age, 1),
                "message": f"show not running (last heard {age:.0f} s ago)"}
    return {
        "running": True, "heartbeat_age_s": round(age, 1), "message": "show running",
        "fps": _num(status.get("fps")), "p99_ms": _num(status.get("p99_ms")),
        "scene": str(status.get("scene", "")), "journeys": _num(status.get("journeys")),
        "errors": _num(status.get("errors")), "last_error": str(status.get("last_error") or ""),
        "paused": bool(status.get("paused")), "blackout": bool(status.get("blackout")),
        "wall": wall_text(status), "offset_ms": _num(status.get("offset_ms"), 2), "rtt_ms": _num(status.get("rtt_ms"), 2),
    }


def wall_text(status: dict) -> str:
    """This machine's part in a projector wall, in words (docs/wall.md): its role, slice, and clock."""
    role, where = status.get("role") or "solo", f", slice {status['slice']}" if status.get("slice") else ""
    if role == "leader":
        return f"leads the wall{where}, {int(status.get('followers') or 0)} following"
    if role == "follower":
        offset, rtt = _num(status.get("offset_ms"), 2), _num(status.get("rtt_ms"), 2)
        clock = f"clock {offset:+.2f} ms off the leader's, round trip {rtt:.2f} ms" if offset is not None and rtt is not None \
            else "clock not measured yet"
        return f"follows {status.get('leader')}{where}; {clock}{' (corrected by lumen)' if status.get('correcting') else ''}"
    return f"one machine{where}" if where else "one machine, whole canvas"


def _num(value, digits: int = 1) -> float | None:
    return round(float(value), digits) if isinstance(value, int | float) and not isinstance(value, bool) else None
