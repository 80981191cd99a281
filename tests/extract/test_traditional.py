"""Traditional-script input keeps its structure: the sample corpus converted with OpenCC
(s2t, s2tw, s2hk; s2tw with 「」 quotes) at test time reads as the Simplified corpus does,
with text as printed.

Tolerance, and why: passage counts, line ranges, genres, dates, page numbers and how many
passages carry a date, a title or pages must be equal exactly. Titles are compared after
t2s against the same OpenCC round trip of the Simplified title (s2tw prints 着 as 著,
s2hk 卫 as 衞, and t2s does not take them back: a converter's limit, not tifa's). Passage
text must be printed in the converted file (its characters, in order, on its lines) and
equal to the converted Simplified passage except where OpenCC converts a phrase that a
line break or a justifying space splits differently from the same phrase joined (`指明 了`
printed, `明瞭` for the joined 明了; 3 characters in the 397 passages): at most 1 character
in 200 over a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tifa.extract.layout import TextLine, join_paragraphs
from tifa.extract.link import link, link_summary
from tifa.extract.normalize import script_view, to_simplified
from tifa.extract.pipeline import extract_paths, extract_source
from tifa.extract.printed import restore_segmentation, view_lines

from tifa.records import Extraction, PassageRecord, Segment, Segmentation

CONVERSIONS = ("s2t", "s2tw", "s2hk", "s2tw+corner")  # +corner: 「」『』 for “”‘’ as in
# Taiwan and Hong Kong print
_CORNER = str.maketrans("“”‘’", "「」『』")
# The excerpt book's preface states 285 excerpts (README's table of the sample corpus).
BOOK_EXCERPTS = 285


def _key(p: PassageRecord) -> tuple[object, ...]:
    s, pub = p.speech, p.publication
    return (p.line_start, p.line_end, s.date if s else None, s.date_end if s else None,
            s.date_precision if s else None, pub.pages if pub else None)


def _printed_in(text: str, lines: list[str]) -> bool:
    """True if the characters of `text` (spaces aside) occur in this order in `lines`."""
    region = iter(re.sub(r"\s", "", "".join(lines)))
    return all(ch in region for ch in re.sub(r"\s", "", text))


@pytest.mark.parametrize("config", CONVERSIONS)
def test_traditional_corpus_reads_like_the_simplified_one(
        corpus_dir: Path, tmp_path: Path, config: str) -> None:
    converter = opencc.OpenCC(config.split("+")[0])

    def convert(text: str) -> str:
        out = str(converter.convert(text))
        return out.translate(_CORNER) if config.endswith("+corner") else out

    files = sorted(corpus_dir.glob("*.txt"))
    assert len(files) == 5
    for path in files:
        printed = convert(path.read_text(encoding="utf-8"))
        copy = tmp_path / path.name
        copy.write_text(printed, encoding="utf-8")
        simp, trad = extract_source(path), extract_source(copy)
        assert trad.source.genre == simp.source.genre, path.name
        assert [_key(p) for p in trad.passages] == [_key(p) for p in simp.passages], path.name
        titles = [to_simplified(p.speech.title) if p.speech and p.speech.title else None
                  for p in trad.passages]
        expected = [to_simplified(convert(p.speech.title)) if p.speech and p.speech.title
                    else None for p in simp.passages]
        assert titles == expected, path.name
        compact = re.sub(r"\s", "", printed)
        assert all(re.sub(r"\s", "", t) in compact
                   for p in trad.passages if p.speech and (t := p.speech.title)), path.name
        # one speech, one record: a title is restored the same way wherever it is cited
        assert (len({p.speech.id for p in trad.passages if p.speech})
                == len({p.speech.id for p in simp.passages if p.speech})), path.name
        file_lines = printed.split("\n")
        differing = 0
        for s, t in zip(simp.passages, trad.passages, strict=True):
            assert _printed_in(t.text, file_lines[t.line_start - 1:t.line_end]), t.text[:40]
            want = convert(s.text)
            assert len(t.text) == len(want), t.text[:40]
            differing += sum(a != b for a, b in zip(t.text, want, strict=True))
        assert differing * 200 <= sum(len(p.text) for p in simp.passages), path.name
        if path.name.startswith("000"):
            assert len(trad.passages) == BOOK_EXCERPTS


def test_script_view_is_simplified_char_for_char() -> None:
    printed = "習近平總書記強調，「網絡安全」——編者"
    view = script_view(printed)
    assert view == "习近平总书记强调，“网络安全”——编者"
    assert len(view) == len(printed)


def test_restore_gives_back_printed_characters_across_wraps_and_spaces() -> None:
    printed = [TextLine(1, "《論黨的宣傳思想工作》第"), TextLine(2, "199頁 習 近平說，制度與製造")]
    view = view_lines(printed)
    assert view[1].text == "199页 习 近平说，制度与制造"
    # what a segmenter cuts from the view: lines joined, a space dropped, a newline added
    found = Segmentation("unknown", "论党的宣传思想工作", None, None, (
        Segment("第199页习近平说，\n制度与制造", 1, 2, None, None),))
    back = restore_segmentation(found, printed, view)
    assert back.title == "論黨的宣傳思想工作"
    assert back.segments[0].text == "第199頁習近平說，\n制度與製造"


def test_traditional_corpus_links_like_the_simplified_one(corpus_dir: Path,
                                                          tmp_path: Path) -> None:
    """Speeches merged and quotes traced across the five files are the same in both scripts
    (the commentary's inline quotes are read in the script view when tracing)."""
    convert = opencc.OpenCC("s2t").convert
    for path in sorted(corpus_dir.glob("*.txt")):
        (tmp_path / path.name).write_text(convert(path.read_text(encoding="utf-8")),
                                          encoding="utf-8")
    simp = link_summary(link(_extractions(corpus_dir)).report)
    trad = link_summary(link(_extractions(tmp_path)).report)
    assert trad == simp
    assert trad["quotes_traced"] > 0


def _extractions(folder: Path) -> list[Extraction]:
    found = list(extract_paths([folder]))
    assert all(isinstance(e, Extraction) for e in found)
    return [e for e in found if isinstance(e, Extraction)]


PRINTED_TEXT = ("習近平總書記強調說發展制度製造關係體系後面皇后裡公里乾淨干涉"
                "网络安全为人民「」『』“”，。！？、 \u3000第頁199")


@settings(max_examples=2_000, deadline=None)
@given(st.lists(st.text(alphabet=PRINTED_TEXT, min_size=1, max_size=30), min_size=1,
                max_size=6))
@example(["1", " ", "「", " 「"])  # a line of spaces, then lines joined by a space
def test_restore_inverts_the_view_of_joined_lines(rows: list[str]) -> None:
    """Whatever a segmenter joins or cuts from the view comes back in characters printed on
    those lines, in order, each one printed where the view has the character cut (where one
    view character stands for two printed ones, 「 and “, either may come back)."""
    printed = [TextLine(n, row) for n, row in enumerate(rows, start=1)]
    view = view_lines(printed)
    joined = Segment(join_paragraphs(view), 1, len(rows), None, None)
    piece = view[-1].text[len(view[-1].text) // 3:]
    found = Segmentation("unknown", piece or None, None, None, (joined,))
    back = restore_segmentation(found, printed, view)
    pairs = {(a, b) for p, v in zip(printed, view, strict=True)
             for a, b in zip(p.text, v.text, strict=True)}
    for cut, got in ((joined.text, back.segments[0].text), (piece, back.title or "")):
        assert len(got) == len(cut)
        assert all(g == c or (g, c) in pairs for g, c in zip(got, cut, strict=True))
        assert _printed_in(got, rows)
