"""glibc malloc settings for a long-running show, so live data updates do not creep RSS up.

Measured with the soak (320x180, festival, 5 journeys a second): every live update rebuilds the
tile arrays, their slot-ordered copies and the journey textures (Mesa keeps texture storage in
malloc'd blocks), a few hundred KB each. glibc's *dynamic* mmap threshold rises to the size of the
largest mmapped block ever freed, so after the first update those blocks come from the main heap
instead of their own mappings, and the heap's high-water mark grows with every update: 3-4 MB of
heap per 10 000 frames, of which malloc_trim gives back only part, because small long-lived blocks
land between the freed ones. A fixed threshold keeps every large block in its own mapping, which
munmap returns to the system the moment it is freed; the heap then stays flat.
"""

from __future__ import annotations

import ctypes

from lumen.runtime.logs import log

M_MMAP_THRESHOLD = -3    # mallopt parameters from <malloc.h>
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 << 10   # glibc's own starting value, now fixed instead of growing
ARENA_MAX = 2            # the main thread plus one arena shared by the feed, OSC and Mesa threads


def _load_libc():
    """glibc, loaded once: a CDLL per call builds a new function-pointer class each time, garbage
    that only a full collection frees. None where there is no glibc (musl, macOS)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.malloc_trim.argtypes = (ctypes.c_size_t,)
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _load_libc()


def tune_allocator() -> bool:
    """Fix the mmap threshold and cap the thread arenas; call once at start-up, before the first
    live update. Returns whether glibc accepted both settings."""
    if _LIBC is None:
        return False
    ok = bool(_LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(_LIBC.mallopt(M_ARENA_MAX, ARENA_MAX))
    if not ok:
        log.warning("mallopt refused the show's malloc settings; RSS may creep with live data")
    return ok


def release_freed_memory() -> None:
    """Hand whole free pages inside the heaps back to the system (after each live data swap)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
