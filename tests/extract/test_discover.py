"""Term discovery: finds formulations the lexicon does not know, and writes them back as YAML."""

import re
from pathlib import Path

import pytest
import yaml
from tifa.extract.discover import Candidate, candidates_to_yaml, discover_terms
from tifa.extract.lexicon import Lexicon, load_lexicon

REMOVED = ["网上网下同心圆", "网络空间命运共同体", "互联网+", "关键信息基础设施"]


def corpus_paragraphs(corpus_dir: Path) -> list[tuple[str, int | None, str]]:
    texts = []
    for path in sorted(corpus_dir.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text("utf-8")):
            if para.strip():
                texts.append((path.name, None, para))
    return texts


@pytest.fixture(scope="module")
def reduced() -> Lexicon:
    # A lexicon that never knew these formulations knows none of the longer ones built on
    # them either (互联网+行动, 构建网上网下同心圆 …).
    lexicon = load_lexicon()
    return lexicon.without(c.name for c in lexicon if any(t in c.name for t in REMOVED))


@pytest.fixture(scope="module")
def candidates(corpus_dir: Path, reduced: Lexicon) -> tuple[Candidate, ...]:
    return discover_terms(corpus_paragraphs(corpus_dir), reduced, top=50)


def test_removed_terms_are_rediscovered_in_the_top_50(candidates: tuple[Candidate, ...]) -> None:
    names = [c.name for c in candidates]
    assert len(names) == 50
    for term in REMOVED:
        assert term in names, f"{term} not in the top 50: {names}"


def test_candidates_are_new_and_ranked(candidates: tuple[Candidate, ...], reduced: Lexicon) -> None:
    assert all(reduced.lookup(c.name) is None for c in candidates)
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert len({c.name for c in candidates}) == len(candidates)
    for c in candidates:
        assert 3 <= len(c.name) <= 10
        assert c.freq >= 3 and 1 <= c.docs <= 5
        assert c.first_year is None  # the corpus paragraphs carry no year here
        assert 1 <= len(c.examples) <= 2
        assert all(
            c.name in re.sub(r"\s+", "", e.replace("【", "").replace("】", "")) for e in c.examples
        )


def test_examples_come_from_two_documents_when_possible(candidates: tuple[Candidate, ...]) -> None:
    circle = next(c for c in candidates if c.name == "网络空间命运共同体")
    assert len(circle.examples) == 2
    assert circle.examples[0].split(":")[0] != circle.examples[1].split(":")[0]
    assert "【网络空间命运共同体】" in circle.examples[1]


def test_years_spread_and_first_year() -> None:
    lexicon = load_lexicon()
    texts = [
        ("a", 2019, "要推进数字孪生流域建设。"),
        ("b", 2021, "数字孪生流域要稳步推进。"),
        ("c", 2020, "建设“数字孪生流域”，"),
        ("c", None, "关于数字孪生流域的讨论。"),
        ("d", 2022, "网络安全很重要，数字孪生流域也是。"),
    ]
    found = {c.name: c for c in discover_terms(texts, lexicon, top=10)}
    twin = found["数字孪生流域"]
    assert (twin.freq, twin.docs, twin.years, twin.first_year, twin.quoted) == (5, 4, 4, 2019, 1)
    assert twin.examples[0].startswith("a (2019): ")
    assert "网络安全" not in found


def test_deterministic(corpus_dir: Path, reduced: Lexicon) -> None:
    texts = corpus_paragraphs(corpus_dir)[:300]
    assert discover_terms(texts, reduced, top=20) == discover_terms(texts, reduced, top=20)


def test_yaml_round_trip(tmp_path: Path, candidates: tuple[Candidate, ...]) -> None:
    text = candidates_to_yaml(candidates[:10])
    entries = yaml.safe_load(text)
    assert [e["name"] for e in entries] == [c.name for c in candidates[:10]]
    assert all(e["origin"] == "discovered" and e["category"] is None for e in entries)
    assert "# score" in text and "【" in text
    path = tmp_path / "discovered.yaml"
    path.write_text(text, encoding="utf-8")
    lexicon = load_lexicon([path])
    for c in candidates[:10]:
        concept = lexicon.get(c.name)
        assert concept is not None and concept.origin == "discovered"


def test_empty_input() -> None:
    assert discover_terms([], load_lexicon()) == ()
    assert candidates_to_yaml([]).startswith("# Candidate concepts")
