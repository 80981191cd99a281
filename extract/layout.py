"""Shared layout helpers for segmenters: logical lines, sentence ends, paragraph rejoining."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tifa.extract.normalize import remove_justify_spaces

from tifa.records import SourceText

TERMINAL = "。！？!?…”」』"
_TERMINAL_END = re.compile(r"[。！？!?…][”’」』）)]*$|[”」』]$")
SPEAKER_NAME = re.compile(r"习\s*近\s*平")


@dataclass(frozen=True)
class TextLine:
    """A non-blank, non-watermark line: its number and its printed text (justify spaces gone)."""

    number: int
    text: str
    indented: bool = False
    raw: str = ""


def text_lines(source: SourceText) -> list[TextLine]:
    """Return the source's non-blank, non-watermark lines with justification spaces removed."""
    out = []
    for line in source.lines:
        if line.watermark:
            continue
        text = remove_justify_spaces(line.text.strip())
        if text:
            out.append(TextLine(line.number, text, indented=line.text[:1] in " \u3000\t",
                                raw=line.text.strip()))
    return out


def ends_sentence(text: str) -> bool:
    """Return True if `text` ends with sentence-final punctuation (。！？… or a closing quote)."""
    return bool(_TERMINAL_END.search(text.rstrip()))


def join_paragraphs(lines: list[TextLine]) -> str:
    """Return the lines rejoined: hard wraps joined, paragraph breaks (after 。！？) kept as \\n."""
    parts: list[str] = []
    for line in lines:
        text = remove_justify_spaces(line.text, min_gaps=1)
        if parts and not ends_sentence(parts[-1]):
            parts[-1] += text
        else:
            parts.append(text)
    return "\n".join(parts)


def split_paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Return the lines grouped into paragraphs, each ending at a sentence-final line."""
    runs: list[list[TextLine]] = [[]]
    for line in lines:
        runs[-1].append(line)
        if ends_sentence(line.text):
            runs.append([])
    return [r for r in runs if r]


def strip_markup(text: str) -> str:
    """Return `text` without Markdown emphasis, heading and quote marks (**, #, >)."""
    text = re.sub(r"^\s*(?:#+|>+)\s*", "", text)
    return text.replace("**", "").replace("__", "").strip()
