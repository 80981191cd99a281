"""How often Python's cyclic garbage collector runs while tifa works: one setting for the
console script (the whole process) and the library's long calls (for their duration).

tifa's records are frozen dataclasses and tuples, rarely in cycles. A build allocates
millions of them (and unpickles them from worker processes), and at Python's default
threshold (700 new objects) the collector walks the young objects thousands of times for
nothing, and the whole heap ever more often as it grows: a tenth of the sample build's CPU,
and with `--jobs 2` the calling process's unpickling of the workers' passages several times
slower than it need be.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000
"""New objects (allocations minus deallocations) before the youngest generation is walked."""
_THRESHOLDS = (YOUNG_THRESHOLD, 20, 100)


def tune_collector() -> None:
    """Set the collector's threshold for the rest of the process (the console script)."""
    gc.set_threshold(*_THRESHOLDS)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within: the collector at `YOUNG_THRESHOLD` unless already set higher; its thresholds
    as they were afterwards (a notebook keeps its own setting)."""
    before = gc.get_threshold()
    if before[0] >= YOUNG_THRESHOLD:
        yield
        return
    gc.set_threshold(*_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Within (around forking workers): every object so far is out of the collector's
    reach, so a forked worker's collections never touch, and copy, the pages it inherits."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
