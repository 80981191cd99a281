"""Settings: one declarative table, one frozen object; flags > environment > .env > defaults."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse, urlsplit

from dotenv import dotenv_values

from tifa.errors import ConfigError

# bolt://, neo4j:// (with +s/+ssc) for Neo4j; falkor://, redis:// (with s for TLS) for FalkorDB
URI_SCHEME = re.compile(r"(?:bolt|neo4j)(?:\+s|\+ssc)?|(?:falkor|redis)s?")


@dataclass(frozen=True)
class Settings:
    """tifa's configuration. Each field is read from TIFA_<NAME> or NEO4J_<NAME> as listed."""

    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    batch_size: int | None = None  # None: the engine's measured default (graph.load)
    lexicon: str = ""

    def __repr__(self) -> str:  # never show the password
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["neo4j_password"] = "***" if self.neo4j_password else ""
        return f"Settings({shown})"


ENV_NAMES = {
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USER",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
    "batch_size": "TIFA_BATCH_SIZE",
    "lexicon": "TIFA_LEXICON",
}


def load_settings(
    flags: dict[str, object] | None = None, *, env_file: Path | str | None = ".env"
) -> Settings:
    """Return settings from flags (non-None values), then the environment, then .env, then defaults.

    Unknown flag names are rejected with ConfigError.
    """
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    unknown = set(flags) - set(ENV_NAMES)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    dotenv = dotenv_values(env_file) if env_file and Path(env_file).is_file() else {}
    values: dict[str, object] = {}
    for f in fields(Settings):
        env_name = ENV_NAMES[f.name]
        raw = flags.get(f.name, os.environ.get(env_name, dotenv.get(env_name)))
        if raw is None:
            continue
        if f.type in ("int", int, "int | None"):
            try:
                values[f.name] = int(str(raw))
            except ValueError:
                raise ConfigError(f"{env_name} must be a whole number, not {raw!r}") from None
        else:
            values[f.name] = str(raw)
    settings = Settings(**values)  # type: ignore[arg-type]
    check_settings(settings)
    return settings


def check_settings(s: Settings) -> None:
    """Raise ConfigError naming the setting when a value cannot work (not when a server
    is down: that is found on connecting)."""
    if s.batch_size is not None and s.batch_size < 1:
        raise ConfigError(f"TIFA_BATCH_SIZE must be at least 1, not {s.batch_size}")
    uri = urlparse(s.neo4j_uri)
    if not URI_SCHEME.fullmatch(uri.scheme.lower()):
        raise ConfigError(f"NEO4J_URI {redact(s.neo4j_uri)!r}: use bolt://, neo4j:// "
                          "(Neo4j) or falkor:// (FalkorDB) with host:port")
    try:
        port = uri.port
    except ValueError:
        port = -1
    if not uri.hostname or port == -1:
        raise ConfigError(f"NEO4J_URI {redact(s.neo4j_uri)!r}: not a valid host:port "
                          "(the port is a number from 1 to 65535)")


def redact(uri: str) -> str:
    """Return `uri` with any password replaced by *** (for messages and logs).

    Works on any text, a URI with a bad port too; the password ends at the last `@` of the
    address, so one with an `@` in it is hidden whole.
    """
    netloc = urlsplit(uri).netloc
    userinfo, at, host = netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not (at and colon and password):
        return uri
    return uri.replace(netloc, f"{user}:***@{host}", 1)
