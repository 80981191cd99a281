"""Term discovery: rank candidate new 提法 that the lexicon does not know yet.

Texts are normalised as for matching, titles of works (《…》, repeated in every citation)
are dropped, and the rest is cut into runs of CJK characters, ASCII letters and digits and
``+`` (punctuation and spaces end a run). Each run is segmented by a private jieba tokenizer
that knows the lexicon's terms (so 网络空间 stays whole), without the HMM (so an unknown word
falls apart into characters rather than being glued to a neighbour).

A candidate is a sequence of 2 to 6 tokens, 3 to 10 characters long, seen at least
`min_freq` times, that neither starts nor ends with a function word or a common policy verb
(构建, 推动, 加强 …), contains no number, is not a lexicon form and is not just lexicon terms
joined by 和/与/及/的/、. For each candidate:

- frequency, and spread: the number of documents and of known years it occurs in;
- cohesion: the smallest pointwise mutual information over its token split points;
- boundary entropy: the entropy of the tokens to its left and right, where the start or end
  of a run, a policy verb or a function word of two or more characters counts as a fresh
  boundary each time (so 构建网络空间命运共同体 does not make 网络空间命运共同体 look bound
  to 构建);
- quotation: how often it stands alone in quotation marks (“互联网+”), which is how this
  discourse introduces a new formulation;
- closure: a candidate almost always (≥ 90 %) preceded or followed by the same token is a
  fragment of a longer one and is dropped.

score = log(1 + freq) × (1 + log docs) × (1 + log(1 + years)) × √cohesion
        × min(left entropy, right entropy)² × (1 + quoted / freq)

Ties are broken by name, so the ranking is deterministic for the same input.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml
from tifa.extract.lexicon import Lexicon
from tifa.extract.termmatch import TermMatcher, normalise

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9a-z+]+")
_DIGITS = "0-9〇零一二三四五六七八九十百千万亿两"
_NUMBER = re.compile(rf"第?[{_DIGITS}]+[次届个年月日号期卷版页]?")
_CONNECTORS = frozenset("和与及的、")


def _word_set(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of `text`."""
    return frozenset(text.split())


FUNCTION_WORDS = _word_set(
    """的 地 得 了 着 过 和 与 及 或 而 并 且 是 在 于 为 以 对 把 被 将 让 使 由 从 向 往
    给 跟 同 之 其 此 这 那 这个 这些 那些 这种 这样 我 你 他 她 它 我们 你们 他们 自己
    要 也 都 就 又 还 很 更 最 才 再 不 没有 没 无 非 有 各 每 该 个 等 等等 上 下 中 里
    内 外 能 会 可 可以 应 应该 需要 必须 如果 因为 所以 但 但是 而且 以及 并且 通过
    关于 作为 一 一个 一些 一种 一批 一系列 第 年 月 日 页 版 卷 期 次 届 们 所 着力 进一步"""
)
POLICY_VERBS = _word_set(
    """构建 推动 推进 加强 加快 坚持 实现 提高 提升 建设 发展 形成 维护 打造 营造 建立
    健全 完善 落实 深化 促进 强化 培育 做好 做强 做大 筑牢 把握 抓住 发挥 保障 增强
    开展 实施 贯彻 引导 支持 鼓励 携手 积极 深入 不断 大力 努力 充分 切实 更加 重要
    重大 高度 重视 要求 提出 强调 指出 明确 统筹 着眼 围绕 善于"""
)
_BOUNDARY_WORDS = FUNCTION_WORDS | POLICY_VERBS
# Neighbours that count as a fresh boundary in the entropy: policy verbs and the function
# words of two or more characters (a one-character function word is often part of a word).
_ENTROPY_BOUNDARY = POLICY_VERBS | {w for w in FUNCTION_WORDS if len(w) > 1}
_TITLE = re.compile(r"《[^《》]{0,60}》")
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")


@dataclass(frozen=True)
class Candidate:
    """A candidate new concept with the statistics that ranked it and two example contexts."""

    name: str
    score: float
    freq: int
    docs: int
    first_year: int | None
    examples: tuple[str, ...]
    years: int = 0
    cohesion: float = 0.0
    left_entropy: float = 0.0
    right_entropy: float = 0.0
    quoted: int = 0


@dataclass
class _Stats:
    tokens: tuple[str, ...]
    freq: int = 0
    docs: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    left: Counter[Any] = field(default_factory=Counter)
    right: Counter[Any] = field(default_factory=Counter)
    quoted: int = 0


@lru_cache(maxsize=1)
def _tokenizer(lexicon: Lexicon) -> Any:
    """Return a jieba tokenizer of its own (not the global one) that knows the lexicon's forms."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for key in lexicon.keys:
        tokenizer.add_word(key, freq=1000)
    return tokenizer


def _entropy(counts: Counter[Any]) -> float:
    total = sum(counts.values())
    return -sum(n / total * math.log(n / total) for n in counts.values()) if total else 0.0


def discover_terms(
    texts: Sequence[tuple[str, int | None, str]],
    lexicon: Lexicon,
    *,
    top: int = 50,
    min_freq: int = 3,
    max_tokens: int = 6,
    min_chars: int = 3,
    max_chars: int = 10,
) -> tuple[Candidate, ...]:
    """Return the `top` candidate new terms of `texts` (doc id, year, text), best first."""
    grams, n_tokens = _collect(texts, _tokenizer(lexicon), max_tokens, max_chars)
    known = TermMatcher(lexicon.keys)
    scored: list[Candidate] = []
    for gram, stats in grams.items():
        if not _eligible(gram, stats, lexicon, known, min_freq, min_chars):
            continue
        cohesion = min(
            math.log(
                stats.freq
                * n_tokens
                / (grams["".join(stats.tokens[:k])].freq * grams["".join(stats.tokens[k:])].freq)
            )
            for k in range(1, len(stats.tokens))
        )
        left, right = _entropy(stats.left), _entropy(stats.right)
        score = (
            math.log1p(stats.freq)
            * (1 + math.log(len(stats.docs)))
            * (1 + math.log1p(len(stats.years)))
            * math.sqrt(max(cohesion, 0.0))
            * min(left, right) ** 2
            * (1 + stats.quoted / stats.freq)
        )
        if score > 0:
            scored.append(
                Candidate(
                    name=gram,
                    score=round(score, 4),
                    freq=stats.freq,
                    docs=len(stats.docs),
                    first_year=min(stats.years) if stats.years else None,
                    examples=(),
                    years=len(stats.years),
                    cohesion=round(cohesion, 4),
                    left_entropy=round(left, 4),
                    right_entropy=round(right, 4),
                    quoted=stats.quoted,
                )
            )
    scored.sort(key=lambda c: (-c.score, c.name))
    best = scored[:top]
    examples = _examples(texts, [c.name for c in best])
    return tuple(replace(c, examples=examples.get(c.name, ())) for c in best)


def _collect(
    texts: Iterable[tuple[str, int | None, str]], tokenizer: Any, max_tokens: int, max_chars: int
) -> tuple[dict[str, _Stats], int]:
    """Return the statistics of every token n-gram in `texts`, and the number of tokens."""
    grams: dict[str, _Stats] = {}
    n_tokens = 0
    boundary = 0
    for doc_id, year, text in texts:
        norm = _TITLE.sub("。", normalise(text, keep_quotes=True).text)
        for run_match in _RUN.finditer(norm):
            run = run_match.group()
            opened = norm[run_match.start() - 1 : run_match.start()] in _OPEN_QUOTES
            closed = norm[run_match.end() : run_match.end() + 1] in _CLOSE_QUOTES
            tokens = tokenizer.lcut(run, HMM=False)
            n_tokens += len(tokens)
            for i in range(len(tokens)):
                gram = ""
                for j in range(i, min(i + max_tokens, len(tokens))):
                    gram += tokens[j]
                    if len(gram) > max_chars:
                        break
                    stats = grams.get(gram)
                    if stats is None:
                        stats = grams[gram] = _Stats(tuple(tokens[i : j + 1]))
                    stats.freq += 1
                    stats.docs.add(doc_id)
                    if year is not None:
                        stats.years.add(year)
                    before = tokens[i - 1] if i > 0 else None
                    after = tokens[j + 1] if j + 1 < len(tokens) else None
                    if before is None and after is None and opened and closed:
                        stats.quoted += 1
                    if before is None or before in _ENTROPY_BOUNDARY:
                        boundary += 1
                        before = boundary
                    if after is None or after in _ENTROPY_BOUNDARY:
                        boundary += 1
                        after = boundary
                    stats.left[before] += 1
                    stats.right[after] += 1
    return grams, n_tokens


def _eligible(
    gram: str, stats: _Stats, lexicon: Lexicon, known: TermMatcher, min_freq: int, min_chars: int
) -> bool:
    """Return whether a token n-gram may be a candidate (see the module docstring)."""
    tokens = stats.tokens
    if stats.freq < min_freq or len(gram) < min_chars or len(tokens) < 2:
        return False
    if tokens[0] in _BOUNDARY_WORDS or tokens[-1] in _BOUNDARY_WORDS:
        return False
    if any(_NUMBER.fullmatch(t) for t in tokens):
        return False
    if gram in lexicon.keys:
        return False
    covered: set[int] = set()
    for m in known.find(gram):
        covered.update(range(m.start, m.end))
    if all(i in covered or ch in _CONNECTORS for i, ch in enumerate(gram)):
        return False
    for side in (stats.left, stats.right):  # closure: a fragment of a longer sequence
        if any(not isinstance(t, int) and n >= 0.9 * stats.freq for t, n in side.items()):
            return False
    return True


def _examples(
    texts: Sequence[tuple[str, int | None, str]], names: Sequence[str], *, width: int = 15
) -> dict[str, tuple[str, ...]]:
    """Return two contexts (original text, ± `width` characters) per name, from two documents
    where it occurs in more than one."""
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in names}
    for same_doc_ok in (False, True):
        for doc_id, year, text in texts:
            norm = None
            for name, got in found.items():
                if len(got) == 2 or (not same_doc_ok and any(d == doc_id for d, _ in got)):
                    continue
                norm = norm or normalise(text)
                at = norm.text.find(name)
                if at < 0:
                    continue
                start, end = norm.span(at, at + len(name))
                snippet = f"{text[max(0, start - width) : start]}【{text[start:end]}】"
                snippet = " ".join((snippet + text[end : end + width]).split())
                when = f" ({year})" if year is not None else ""
                example = f"{doc_id}{when}: {snippet}"
                if all(example != e for _, e in got):
                    got.append((doc_id, example))
    return {name: tuple(e for _, e in got) for name, got in found.items()}


def candidates_to_yaml(candidates: Iterable[Candidate]) -> str:
    """Return the candidates as a lexicon file (origin: discovered) for the user to edit.

    Each entry carries its statistics and examples as comments; delete the entries that are
    not concepts, set category and broader where known, and pass the file with --lexicon.
    """
    lines = [
        "# Candidate concepts found by `tifa concepts discover`.",
        "# Keep the real 提法, delete the rest, fill in category/broader, then pass this file",
        "# back with --lexicon. Statistics and examples are comments and are ignored.",
    ]
    for c in candidates:
        first = c.first_year if c.first_year is not None else "unknown"
        lines.append("")
        lines.append(
            f"# score {c.score:.2f}, {c.freq} times in {c.docs} documents, first year {first}"
        )
        lines.extend(f"#   {' '.join(example.split())}" for example in c.examples)
        entry: dict[str, object] = {
            "name": c.name,
            "category": None,
            "aliases": [],
            "broader": None,
            "origin": "discovered",
        }
        dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
        lines.extend(dumped.rstrip("\n").splitlines())
    return "\n".join(lines) + "\n"
