"""What the local servers (FalkorDB, Neo4j) share: ports, processes and their state file.

`tifa db start` records the server's pid and ports in a small JSON file in its data
directory; `status` reads it back and says "not started" (no file), "died" (the process is
gone), "starting" (the process lives but the server does not answer yet) or "running" (it
answers its own protocol, not just a TCP connect).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

from platformdirs import user_data_dir

State = Literal["not started", "starting", "running", "died"]
STATE_EXIT = {"running": 0, "starting": 4}
"""`tifa db status` exit codes: 0 running, 4 starting, 3 otherwise."""

T = TypeVar("T")


def default_data_dir(engine: str) -> Path:
    """Return the data directory of the local `engine` (under the user's data directory)."""
    return Path(user_data_dir("tifa")) / engine


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def busy_port(*ports: int) -> int | None:
    """Return the first of `ports` that something on 127.0.0.1 already holds, or None."""
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return port
    return None


def alive(pid: int) -> bool:
    """Return True if the process `pid` exists and has not exited (a zombie has)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def wait_for(answers: Callable[[], bool], pid: int, *, timeout: float,
             exited: Callable[[], Exception], late: Callable[[], Exception]) -> None:
    """Return once `answers()`; raise `exited()` if `pid` dies first, `late()` at timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            raise exited()
        if answers():
            return
        time.sleep(0.1)
    raise late()


def terminate(pid: int, *, timeout: float) -> None:
    """Stop `pid` with SIGTERM, then SIGKILL if it still runs after `timeout` seconds."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


def write_state(path: Path, info: Any) -> None:
    """Record a server's dataclass `info` (pid, ports, …) as JSON at `path`."""
    path.write_text(json.dumps(asdict(info)), encoding="utf-8")


def read_state(path: Path, cls: type[T]) -> T | None:
    """Return the record at `path` as `cls` (keys it does not know are ignored), or None."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in known})


def recorded_state(path: Path, cls: type[T],
                   answers: Callable[[T], bool]) -> tuple[State, T | None]:
    """Return the state of the server recorded at `path` and its record (None: no record).

    "running" needs `answers(record)` (the server's own protocol), not only a live pid.
    """
    info = read_state(path, cls)
    if info is None:
        return "not started", None
    if not alive(info.pid):  # type: ignore[attr-defined]
        return "died", info
    return ("running" if answers(info) else "starting"), info
