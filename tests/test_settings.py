from pathlib import Path

import pytest

from tifa.errors import ConfigError
from tifa.settings import load_settings


def test_precedence_flags_env_dotenv_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("NEO4J_URI=bolt://dotenv:7687\nNEO4J_USER=fromdotenv\n"
                        "TIFA_BATCH_SIZE=50\n", encoding="utf-8")
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "TIFA_BATCH_SIZE"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings(env_file=env_file)
    assert (s.neo4j_uri, s.neo4j_user, s.batch_size) == ("bolt://dotenv:7687", "fromdotenv", 50)
    monkeypatch.setenv("NEO4J_URI", "bolt://env:7687")
    s = load_settings(env_file=env_file)
    assert s.neo4j_uri == "bolt://env:7687" and s.neo4j_user == "fromdotenv"
    s = load_settings({"neo4j_uri": "falkor://flag:6380", "neo4j_user": None}, env_file=env_file)
    assert s.neo4j_uri == "falkor://flag:6380" and s.neo4j_user == "fromdotenv"
    assert load_settings(env_file=tmp_path / "missing").neo4j_database == "neo4j"


def test_bad_values_and_unknown_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIFA_BATCH_SIZE", "lots")
    with pytest.raises(ConfigError, match="TIFA_BATCH_SIZE must be a whole number"):
        load_settings(env_file=tmp_path / "none")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings({"colour": "red"}, env_file=tmp_path / "none")


def test_password_never_in_repr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2")
    s = load_settings(env_file=tmp_path / "none")
    assert s.neo4j_password == "hunter2" and "hunter2" not in repr(s)
