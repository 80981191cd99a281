"""Bad configuration is a usage error (exit 2), one line naming the setting or file; a graph
folder that is missing or damaged is a file that failed (exit 1), one line naming graph.json.
Nothing here needs a database: every check happens before connecting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

LEXICONS = {
    "malformed": ("- name: [网络\n", ":2: not valid YAML"),
    "duplicate": ("- name: 网络强国\n- name: 网络强国\n", ":2: concept 网络强国 is listed twice"),
    "yaml tag": ('- !!python/object/apply:os.system ["echo hi"]\n', ":1: not valid YAML"),
    "not a list": ("just text\n", ":1: expected a list"),
    "empty name": ('- name: ""\n', ":1: name must be non-empty"),
}


@pytest.fixture(scope="module")
def built(cli: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    res = cli.tifa("build", str(cli.good), "-o", str(out), "-q", "--format", "json")
    assert res.returncode == 0, res.stderr
    return out


@pytest.mark.parametrize("command", ["extract", "build", "load"])
@pytest.mark.parametrize("case", sorted(LEXICONS))
def test_a_bad_lexicon_is_one_line_exit_2_everywhere(cli: Any, case: str, command: str,
                                                     tmp_path: Path) -> None:
    text, said = LEXICONS[case]
    lexicon = tmp_path / "my lexicon.yaml"
    lexicon.write_text(text, "utf-8")
    extra = {"build": ["-o", str(tmp_path / "o")], "load": ["--uri", "bolt://127.0.0.1:9"]}
    res = cli.tifa(command, str(cli.good), "--lexicon", str(lexicon), *extra.get(command, []))
    cli.fails_cleanly(res, 2, f"{lexicon}{said}")
    assert not (tmp_path / "o").exists()


def test_an_empty_lexicon_adds_nothing(cli: Any, tmp_path: Path) -> None:
    lexicon = tmp_path / "empty.yaml"
    lexicon.write_text("", "utf-8")
    with_empty = cli.tifa("extract", str(cli.good), "--lexicon", str(lexicon), "-q")
    without = cli.tifa("extract", str(cli.good), "-q")
    assert with_empty.returncode == 0 and with_empty.stdout == without.stdout


@pytest.mark.parametrize(("uri", "said"), [
    ("ftp://example.org", "use bolt://"),
    ("falkor://127.0.0.1:99999", "not a valid host:port"),
    ("bolt://", "not a valid host:port"),
    ("bolt://127.0.0.1:7687x", "not a valid host:port"),
    ("localhost:7687", "use bolt://"),
])
@pytest.mark.parametrize("command", ["load", "query"])
def test_a_bad_uri_is_usage(cli: Any, uri: str, said: str, command: str, built: Path) -> None:
    args = ([str(built)] if command == "load"
            else ["concept_timeline", "-p", "concept=网络安全"])
    res = cli.tifa(command, *args, "--uri", uri)
    cli.fails_cleanly(res, 2, said)


@pytest.mark.parametrize(("env", "flag", "said"), [
    ({"TIFA_BATCH_SIZE": "0"}, [], "TIFA_BATCH_SIZE must be at least 1"),
    ({"TIFA_BATCH_SIZE": "abc"}, [], "TIFA_BATCH_SIZE must be a whole number"),
    ({}, ["--batch-size", "0"], "--batch-size"),
    ({}, ["--batch-size", "abc"], "--batch-size"),
])
def test_a_bad_batch_size_is_usage(cli: Any, env: dict[str, str], flag: list[str], said: str,
                                   built: Path) -> None:
    res = cli.tifa("load", str(built), "--uri", "bolt://127.0.0.1:9", *flag, env=env)
    cli.fails_cleanly(res, 2, said)


GRAPH_FILES = {
    "missing": None,
    "empty": b"",
    "truncated": b'{"directed": true, "multigraph": true, "nodes": [{"id": "a", "lab',
    "binary": bytes(range(256)) * 4,
    "a list": b"[]",
    "no edges": b'{"nodes": []}',
    "node without label": b'{"nodes": [{"id": "a"}], "edges": []}',
    "edge to nowhere": b'{"nodes": [{"id": "a", "label": "Concept"}], '
                       b'"edges": [{"source": "a", "target": "b", "type": "BROADER"}]}',
}


@pytest.mark.parametrize("command", ["load", "ask"])
@pytest.mark.parametrize("case", sorted(GRAPH_FILES))
def test_a_damaged_build_folder_is_one_line_exit_1(cli: Any, case: str, command: str,
                                                   built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "neo4j").mkdir(parents=True)
    for name in ("neo4j/README.md", "passages.jsonl", "report.html"):
        (out / name).write_bytes((built / name).read_bytes())
    content = GRAPH_FILES[case]
    if content is not None:
        (out / "graph.json").write_bytes(content)
    if command == "load":  # the graph is read before connecting: no database is reached
        res = cli.tifa("load", str(out), "--uri", "bolt://127.0.0.1:9")
    else:
        res = cli.tifa("ask", "concept_timeline", "--graph", str(out), "-p", "concept=网络安全")
    cli.fails_cleanly(res, 1, f"{out}/graph.json")
    assert "README" not in res.stderr + res.stdout


@pytest.mark.parametrize(("param", "said"), [
    ("text=", "parameter text is empty"),
    ("text=   ", "parameter text is empty"),
    (b"text=\xff\xfe".decode("utf-8", "surrogateescape"), "not valid UTF-8"),
    ("txt=网络", "has no parameter 'txt'"),
])
def test_a_bad_query_parameter_is_usage(cli: Any, param: str, said: str, built: Path) -> None:
    res = cli.tifa("ask", "quote_origin", "--graph", str(built), "-p", param)
    cli.fails_cleanly(res, 2, said)
    assert res.stdout == ""


@pytest.mark.parametrize("spelling", ["網絡安全", "網路安全"])
def test_traditional_and_taiwan_concept_names_find_the_same_rows(cli: Any, spelling: str,
                                                                 built: Path) -> None:
    simplified = cli.tifa("ask", "concept_timeline", "--graph", str(built),
                          "-p", "concept=网络安全", "-f", "json")
    other = cli.tifa("ask", "concept_timeline", "--graph", str(built),
                     "-p", f"concept={spelling}", "-f", "json")
    assert simplified.returncode == other.returncode == 0
    assert other.stdout == simplified.stdout and '"year"' in simplified.stdout


@pytest.mark.parametrize(("name", "read"), [
    ("核心技术", "核心技术"),  # a mainland word Taiwan usage would turn into 内核技术: kept
    ("核心技術", "核心技术"),  # printed in Traditional: only the script changes
    ("智慧城市", "智慧城市"),  # 智慧 is not 智能 here
    ("網路安全", "网络安全"),  # Taiwan vocabulary printed in Traditional: converted
    ("資訊化", "信息化"),
])
def test_concept_parameters_are_read_as_the_text_is(name: str, read: str) -> None:
    from tifa.queries.library import mainland

    assert mainland(name) == read
