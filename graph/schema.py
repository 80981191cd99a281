"""The graph's vocabulary, defined once: labels, relationship types, properties and ids.

Build, every export and (later) the loader and the queries read these tables; nothing else
spells a label, a relationship type or a property type. Property types use Neo4j's
neo4j-admin import names (``string``, ``int``, ``float``, ``boolean``, ``string[]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from tifa.records import content_id

PropType = Literal["string", "int", "float", "boolean", "string[]"]

ARRAY_DELIMITER = "|"
"""Joins list values wherever a format has no lists (GraphML, GEXF, neo4j-admin CSV)."""


@dataclass(frozen=True)
class Property:
    """A property of a node label or relationship type, with its Neo4j type."""

    name: str
    type: PropType = "string"


@dataclass(frozen=True)
class NodeLabel:
    """A node label, its properties (``id`` first) and the property that captions it."""

    name: str
    properties: tuple[Property, ...]
    caption: str

    def property_names(self) -> tuple[str, ...]:
        """Return the names of the label's properties, in schema order."""
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class RelType:
    """A relationship type: its start and end labels and its properties."""

    name: str
    start: str
    end: str
    properties: tuple[Property, ...] = ()

    def property_names(self) -> tuple[str, ...]:
        """Return the names of the type's properties, in schema order."""
        return tuple(p.name for p in self.properties)


def _p(spec: str) -> tuple[Property, ...]:
    """Return properties from ``"name:type name …"`` (type defaults to string)."""
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append(Property(name, kind or "string"))  # type: ignore[arg-type]
    return tuple(out)


_NODES = (
    NodeLabel("Source", _p("id path sha256 genre encoding title date"), "title"),
    NodeLabel("Passage", _p(
        "id text seq:int line_start:int line_end:int source year:int canonical_id lang speaker"),
        "text"),
    NodeLabel("Speech", _p(
        "id title date date_end date_precision year:int kind occasion speaker speaker_position"
        " date_inferred:boolean date_basis aliases:string[]"), "title"),
    NodeLabel("Person", _p("id name"), "name"),
    NodeLabel("Publication", _p("id title volume publisher year:int kind"), "title"),
    NodeLabel("Concept", _p(
        "id name category aliases:string[] origin passages:int mentions:int utterances:int"
        " first_year:int last_year:int"), "name"),
    NodeLabel("Topic", _p("id title source"), "title"),
    NodeLabel("Year", _p("id year:int"), "year"),
)

_RELATIONSHIPS = (
    RelType("EXCERPT_OF", "Passage", "Speech", _p("traced:boolean")),
    RelType("IN_SOURCE", "Passage", "Source", _p("seq:int")),
    RelType("PRINTED_IN", "Passage", "Publication", _p("pages issue_date issue")),
    RelType("MENTIONS", "Passage", "Concept", _p("count:int")),
    RelType("UNDER_TOPIC", "Passage", "Topic"),
    RelType("DELIVERED_BY", "Speech", "Person"),
    RelType("IN_YEAR", "Speech", "Year"),
    RelType("NEXT", "Year", "Year"),
    RelType("BROADER", "Concept", "Concept"),
    RelType("CO_OCCURS", "Concept", "Concept",
            _p("weight:int passages:int first_year:int last_year:int")),
    RelType("QUOTES", "Passage", "Passage", _p("similarity:float match")),
)

NODES: Mapping[str, NodeLabel] = MappingProxyType({n.name: n for n in _NODES})
RELATIONSHIPS: Mapping[str, RelType] = MappingProxyType({r.name: r for r in _RELATIONSHIPS})
LABELS: tuple[str, ...] = tuple(NODES)
REL_TYPES: tuple[str, ...] = tuple(RELATIONSHIPS)

PYTHON_TYPES: Mapping[PropType, tuple[type, ...]] = MappingProxyType({
    "string": (str,), "int": (int,), "float": (float,), "boolean": (bool,),
    "string[]": (list, tuple),
})


def label_order(label: str) -> int:
    """Return the position of `label` in the schema (for deterministic ordering)."""
    return LABELS.index(label)


def type_order(rel_type: str) -> int:
    """Return the position of `rel_type` in the schema (for deterministic ordering)."""
    return REL_TYPES.index(rel_type)


def property_type(name: str) -> PropType:
    """Return the type of the property `name`; one name has one type across the schema."""
    for item in (*_NODES, *_RELATIONSHIPS):
        for prop in item.properties:
            if prop.name == name:
                return prop.type
    raise KeyError(f"{name} is not a property in the tifa schema")


def person_id(name: str) -> str:
    """Return the id of the Person called `name`."""
    return content_id("person", name)


def concept_id(name: str) -> str:
    """Return the id of the Concept called `name`."""
    return content_id("concept", name)


def topic_id(source_id: str, title: str) -> str:
    """Return the id of the Topic `title` of one source (topics are per source)."""
    return content_id("topic", source_id, title)


def year_id(year: int) -> str:
    """Return the id of the Year node for `year`, e.g. ``year:2016``."""
    return f"year:{year}"


def caption(attrs: Mapping[str, Any], *, width: int = 24) -> str:
    """Return a short human caption for a node: its name, title, year or opening text."""
    label = NODES[attrs["label"]]
    value = attrs.get(label.caption)
    if value is None and label.name == "Speech":
        value = attrs.get("occasion") or attrs.get("date")
    if value is None and label.name == "Publication":
        value = attrs.get("publisher")
    if value is None and label.name == "Source":
        value = str(attrs.get("path", "")).rsplit("/", 1)[-1]
    text = str(value if value is not None else attrs["id"])
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
