"""Commands: one vocabulary for keyboard, OSC and file watchers, queued for the render thread."""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass, field

import glfw


@dataclass
class Command:
    """A request for the show: name, arguments, and where it came from (for the log)."""

    name: str
    args: tuple = ()
    source: str = "key"
    extra: dict = field(default_factory=dict)


# Keyboard map: key -> (command, args). Esc is special (press twice); see EscGuard.
KEYS = {
    glfw.KEY_SPACE: ("pause", ()),
    glfw.KEY_RIGHT: ("scene", ("+1",)),
    glfw.KEY_PAGE_DOWN: ("scene", ("+1",)),
    glfw.KEY_LEFT: ("scene", ("-1",)),
    glfw.KEY_PAGE_UP: ("scene", ("-1",)),
    glfw.KEY_H: ("hud", ()),
    glfw.KEY_F1: ("hud", ()),
    glfw.KEY_R: ("reload", ()),
    glfw.KEY_F5: ("reload", ()),
    glfw.KEY_B: ("blackout", ()),
    glfw.KEY_S: ("screenshot", ()),
    glfw.KEY_F12: ("screenshot", ()),
    glfw.KEY_HOME: ("seek", (0.0,)),
    glfw.KEY_0: ("param_reset", ()),
    glfw.KEY_ESCAPE: ("esc", ()),
    glfw.KEY_F2: ("warp_pattern", ()),
    glfw.KEY_TAB: ("warp_select", ("+1",)),
    glfw.KEY_I: ("warp_nudge", (0.0, -1.0)),
    glfw.KEY_J: ("warp_nudge", (-1.0, 0.0)),
    glfw.KEY_K: ("warp_nudge", (0.0, 1.0)),
    glfw.KEY_L: ("warp_nudge", (1.0, 0.0)),
}
HELD = {"warp_nudge"}   # commands a held key repeats

# Documented in docs/runtime.md; kept here as data so the docs test can check they agree.
KEY_HELP = {
    "Space": "pause / resume the show clock",
    "Right, Page Down": "next scene",
    "Left, Page Up": "previous scene",
    "H, F1": "toggle the HUD",
    "R, F5": "reload exhibit, shaders and data now",
    "B": "blackout on / off (a 1.5 s fade, never a cut)",
    "S, F12": "screenshot of the window to <state>/screenshots/",
    "Home": "seek to the start",
    "0": "drop all parameter overrides",
    "Esc, Esc": "quit with a fade out (the second Esc within 3 s)",
    "F2": "calibration test pattern on / off (the warp keys below act only while it is on)",
    "Tab, Shift+Tab": "select the next / previous warp handle (4 corners, then the mesh's points)",
    "I, J, K, L": "nudge the selected warp handle up / left / down / right by 1 px (10 px with Shift)",
}


class EscGuard:
    """Quit needs two Esc presses within `window` seconds, so one stray key cannot end a show."""

    def __init__(self, window: float = 3.0, now=time.monotonic):
        self.window = window
        self.now = now
        self.armed_at: float | None = None

    def press(self) -> bool:
        """Return True when this press confirms quitting."""
        t = self.now()
        if self.armed_at is not None and t - self.armed_at <= self.window:
            self.armed_at = None
            return True
        self.armed_at = t
        return False

    @property
    def armed(self) -> bool:
        return self.armed_at is not None and self.now() - self.armed_at <= self.window


class CommandQueue:
    """A thread-safe queue of Commands; OSC, watcher and live-data threads put, the render loop drains."""

    def __init__(self):
        self._q: queue.SimpleQueue[Command] = queue.SimpleQueue()

    def put(self, command: Command) -> None:
        self._q.put(command)

    def drain(self) -> list[Command]:
        out = []
        while True:
            try:
                out.append(self._q.get_nowait())
            except queue.Empty:
                return out


def key_command(key: int, action: int, mods: int = 0) -> Command | None:
    """A glfw key event as a Command, or None for keys and actions the show ignores."""
    if key not in KEYS:
        return None
    name, args = KEYS[key]
    if action != glfw.PRESS and not (action == glfw.REPEAT and name in HELD):
        return None
    if mods & glfw.MOD_SHIFT:
        if name == "warp_select":
            args = ("-1",)
        elif name == "warp_nudge":
            args = args + ("coarse",)
    return Command(name, args, "key")
