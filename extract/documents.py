"""Documents in a file: a text file is one; JSON, JSONL and CSV files hold records.

A record is a mapping with the fields of the public speech-database mirrors (人民网
习近平系列重要讲话数据库): `title`, `date`, `author` or `source`, and the body as `text` (a
string or a list of paragraphs) or `article` (HTML, reduced to text with the standard
library's HTML parser). Its title becomes the document's first line, its date and source
are metadata that segmentation reads for the year a dateline lacks. Each paragraph keeps
the number of the file line it was printed on, so a passage cites its record's own line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tifa.extract.read import decode_bytes, read_source
from tifa.extract.sources import source_name

from tifa.errors import SourceError
from tifa.records import Line, SourceText

RECORD_SUFFIXES = (".json", ".jsonl", ".csv")
_BODY_FIELDS = ("text", "content", "body", "paragraphs", "article", "html")
_TITLE_FIELDS = ("title", "headline", "name")
_DATE_FIELDS = ("date", "pub_date", "published", "time", "datetime")
_SOURCE_FIELDS = ("source", "author", "publisher", "media")
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td",
               "table", "section", "article", "blockquote"}


class _TextOfHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_paragraphs(html: str) -> list[str]:
    """Return the text paragraphs of an HTML fragment (block elements end a paragraph)."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return [p.strip(" \t\u3000\xa0") for p in text.split("\n") if p.strip(" \t\u3000\xa0")]


def _field(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def record_paragraphs(record: Mapping[str, Any]) -> list[str]:
    """Return a record's body as paragraphs: `text` (list or string) before `article` HTML."""
    for name in _BODY_FIELDS:
        value = record.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            return [v.strip() for v in value if v.strip()]
        if isinstance(value, str) and value.strip():
            if "<" in value and ">" in value and name in ("article", "html", "content", "body"):
                return html_paragraphs(value)
            return [p.strip() for p in value.splitlines() if p.strip()]
    return []


def _line_finder(raw_lines: list[str], start: int) -> Any:
    """Return a function giving the 1-based file line that prints a paragraph (or `start`)."""
    escaped = [json.dumps(ln, ensure_ascii=False) for ln in raw_lines]

    def find(paragraph: str, after: int) -> int:
        key = json.dumps(paragraph, ensure_ascii=False)[1:-1][:60]
        for i in range(max(after, start), len(raw_lines) + 1):
            if key and key in raw_lines[i - 1]:
                return i
        for i in range(1, len(raw_lines) + 1):
            if key and key in escaped[i - 1]:
                return i
        return start

    return find


def _document(key: str, record: Mapping[str, Any], raw_lines: list[str],
              record_line: int, encoding: str) -> SourceText | None:
    paragraphs = record_paragraphs(record)
    title = _field(record, _TITLE_FIELDS)
    if not paragraphs and not title:
        return None
    find = _line_finder(raw_lines, record_line)
    lines: list[Line] = []
    body_at = record_line
    if isinstance(record.get("text"), list | str):
        # the plain-text field is printed after any HTML copy: look for it there first
        for i in range(record_line, len(raw_lines) + 1):
            if raw_lines[i - 1].lstrip().startswith('"text"'):
                body_at = i
                break
    if title:
        lines.append(Line(find(str(title), record_line), str(title)))
    after = body_at
    for para in paragraphs:
        number = find(para, after)
        after = number
        lines.append(Line(number, para))
    digest = hashlib.sha256(json.dumps(record, ensure_ascii=False, sort_keys=True)
                            .encode("utf-8")).hexdigest()
    date = _field(record, _DATE_FIELDS)
    source = _field(record, _SOURCE_FIELDS)
    return SourceText(path=key, sha256=digest, encoding=encoding, lines=tuple(lines),
                      meta_title=str(title) if title else None,
                      meta_date=str(date) if date else None,
                      meta_source=str(source) if source else None)


def _records(path: str, text: str) -> Iterator[tuple[Mapping[str, Any], int]]:
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(path, f"line {n} is not JSON: {exc.msg}") from None
            if not isinstance(value, dict):
                raise SourceError(path, f"line {n} is not a JSON object")
            yield value, n
        return
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            yield row, reader.line_num
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    items: list[Any]
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict) and isinstance(value.get("articles"), list):
        items = value["articles"]
    else:
        items = [value]
    for item in items:
        if not isinstance(item, dict):
            raise SourceError(path, "JSON holds something other than records (objects)")
        yield item, 1


def read_documents(path: Path | str, *, encoding: str | None = None) -> Iterator[SourceText]:
    """Yield the documents of a file: the text itself, or one per JSON/JSONL/CSV record.

    Raises SourceError (one line naming the file) for a file that cannot be read at all.
    """
    p = Path(path)
    if p.suffix.lower() not in RECORD_SUFFIXES:
        yield read_source(p, encoding=encoding)
        return
    name = source_name(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceError(name, "empty file")
    text, used = decode_bytes(data, name, encoding=encoding)
    text = text.lstrip("\ufeff")
    raw_lines = text.replace("\r\n", "\n").split("\n")
    records = list(_records(name, text))
    found = 0
    for n, (record, line) in enumerate(records, start=1):
        key = name if len(records) == 1 else f"{name}#{record.get('id') or n}"
        doc = _document(key, record, raw_lines, line, used)
        if doc is not None:
            found += 1
            yield doc
    if not found:
        raise SourceError(name, "no record with a title or text field")
