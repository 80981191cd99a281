"""One file read in blocks gives the one-block output, byte for byte (`extract.blocks`)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from tifa.extract.blocks import cut_points, serial
from tifa.extract.layout import text_lines
from tifa.extract.lexicon import Lexicon, load_lexicon
from tifa.extract.output import write_jsonl
from tifa.extract.pipeline import extract_file
from tifa.extract.read import read_source

from tifa.blockpool import block_pool
from tifa.executors import FileJob, concept_counter
from tifa.records import Extraction

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 300 kB of generated documents in one file (as `bench/bench_bigfile.py`)."""
    sys.path.insert(0, str(BENCH))
    bigfile = _bench("bench_bigfile")
    path = tmp_path_factory.mktemp("big") / "big.txt"
    # the sample's pools at every size: with this seed the file's citations outnumber its
    # dash attributions (311 to 172), as in the file these tests were written against
    bigfile.make_file(path, 0.3, seed=3, fixed_pool=True)  # type: ignore[attr-defined]
    return path


def _jsonl(found: list[Extraction]) -> str:
    import io

    out = io.StringIO()
    write_jsonl([p for e in found for p in e.passages], out)
    warnings = [w for e in found for w in e.warnings]
    return out.getvalue() + repr([e.source for e in found]) + repr(warnings)


def test_the_generated_big_file_is_one_excerpt_book(big_file: Path) -> None:
    text = big_file.read_text("utf-8")
    citations = len(re.findall(r"^《[^》]+》（\d{4}年", text, re.M))
    dashes = len(re.findall(r"^——\d{4}年", text, re.M))
    assert citations > 1.5 * dashes  # mostly excerpts with their book citations
    [e] = extract_file(big_file)
    assert isinstance(e, Extraction) and e.source.genre == "excerpt_book"
    assert len(e.passages) > 200


@pytest.mark.parametrize("chars", [500, 3000, 40000])
def test_blocks_of_any_size_give_the_one_block_output(big_file: Path, lexicon: Lexicon,
                                                      chars: int) -> None:
    counter = concept_counter(lexicon)
    whole = extract_file(big_file, concepts=counter)
    blocks = extract_file(big_file, concepts=counter, blocks=serial(counter), block_chars=chars)
    assert _jsonl(blocks) == _jsonl(whole)  # type: ignore[arg-type]


def test_some_cuts_fall_where_text_is_pending_and_are_read_again(big_file: Path) -> None:
    """The cuts are a guess: some land inside an excerpt (commentaries end without a
    citation); the output above is still the same, so those blocks were read again."""
    from tifa.extract.blocks import read_book
    from tifa.extract.genres.excerpt_book import BookState, book_head, read_excerpts

    lines = text_lines(read_source(big_file))
    _, _, start = book_head(lines)
    states: list[BookState] = []
    reads: list[int] = []

    def counting(kind: str, payloads: list) -> list:  # type: ignore[type-arg]
        found = list(serial()(kind, payloads))
        states.extend(b.state for b in payloads)
        reads.append(len(payloads))
        return found

    segments, _ = read_book(str(big_file), lines, BookState(start), size=500, run=counting)
    whole, _, _ = read_excerpts(str(big_file), lines, BookState(start))
    assert segments == whole
    cuts = cut_points(lines, start, 500)
    assert len(cuts) > 50
    pending = 0
    state = BookState(start)
    for b in cuts:
        _, _, state = read_excerpts(str(big_file), lines, state, b, final=False)
        pending += bool(state.pending) or state.at != b
    assert pending > 0  # so the check and the re-read were exercised


def test_real_corpus_files_in_blocks(corpus_dir: Path, lexicon: Lexicon) -> None:
    counter = concept_counter(lexicon)
    for path in sorted(corpus_dir.glob("*.txt")):
        whole = extract_file(path, concepts=counter)
        blocks = extract_file(path, concepts=counter, blocks=serial(counter), block_chars=800)
        assert _jsonl(blocks) == _jsonl(whole), path.name  # type: ignore[arg-type]


def test_a_pool_of_two_gives_the_one_process_output(big_file: Path, lexicon: Lexicon) -> None:
    job = FileJob.of(lexicon)
    whole = extract_file(big_file, concepts=concept_counter(lexicon))
    with block_pool(job, 2) as run:
        pooled = extract_file(big_file, concepts=concept_counter(lexicon), blocks=run,
                              block_chars=20000)
    assert _jsonl(pooled) == _jsonl(whole)  # type: ignore[arg-type]


def test_the_api_reads_one_file_in_blocks_with_jobs(big_file: Path, tmp_path: Path) -> None:
    """`tifa.extract` of one text file with --jobs 2 goes through the block pool: same
    passages file as --jobs 1."""
    import tifa.pipeline as api

    assert api._block_workers([big_file], jobs=2, executor="local") == 2
    assert api._block_workers([big_file, big_file], jobs=2, executor="local") == 1
    one = api.extract([big_file], jobs=1, link=False).write(tmp_path / "one.jsonl")
    two = api.extract([big_file], jobs=2, link=False).write(tmp_path / "two.jsonl")
    assert one.read_bytes() == two.read_bytes()


def test_a_build_of_one_big_file_puts_blocks_and_lookups_on_the_cores(
        big_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`tifa.build` of one text file with --jobs 2 reads it in blocks and answers linking's
    containment lookups in two processes: the files of --jobs 1, byte for byte."""
    from tifa.extract import link_parallel
    from tifa.graph.export import write_node_link_json, write_passages_jsonl

    import tifa.pipeline as api

    used: list[tuple[str, int]] = []
    blocks, link_on = api._OneFileInBlocks.map, link_parallel.link_on

    def spied_blocks(self: Any, files: Any, job: Any) -> Any:
        used.append(("blocks", self.workers))
        return blocks(self, files, job)

    def spied_link_on(executor: Any, extractions: Any, **kw: Any) -> Any:
        used.append(("lookups", executor.workers))
        return link_on(executor, extractions, **kw)

    monkeypatch.setattr(api._OneFileInBlocks, "map", spied_blocks)
    monkeypatch.setattr(link_parallel, "link_on", spied_link_on)
    monkeypatch.setattr(link_parallel, "MIN_QUERIES", 0)  # this small file's lookups too
    written = []
    for jobs in (1, 2):
        b = api.build([big_file], jobs=jobs)
        out = tmp_path / f"jobs{jobs}"
        out.mkdir()
        written.append((write_passages_jsonl(b.passages, out / "passages.jsonl").read_bytes(),
                        write_node_link_json(b.graph, out / "graph.json").read_bytes()))
    assert used == [("blocks", 2), ("lookups", 2)]  # jobs=1 used neither
    assert written[0] == written[1]
    assert written[0][0].count(b"\n") > 100
