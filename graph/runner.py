"""One small interface to a graph database: run a parameterised statement, get counters/rows.

Two implementations: Neo4j through the official `neo4j` driver (managed transactions, so
the driver retries transient errors), and FalkorDB through its official `falkordb` client
(native protocol). `open_runner(uri, …)` picks by scheme: bolt://, neo4j:// (and +s/+ssc)
→ Neo4j; falkor://, falkors://, redis:// → FalkorDB.

`runner.transaction()` runs several statements as one: on Neo4j one explicit transaction
(all or nothing; no retries); FalkorDB has no multi-statement transactions, so there each
statement still commits on its own and callers keep their statements idempotent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import urlparse

from tifa.errors import TifaError
from tifa.settings import redact

Access = Literal["read", "write"]
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
FALKOR_SCHEMES = ("falkor", "falkors", "redis", "rediss")
COUNTER_NAMES = ("nodes_created", "nodes_deleted", "relationships_created",
                 "relationships_deleted", "properties_set", "labels_added", "indexes_added")


class GraphConnectionError(TifaError):
    """The database cannot be reached, or refused the credentials."""


class StatementError(TifaError):
    """The database rejected a statement."""


class EmptyGraphError(TifaError):
    """The graph was never loaded (or was wiped): there is nothing to ask."""


EMPTY = "the graph is empty: run tifa load first"


@dataclass(frozen=True)
class Result:
    """What a statement returned: rows as dicts, and the server's update counters."""

    rows: tuple[dict[str, Any], ...] = ()
    counters: Mapping[str, int] = field(default_factory=dict)


class Statements(Protocol):
    """Runs one statement with parameters (a runner, or a transaction of one)."""

    backend: str
    uri: str

    def run(self, statement: str, params: Mapping[str, Any] | None = None, *,
            access: Access = "write") -> Result: ...


class Runner(Statements, Protocol):
    """Runs one statement with parameters in a read or write transaction."""

    def transaction(self) -> AbstractContextManager[Statements]: ...

    def close(self) -> None: ...


class Neo4jRunner:
    """A Runner over the official neo4j driver; write/read use managed transactions."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str | None, password: str | None, *,
                 database: str | None = None) -> None:
        import neo4j
        from neo4j import exceptions as nx

        self.uri = uri
        self.database = database or None
        auth = (user, password or "") if user else None
        try:
            # no notifications: the driver would log each (e.g. "property key does not
            # exist" on a graph never loaded) to stderr, around tifa's one-line errors
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth,
                                                      notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except nx.AuthError:
            raise GraphConnectionError(
                f"Neo4j at {redact(uri)} refused the user name or password "
                "(check NEO4J_USER / NEO4J_PASSWORD in .env)") from None
        except (nx.ServiceUnavailable, OSError, ValueError, nx.DriverError) as exc:
            raise GraphConnectionError(
                f"cannot reach Neo4j at {redact(uri)} — is it running? "
                f"try: docker compose up -d --wait ({type(exc).__name__})") from None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the driver's exceptions into tifa's one-line errors."""
        from neo4j import exceptions as nx

        try:
            yield
        except (nx.ServiceUnavailable, nx.SessionExpired, nx.IncompleteCommit):
            raise GraphConnectionError(
                f"lost the connection to Neo4j at {redact(self.uri)}") from None
        except (nx.CypherSyntaxError, nx.ClientError, nx.DatabaseError) as exc:
            first = (exc.message or str(exc)).strip().splitlines()[0]  # not the caret lines
            raise StatementError(f"Neo4j rejected a statement: {first}") from None

    def run(self, statement: str, params: Mapping[str, Any] | None = None, *,
            access: Access = "write") -> Result:
        """Return the rows and counters of `statement` run in a managed transaction."""
        def work(tx: Any) -> Result:
            return _neo4j_result(tx.run(statement, dict(params or {})))

        with self._errors(), self._driver.session(database=self.database) as session:
            if access == "read":
                return session.execute_read(work)
            return session.execute_write(work)

    @contextmanager
    def transaction(self) -> Iterator[Statements]:
        """Yield a runner whose statements commit together at the end, or not at all."""
        with self._errors(), self._driver.session(database=self.database) as session, \
                session.begin_transaction() as tx:
            yield _Neo4jTransaction(self, tx)

    def close(self) -> None:
        self._driver.close()


def _neo4j_result(res: Any) -> Result:
    rows = tuple(record.data() for record in res)
    c = res.consume().counters
    return Result(rows, {name: int(getattr(c, name, 0) or 0) for name in COUNTER_NAMES})


class _Neo4jTransaction:
    """The statements of one explicit Neo4j transaction (see `Neo4jRunner.transaction`)."""

    backend = "neo4j"

    def __init__(self, runner: Neo4jRunner, tx: Any) -> None:
        self.uri, self._runner, self._tx = runner.uri, runner, tx

    def run(self, statement: str, params: Mapping[str, Any] | None = None, *,
            access: Access = "write") -> Result:
        """Return the rows and counters of `statement`, run inside the transaction."""
        with self._runner._errors():
            return _neo4j_result(self._tx.run(statement, dict(params or {})))


class FalkorRunner:
    """A Runner over the official falkordb client (native protocol) for one graph."""

    backend = "falkordb"

    def __init__(self, uri: str, *, graph: str = "tifa", password: str | None = None) -> None:
        from falkordb import FalkorDB
        from redis import exceptions as rx

        self.uri = uri
        parsed = urlparse(uri)
        self.graph_name = graph
        try:
            self._db = FalkorDB(host=parsed.hostname or "127.0.0.1", port=parsed.port or 6379,
                                password=parsed.password or password or None,
                                ssl=parsed.scheme in ("falkors", "rediss"))
            self._db.connection.ping()
        except rx.AuthenticationError:
            raise GraphConnectionError(
                f"FalkorDB at {redact(uri)} refused the password") from None
        except (rx.ConnectionError, OSError) as exc:
            raise GraphConnectionError(
                f"cannot reach FalkorDB at {redact(uri)} — is it running? "
                f"try: tifa db start ({type(exc).__name__})") from None
        self._graph = self._db.select_graph(graph)

    def run(self, statement: str, params: Mapping[str, Any] | None = None, *,
            access: Access = "write") -> Result:
        """Return the rows and counters of `statement` (read-only queries use GRAPH.RO_QUERY)."""
        from redis import exceptions as rx

        try:
            if access == "read":
                res = self._graph.ro_query(statement, dict(params or {}))
            else:
                res = self._graph.query(statement, dict(params or {}))
        except (rx.ConnectionError, rx.TimeoutError, OSError):
            raise GraphConnectionError(
                f"lost the connection to FalkorDB at {redact(self.uri)}") from None
        except rx.ResponseError as exc:
            if "empty key" in str(exc):  # a read of a graph no write ever created
                raise EmptyGraphError(f"{EMPTY} (graph {self.graph_name!r} at "
                                      f"{redact(self.uri)})") from None
            raise StatementError(f"FalkorDB rejected a statement: {exc}") from None
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        rows = tuple(dict(zip(header, row, strict=False)) for row in (res.result_set or []))
        counters = {name: int(getattr(res, name, 0) or 0) for name in COUNTER_NAMES}
        return Result(rows, counters)

    @contextmanager
    def transaction(self) -> Iterator[Statements]:
        """Yield this runner: FalkorDB commits every statement on its own."""
        yield self

    def close(self) -> None:
        self._db.connection.close()


def engine_of(uri: str) -> str:
    """Return the backend `uri` addresses: "neo4j" (bolt://, neo4j://), "falkordb"
    (falkor://, redis://); GraphConnectionError for any other scheme."""
    scheme = urlparse(uri).scheme.lower()
    if scheme in NEO4J_SCHEMES:
        return Neo4jRunner.backend
    if scheme in FALKOR_SCHEMES:
        return FalkorRunner.backend
    raise GraphConnectionError(
        f"unknown database address {redact(uri)}: use bolt://, neo4j:// or falkor://host:port")


def open_runner(uri: str, *, user: str | None = None, password: str | None = None,
                database: str | None = None) -> Runner:
    """Return a Runner for `uri`: Neo4j for bolt:// and neo4j://, FalkorDB for falkor://.

    `user`/`password` are Neo4j's; FalkorDB takes a password only from its URI.
    """
    if engine_of(uri) == Neo4jRunner.backend:
        return Neo4jRunner(uri, user, password, database=database)
    # FalkorDB's password is the URI's (falkor://:secret@host:port): NEO4J_PASSWORD
    # belongs to Neo4j, and a FalkorDB without one refuses any AUTH
    return FalkorRunner(uri, graph=database or "tifa")
