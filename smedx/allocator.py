"""glibc ``malloc`` settings for the app process: keep freed model arrays in the heap.

The what-if model allocates arrays of a few MB on every run. By default glibc returns such blocks to the kernel when
they are freed (``munmap`` above the mmap threshold, heap trimming above the trim threshold), so the next run —
a slider rerun, in a new script thread — faults the same amount of fresh zeroed pages in again. Measured with
``bench/bench_model.py``: ``simulate.run`` in a new thread 20 → 15 ms, resident memory +30 MB. At most two arenas
bound what the process keeps. A no-op where glibc's ``mallopt`` is missing (macOS, Windows, musl).
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8  # glibc <malloc.h>
SETTINGS: tuple[tuple[int, int], ...] = (
    (M_ARENA_MAX, 2),
    (M_MMAP_THRESHOLD, 32 * 1024 * 1024),  # bytes: blocks below this come from the heap, not from mmap
    (M_TRIM_THRESHOLD, 128 * 1024 * 1024),  # bytes of free heap top kept instead of returned to the kernel
)


@cache
def tune() -> bool:
    """Apply :data:`SETTINGS` once per process; True if glibc accepted all of them."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(option, value) == 1 for option, value in SETTINGS)
