"""Generate test corpora of any size whose documents really differ, from the sample's sentences.

A scale benchmark that copies one corpus N times measures dictionary lookups, not linking:
every copy has the same texts and the same speeches. This generator recombines a large pool
of real sentences (every sentence of data/corpus's bodies, split at 。！？; half the sentences
of a new text are themselves new, made of real clauses split at ，；：, so formulae recur as in
real political prose while no two texts are the same) into new texts, and prints them in
the layouts tifa reads, with the citation and attribution patterns of the sample:

- excerpt books: excerpts each followed by
  ``《title》（2016年4月19日），《习近平谈治国理政》第二卷，外文出版社2017年版，第336页``;
- news compilations: excerpts each followed by ``——2016年4月19日，在…座谈会上的讲话``;
- commentaries: paragraphs quoting ``习近平总书记强调，“…”``, closed by a newspaper line
  ``《 人民日报 》( 2024年02月27日 10 版)``.

The sentences and clauses drawn from grow with the corpus too (`REFERENCE`): a corpus ten
times larger holds about ten times the distinct sentences (a real corpus's sentences are
nearly all its own), so each formula recurs about as often in a corpus of any size. At
10³ documents the pools are the sample's 885 sentences and 2,424 clauses; a smaller
corpus draws from a seeded subset of them, a larger one adds new clauses spliced from two
real ones (the head of one, the tail of another) and new sentences of 2–4 of those clauses.
With one fixed pool (`--fixed-pool`, how this generator worked before) every sentence
recurred ten times as often at 10⁴ documents as at 10³, so the texts holding any one of
them, and with them the true containments linking must report, grew with the square of
the corpus (84,070 quotes at 10⁴ documents against 3,656 at 10³, for 10× the passages).

Speeches (a title, an occasion, a day between 2012-11 and 2023-12) grow with the corpus, so
the speeches per day, the n-gram index and the speech variants grow too. A share of the
excerpts are reprints of texts already printed (`REPRINT`, like the sample's 397
occurrences of 322 utterances), some cut to their first sentences and some with one
character misprinted, and most commentary quotations are texts printed elsewhere, so
linking has real reprints, cuts, OCR slips and quotations to trace. Everything is drawn from
a seeded random generator: the same size and seed give the same files.

    python bench/corpus_gen.py OUT_DIR --documents 1000 [--seed 0] [--fixed-pool]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
REPRINT = 0.2  # share of excerpts that print a text already printed elsewhere
CUT = 0.3  # share of reprints that keep only the first sentences
MISPRINT = 0.1  # share of reprints with one character misprinted
NEW_SENTENCE = 0.5  # share of sentences made anew of real clauses (the rest are real ones)
QUOTED = 0.7  # share of commentary quotations that quote a printed text
REFERENCE = 1000  # documents whose pools are the sample's sentences and clauses, as they are
FIRST_DAY = date(2012, 11, 15)
DAYS = (date(2023, 12, 31) - FIRST_DAY).days
_SENTENCE = re.compile(r"[^。！？]+[。！？]")
_CLAUSE = re.compile(r"[\u4e00-\u9fff]{6,16}")
_PART = re.compile(r"[，；：]")
_CITATION_MARKS = re.compile(r"[《》—]|^\s*[(（]?\d|第.{1,3}[页版]|出版社|^#|^\*\*")
_OCCASIONS = ("座谈会", "工作会议", "专题研讨班", "全体会议", "调研考察")
_BOOKS = (("习近平谈治国理政", ("第一卷", "第二卷", "第三卷", "第四卷"), "外文出版社"),
          ("论党的宣传思想工作", ("",), "中央文献出版社"),
          ("习近平关于网络强国论述摘编", ("",), "中央文献出版社"))
_PAPERS = ("人民日报", "光明日报", "经济日报")


def sentence_pool(corpus: Path = CORPUS) -> list[str]:
    """Return the distinct sentences (12–150 characters) of the body paragraphs of `corpus`."""
    seen: dict[str, None] = {}
    for path in sorted(corpus.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text("utf-8")):
            line = "".join(part.strip() for part in para.splitlines())
            if len(line) < 20 or _CITATION_MARKS.search(line) or "习近平" in line:
                continue
            for s in _SENTENCE.findall(line.replace(" ", "")):
                if 12 <= len(s) <= 150 and "“" not in s and "”" not in s:
                    seen[s] = None
    return list(seen)


@dataclass
class Speech:
    """One generated speech: title, occasion, day, and the texts printed from it so far."""

    title: str
    occasion: str
    day: date
    texts: list[str] = field(default_factory=list)


def scaled(items: list[str], documents: int, rng: random.Random,
           make: Callable[[random.Random], str]) -> list[str]:
    """Return a pool of len(items) · documents / REFERENCE distinct strings (at least one):
    a seeded subset of `items` for a smaller corpus, `items` and new strings from `make`
    for a larger one, `items` themselves at REFERENCE documents."""
    want = max(1, round(len(items) * documents / REFERENCE))
    if want < len(items):
        return sorted(rng.sample(items, want))
    grown = dict.fromkeys(items)
    while len(grown) < want:
        grown.setdefault(make(rng))
    return list(grown)


def spliced_clause(clauses: list[str], rng: random.Random) -> str:
    """Return a new clause: the head of one of `clauses` joined to the tail of another
    (4–40 characters; each part at least 2)."""
    while True:
        a, b = rng.sample(clauses, 2)
        text = a[:rng.randint(2, len(a) - 1)] + b[rng.randint(1, len(b) - 2):]
        if 4 <= len(text) <= 40:
            return text


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class Generator:
    """Draws speeches, texts and documents from one seeded random generator."""

    def __init__(self, pool: list[str], documents: int, seed: int, *,
                 fixed_pool: bool = False) -> None:
        self.rng = random.Random(seed)
        clauses = sorted({c for s in pool for c in _CLAUSE.findall(s)})
        real_clauses = sorted({c for s in pool for c in _PART.split(s.rstrip("。！？"))
                               if 4 <= len(c) <= 40})
        self.pool, self.clauses = pool, real_clauses
        if not fixed_pool:  # its own generator: at REFERENCE documents the files are the same
            grow = random.Random(f"{seed}/pools")
            self.clauses = scaled(real_clauses, documents, grow,
                                  lambda r: spliced_clause(real_clauses, r))
            self.pool = scaled(pool, documents, grow,
                               lambda r: "，".join(r.sample(self.clauses, r.randint(2, 4))) + "。")
        self.speeches = [self._speech(clauses) for _ in range(30 + documents)]
        self.printed: list[tuple[Speech, str]] = []

    def _speech(self, clauses: list[str]) -> Speech:
        rng = self.rng
        title, topic = rng.choice(clauses), rng.choice(clauses)[:8]
        return Speech(title, topic + rng.choice(_OCCASIONS),
                      FIRST_DAY + timedelta(days=rng.randrange(DAYS)))

    def _sentence(self) -> str:
        """A real sentence, or (as often) a new one of real clauses: formulae recur."""
        rng = self.rng
        if rng.random() < 1 - NEW_SENTENCE:
            return rng.choice(self.pool)
        parts = [rng.choice(self.clauses) for _ in range(rng.randint(2, 4))]
        return "，".join(parts) + "。"

    def _new_text(self) -> str:
        return "".join(self._sentence() for _ in range(self.rng.randint(1, 4)))

    def excerpt(self) -> tuple[Speech, str]:
        """Return a speech and a text printed from it: new, or a reprint (maybe cut or slipped)."""
        rng = self.rng
        if self.printed and rng.random() < REPRINT:
            speech, text = rng.choice(self.printed)
            parts = _SENTENCE.findall(text)
            if len(parts) > 1 and rng.random() < CUT:
                text = "".join(parts[:rng.randint(1, len(parts) - 1)])
            elif len(text) > 30 and rng.random() < MISPRINT:
                i = rng.randrange(10, len(text) - 10)
                text = text[:i] + ("某" if text[i] != "某" else "一") + text[i + 1:]
            return speech, text
        speech = rng.choice(self.speeches)
        text = self._new_text()
        speech.texts.append(text)
        self.printed.append((speech, text))
        return speech, text

    def excerpt_book(self) -> str:
        """An excerpt book: a heading, then excerpts each with its bibliographic citation."""
        rng = self.rng
        book, volumes, publisher = rng.choice(_BOOKS)
        volume = rng.choice(volumes)
        edition = rng.randint(2014, 2023)
        lines = [f"# {rng.choice(self.pool)[:12]}", ""]
        for _ in range(rng.randint(4, 12)):
            speech, text = self.excerpt()
            lines += [text, "", f"《{speech.title}》（{_chinese_date(speech.day)}），《{book}》"
                      f"{volume}，{publisher}{edition}年版，第{rng.randint(1, 400)}页", ""]
        return "\n".join(lines)

    def news_compilation(self) -> str:
        """A news compilation: excerpts each followed by a dash attribution."""
        rng = self.rng
        lines = [f"# 学习进行时｜{rng.choice(self.pool)[:14]}", ""]
        for _ in range(rng.randint(3, 10)):
            speech, text = self.excerpt()
            lines += [text, "", f"——{_chinese_date(speech.day)}，在{speech.occasion}上的讲话", ""]
        return "\n".join(lines)

    def commentary(self) -> str:
        """A commentary: paragraphs of prose quoting Xi, closed by the newspaper's line."""
        rng = self.rng
        issue = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        lines = [f"# {rng.choice(self.pool)[:16]}", ""]
        for _ in range(rng.randint(3, 8)):
            lead = "".join(rng.sample(self.pool, rng.randint(1, 2)))
            quote = (rng.choice(self.printed)[1] if self.printed and rng.random() < QUOTED
                     else self._new_text())
            lines += [f"{lead}习近平总书记强调，“{quote}”", ""]
        lines.append(f"《 {rng.choice(_PAPERS)} 》( {issue.year}年{issue.month:02d}月"
                     f"{issue.day:02d}日 {rng.randint(1, 16):02d} 版)")
        return "\n".join(lines)

    def document(self) -> str:
        """One document: 4 in 10 excerpt books, 3 news compilations, 3 commentaries."""
        kind = self.rng.choices((self.excerpt_book, self.news_compilation, self.commentary),
                                weights=(4, 3, 3))[0]
        return kind() + "\n"


def generate(out: Path, documents: int, *, seed: int = 0,
             pool: list[str] | None = None, fixed_pool: bool = False) -> list[Path]:
    """Write `documents` generated text files into `out`; return their paths, in order."""
    gen = Generator(pool if pool is not None else sentence_pool(), documents, seed,
                    fixed_pool=fixed_pool)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(documents):
        path = out / f"doc{k:06d}.txt"
        path.write_text(gen.document(), "utf-8")
        paths.append(path)
    return paths


def add_pool_option(parser: argparse.ArgumentParser) -> None:
    """Add --fixed-pool, shared by every benchmark that generates corpora."""
    parser.add_argument("--fixed-pool", action="store_true",
                        help="draw from the sample's sentences and clauses at every size "
                             "(how this generator worked before its pools grew with the corpus)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    add_pool_option(parser)
    args = parser.parse_args()
    paths = generate(args.out, args.documents, seed=args.seed, fixed_pool=args.fixed_pool)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
