"""An on-disk cache in the user cache directory, keyed by the hash of what a value is made of.

`cached(kind, parts, build)` returns the value pickled under the SHA-256 of `parts` (file
contents, the source of the code that builds it, library versions), or builds and stores it.
A missing, unreadable or stale entry only costs a rebuild; a cache that cannot be written
(read-only home, full disk) is skipped silently. Entries never expire on their own: a change
in any part gives a new key. Delete the folder (`cache_dir()`) to reclaim the space.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from platformdirs import user_cache_dir

T = TypeVar("T")


def cache_dir() -> Path:
    """Return the folder of tifa's cache (platformdirs' user cache dir, e.g. ~/.cache/tifa)."""
    return Path(user_cache_dir("tifa"))


def source_of(*modules: object) -> list[bytes]:
    """Return the source bytes of `modules`, so a change in their code gives a new key."""
    return [Path(str(getattr(m, "__file__", ""))).read_bytes() for m in modules]


def cached(kind: str, parts: Iterable[bytes], build: Callable[[], T]) -> T:
    """Return the value stored for `parts` under `kind`, or `build()` it and store it."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    path = cache_dir() / f"{kind}-{digest.hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as f:
            value: T = pickle.load(f)
            return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
