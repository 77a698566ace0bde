"""Frame-locked swaps on NVIDIA walls (GLX_NV_swap_group), through ctypes, only where the driver has it.

Without a swap group every machine of a wall presents the same frame within one refresh of the others
(each renders for its own next vsync; docs/wall.md). With Quadro/RTX cards joined by a sync card (Quadro
Sync), the driver can hold every display's swap until all are ready: the window joins swap group
`group` and binds it to swap barrier `barrier` (the sync card's; 0 binds none, for one machine's
several displays). Anywhere else (Mesa, llvmpipe, Xvfb, a card without the extension) this logs why
and the show goes on unlocked."""

from __future__ import annotations

import ctypes
import ctypes.util

import glfw

from lumen.runtime.logs import log

EXTENSION = b"GLX_NV_swap_group"


def _glx():
    path = ctypes.util.find_library("GL") or "libGL.so.1"
    try:
        return ctypes.CDLL(path)
    except OSError:
        return None


def has_swap_group(glx, display, screen: int = 0) -> bool:
    """Whether the X server's GLX lists GLX_NV_swap_group for `screen`."""
    query = glx.glXQueryExtensionsString
    query.restype, query.argtypes = ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]
    return EXTENSION in (query(display, screen) or b"").split()


def join_swap_group(window, group: int, barrier: int) -> str:
    """Join the glfw window's drawable to `group` (and `group` to `barrier` when nonzero); returns what
    happened, which is also logged. Never raises: a wall without a sync card still runs."""
    glx = _glx()
    display = glfw.get_x11_display() if glx is not None else None
    if glx is None or not display:
        outcome = "frame-locked swaps unavailable: no GLX display (not an X11 window)"
    elif not has_swap_group(glx, display):
        outcome = "frame-locked swaps unavailable: the driver has no GLX_NV_swap_group (docs/wall.md)"
    else:
        drawable = glfw.get_glx_window(window)
        join = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint)(
            glfw.get_proc_address("glXJoinSwapGroupNV"))
        if not join(display, drawable, group):
            outcome = f"frame-locked swaps: joining swap group {group} failed"
        elif barrier:
            bind = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint)(
                glfw.get_proc_address("glXBindSwapBarrierNV"))
            outcome = (f"frame-locked swaps: swap group {group} on barrier {barrier}" if bind(display, group, barrier)
                       else f"frame-locked swaps: in swap group {group}, but binding barrier {barrier} failed "
                            f"(is the sync card connected?)")
        else:
            outcome = f"frame-locked swaps: swap group {group} (no barrier: this machine's displays only)"
    (log.info if outcome.startswith("frame-locked swaps:") and "failed" not in outcome else log.warning)(outcome)
    return outcome
