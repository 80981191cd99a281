"""One big text file in blocks: the per-block part of reading it, on any map.

What a text file decides as a whole (its lines and watermarks, genre, title, front matter,
script view) is decided first, on the whole file, as for any file. Then the part that only
walks forward is cut into blocks of about `size` characters: an excerpt book's reading of
excerpts and citations (`genres.excerpt_book.read_excerpts`, whose state between two lines
is a `BookState`: topic, whether an excerpt was cut yet, the lines pending), and the concept
count of every passage. Each block is read from the state the reader would be in at its
start if nothing were pending there; the blocks are then checked in order: a block whose
predecessor ended in another state (text pending across the cut, a citation running past
it) is read again from the real state. So the segments, in order, are the one-block run's,
whatever the cuts; the cuts only decide how much runs in parallel.

`map_blocks` is the map the work runs on: the builtin map (`serial`) or a pool's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from tifa.extract.genres.excerpt_book import (
    MAX_CITATION_LINES,
    BookState,
    heading_topic,
    is_heading,
    read_excerpts,
)
from tifa.extract.layout import TextLine

from tifa.records import ConceptMention, ExtractionWarning, Segment

BLOCK_CHARS = 256 * 1024  # characters of text per block (a few hundred passages)

# (kind, payloads) → results in order; kind "read" maps `read_block` over BookBlocks,
# "count" a concept counter over lists of texts.
BlockMap = Callable[[str, Sequence[Any]], Iterable[Any]]


@dataclass(frozen=True)
class BookBlock:
    """Lines [`offset`, `offset` + `stop`) of an excerpt book, with the few lines after them
    a citation starting inside may run on into, and the state assumed at their start."""

    path: str
    lines: tuple[TextLine, ...]
    offset: int
    stop: int
    state: BookState


@dataclass(frozen=True)
class BlockRead:
    """What reading one block found: segments, warnings, the state after it (file indexes)."""

    segments: tuple[Segment, ...]
    warnings: tuple[ExtractionWarning, ...]
    end: BookState


def read_block(block: BookBlock) -> BlockRead:
    """Return the excerpts of one block read from its assumed state (nothing cut at its end)."""
    segments, warnings, end = read_excerpts(block.path, list(block.lines), block.state,
                                            block.stop, final=False)
    return BlockRead(tuple(segments), tuple(warnings), replace(end, at=end.at + block.offset))


def serial(counter: Callable[[str], tuple[ConceptMention, ...]] | None = None) -> BlockMap:
    """Return the map that runs every block in this process (`counter` for "count")."""
    def run(kind: str, payloads: Sequence[Any]) -> Iterable[Any]:
        if kind == "read":
            return map(read_block, payloads)
        if counter is None:
            raise ValueError("no concept counter to count with")
        return ([counter(t) for t in texts] for texts in payloads)
    return run


def cut_points(lines: Sequence[TextLine], start: int, size: int) -> list[int]:
    """Return the line indexes after `start` where a block of about `size` characters ends,
    each moved on (at most 200 lines) to just before a heading or after a citation's last
    line, where nothing is pending; any cut is correct, these only rarely need a re-read."""
    cuts: list[int] = []
    chars = 0
    i = start
    while i < len(lines):
        chars += len(lines[i].text)
        i += 1
        if chars < size:
            continue
        j = i
        while j < min(i + 200, len(lines) - 1) and not (
                is_heading(lines[j].text) or _ends_citation(lines[j - 1].text)):
            j += 1
        if j < len(lines):
            cuts.append(j)
        i, chars = j, 0
    return cuts


def _ends_citation(text: str) -> bool:
    return text.rstrip().endswith(("页", "版", "期", "日）", "日)", "）", ")"))


def read_book(path: str, lines: list[TextLine], state: BookState, *, size: int,
              run: BlockMap) -> tuple[list[Segment], list[ExtractionWarning]]:
    """Return the excerpts of `lines` from `state` to the end read in blocks on `run`:
    the same segments and warnings, in the same order, as one `read_excerpts` call."""
    bounds = [state.at, *cut_points(lines, state.at, size), len(lines)]
    blocks, topic = [], state.topic
    for k, (a, b) in enumerate(pairwise(bounds)):
        assumed = state if k == 0 else BookState(a, topic, False)
        blocks.append(BookBlock(path, tuple(lines[a:b + MAX_CITATION_LINES]), a, b - a,
                                replace(assumed, at=assumed.at - a)))
        for ln in lines[a:b]:
            if is_heading(ln.text):
                topic = heading_topic(ln.text)
    segments: list[Segment] = []
    warnings: list[ExtractionWarning] = []
    real = state
    for block, found in zip(blocks, run("read", blocks), strict=True):
        assumed = replace(block.state, at=block.state.at + block.offset)
        if assumed != real:  # text pending across the cut, or a citation running past it
            redo, more, end = read_excerpts(path, lines, real, block.offset + block.stop,
                                            final=False)
            found = BlockRead(tuple(redo), tuple(more), end)
        segments.extend(found.segments)
        warnings.extend(found.warnings)
        real = found.end
    last, more, _ = read_excerpts(path, lines, real, len(lines))
    return segments + last, warnings + more


def count_concepts(texts: Sequence[str], *, size: int, run: BlockMap
                   ) -> list[tuple[ConceptMention, ...]]:
    """Return the concept count of each text, counted in blocks of about `size` characters."""
    chunks: list[list[str]] = [[]]
    chars = 0
    for t in texts:
        if chars >= size:
            chunks.append([])
            chars = 0
        chunks[-1].append(t)
        chars += len(t)
    return [c for counted in run("count", [c for c in chunks if c]) for c in counted]
