"""The spaCy pipeline that marks concept mentions: jieba segmenter plus a lexicon matcher.

`build_nlp(lexicon)` returns ``spacy.blank("zh")`` with the jieba segmenter, every surface
form of the lexicon added to jieba's dictionary, and the ``tifa_concepts`` component, which
finds lexicon terms on the normalised characters of the text (`tifa.extract.termmatch`:
OpenCC t2s plus Taiwan/Hong Kong vocabulary, no inline pinyin, half-width ASCII, no justify
spaces; leftmost-longest) and makes each mention exactly one token, labelled with the
concept's name, in ``doc.spans["concepts"]``. Where jieba cut differently, the tokens are split
and merged to fit, so a 提法 is never split across tokens. A linked term written inside a
mention (网络强国 inside 网络强国战略, `Lexicon.nested`) is a span over that mention's token.

Build the pipeline once and pass it in: `concept_mentions(text, nlp)`. Extraction does not
need it: it counts with `tifa.extract.concepts.concept_counter` (no spaCy, same counts).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span
from tifa.extract.cache import cache_dir
from tifa.extract.lexicon import Lexicon, load_lexicon
from tifa.extract.termmatch import TermMatcher

from tifa.records import ConceptMention, concept_mention

COMPONENT = "tifa_concepts"
SPAN_KEY = "concepts"


class ConceptMarker:
    """spaCy component: marks every lexicon mention as one token and one labelled span."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self._jieba = getattr(nlp.tokenizer, "jieba_seg", None)
        self.set_lexicon(lexicon)

    def set_lexicon(self, lexicon: Lexicon) -> None:
        """Use `lexicon` from now on, and add its surface forms to jieba's dictionary."""
        self.lexicon = lexicon
        self.matcher = TermMatcher(lexicon.keys, nested=lexicon.nested)
        if self._jieba is not None:
            for word in _jieba_words(lexicon):
                self._jieba.add_word(word)

    def __call__(self, doc: Doc) -> Doc:
        names = self.lexicon.keys
        matches = self.matcher.find_in(doc.text)
        found = [(m.start, m.end, names[m.key]) for m in matches]
        outer = [(m.start, m.end) for m in matches if not m.nested]
        if outer:
            _split_at(doc, {b for start, end in outer for b in (start, end)})
            with doc.retokenize() as retokenizer:
                for start, end in outer:
                    span = doc.char_span(start, end)
                    if span is not None and len(span) > 1:
                        retokenizer.merge(span)
        spans = []
        for start, end, name in found:
            span = doc.char_span(start, end, label=name, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


def _use_cache_dir(jieba: Any) -> None:
    """Keep jieba's dictionary cache in tifa's user cache dir (not the shared /tmp)."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    jieba.dt.tmp_dir = str(cache_dir())


def _jieba_words(lexicon: Lexicon) -> list[str]:
    """Return every surface form, as written and in traditional characters, once."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    words: dict[str, None] = {}
    for concept in lexicon:
        for form in concept.surface_forms:
            if form.split() == [form]:  # jieba's dictionary has no words with spaces
                words[form] = None
                words[str(s2t.convert(form))] = None
    return list(words)


def _split_at(doc: Doc, boundaries: set[int]) -> None:
    """Split the tokens of `doc` that have one of the character `boundaries` inside them."""
    starts = doc.to_array(IDX).tolist()
    inner: dict[int, list[int]] = {}
    for b in sorted(boundaries):
        i = bisect_right(starts, b) - 1
        if i >= 0 and starts[i] != b and b < starts[i] + len(doc[i]):
            inner.setdefault(i, []).append(b - starts[i])
    if inner:
        with doc.retokenize() as retokenizer:
            for i, cuts in inner.items():
                token = doc[i]
                edges = [0, *cuts, len(token)]
                orths = [token.text[a:b] for a, b in pairwise(edges)]
                retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


@Language.factory(COMPONENT, default_config={"lexicon_paths": [], "builtin": True})
def make_concept_marker(
    nlp: Language, name: str, lexicon_paths: list[str], builtin: bool
) -> ConceptMarker:
    """Return the component for a spaCy config: the lexicon is loaded from `lexicon_paths`."""
    return ConceptMarker(nlp, load_lexicon([Path(p) for p in lexicon_paths], builtin=builtin))


def build_nlp(lexicon: Lexicon) -> Language:
    """Return a blank Chinese pipeline (jieba segmenter) that marks the concepts of `lexicon`."""
    import jieba

    if not jieba.dt.initialized:
        _use_cache_dir(jieba)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    marker = cast(ConceptMarker, nlp.add_pipe(COMPONENT, config={"builtin": False}))
    marker.set_lexicon(lexicon)
    return nlp


def concept_spans(doc: Doc) -> tuple[Span, ...]:
    """Return the concept mentions the pipeline marked in `doc`, in text order."""
    return tuple(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else ()


def mentions_in(doc: Doc) -> tuple[ConceptMention, ...]:
    """Return how often each concept is mentioned in a processed `doc`, sorted by name."""
    counts = Counter(span.label_ for span in concept_spans(doc))
    return tuple(concept_mention(name, n) for name, n in sorted(counts.items()))


def concept_mentions(text: str, nlp: Language) -> tuple[ConceptMention, ...]:
    """Return how often each concept is mentioned in `text`, sorted by concept name."""
    return mentions_in(nlp(text))


def concept_mentions_many(texts: Iterable[str], nlp: Language) -> list[tuple[ConceptMention, ...]]:
    """Return `concept_mentions` for each of `texts`, in order, using `nlp.pipe`."""
    return [mentions_in(doc) for doc in nlp.pipe(texts)]
