"""The scale benchmark's corpus generator: documents that really differ, sizes that grow."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from tifa.extract.pipeline import extract_paths

from tifa.records import Extraction

BENCH = Path(__file__).resolve().parent.parent / "bench"
_spec = importlib.util.spec_from_file_location("corpus_gen", BENCH / "corpus_gen.py")
assert _spec is not None and _spec.loader is not None
corpus_gen = importlib.util.module_from_spec(_spec)
sys.modules["corpus_gen"] = corpus_gen  # dataclasses look their module up by name
_spec.loader.exec_module(corpus_gen)

CITATION = re.compile(r"^《[^》]+》（\d{4}年\d{1,2}月\d{1,2}日），《")
DASH = re.compile(r"^——\d{4}年\d{1,2}月\d{1,2}日，在.+上的讲话$")


def test_pool_holds_the_sample_sentences() -> None:
    pool = corpus_gen.sentence_pool()
    # a sentence of 000's first excerpt, as printed there
    assert "我多次讲，过不了互联网这一关，就过不了长期执政这一关。" in pool
    assert len(pool) > 500 and len(set(pool)) == len(pool)
    assert not any("《" in s or s.startswith("——") for s in pool)


def test_documents_differ_and_sizes_grow(tmp_path: Path) -> None:
    small = corpus_gen.generate(tmp_path / "a", 20, seed=1)
    large = corpus_gen.generate(tmp_path / "b", 200, seed=1)
    texts = [p.read_text("utf-8") for p in large]
    assert len(small) == 20 and len(large) == 200 and len(set(texts)) == 200
    size_small = sum(p.stat().st_size for p in small)
    size_large = sum(p.stat().st_size for p in large)
    assert 6 < size_large / size_small < 14
    lines = [ln for t in texts for ln in t.splitlines()]
    # citations and dash attributions name many distinct speeches on many distinct days
    cited = {ln for ln in lines if CITATION.match(ln) or DASH.match(ln)}
    days = {m.group() for ln in cited if (m := re.search(r"\d{4}年\d{1,2}月\d{1,2}日", ln))}
    assert len(days) > 150
    # bodies: most paragraphs are new texts, some are printed more than once (reprints)
    body = [ln for ln in lines if len(ln) > 30 and not ln.startswith(("《", "——", "#"))]
    repeated = len(body) - len(set(body))
    assert 0.03 * len(body) < repeated < 0.4 * len(body)


def test_same_seed_same_files(tmp_path: Path) -> None:
    a = corpus_gen.generate(tmp_path / "a", 15, seed=7)
    b = corpus_gen.generate(tmp_path / "b", 15, seed=7)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_tifa_reads_each_citation_as_a_dated_speech(tmp_path: Path) -> None:
    paths = corpus_gen.generate(tmp_path, 30, seed=2)
    attributions = sum(1 for p in paths for ln in p.read_text("utf-8").splitlines()
                       if CITATION.match(ln) or DASH.match(ln))
    found = [e for e in extract_paths(paths) if isinstance(e, Extraction)]
    dated = [p for e in found if e.source.genre in ("excerpt_book", "news_compilation")
             for p in e.passages if p.speech and p.speech.date]
    assert len(dated) == attributions


def test_the_scale_benchmark_measures_every_stage_of_a_small_corpus(tmp_path: Path) -> None:
    """`bench/bench_scale.py --measure` (the child each size runs in) builds a generated
    corpus stage by stage and reports what it found: it must run as tifa is now."""
    import json
    import subprocess

    corpus_gen.generate(tmp_path / "corpus", 20, seed=1)
    run = subprocess.run([sys.executable, str(BENCH / "bench_scale.py"), "--measure",
                          str(tmp_path / "corpus")], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    measured = json.loads(run.stdout.splitlines()[-1])
    assert measured["documents"] == 20
    assert set(measured["cpu"]) == {"start-up", "read", "segment", "concepts", "link",
                                    "graph", "write", "report"}
    assert measured["passages"] > 20 and set(measured["jobs_wall"]) == {"1", "2"}


def _recurrence(paths: list[Path]) -> float:
    """Occurrences per distinct sentence in the bodies of generated documents."""
    sentences = [s for p in paths for ln in p.read_text("utf-8").splitlines()
                 if len(ln) > 30 and not ln.startswith(("《", "——", "#"))
                 for s in re.findall(r"[^。！？“”]+[。！？]", ln.split("强调，", 1)[-1])]
    return len(sentences) / len(set(sentences))


def test_a_larger_corpus_draws_from_larger_pools(tmp_path: Path) -> None:
    """Ten times the documents, ten times the distinct sentences: each recurs about as
    often as in the smaller corpus. With one fixed pool, ever more often."""
    small = _recurrence(corpus_gen.generate(tmp_path / "s", 60, seed=4))
    large = _recurrence(corpus_gen.generate(tmp_path / "l", 600, seed=4))
    fixed_small = _recurrence(corpus_gen.generate(tmp_path / "fs", 60, seed=4, fixed_pool=True))
    fixed_large = _recurrence(corpus_gen.generate(tmp_path / "fl", 600, seed=4,
                                                  fixed_pool=True))
    assert 0.8 < large / small < 1.2
    assert fixed_large / fixed_small > 1.3


def test_pools_at_the_reference_size_are_the_sample_s() -> None:
    pool = corpus_gen.sentence_pool()
    fixed = corpus_gen.Generator(pool, corpus_gen.REFERENCE, 0, fixed_pool=True)
    grown = corpus_gen.Generator(pool, corpus_gen.REFERENCE, 0)
    assert grown.pool == pool and grown.clauses == fixed.clauses
    larger = corpus_gen.Generator(pool, 3 * corpus_gen.REFERENCE, 0)
    assert len(set(larger.pool)) == 3 * len(pool) and set(pool) <= set(larger.pool)
    assert len(set(larger.clauses)) == 3 * len(fixed.clauses)
    smaller = corpus_gen.Generator(pool, corpus_gen.REFERENCE // 10, 0)
    assert len(smaller.pool) == round(len(pool) / 10) and set(smaller.pool) <= set(pool)
