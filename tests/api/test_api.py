"""The library API on the sample corpus: what a notebook gets equals what the CLI writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tifa.extract.output import passage_dict

import tifa
from tifa.pipeline import Build

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_names_resolve() -> None:
    for name in tifa.__all__:
        assert getattr(tifa, name) is not None
    from tifa.extract import pipeline as stage  # the subpackage of the same name

    assert callable(tifa.extract) and stage.find_sources
    with pytest.raises(AttributeError):
        tifa.no_such_name  # noqa: B018


def test_extract_matches_the_preface(api_build: Build) -> None:
    corpus = api_build.corpus
    assert corpus is not None and not corpus.failures
    book = [p for p in corpus.passages if Path(p.source).name.startswith("000_")]
    assert len(book) == 285  # the preface: 285 excerpts
    assert len({p.topic for p in book}) == 9  # … in 9 topics
    dates = sorted(p.speech.date for p in book if p.speech and p.speech.date)
    assert dates[0] == "2013-03-04" and dates[-1].startswith("2020-11-23")


def test_build_has_the_graph_and_records(api_build: Build) -> None:
    b = api_build
    assert len(b.passages) == b.summary()["nodes"]["Passage"]
    assert {s["id"] for s in b.speeches} == {n for n, a in b.graph.nodes(data=True)
                                             if a["label"] == "Speech"}
    names = [c["name"] for c in b.concepts]
    assert names == sorted(names) and "网络强国" in names


def test_network_power_is_first_said_on_2014_02_27(api_build: Build) -> None:
    rows = api_build.first_mentions("网络强国")
    first = next(r for r in rows if r["concept"] == "网络强国")
    # 《努力把我国建设成为网络强国》（2014年2月27日）, the book's own citation
    assert first["date"] == "2014-02-27" and first["speech"] == "努力把我国建设成为网络强国"


def test_timeline_counts_a_reprinted_utterance_once(api_build: Build) -> None:
    tl = api_build.timeline("网络强国")
    y2014 = next(y for y in tl.years if y.year == 2014)
    # 2014-02-27 is reprinted in 000, 001 and 002: occurrences exceed utterances
    assert 0 < y2014.utterances < y2014.passages
    assert tl.counts()[2014] == y2014.utterances
    assert all(r["share"] == round(r["utterances"] / r["year_utterances"], 3)
               for r in tl.rows() if r["year_utterances"])


def test_concept_node_counts_utterances_said_by_hand(api_build: Build) -> None:
    """时度效, counted in the texts: 000 l.600 (时、度、效, cited 2014-02-27), 000 l.732 and
    002 l.116 (the same words, cited 2018-04-20), 003 l.896 (a seminar on the fifth
    anniversary of the 2016-04-19 speech: 2021). Four printed passages, three utterances."""
    node = next(a for _, a in api_build.graph.nodes(data=True)
                if a["label"] == "Concept" and a["name"] == "时度效")
    assert (node["passages"], node["utterances"]) == (4, 3)
    assert (node["first_year"], node["last_year"]) == (2014, 2021)
    counts = api_build.timeline("时度效").counts()
    assert sum(counts.values()) == node["utterances"]
    assert {y for y, n in counts.items() if n} == {2014, 2018, 2021}


def test_unknown_concept_is_one_clear_error(api_build: Build) -> None:
    with pytest.raises(tifa.UnknownConcept, match="不存在的提法"):
        api_build.timeline("不存在的提法")
    assert issubclass(tifa.UnknownConcept, tifa.TifaError)


def test_no_text_files_is_a_tifa_error(tmp_path: Path) -> None:
    with pytest.raises(tifa.NoSourcesError, match=str(tmp_path)):
        tifa.build([tmp_path])


def test_build_walks_its_inputs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan that refuses an empty input is the one the files are read from."""
    from tifa.extract import pipeline as stage

    walks: list[list[str]] = []
    scan = stage.scan_sources

    def counted(paths: list[str], **kw: object) -> stage.SourceScan:
        walks.append([str(p) for p in paths])
        return scan(paths, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "scan_sources", counted)
    good = "data/corpus/004_6555140d0db160fb.txt"
    b = tifa.build([good, good, tmp_path / "missing.txt"], lexicon=None)
    assert walks == [[good, good, str(tmp_path / "missing.txt")]]
    assert b.corpus is not None and {e.source.path for e in b.corpus.extractions} == {good}
    assert [f.path for f in b.corpus.failures] == [f"{tmp_path.as_posix()}/missing.txt"]
    assert b.corpus.notes == (f"{good}: named more than once, read once",)


def test_write_then_read_build_round_trips(api_build: Build, tmp_path: Path) -> None:
    files = api_build.write(tmp_path, top=2)
    assert tmp_path / "graph.json" in files and tmp_path / "report.html" in files
    back = tifa.read_build(tmp_path)
    assert set(back.graph.nodes) == set(api_build.graph.nodes)
    written = [passage_dict(p) for p in api_build.passages]
    assert [passage_dict(p) for p in back.passages] == written
    assert back.timeline("网络安全") == api_build.timeline("网络安全")
    assert [passage_dict(p) for p in tifa.read_passages(tmp_path / "passages.jsonl")] == written


def test_read_build_of_a_broken_graph_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_text('{"nodes": [', encoding="utf-8")
    with pytest.raises(tifa.TifaError, match=r"graph\.json"):
        tifa.read_build(tmp_path)
    with pytest.raises(tifa.TifaError, match=r"x\.jsonl:2: not a passage record"):
        (tmp_path / "x.jsonl").write_text('\n{"id": 1}\n', encoding="utf-8")
        tifa.read_passages(tmp_path / "x.jsonl")


def test_the_api_prints_nothing(tmp_path: Path) -> None:
    code = ("import tifa; b = tifa.build(['data/corpus/004_6555140d0db160fb.txt']); "
            f"b.write({str(tmp_path)!r}, top=1); b.timeline('网络安全')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert (out.stdout, out.stderr) == ("", "")


def test_extract_writes_what_the_cli_writes(api_build: Build, corpus_dir: Path,
                                            tmp_path: Path) -> None:
    assert api_build.corpus is not None
    api_build.corpus.write(tmp_path / "api.jsonl")
    subprocess.run([sys.executable, "-m", "tifa.cli", "extract", str(corpus_dir), "-q",
                    "-o", str(tmp_path / "cli.jsonl")], cwd=ROOT, check=True,
                   capture_output=True)
    api = [json.loads(x) for x in (tmp_path / "api.jsonl").read_text("utf-8").splitlines()]
    cli = [json.loads(x) for x in (tmp_path / "cli.jsonl").read_text("utf-8").splitlines()]
    assert api == cli and api


def test_progress_is_a_callback(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    tifa.extract(["data/corpus/004_6555140d0db160fb.txt"], concepts=False,
                 progress=lambda step, done, total, _label: seen.append((step, done, total)))
    assert ("extract", 0, 1) in seen and ("extract", 1, 1) in seen


def test_rollup_counts_narrower_concepts_in_their_own_column(api_build: Build) -> None:
    plain = api_build.timeline("网络安全")
    rolled = api_build.timeline("网络安全", rollup=True)
    assert [y.utterances for y in rolled.years] == [y.utterances for y in plain.years]
    # 没有网络安全就没有国家安全 (lexicon: broader 网络安全) was said on 2014-02-27
    y2014 = next(y for y in rolled.years if y.year == 2014)
    assert y2014.narrower and y2014.narrower >= 1
    assert y2014.with_narrower is not None
    assert max(y2014.utterances, y2014.narrower) <= y2014.with_narrower \
        <= y2014.utterances + y2014.narrower
    assert "narrower" not in plain.rows()[0] and "narrower" in rolled.rows()[0]


def test_year_matrix_is_every_mentioned_concept_by_year(api_build: Build) -> None:
    m = api_build.year_matrix()
    mentioned = sorted(c["name"] for c in api_build.concepts if c.get("passages"))
    assert [name for name, _ in m.rows] == mentioned
    assert list(m.years) == sorted(m.years) and 2014 in m.years
    assert m.get("网络强国") == api_build.timeline("网络强国").counts()
    assert m.records()[0]["concept"] == mentioned[0]


def test_to_pandas_gives_the_same_tables(api_build: Build) -> None:
    frames = api_build.to_pandas()
    assert len(frames["passages"]) == len(api_build.passages)
    assert "speech.title" in frames["passages"].columns
    assert len(frames["speeches"]) == len(api_build.speeches)
    matrix = frames["year_matrix"]
    assert matrix.loc["网络强国"].to_dict() == api_build.timeline("网络强国").counts()
    timeline = api_build.timeline("网络强国").to_pandas()
    assert timeline["utterances"].to_dict() == api_build.timeline("网络强国").counts()
