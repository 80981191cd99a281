"""Concept mentions: the counter extraction uses, and the spaCy pipeline (imported lazily).

`concept_counter(lexicon)` returns the function extraction calls on every passage: the
lexicon's term matcher (`tifa.extract.termmatch`) on the normalised characters, no spaCy and
no jieba, so this module imports neither. The spaCy pipeline (`build_nlp`, the
``tifa_concepts`` component, `concept_mentions` …) lives in `tifa.extract.concepts_nlp`; its
names are available here too and import spaCy on first use (about a second per process).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from tifa.extract.lexicon import Lexicon
from tifa.extract.termmatch import TermMatcher

from tifa.records import ConceptMention, concept_mention

NLP_NAMES = ("COMPONENT", "SPAN_KEY", "ConceptMarker", "build_nlp", "concept_spans",
             "mentions_in", "concept_mentions", "concept_mentions_many", "make_concept_marker")
"""The spaCy pipeline's names, re-exported from `tifa.extract.concepts_nlp` on first use."""


def __getattr__(name: str) -> Any:
    """Import the spaCy pipeline only when one of its names is used."""
    if name in NLP_NAMES:
        import tifa.extract.concepts_nlp as concepts_nlp

        return getattr(concepts_nlp, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def concept_counter(lexicon: Lexicon) -> Callable[[str], tuple[ConceptMention, ...]]:
    """Return a function counting the lexicon's concepts in a text (the matcher, built once).

    Counting needs no segmentation: the pipeline's spans are exactly the matcher's matches
    on the normalised characters (jieba's tokens are split and merged to fit them), so the
    counter runs the matcher alone, without spaCy or jieba's dictionary: the same counts as
    `concept_mentions(text, build_nlp(lexicon))`, several times faster.
    """
    matcher = TermMatcher(lexicon.keys, nested=lexicon.nested)
    return partial(count_concepts, matcher=matcher, names=lexicon.keys)


def count_concepts(text: str, *, matcher: TermMatcher,
                   names: Mapping[str, str]) -> tuple[ConceptMention, ...]:
    """Return how often each concept is mentioned in `text`, sorted by name (no spaCy)."""
    counts = Counter(names[m.key] for m in matcher.find_in(text))
    return tuple(concept_mention(name, n) for name, n in sorted(counts.items()))
