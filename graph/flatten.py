"""The one rule that turns graph attributes into values every file format accepts.

- ``None`` (and empty text or an empty list) is dropped: the property is absent.
- ``str``, ``int``, ``float`` and ``bool`` are kept as they are.
- A list or tuple is joined with ``|`` (`schema.ARRAY_DELIMITER`): ``["网信", "网络信息"]`` →
  ``"网信|网络信息"``; neo4j-admin reads it back as ``string[]`` with
  ``--array-delimiter="U+007C"``. An element that itself contains ``|`` is an error.
- Any other type is an error: a value the rule does not know is never written silently.

Node-link JSON keeps lists as JSON arrays (JSON has them); every other format uses this rule.
Dates are ISO strings; `time_span` pads them to whole days for GEXF's timeline.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from typing import Any

from tifa.graph.schema import ARRAY_DELIMITER

from tifa.errors import TifaError

Flat = str | int | float | bool

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ExportError(TifaError):
    """A graph value that no export format can hold (names the property and the value)."""


def flat_value(value: Any, name: str = "value") -> Flat | None:
    """Return `value` as a str/int/float/bool by the flattening rule, or None to drop it."""
    if value is None or value == "":
        return None
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v is not None and v != ""]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise ExportError(
                    f"{name}: the list item {item!r} contains {ARRAY_DELIMITER!r}, which joins"
                    " list items in GraphML, GEXF and CSV; remove it from the lexicon or text"
                )
        return ARRAY_DELIMITER.join(items) if items else None
    raise ExportError(f"{name}: cannot export a {type(value).__name__} value ({value!r})")


def flat_attrs(attrs: Mapping[str, Any]) -> dict[str, Flat]:
    """Return `attrs` flattened by the rule, dropped values left out, order kept."""
    out: dict[str, Flat] = {}
    for key, value in attrs.items():
        kind = type(value)
        if kind is str:  # the common cases first, as flat_value decides them
            if value:
                out[key] = value
        elif kind is int or kind is float or kind is bool:
            out[key] = value
        else:
            flat = flat_value(value, key)
            if flat is not None:
                out[key] = flat
    return out


def day_start(date: str) -> str | None:
    """Return the first day (YYYY-MM-DD) of an ISO date, month or year; None if malformed."""
    m = _ISO.match(date)
    if not m:
        return None
    year, month, day = m.groups()
    return f"{year}-{month or '01'}-{day or '01'}"


def day_end(date: str) -> str | None:
    """Return the last day (YYYY-MM-DD) of an ISO date, month or year; None if malformed."""
    m = _ISO.match(date)
    if not m:
        return None
    year, month, day = m.groups()
    if day:
        return date
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-{last:02d}"
    return f"{year}-12-31"


def time_span(date: str | None, date_end: str | None = None) -> tuple[str, str] | None:
    """Return (first day, last day) covered by a date or date range, or None if unknown."""
    if not date:
        return None
    start, end = day_start(date), day_end(date_end or date)
    if start is None or end is None or end < start:
        return None
    return start, end


def year_span(first: int | None, last: int | None) -> tuple[str, str] | None:
    """Return (1 January of `first`, 31 December of `last`), or None if either is unknown."""
    if first is None or last is None:
        return None
    return f"{first:04d}-01-01", f"{last:04d}-12-31"
