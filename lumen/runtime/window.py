"""Surfaces the show draws into: a glfw window (full-screen on a chosen monitor) or an offscreen target."""

from __future__ import annotations

import ctypes

import glfw
import moderngl

from lumen.errors import UserError
from lumen.gl.context import create_headless_context
from lumen.gl.targets import make_target
from lumen.runtime.controls import Command, CommandQueue, key_command
from lumen.runtime.logs import log
from lumen.runtime.swap_group import join_swap_group

GL_NO_ERROR = 0


def _name(monitor) -> str:
    name = glfw.get_monitor_name(monitor)
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


def monitor_names() -> list[str]:
    return [_name(m) for m in (glfw.get_monitors() or [])]


def choose_monitor(spec: str | None):
    """A monitor by index ('1') or by a case-insensitive part of its name; the primary when None."""
    monitors = glfw.get_monitors() or []
    if not monitors:
        raise UserError("no monitor found: is DISPLAY set to a running X server?")
    if spec is None:
        return glfw.get_primary_monitor()
    names = monitor_names()
    if spec.isdigit():
        if int(spec) < len(monitors):
            return monitors[int(spec)]
    else:
        for monitor, name in zip(monitors, names):
            if spec.lower() in name.lower():
                return monitor
    listing = ", ".join(f"{i}: {name}" for i, name in enumerate(names))
    raise UserError(f"--monitor {spec}: no such monitor; monitors are {listing}")


class WindowSurface:
    """A glfw window with an OpenGL 3.3 core context; vsync on; keys go to the command queue."""

    kind = "window"

    def __init__(self, commands: CommandQueue, windowed: bool = False, monitor: str | None = None,
                 size: tuple[int, int] | None = None, title: str = "lumen", swap_group: tuple[int, int] | None = None):
        self.commands = commands
        if not glfw.init():
            raise UserError("glfw could not start: is DISPLAY set to a running X server?")
        target = choose_monitor(monitor)
        mode = glfw.get_video_mode(target)
        glfw.default_window_hints()
        glfw.window_hint(glfw.CONTEXT_VERSION_MAJOR, 3)
        glfw.window_hint(glfw.CONTEXT_VERSION_MINOR, 3)
        glfw.window_hint(glfw.OPENGL_PROFILE, glfw.OPENGL_CORE_PROFILE)
        glfw.window_hint(glfw.OPENGL_FORWARD_COMPAT, True)
        glfw.window_hint(glfw.CONTEXT_ROBUSTNESS, glfw.LOSE_CONTEXT_ON_RESET)
        glfw.window_hint(glfw.AUTO_ICONIFY, False)  # a venue show must not minimise on focus loss
        if windowed:
            w, h = size or (1280, 720)
            self.window = self._create(w, h, title, None)
        else:
            glfw.window_hint(glfw.REFRESH_RATE, mode.refresh_rate)
            self.window = self._create(mode.size.width, mode.size.height, title, target)
            glfw.set_input_mode(self.window, glfw.CURSOR, glfw.CURSOR_HIDDEN)
        glfw.make_context_current(self.window)
        glfw.swap_interval(1)
        self.ctx = moderngl.create_context(require=330)
        self.refresh_rate = float(mode.refresh_rate or 60)
        glfw.set_key_callback(self.window, self._on_key)
        self._reset_status = self._reset_query()
        # A wall's frame-locked swaps (NVIDIA swap groups); None: not asked for.
        self.swap_group = join_swap_group(self.window, *swap_group) if swap_group else None
        log.info("window %dx%d on %s (%s), %s", *self.size, "window" if windowed else "full screen",
                 _name(target),
                 self.ctx.info["GL_RENDERER"])

    @staticmethod
    def _create(w: int, h: int, title: str, monitor):
        window = glfw.create_window(w, h, title, monitor, None)
        if not window:  # some drivers refuse the robustness hint: try once without it
            glfw.window_hint(glfw.CONTEXT_ROBUSTNESS, glfw.NO_ROBUSTNESS)
            window = glfw.create_window(w, h, title, monitor, None)
        if not window:
            raise UserError("glfw could not open an OpenGL 3.3 core window (is GLX available?)")
        return window

    def _reset_query(self):
        address = glfw.get_proc_address("glGetGraphicsResetStatus") or \
            glfw.get_proc_address("glGetGraphicsResetStatusARB")
        return ctypes.CFUNCTYPE(ctypes.c_uint)(address) if address else None

    def context_lost(self) -> bool:
        """True when the driver reports a graphics reset (the context must be recreated)."""
        return bool(self._reset_status and self._reset_status() != GL_NO_ERROR)

    def _on_key(self, window, key, scancode, action, mods) -> None:
        command = key_command(key, action, mods)
        if command is not None:
            self.commands.put(command)

    @property
    def fbo(self) -> moderngl.Framebuffer:
        return self.ctx.screen

    @property
    def size(self) -> tuple[int, int]:
        return tuple(glfw.get_framebuffer_size(self.window))

    def swap(self) -> None:
        glfw.swap_buffers(self.window)
        glfw.poll_events()
        if glfw.window_should_close(self.window):
            glfw.set_window_should_close(self.window, False)
            self.commands.put(Command("esc", (), "window close"))

    def release(self) -> None:
        try:
            self.ctx.release()
        finally:
            glfw.destroy_window(self.window)
            glfw.terminate()


class OffscreenSurface:
    """An EGL context and an rgba8 framebuffer standing in for the window (soak, tests of the loop)."""

    kind = "offscreen"
    refresh_rate = 60.0
    swap_group = None

    def __init__(self, commands: CommandQueue, size: tuple[int, int] = (320, 180)):
        self.commands = commands
        self.ctx = create_headless_context()
        self.target = make_target(self.ctx, "offscreen.screen", size, "rgba8")

    def context_lost(self) -> bool:
        return False

    @property
    def fbo(self) -> moderngl.Framebuffer:
        return self.target.fbo

    @property
    def size(self) -> tuple[int, int]:
        return self.target.size

    def swap(self) -> None:
        self.ctx.finish()

    def release(self) -> None:
        self.target.release()
        self.ctx.release()
