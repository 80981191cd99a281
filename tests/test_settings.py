from pathlib import Path

import pytest

from tifa.errors import ConfigError
from tifa.settings import load_settings, redact


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


@pytest.mark.parametrize(("uri", "shown"), [
    ("bolt://neo4j:secret@localhost:7687", "bolt://neo4j:***@localhost:7687"),
    ("falkor://:hunter2@127.0.0.1:6380", "falkor://:***@127.0.0.1:6380"),
    ("bolt://neo4j:p@ss@db.example.org:7687", "bolt://neo4j:***@db.example.org:7687"),
    ("bolt://neo4j:secret@localhost:99999", "bolt://neo4j:***@localhost:99999"),  # bad port
    ("neo4j+s://neo4j@localhost:7687", "neo4j+s://neo4j@localhost:7687"),  # no password
    ("bolt://localhost:7687", "bolt://localhost:7687"),
])
def test_redact_hides_the_password_of_any_address(uri: str, shown: str) -> None:
    assert redact(uri) == shown


def test_one_redact_serves_settings_and_runners(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    from tifa.graph import runner

    assert runner.redact is redact
    monkeypatch.setenv("NEO4J_URI", "bolt://neo4j:p@ss@localhost:99999")
    with pytest.raises(ConfigError) as err:
        load_settings(env_file=tmp_path / "none")
    assert "p@ss" not in str(err.value) and "ss@" not in str(err.value)
    assert "bolt://neo4j:***@localhost:99999" in str(err.value)
