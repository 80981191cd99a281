"""The concept lexicon: the built-in list of 提法 merged with users' YAML files.

A lexicon file is a YAML list of entries (or a mapping with a ``concepts:`` list)::

    - name: 网络空间命运共同体
      category: 国际
      aliases: []
      broader: 人类命运共同体

A user entry whose name is already in the lexicon extends it: its aliases are added, and a
``category``, ``broader`` or ``origin`` it sets replaces the earlier value. Any problem in a
file is a `LexiconError` naming the file and line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import tifa.extract.normalize as normalize
import tifa.extract.termmatch as termmatch
import yaml
from tifa.extract.cache import cached, source_of
from tifa.extract.termmatch import normalise_term, to_mainland

from tifa.errors import ConfigError

Origin = Literal["lexicon", "discovered"]

BUILTIN_LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.yaml"
CATEGORIES = (
    "战略",
    "党的领导",
    "意识形态与宣传",
    "治理",
    "法治",
    "安全",
    "科技",
    "技术",
    "数据与智能",
    "经济",
    "社会民生",
    "文化",
    "人才",
    "军事",
    "国际",
    "机构与会议",
)
ORIGINS: tuple[Origin, ...] = ("lexicon", "discovered")
FIELDS = ("name", "category", "aliases", "broader", "related", "source", "origin")


VariantKind = Literal["punctuation", "的", "regional"]
_MARKS = re.compile(r"[\s、，,;；:：·・/／\\()（）《》〈〉“”‘’\"'「」『』.。!！?？—–-]+")


def variant_kind(name: str, alias: str) -> VariantKind | None:
    """Return how `alias` writes the formulation `name` differently, or None if it does not.

    An alias is the same formulation written differently: with other punctuation between
    its parts (时、度、效 for 时度效), with 的 left out or put in (清朗的网络空间 for
    清朗网络空间), or in Taiwan or Hong Kong vocabulary (人工智慧 for 人工智能, by OpenCC
    ``tw2sp``/``hk2s``). Script, width, spacing and quotation marks need no alias at all:
    normalisation handles them, and such an alias is reported as punctuation. Anything else
    (网络和信息安全 for 网络安全) is a different formulation and returns None.
    """

    def bare(text: str) -> str:
        return _MARKS.sub("", normalise_term(text))

    target = bare(name)
    if bare(alias) == target:
        return "punctuation"
    if bare(alias).replace("的", "") == target.replace("的", ""):
        return "的"
    if bare(to_mainland(alias)) == target:
        return "regional"
    return None


class LexiconError(ConfigError):
    """A lexicon file (or a lexicon built in code) that cannot be used; names file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Concept:
    """A concept (提法): canonical name, category, variant forms, broader concept.

    `related` names concepts that a different but related formulation sits beside (网络和信息安全
    beside 网络安全); `source` says where the formulation comes from (an official document, a
    glossary, or a corpus attestation with file and line).
    """

    name: str
    category: str | None = None
    aliases: tuple[str, ...] = ()
    broader: str | None = None
    origin: Origin = "lexicon"
    related: tuple[str, ...] = ()
    source: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Return the name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Lexicon:
    """An immutable, validated set of concepts with lookup by name and by surface form."""

    concepts: tuple[Concept, ...]
    _by_name: Mapping[str, Concept] = field(init=False, repr=False, compare=False)
    _by_key: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Concept] = {}
        by_key: dict[str, str] = {}
        for concept in self.concepts:
            if concept.name in by_name:
                raise LexiconError(f"concept {concept.name} is listed twice")
            by_name[concept.name] = concept
        for concept in self.concepts:
            for form in concept.surface_forms:
                key = normalise_term(form)
                if not key:
                    raise LexiconError(f"concept {concept.name} has an empty name or alias")
                other = by_key.setdefault(key, concept.name)
                if other != concept.name:
                    raise LexiconError(f"{form} is a form of both {other} and {concept.name}")
        for concept in self.concepts:
            if concept.broader is not None and concept.broader not in by_name:
                raise LexiconError(f"{concept.name}: broader concept {concept.broader} is unknown")
            for other_name in concept.related:
                if other_name not in by_name:
                    raise LexiconError(f"{concept.name}: related concept {other_name} is unknown")
        for concept in self.concepts:
            _check_no_cycle(concept.name, by_name)
        object.__setattr__(self, "_by_name", MappingProxyType(by_name))
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Concept | None:
        """Return the concept called `name`, or None."""
        return self._by_name.get(name)

    def lookup(self, surface: str) -> Concept | None:
        """Return the concept that `surface` (any form, any script or width) names, or None."""
        name = self._by_key.get(normalise_term(surface))
        return None if name is None else self._by_name[name]

    @property
    def keys(self) -> Mapping[str, str]:
        """Return the mapping from normalised surface form to concept name."""
        return self._by_key

    def broader_chain(self, name: str) -> tuple[str, ...]:
        """Return the names of the ever broader concepts above `name`, nearest first."""
        chain: list[str] = []
        concept = self._by_name.get(name)
        while concept is not None and concept.broader is not None:
            chain.append(concept.broader)
            concept = self._by_name.get(concept.broader)
        return tuple(chain)

    def said_with(self, name: str) -> tuple[str, ...]:
        """Return the concepts a mention of `name` also says when it writes them out: its
        broader and related concepts, theirs in turn, and so on (网络强国战略: 网络强国)."""
        said: dict[str, None] = {}
        todo = [name]
        while todo:
            concept = self._by_name.get(todo.pop(0))
            if concept is None:
                continue
            for other in (concept.broader, *concept.related):
                if other is not None and other != name and other not in said:
                    said[other] = None
                    todo.append(other)
        return tuple(said)

    @cached_property
    def nested(self) -> Mapping[str, tuple[tuple[int, int, str], ...]]:
        """Return, for each surface key, the keys written inside it that it also says.

        A key of concept C maps to (start, end, key) for every occurrence, inside it, of a
        form of a concept in `said_with(C)` (leftmost-longest among that concept's forms;
        ASCII boundaries as in matching): 没有网络安全就没有国家安全 holds 网络安全 and 国家安全,
        its broader chain. A term inside a key that is neither broader nor related (网络安全
        inside 中央网络安全和信息化委员会) is not listed.
        """
        keys_of: dict[str, list[str]] = {}
        for key, name in self._by_key.items():
            keys_of.setdefault(name, []).append(key)
        nested: dict[str, tuple[tuple[int, int, str], ...]] = {}
        for key, name in self._by_key.items():
            found = [
                hit
                for other in self.said_with(name)
                for hit in _occurrences(key, sorted(keys_of[other], key=len, reverse=True))
            ]
            if found:
                nested[key] = tuple(sorted(found))
        return MappingProxyType(nested)

    def without(self, names: Iterable[str]) -> Lexicon:
        """Return a lexicon without the named concepts (broader links to them are cut)."""
        drop = frozenset(names)
        kept = []
        for c in self.concepts:
            if c.name not in drop:
                broader = None if c.broader in drop else c.broader
                related = tuple(r for r in c.related if r not in drop)
                kept.append(
                    Concept(c.name, c.category, c.aliases, broader, c.origin, related, c.source)
                )
        return Lexicon(tuple(kept))


def _occurrences(text: str, keys: Sequence[str]) -> list[tuple[int, int, str]]:
    """Return the non-overlapping occurrences (start, end, key) of `keys` (longest first) in
    `text`, leftmost-longest, where an ASCII letter or digit does not continue a key."""
    alnum = "0123456789abcdefghijklmnopqrstuvwxyz"
    hits = []
    i = 0
    while i < len(text):
        for key in keys:
            end = i + len(key)
            if text.startswith(key, i) and not (
                (key[0] in alnum and i > 0 and text[i - 1] in alnum)
                or (key[-1] in alnum and end < len(text) and text[end] in alnum)
            ):
                hits.append((i, end, key))
                i = end
                break
        else:
            i += 1
    return hits


def _check_no_cycle(name: str, by_name: Mapping[str, Concept]) -> None:
    seen = [name]
    concept = by_name.get(name)
    while concept is not None and concept.broader is not None:
        if concept.broader in seen:
            path = " -> ".join([*seen[seen.index(concept.broader) :], concept.broader])
            raise LexiconError(f"broader concepts form a cycle: {path}")
        seen.append(concept.broader)
        concept = by_name.get(concept.broader)


def load_lexicon(paths: Sequence[Path | str] = (), *, builtin: bool = True) -> Lexicon:
    """Return the built-in lexicon (unless `builtin` is False) merged with the given files.

    Later files extend or override earlier ones entry by entry. Raises `LexiconError`, naming
    the file and line, for a file that is unreadable, not YAML, or not a valid lexicon.
    """
    files = [BUILTIN_LEXICON, *map(Path, paths)] if builtin else [*map(Path, paths)]
    try:
        contents = [f.read_bytes() for f in files]
    except OSError:
        return _merge(files)  # names the file that cannot be read
    # Parsing YAML is most of the start-up: the concepts are cached by the files' contents.
    key = [*contents, *source_of(sys.modules[__name__], termmatch, normalize),
           metadata.version("opencc").encode()]
    concepts = cached("lexicon", key, lambda: _merge(files).concepts)
    return Lexicon(concepts)


def _merge(files: Sequence[Path]) -> Lexicon:
    merged = _Merged()
    for path in files:
        for entry in _read_entries(path):
            merged.add(entry)
    return merged.lexicon()


@dataclass
class _Entry:
    """One entry as read from a file, with where it (and each field) came from."""

    fields: dict[str, Any]
    path: str
    line: int
    field_lines: dict[str, int]

    def where(self, name: str | None = None) -> tuple[str, int]:
        return self.path, self.field_lines.get(name or "", self.line)


@dataclass
class _Draft:
    """A concept being merged, remembering where each part was set."""

    name: str
    category: str | None
    broader: str | None
    origin: Origin
    aliases: list[tuple[str, tuple[str, int]]]
    where: tuple[str, int]
    broader_where: tuple[str, int]
    related: list[str] = field(default_factory=list)
    related_where: tuple[str, int] = ("", 0)
    source: str | None = None


class _Merged:
    """Accumulates entries file by file, then validates the whole and builds a Lexicon."""

    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}

    def add(self, entry: _Entry) -> None:
        f = entry.fields
        name = f["name"]
        aliases = [(a, entry.where("aliases")) for a in f.get("aliases", ())]
        draft = self.drafts.get(name)
        if draft is None:
            self.drafts[name] = _Draft(
                name=name,
                category=f.get("category"),
                broader=f.get("broader"),
                origin=f.get("origin") or "lexicon",
                aliases=aliases,
                where=entry.where(),
                broader_where=entry.where("broader"),
                related=list(f.get("related", ())),
                related_where=entry.where("related"),
                source=f.get("source"),
            )
            return
        if f.get("category") is not None:
            draft.category = f["category"]
        if "broader" in f:
            draft.broader = f["broader"]
            draft.broader_where = entry.where("broader")
        if f.get("origin") is not None:
            draft.origin = f["origin"]
        if f.get("source") is not None:
            draft.source = f["source"]
        for other in f.get("related", ()):
            if other not in draft.related:
                draft.related.append(other)
                draft.related_where = entry.where("related")
        known = {normalise_term(a) for a, _ in draft.aliases}
        draft.aliases.extend(a for a in aliases if normalise_term(a[0]) not in known)

    def lexicon(self) -> Lexicon:
        owner: dict[str, tuple[str, tuple[str, int]]] = {}
        for draft in self.drafts.values():
            for form, where in [(draft.name, draft.where), *draft.aliases]:
                key = normalise_term(form)
                if not key:
                    raise LexiconError(f"{draft.name} has an empty alias", *where)
                other, other_where = owner.setdefault(key, (draft.name, where))
                if other != draft.name:
                    raise LexiconError(
                        f"{form} is already a name or alias of {other}"
                        f" ({other_where[0]}:{other_where[1]}); one form can name one concept",
                        *where,
                    )
        for draft in self.drafts.values():
            if draft.broader is not None and draft.broader not in self.drafts:
                raise LexiconError(
                    f"broader concept {draft.broader} of {draft.name} is not in the lexicon;"
                    " add it as an entry or correct the name",
                    *draft.broader_where,
                )
            for other in draft.related:
                if other not in self.drafts:
                    raise LexiconError(
                        f"related concept {other} of {draft.name} is not in the lexicon;"
                        " add it as an entry or correct the name",
                        *draft.related_where,
                    )
        by_name = {
            d.name: Concept(
                d.name,
                d.category,
                _dedupe(d.name, [a for a, _ in d.aliases]),
                d.broader,
                d.origin,
                tuple(r for r in d.related if r != d.name),
                d.source,
            )
            for d in self.drafts.values()
        }
        for draft in self.drafts.values():
            try:
                _check_no_cycle(draft.name, by_name)
            except LexiconError as exc:
                raise LexiconError(str(exc), *draft.broader_where) from None
        return Lexicon(tuple(by_name.values()))


def _dedupe(name: str, aliases: list[str]) -> tuple[str, ...]:
    seen = {normalise_term(name)}
    out = []
    for alias in aliases:
        key = normalise_term(alias)
        if key not in seen:
            seen.add(key)
            out.append(alias.strip())
    return tuple(out)


def _read_entries(path: Path) -> list[_Entry]:
    """Return the validated entries of one lexicon file."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError("no such lexicon file", where) from None
    except UnicodeDecodeError:
        raise LexiconError("not UTF-8 text; save the lexicon as UTF-8", where) from None
    except OSError as exc:
        raise LexiconError(f"cannot read: {exc.strerror}", where) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        line = mark.line + 1 if mark else None
        raise LexiconError(f"not valid YAML: {problem}", where, line) from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"not valid YAML: {' '.join(str(exc).split())}", where) from None
    if root is None or data is None:
        return []
    if isinstance(data, dict) and isinstance(root, yaml.MappingNode):
        unknown = [k for k in data if k != "concepts"]
        if unknown or "concepts" not in data:
            raise LexiconError(
                "expected a list of concepts, or a mapping with one key, concepts:",
                where,
                root.start_mark.line + 1,
            )
        data = data["concepts"] or []
        root = next(v for k, v in root.value if k.value == "concepts")
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise LexiconError("expected a list of concepts (lines starting with '- ')", where, 1)
    entries: list[_Entry] = []
    first_line: dict[str, int] = {}
    for item, node in zip(data, root.value, strict=True):
        entry = _parse_entry(item, node, where)
        name = entry.fields["name"]
        if name in first_line:
            raise LexiconError(
                f"concept {name} is listed twice (first on line {first_line[name]})",
                where,
                entry.line,
            )
        first_line[name] = entry.line
        entries.append(entry)
    return entries


def _parse_entry(item: object, node: yaml.Node, path: str) -> _Entry:
    """Return one entry checked field by field, or raise LexiconError at its line."""
    line = node.start_mark.line + 1
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        raise LexiconError("each concept must be a mapping with at least name:", path, line)
    field_lines = {str(k.value): v.start_mark.line + 1 for k, v in cast(list[Any], node.value)}
    entry = _Entry({}, path, line, field_lines)

    def fail(message: str, key: str | None = None) -> LexiconError:
        return LexiconError(message, *entry.where(key))

    unknown = sorted(str(k) for k in item if k not in FIELDS)
    if unknown:
        raise fail(f"unknown field {unknown[0]}; the fields are {', '.join(FIELDS)}", unknown[0])
    name = item.get("name")
    if name is None:
        raise fail("concept without a name: every entry needs name:")
    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)
    if not isinstance(name, str) or not name.strip():
        raise fail(f"name must be non-empty text, got {name!r}", "name")
    entry.fields["name"] = name.strip()
    category = item.get("category")
    if category is not None and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}", "category")
    if "category" in item:
        entry.fields["category"] = category
    aliases = item.get("aliases") or []
    if isinstance(aliases, str | int) and not isinstance(aliases, bool):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(
        isinstance(a, str | int) and not isinstance(a, bool) for a in aliases
    ):
        raise fail("aliases must be a list of text, e.g. aliases: [关键基础设施]", "aliases")
    entry.fields["aliases"] = [str(a).strip() for a in aliases]
    broader = item.get("broader")
    if broader is not None and (not isinstance(broader, str) or not broader.strip()):
        raise fail(f"broader must be a concept name or null, got {broader!r}", "broader")
    if "broader" in item:
        entry.fields["broader"] = broader.strip() if isinstance(broader, str) else None
    related = item.get("related") or []
    if isinstance(related, str):
        related = [related]
    if not isinstance(related, list) or not all(isinstance(r, str) and r.strip() for r in related):
        raise fail("related must be a list of concept names, e.g. related: [网络安全]", "related")
    entry.fields["related"] = [r.strip() for r in related]
    source = item.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise fail(f"source must be text or null, got {source!r}", "source")
    if source is not None:
        entry.fields["source"] = source.strip()
    origin = item.get("origin")
    if origin is not None and origin not in ORIGINS:
        raise fail(f"origin must be lexicon or discovered, got {origin!r}", "origin")
    entry.fields["origin"] = origin
    return entry
