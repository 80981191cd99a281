"""Concept co-occurrence per printed passage: passages, first and last year, deterministic order."""

from tifa.extract.cooccurrence import CoOccurrence, concept_cooccurrence

from tifa.records import ConceptMention, PassageRecord, SpeechRecord


def passage(seq: int, year: int | None, *names: str, counts: int = 1) -> PassageRecord:
    speech = None
    if year is not None:
        speech = SpeechRecord(f"speech:{seq}", None, f"{year}-01-01", None, "day", None, None, None)
    return PassageRecord(
        id=f"p:{seq}",
        source="s.txt",
        seq=seq,
        topic=None,
        text="",
        line_start=seq,
        line_end=seq,
        speech=speech,
        publication=None,
        concepts=tuple(ConceptMention(n, counts) for n in names),
    )


def test_passages_and_years() -> None:
    edges = concept_cooccurrence(
        [
            passage(1, 2014, "网络安全", "信息化", "网络强国"),
            passage(2, 2016, "信息化", "网络安全", counts=3),
            passage(3, None, "网络安全", "信息化"),
            passage(4, 2018, "网络强国"),
            passage(5, 2013, "网络强国", "信息化"),
        ]
    )
    assert edges == (
        CoOccurrence("信息化", "网络安全", 3, 2014, 2016),
        CoOccurrence("信息化", "网络强国", 2, 2013, 2014),
        CoOccurrence("网络安全", "网络强国", 1, 2014, 2014),
    )
    assert all(e.a < e.b for e in edges)


def test_unknown_years_stay_none() -> None:
    edges = concept_cooccurrence([passage(1, None, "甲", "乙"), passage(2, None, "乙", "甲")])
    assert edges == (CoOccurrence("乙", "甲", 2, None, None),) or edges == (
        CoOccurrence("甲", "乙", 2, None, None),
    )
    assert edges[0].a < edges[0].b


def test_min_passages_and_empty_input() -> None:
    passages = [passage(1, 2020, "甲", "乙", "丙"), passage(2, 2021, "甲", "乙")]
    assert [(e.a, e.b) for e in concept_cooccurrence(passages, min_passages=2)] == [("乙", "甲")]
    assert concept_cooccurrence([]) == ()
    assert concept_cooccurrence([passage(1, 2020, "甲")]) == ()


def test_order_is_deterministic() -> None:
    passages = [
        passage(i, 2015 + i % 3, *("甲乙丙丁戊"[j] for j in range(i % 5 + 1))) for i in range(20)
    ]
    first = concept_cooccurrence(passages)
    assert concept_cooccurrence(reversed(passages)) == first
    keys = [(-e.passages, e.a, e.b) for e in first]
    assert keys == sorted(keys)
