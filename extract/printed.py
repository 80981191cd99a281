"""Segment in the script view, give back what is printed: one mechanism for Traditional text.

Segmenters and the citation, date, attribution, heading and byline grammars are written
for simplified text. `view_lines` gives them each line in its script view
(`normalize.script_view`: simplified characters, “” for 「」, one character for each printed
one); `restore_segmentation` maps every string they cut out of those lines (passage text,
topic, speech and publication titles, a speaker's position) back to the characters as
printed. What identifies rather than quotes stays in the view, as the attribution reader
(`genres.news_report`) gives it: kind (讲话), occasion, speaker name, ISO dates, so one
occasion, kind or person is the same whatever the script.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

from tifa.extract.layout import TextLine
from tifa.extract.normalize import script_view

from tifa.records import Citation, PublicationRecord, Segmentation

_CHUNK = 4  # characters compared to find where a string resumes in the printed lines
_REACH = 40  # how far ahead a string may resume (skipped spaces, markup, pinyin)
_NEARBY = 4000  # how far from its passage a title or heading is looked for first
_SHORT = 200  # a string this short (a title, a heading) is looked for in the whole text too


def view_lines(lines: list[TextLine]) -> list[TextLine]:
    """Return the lines in their script view (same numbers, same length, simplified)."""
    return [_view_line(ln) for ln in lines]


def _view_line(line: TextLine) -> TextLine:
    text = script_view(line.text)
    raw = text if line.raw == line.text else script_view(line.raw)
    if text == line.text and raw == line.raw:
        return line
    return replace(line, text=text, raw=raw)


@dataclass(frozen=True)
class _Pages:
    """The printed lines and their views joined by newlines, with each line's offset."""

    printed: str
    view: str
    numbers: tuple[int, ...]
    offsets: tuple[int, ...]
    memo: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, printed: list[TextLine], view: list[TextLine]) -> _Pages:
        offsets, at = [], 0
        for ln in printed:
            offsets.append(at)
            at += len(ln.text) + 1
        return cls("\n".join(ln.text for ln in printed), "\n".join(ln.text for ln in view),
                   tuple(ln.number for ln in printed), tuple(offsets))

    def offset(self, line: int) -> int:
        """Return the offset of the first line numbered `line` or later."""
        k = bisect_left(self.numbers, line)
        return self.offsets[k] if k < len(self.offsets) else 0

    def anchor(self, s: str, near: int) -> int:
        """Return where `s` starts in the view: its head found on the line at `near` (or
        just after it), else nearby, else anywhere."""
        head = s.lstrip().split("\n", 1)[0]
        first = near
        while first < len(self.view) and self.view[first] in " \u3000\t":
            first += 1
        if head and self.view.startswith(head[:1], first):  # cut from the start of its line
            return first
        line_end = self.view.find("\n", near)
        line_end = len(self.view) if line_end < 0 else line_end
        for start, end in ((near, line_end + _REACH), (near, near + _NEARBY),
                           (0, len(self.view))):
            for size in (8, 4, 2, 1):
                found = self.view.find(head[:size], start, end) if head[:size] else -1
                if found >= 0:
                    return found
        return near

    def exact(self, s: str, near: int) -> int:
        """Return where `s` is printed whole nearest after (else before) `near`, or -1."""
        view = self.view
        found = view.find(s, near, near + len(s) + _NEARBY)
        if found < 0:
            found = view.rfind(s, max(near - _NEARBY, 0), near + len(s))
        if found < 0 and len(s) <= _SHORT:
            found = view.find(s)
        return found

    def restore(self, s: str, near: int = 0) -> str:
        """Return `s`, cut from the view, in the characters printed where it was cut.

        `s` may join lines, drop spaces or markup and insert newlines: it is walked along
        the view, resuming at the next place its following characters occur; a character
        found nowhere (an inserted one) is kept as it is.
        """
        view, printed = self.view, self.printed
        exact = self.exact(s, near)
        if exact >= 0:  # cut from one line: the nearest place it is printed
            return printed[exact:exact + len(s)]
        i = len(s) - len(s.lstrip())  # leading spaces are the same in both: kept
        out: list[str] = [s[:i]]
        j = self.anchor(s, near)
        while i < len(s):
            c = s[i]
            if j < len(view) and view[j] == c:
                out.append(printed[j])
                i, j = i + 1, j + 1
                continue
            if j < len(view) and view[j].isspace() and not c.isspace():  # a space left out
                j += 1
                continue
            if c.isspace() and j < len(view) and view[j].isspace():  # lines joined by a space
                out.append(c)
                i, j = i + 1, j + 1
                continue
            rest = s[i + 1:i + 1 + _CHUNK]
            if rest and view.startswith(rest, j):  # `c` was inserted
                out.append(c)
                i += 1
                continue
            sizes = (_CHUNK, 2) if c.isspace() else (_CHUNK, 2, 1)
            found = next((f for size in sizes
                          if (f := view.find(s[i:i + size], j, j + _REACH)) >= 0), -1)
            if found >= 0:  # view characters (spaces, markup, pinyin) were left out of `s`
                j = found
                continue
            out.append(c)
            i += 1
            if rest and view.startswith(rest, j + 1):  # `c` replaced one view character
                j += 1
        return "".join(out)


def _publication(pub: PublicationRecord | None, pages: _Pages, near: int
                 ) -> PublicationRecord | None:
    if pub is None:
        return None
    return replace(pub, title=_opt(pub.title, pages, near),
                   volume=_opt(pub.volume, pages, near),
                   publisher=_opt(pub.publisher, pages, near))


def _opt(s: str | None, pages: _Pages, near: int) -> str | None:
    """Return a title-like string as printed: restored once, the same wherever it recurs."""
    if not s:
        return s
    if s not in pages.memo:
        pages.memo[s] = pages.restore(s, near)
    return pages.memo[s]


def _citation(c: Citation | None, pages: _Pages, near: int) -> Citation | None:
    if c is None:
        return None
    return replace(c, title=_opt(c.title, pages, near),
                   publication=_publication(c.publication, pages, near))


def restore_segmentation(seg: Segmentation, printed: list[TextLine],
                         view: list[TextLine]) -> Segmentation:
    """Return `seg`, found in the `view` of `printed` lines, with its strings as printed."""
    if all(p.text == v.text for p, v in zip(printed, view, strict=True)):
        return seg
    pages = _Pages.of(printed, view)
    segments = []
    for s in seg.segments:
        near = pages.offset(s.line_start)
        segments.append(replace(
            s, text=pages.restore(s.text, near), topic=_opt(s.topic, pages, 0),
            citation=_citation(s.citation, pages, near),
            speaker_position=_opt(s.speaker_position, pages, near)))
    return replace(seg, title=_opt(seg.title, pages, 0), segments=tuple(segments))
