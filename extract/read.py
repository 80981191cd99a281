"""Read an input file: decode it, split it into numbered lines, flag watermark lines.

`read_source` raises `SourceError` (one line naming the file) for a file that cannot be
read at all: missing, empty, binary, or in no encoding tifa can decode.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

from tifa.extract.normalize import for_parsing, script_view
from tifa.extract.sources import source_name

from tifa.errors import SourceError
from tifa.records import Line, SourceText

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Promotional boilerplate that PDF and web conversions leave in texts.
_PROMO = re.compile(
    r"(公众号|微信号|关注我们|欢迎关注|扫码|扫一扫|获取更多|更多资源|免费下载|下载自|"
    r"本文来源|版权所有|转载请|https?://|www\.)",
    re.IGNORECASE,
)
_HAS_DATE_OR_CITATION = re.compile(r"[《》]|\d{4}\s*年|\d+\s*月|第\s*\d+\s*页|^[(（]")


def _plausible_text_ratio(text: str) -> float:
    if not text:
        return 0.0
    good = sum(
        1 for ch in text
        if ch in "\n\r\t " or (ch.isprintable() and unicodedata.category(ch) not in ("Co", "Cn"))
    )
    return good / len(text)


def _sniff_utf16(data: bytes) -> str | None:
    """Return utf-32-le/be or utf-16-le/be for BOM-less text in them (it has NUL bytes),
    else None."""
    sample = data[:8000]
    if b"\x00" not in sample:
        return None
    best, best_ratio = None, 0.97
    for name, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2),
                        ("utf-16-be", 2)):
        try:
            text = sample[: len(sample) - len(sample) % width].decode(name)
        except UnicodeDecodeError:
            continue
        ratio = _plausible_text_ratio(text)
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return best


# The bytes that are not control characters (tab, LF, FF, CR and ESC count as text).
_NOT_CONTROL = bytes([9, 10, 12, 13, 27, *range(32, 256)])
# Characters that are never a control, private-use, unassigned or surrogate one: printable
# ASCII, CJK punctuation and ideographs (extension A too), full-width forms.
PLAIN_CHARS = "\t\n\f\r\x20-\x7e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"
_NOT_PLAIN = re.compile(f"[^{PLAIN_CHARS}]")
_STRAY = ("Cc", "Co", "Cn", "Cs")


def _is_binary(data: bytes) -> bool:
    sample = data[:8000]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls > len(sample) * 0.02


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    head = text[:20000]
    bad = sum(1 for ch in _NOT_PLAIN.findall(head) if unicodedata.category(ch) in _STRAY)
    return bad <= len(head) * 0.01


def decode_bytes(data: bytes, path: str, *, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name) for file contents; raise SourceError if none fits."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise SourceError(path, f"could not decode as {encoding}: {exc}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _is_binary(data):
        raise SourceError(path, "binary file, not text (pass --encoding if it is UTF-16)")
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, name
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and _looks_like_text(str(best)):
        return str(best), best.encoding
    raise SourceError(
        path, "could not decode as UTF-8, GB18030 or UTF-16; pass --encoding (e.g. big5)"
    )


_STAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")


def is_promotional(line: str) -> bool:
    """True if a line is promotional boilerplate as a whole (扫码关注公众号…, a bare URL).

    A line that merely contains a URL, 本文来源 or 公众号 is text: it must be short, hold no
    sentence and no date (a page's timestamp line carries the year a dateline lacks).
    """
    text = line.strip()
    if len(text) < 6 or len(text) > 80:  # the script view has the same length
        return False
    text = script_view(text)
    if not _PROMO.search(text):
        return False
    return not re.search(r"[。！？]", text) and not _STAMP.search(text)


def find_watermarks(lines: list[str]) -> set[str]:
    """Return the lines that are boilerplate: promotional text, or repeated page furniture.

    Repeated furniture is a line that is not a citation, date, sentence or justified text
    and that occurs at least four times spread across the file (running headers and
    footers left by a PDF conversion).
    """
    stripped = [ln.strip() for ln in lines]
    positions: dict[str, list[int]] = {}
    for i, text in enumerate(stripped):
        if text:
            positions.setdefault(text, []).append(i)
    marks = {t for t in positions if is_promotional(t)}
    span = max(len(stripped), 1)
    for text, where in positions.items():
        if len(where) < 2 or len(text) < 8 or _HAS_DATE_OR_CITATION.search(script_view(text)):
            continue
        if text.startswith("#") or re.search(r"[。！？；，]|[\u4e00-\u9fff] [\u4e00-\u9fff]", text):
            continue
        gaps = [b - a for a, b in pairwise(where)]
        if len(where) >= 4 and min(gaps) > span * 0.05:
            marks.add(text)
    return marks


def split_lines(text: str) -> list[str]:
    """Return the physical lines of `text` (CRLF, CR and Unicode line separators handled)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return [ln.rstrip().replace("\ufeff", "") for ln in text.split("\n")]


def read_source(path: Path | str, *, encoding: str | None = None) -> SourceText:
    """Return the decoded, line-numbered text of the file at `path` with watermarks flagged."""
    p = Path(path)
    name = source_name(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except IsADirectoryError:
        raise SourceError(name, "is a directory") from None
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror}") from None
    if not data.strip():
        raise SourceError(name, "empty file")
    text, used = decode_bytes(data, name, encoding=encoding)
    raw_lines = split_lines(text)
    if not any(for_parsing(ln) for ln in raw_lines):
        raise SourceError(name, "no text in file")
    marks = find_watermarks(raw_lines)
    lines = tuple(
        Line(number=i, text=ln, watermark=ln.strip() in marks)
        for i, ln in enumerate(raw_lines, start=1)
    )
    return SourceText(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=used,
        lines=lines,
        watermarks=tuple(sorted(marks)),
    )
