"""A local Neo4j Community 5.26 from Maven Central: classpath, start, stop, honest status.

For tests, CI and users with Java but no Docker. The Maven module `tools/neo4j-server/`
pins `org.neo4j:neo4j` and `org.neo4j.client:neo4j-browser`; Maven resolves its classpath
once (cached in ~/.m2, listed in `target/classpath.txt`) and compiles its small `main`
(`tifa.neo4j.Server`, DatabaseManagementServiceBuilder with Bolt and HTTP on 127.0.0.1,
usage reporting off). `launch` runs it as its own JVM; `status` says "running" only when
the Bolt port answers a Bolt handshake and the JVM has set the password (its ready file),
"starting" while the JVM lives but is not there yet, and "died" when the recorded process
is gone.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tifa.graph import local_server
from tifa.graph.local_server import State

from tifa.errors import TifaError

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
STATE_FILE = "neo4j.json"
MAIN_CLASS = "tifa.neo4j.Server"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Offer Bolt 5.x (5.0-5.8 as a range) then 4.4, 4.3, 4.2: any Neo4j 5 picks one.
BOLT_VERSIONS = bytes([0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 3, 4, 0, 0, 2, 4])


class Neo4jServerError(TifaError):
    """The local Neo4j could not be built, started, found or stopped."""


@dataclass(frozen=True)
class Neo4jInfo:
    """A local Neo4j process: pid, ports, data directory and whether auth is on."""

    pid: int
    bolt_port: int
    http_port: int
    data_dir: str
    auth: bool = True

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"


def default_data_dir() -> Path:
    """Return the data directory for the local Neo4j (under the user's data directory)."""
    return local_server.default_data_dir("neo4j")


def module_dir() -> Path:
    """Return the Maven module that runs Neo4j (TIFA_NEO4J_MODULE, or the checkout's)."""
    given = os.environ.get("TIFA_NEO4J_MODULE")
    here = Path(__file__).resolve().parent.parent / "tools" / "neo4j-server"
    path = Path(given) if given else here
    if not (path / "pom.xml").is_file():
        raise Neo4jServerError(
            f"no Maven module for Neo4j at {path}: run from a checkout of tifa, or set "
            "TIFA_NEO4J_MODULE to its tools/neo4j-server folder")
    return path


def classpath(module: Path | None = None, *, quiet: bool = True) -> str:
    """Return the server's classpath, resolving it with Maven and compiling the main once."""
    module = module or module_dir()
    listed = module / "target" / "classpath.txt"
    compiled = module / "target" / "classes" / "tifa" / "neo4j" / "Server.class"
    sources = [module / "pom.xml", *sorted((module / "src").rglob("*.java"))]
    newest = max(p.stat().st_mtime for p in sources)
    if not (listed.is_file() and compiled.is_file()
            and min(listed.stat().st_mtime, compiled.stat().st_mtime) >= newest):
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError("Maven (mvn) is needed once to fetch Neo4j: "
                                   "apt-get install maven")
        cmd = [mvn, "-B", *(["-q"] if quiet else []), "-f", str(module / "pom.xml"), "compile",
               "dependency:build-classpath", f"-Dmdep.outputFile={listed}",
               "-Dmdep.includeScope=runtime"]
        done = subprocess.run(cmd, capture_output=quiet, text=True)
        if done.returncode != 0:
            tail = (done.stdout or "")[-2000:] if quiet else ""
            raise Neo4jServerError(f"Maven could not build {module}: {tail.strip()}")
    return f"{module / 'target' / 'classes'}{os.pathsep}{listed.read_text('utf-8').strip()}"


def java() -> str:
    """Return the java executable (JAVA_HOME's, else the one on PATH)."""
    home = os.environ.get("JAVA_HOME")
    exe = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not exe:
        raise Neo4jServerError("Java 17 or newer is needed for the local Neo4j")
    return exe


def bolt_answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Return True if a Bolt server on `port` completes the version handshake."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            reply = s.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def spawn(data_dir: Path, *, bolt_port: int = DEFAULT_BOLT_PORT,
          http_port: int = DEFAULT_HTTP_PORT, auth: bool = True, password: str | None = None,
          heap: str = "1g", post_connect: str | None = None) -> subprocess.Popen[bytes]:
    """Start the Neo4j JVM and return its process at once (see `wait_until_running`)."""
    if auth and (not password or len(password) < 8):
        raise Neo4jServerError("set NEO4J_PASSWORD (8 characters or more) in .env or the "
                               "environment, or start with --no-auth")
    cp = classpath()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_PASSWORD": password or ""}
    if post_connect:
        env["TIFA_BROWSER_POST_CONNECT"] = post_connect
    args = [java(), f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8",
            "-cp", cp, MAIN_CLASS, str(data_dir), str(bolt_port), str(http_port)]
    if not auth:
        args.append("--no-auth")
    log = open(data_dir / "server.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    log.close()
    return proc


def wait_until_running(pid: int, bolt_port: int, data_dir: Path, *,
                       timeout: float = 180.0) -> None:
    """Return once Bolt answers on `bolt_port`; raise if the JVM dies or time runs out."""
    local_server.wait_for(
        lambda: _ready(pid, data_dir) and bolt_answers(bolt_port), pid, timeout=timeout,
        exited=lambda: Neo4jServerError(f"Neo4j exited at start; see {data_dir / 'server.log'}: "
                                        + _log_tail(data_dir)),
        late=lambda: Neo4jServerError(f"Neo4j did not answer Bolt on port {bolt_port} within "
                                      f"{timeout:.0f}s; see {data_dir / 'server.log'}"))


def _ready(pid: int, data_dir: Path) -> bool:
    """Return True once the JVM `pid` wrote its ready file (its password is set)."""
    try:
        return int((data_dir / "tifa-ready").read_text().strip()) == pid
    except (OSError, ValueError):
        return False


def _log_tail(data_dir: Path) -> str:
    try:
        lines = (data_dir / "server.log").read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    errors = [ln for ln in lines if "Exception" in ln or "must" in ln or "Error" in ln]
    return (errors or lines or [""])[-1][:300]


def launch(data_dir: Path, **options: object) -> subprocess.Popen[bytes]:
    """Start Neo4j and return its process once Bolt answers (for tests and scripts)."""
    proc = spawn(data_dir, **options)  # type: ignore[arg-type]
    try:
        wait_until_running(proc.pid, int(str(options.get("bolt_port", DEFAULT_BOLT_PORT))),
                           data_dir)
    except Neo4jServerError:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        raise
    return proc


def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def status(data_dir: Path | None = None) -> tuple[State, Neo4jInfo | None]:
    """Return the local Neo4j's state and its record (None if it was never started)."""
    return local_server.recorded_state(
        _state_path(data_dir or default_data_dir()), Neo4jInfo,
        lambda info: _ready(info.pid, Path(info.data_dir)) and bolt_answers(info.bolt_port))


def start(data_dir: Path | None = None, *, bolt_port: int = DEFAULT_BOLT_PORT,
          http_port: int = DEFAULT_HTTP_PORT, auth: bool = True, password: str | None = None,
          heap: str = "1g", post_connect: str | None = None,
          timeout: float = 180.0) -> Neo4jInfo:
    """Start the local Neo4j (or wait for the one already there) and return it once running."""
    data_dir = (data_dir or default_data_dir()).resolve()
    state, info = status(data_dir)
    if info is not None and state in ("running", "starting"):
        wait_until_running(info.pid, info.bolt_port, data_dir, timeout=timeout)
        return info
    busy = local_server.busy_port(bolt_port, http_port)
    if busy:
        raise Neo4jServerError(f"port {busy} on 127.0.0.1 is already in use: "
                               "choose another with --port / --http-port")
    proc = spawn(data_dir, bolt_port=bolt_port, http_port=http_port, auth=auth,
                 password=password, heap=heap, post_connect=post_connect)
    info = Neo4jInfo(pid=proc.pid, bolt_port=bolt_port, http_port=http_port,
                     data_dir=str(data_dir), auth=auth)
    local_server.write_state(_state_path(data_dir), info)
    wait_until_running(proc.pid, bolt_port, data_dir, timeout=timeout)
    return info


def stop(data_dir: Path | None = None, *, timeout: float = 60.0) -> Neo4jInfo | None:
    """Stop the local Neo4j cleanly (SIGTERM, then SIGKILL after `timeout`); None if none."""
    data_dir = data_dir or default_data_dir()
    state, info = status(data_dir)
    if info is None:
        return None
    _state_path(data_dir).unlink(missing_ok=True)
    if state == "died":
        return None
    local_server.terminate(info.pid, timeout=timeout)
    return info


def admin(*args: str, timeout: float = 1800.0) -> subprocess.CompletedProcess[str]:
    """Run neo4j-admin (`org.neo4j.cli.AdminTool`) from the same classpath."""
    return subprocess.run([java(), "-Xmx1g", "-cp", classpath(), ADMIN_CLASS, *args],
                          capture_output=True, text=True, timeout=timeout)
