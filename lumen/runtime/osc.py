"""OSC control (python-osc): the keyboard's commands plus parameter overrides, on loopback by default."""

from __future__ import annotations

import threading

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer

from lumen.runtime.controls import Command, CommandQueue
from lumen.runtime.logs import log

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9137

# address -> (command, one-line help). Documented in docs/runtime.md; tests check they agree.
ADDRESSES = {
    "/lumen/pause": ("pause", "no argument toggles; 1 pauses, 0 resumes"),
    "/lumen/scene/next": ("scene", "jump to the next scene"),
    "/lumen/scene/prev": ("scene", "jump to the previous scene"),
    "/lumen/scene": ("scene", "jump to a scene by index (int) or name (string)"),
    "/lumen/seek": ("seek", "jump to a show time in seconds (float)"),
    "/lumen/hud": ("hud", "no argument toggles; 1 shows, 0 hides"),
    "/lumen/blackout": ("blackout", "no argument toggles; 1 fades to black, 0 fades back"),
    "/lumen/reload": ("reload", "reload exhibit, shaders and data now"),
    "/lumen/screenshot": ("screenshot", "save a screenshot of the window"),
    "/lumen/quit": ("quit", "fade out and exit (code 0)"),
    "/lumen/param/<pass>/<param>": ("param", "override a pass parameter (float), e.g. /lumen/param/state/coupling 1.0"),
    "/lumen/param/reset": ("param_reset", "drop all overrides, or one pass's with a string argument"),
    "/lumen/debug/recreate": ("recreate", "recreate the window and GL context (what a context loss does)"),
}


class OscServer:
    """A UDP OSC server in a daemon thread that turns messages into Commands."""

    def __init__(self, commands: CommandQueue, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT):
        self.commands = commands
        dispatcher = Dispatcher()
        simple = {"/lumen/pause": "pause", "/lumen/hud": "hud", "/lumen/blackout": "blackout",
                  "/lumen/reload": "reload", "/lumen/screenshot": "screenshot", "/lumen/quit": "quit",
                  "/lumen/seek": "seek", "/lumen/scene": "scene", "/lumen/param/reset": "param_reset",
                  "/lumen/debug/recreate": "recreate"}
        for address, name in simple.items():
            dispatcher.map(address, self._simple, name)
        dispatcher.map("/lumen/scene/next", self._simple, "scene", "+1")
        dispatcher.map("/lumen/scene/prev", self._simple, "scene", "-1")
        dispatcher.map("/lumen/param/*/*", self._param)
        dispatcher.set_default_handler(self._unknown)
        self.server = ThreadingOSCUDPServer((host, port), dispatcher)
        self.address = self.server.server_address
        self.thread = threading.Thread(target=self.server.serve_forever, name="lumen-osc", daemon=True)

    def start(self) -> OscServer:
        self.thread.start()
        log.info("OSC listening on udp %s:%d", *self.address)
        return self

    def _simple(self, address: str, fixed: list, *values) -> None:
        name, *preset = fixed
        self.commands.put(Command(name, tuple(preset) + values, f"osc {address}"))

    def _param(self, address: str, *values) -> None:
        parts = address.strip("/").split("/")
        if parts[2] == "reset" or len(parts) != 4:
            return
        self.commands.put(Command("param", (parts[2], parts[3]) + values, f"osc {address}"))

    def _unknown(self, address: str, *values) -> None:
        log.warning("OSC: unknown address %s (see docs/runtime.md)", address)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
