"""What the show reports about itself: the HUD's lines and the status file's fields."""

from __future__ import annotations

import os
import time


def guard_line(show) -> str:
    """The flash guard's state: OFF (it needs the explicit flag), or what it is doing now."""
    if show.guard is None:
        return "flash guard OFF (--no-flash-guard)"
    decision = show.guard.decision
    doing = ("smoothing" if decision.smoothing else "damping" if decision.damp < 1.0 else "watching")
    return f"flash guard {doing}  interventions {show.guard.controller.interventions}"


def hud_lines(show) -> list[str]:
    """The HUD's text: what staff need to see at a glance."""
    t = show.clock.time()
    p50, p99 = show.stats.percentiles()
    flags = (" PAUSED" if show.clock.paused else "") + (" BLACKOUT" if show.blackout else "")
    scene = show.scenes.index_at(t)
    lines = [
        f"{show.exhibit.title}{flags}",
        f"scene {scene + 1}/{len(show.scenes.scenes)} {show.scenes.scenes[scene].name}   "
        f"t {t:8.2f}s  day {show.pipeline.day_at(t) if show.pipeline else 0:7.1f}",
        f"fps {show.stats.fps():5.1f}  frame p50 {p50:5.1f} ms  p99 {p99:5.1f} ms  dropped {show.stats.dropped}",
        f"journeys {show.tiles.count}  (+{show.counters['live_added']} live)   clock {time.strftime('%H:%M:%S')}",
        guard_line(show),
        f"last error: {show.last_error[:100] or '-'}",
    ]
    overrides = show.frame_overrides(with_guard=False)
    if overrides:
        lines.append("overrides: " + ", ".join(f"{p}.{k}={v:g}" for p, d in overrides.items() for k, v in d.items()))
    if show.sync is not None:
        lines.append(show.sync.hud_line())
    if show.projector is not None and (show.projector.pattern_on or show.projector.error):
        p = show.projector
        lines.append(f"warp {p.name}: {p.editor.warp.handle_name(p.editor.selected)} selected"
                     f"{'  CALIBRATION FILE UNREADABLE' if p.error else ''}")
    if show.esc.armed:
        lines.append("press Esc again to quit")
    return lines


def show_status(show) -> dict:
    """The status file's fields (monitoring, the supervisor and the staff page read them)."""
    t = show.clock.time()
    p50, p99 = show.stats.percentiles()
    return {
        "pid": os.getpid(), "wall": time.time(), "frame": show.stats.frames, "time": t,
        "scene": show.scenes.name_at(t), "scene_index": show.scenes.index_at(t),
        "scenes": show.scenes.names(), "paused": show.clock.paused, "blackout": show.blackout,
        "hud": show.hud_on, "fade": show.fade.value, "fps": show.stats.fps(), "p50_ms": p50, "p99_ms": p99,
        "dropped": show.stats.dropped, "journeys": show.tiles.count, "last_error": show.last_error,
        "errors": show.errors, "overrides": show.frame_overrides(with_guard=False), "canvas": list(show.canvas()),
        "surface": list(show.surface.size), "pipeline_ok": show.pipeline is not None,
        "flash_guard": "off" if show.guard is None else "on",
        "guard_interventions": show.guard.controller.interventions if show.guard is not None else 0,
        "captions": show.opts.captions, **show.counters, **wall_status(show),
    }


def wall_status(show) -> dict:
    """A projector wall's fields: this machine's role, its leader, its clock's offset, its slice."""
    out = {"role": "solo", "leader": None, "offset_ms": None, "rtt_ms": None, "slice": None,
           "swap_group": getattr(show.surface, "swap_group", None)}
    if show.projector is not None:
        out.update(show.projector.status())
    if show.sync is not None:
        out.update(show.sync.status())
    return out
