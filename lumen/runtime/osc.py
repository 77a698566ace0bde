"""OSC control (python-osc): the keyboard's commands plus parameter overrides, on loopback by default; on a
projector wall also the warp's adjustments and the machines' own messages (lumen/runtime/wall_sync.py)."""

from __future__ import annotations

import threading

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_message_builder import OscMessageBuilder
from pythonosc.osc_server import BlockingOSCUDPServer

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
    "/lumen/warp/pattern": ("warp_pattern", "no argument toggles; 1 shows the calibration test pattern, 0 the show"),
    "/lumen/warp/select": ("warp_select", "select a warp handle: index, tl / tr / br / bl, or +1 / -1"),
    "/lumen/warp/nudge": ("warp_nudge", "move the selected handle by dx dy projector pixels (floats, y down)"),
    "/lumen/warp/corner": ("warp_corner", "put corner i (0 tl, 1 tr, 2 br, 3 bl) at x y, fractions of the image"),
    "/lumen/warp/mesh": ("warp_mesh", "start a flat warp mesh of cols rows control points (0 0: no mesh)"),
    "/lumen/warp/reset": ("warp_reset", "drop this output's warp (corner pin and mesh)"),
}
# Between the machines of a wall (docs/wall.md); a follower takes them only from its leader's address.
WALL_ADDRESSES = {
    "/lumen/wall/ping": "follower to leader: seq, the follower's clock when sent",
    "/lumen/wall/pong": "leader to follower: seq, the follower's send time, the leader's clock",
    "/lumen/wall/anchor": "leader to followers: leader id, anchor (show time 0 on the leader's clock), fps, last batch",
    "/lumen/wall/change": "leader to followers: seq, show time, what (time, blackout, params, shot), values",
    "/lumen/wall/batch": "leader to followers: live batch seq, birth show time, birth day (NaN: none), journey ids",
    "/lumen/wall/batches": "follower to leader: send the live batches from this seq again",
}


class _Server(BlockingOSCUDPServer):
    """One thread handles datagrams in order (handlers only queue commands), and a sender that is not
    allowed is dropped before anything is parsed."""

    allowed = None   # callable(client_address) -> bool, or None: everyone who reaches the socket

    def verify_request(self, request, client_address) -> bool:
        return self.allowed is None or self.allowed(client_address)


class OscServer:
    """A UDP OSC server in a daemon thread that turns messages into Commands. `allowed` filters senders
    (a wall's follower takes messages only from its leader); `wall` receives /lumen/wall/* with the
    sender's address, in this thread, so a ping is answered without waiting for a frame."""

    def __init__(self, commands: CommandQueue, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 allowed=None, wall=None):
        self.commands = commands
        dispatcher = Dispatcher()
        simple = {"/lumen/pause": "pause", "/lumen/hud": "hud", "/lumen/blackout": "blackout",
                  "/lumen/reload": "reload", "/lumen/screenshot": "screenshot", "/lumen/quit": "quit",
                  "/lumen/seek": "seek", "/lumen/scene": "scene", "/lumen/param/reset": "param_reset",
                  "/lumen/debug/recreate": "recreate"}
        simple.update({address: name for address, (name, _) in ADDRESSES.items() if address.startswith("/lumen/warp/")})
        for address, name in simple.items():
            dispatcher.map(address, self._simple, name)
        dispatcher.map("/lumen/scene/next", self._simple, "scene", "+1")
        dispatcher.map("/lumen/scene/prev", self._simple, "scene", "-1")
        dispatcher.map("/lumen/param/*/*", self._param)
        if wall is not None:
            dispatcher.map("/lumen/wall/*", wall, needs_reply_address=True)
        dispatcher.set_default_handler(self._unknown)
        self.server = _Server((host, port), dispatcher)
        self.server.allowed = allowed
        self.address = self.server.server_address
        self.thread = threading.Thread(target=self.server.serve_forever, name="lumen-osc", daemon=True)

    def start(self) -> OscServer:
        self.thread.start()
        log.info("OSC listening on udp %s:%d", *self.address)
        return self

    def send(self, to: tuple[str, int], address: str, args: list) -> None:
        """Send from this server's own socket, so replies come back to it; `args` are values or
        (OSC type, value) pairs (wall clocks need doubles: an OSC float holds 7 digits)."""
        builder = OscMessageBuilder(address)
        for arg in args:
            if isinstance(arg, tuple):
                builder.add_arg(arg[1], arg[0])
            else:
                builder.add_arg(arg)
        try:
            self.server.socket.sendto(builder.build().dgram, to)
        except OSError as exc:
            log.warning("OSC: cannot send %s to %s:%d (%s)", address, *to, exc.strerror)

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
