"""The kinds of URL parameter of :mod:`smedx.urlstate`: each reads the raw strings of a link (``parse``) and
writes a value back (``format``); a value that cannot be read gives a :class:`Note` (a locale key and what the
link held), never a silent default."""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from smedx import place_profile
from smedx.i18n import DEFAULT_LANG, LANGS, t

MAX_RAW = 200  # characters of one raw value read (a longer value is cut, with a note)
SHOWN_RAW = 40  # characters of a raw value quoted in a note


@dataclass(frozen=True)
class Note:
    """A value of the link that could not be used as it stands; ``message`` is a locale key."""

    param: str
    raw: str
    message: str = "share.note_unknown"
    names: Mapping[str, str] = field(default_factory=dict)  # language -> a name the message mentions

    def text(self, lang: str) -> str:
        value = self.raw[:SHOWN_RAW]
        return t(self.message, lang, param=self.param, value=value, code=value, name=self.names.get(lang, ""))


Options = Callable[[str], Mapping[Any, str]]  # language -> {id: label}, in display order


@dataclass(frozen=True)
class Key:
    """One query parameter: ``name`` in the URL, ``state`` its widget/session key, ``default`` its value when
    absent. Subclasses read (``parse``) and write (``format``) one kind of value."""

    name: str
    default: Any
    state: str = ""

    @property
    def state_key(self) -> str:
        return self.state or self.name

    def parse(self, raw: Sequence[str]) -> tuple[Any, Note | None]:
        """The value of the raw URL strings (``[]``: absent) and a note when they could not be read as given."""
        if not raw:
            return self.default, None
        text = [str(r)[:MAX_RAW] for r in raw]
        return self.read(text)

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        raise NotImplementedError

    def format(self, value: Any) -> list[str]:
        """The URL strings of ``value`` (``[]`` for the default: the parameter is left out)."""
        return [] if self.is_default(value) else self.write(value)

    def is_default(self, value: Any) -> bool:
        return bool(value == self.default)

    def write(self, value: Any) -> list[str]:
        return [str(value)]

    def note(self, raw: str) -> Note:
        return Note(self.name, raw)


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class Choice(Key):
    """One id among ``options``; the id or a label of either language is read."""

    options: Options = field(default=lambda lang: {})
    fallback: Any = "default"  # the value of an unreadable link ("default": ``default``)

    def lookup(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for lang in LANGS:
            for ident, label in self.options(lang).items():
                found.setdefault(_fold(label), ident)
        for ident in self.options(DEFAULT_LANG):
            found[_fold(str(ident))] = ident
        return found

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        ident = _lookup(self)(_fold(raw[0]))
        if ident is not _MISSING:
            return ident, None
        return (self.default if self.fallback == "default" else self.fallback), self.note(raw[0])

    def labels(self, lang: str) -> Mapping[Any, str]:
        return self.options(lang)

    def write(self, value: Any) -> list[str]:
        return [] if value is None else [str(value)]


_MISSING = object()


def _lookup(key: Choice) -> Callable[[str], Any]:
    table = _lookups(key)
    return lambda folded: table.get(folded, _MISSING)


@cache
def _lookups(key: Choice) -> dict[str, Any]:
    return key.lookup()


@dataclass(frozen=True)
class Multi(Choice):
    """Several ids, comma-separated (``?region=east,west``; repeated parameters and labels are read too);
    ``default`` is a tuple. Unknown items are dropped with a note; an empty value is an empty choice."""

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        items = [item for entry in raw for item in entry.split(",") if item.strip()]
        look = _lookup(self)
        found = [look(_fold(item)) for item in items]
        unknown = [item for item, ident in zip(items, found, strict=True) if ident is _MISSING]
        order = list(self.options(DEFAULT_LANG))
        chosen = sorted({ident for ident in found if ident is not _MISSING}, key=order.index)
        return tuple(chosen), (self.note(",".join(unknown)) if unknown else None)

    def is_default(self, value: Any) -> bool:
        return tuple(value) == tuple(self.default)

    def write(self, value: Any) -> list[str]:
        return [",".join(str(v) for v in value)]


@dataclass(frozen=True)
class Number(Key):
    """A number in [lo, hi] on a step grid (``snap``); out of range is clamped, with a note."""

    lo: float = 0.0
    hi: float = 1.0
    snap: Callable[[float], float] = field(default=float)
    integer: bool = False

    def _number(self, text: str) -> float | None:
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None

    def _value(self, number: float) -> float | int:
        value = self.snap(number)
        return round(value) if self.integer else value

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        number = self._number(raw[0])
        if number is None:
            return self.default, self.note(raw[0])
        value = self._value(number)
        out_of_range = not self.lo <= number <= self.hi
        return value, (Note(self.name, raw[0], "share.note_range") if out_of_range else None)

    def write(self, value: Any) -> list[str]:
        return [f"{float(value):g}"]


@dataclass(frozen=True)
class Range(Number):
    """Two numbers ``lo~hi`` (``lo,hi`` and two repeated values are read too); ``default`` is a pair."""

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        parts = raw if len(raw) == 2 else re.split(r"[~,]", raw[0])
        numbers = [self._number(p) for p in parts]
        if len(numbers) != 2 or None in numbers:
            return self.default, self.note("~".join(raw))
        low, high = sorted(numbers)  # type: ignore[type-var]
        out_of_range = not (self.lo <= low and high <= self.hi)
        value = (self._value(low), self._value(high))
        return value, (Note(self.name, "~".join(raw), "share.note_range") if out_of_range else None)

    def is_default(self, value: Any) -> bool:
        return tuple(value) == tuple(self.default)

    def write(self, value: Any) -> list[str]:
        return [f"{float(value[0]):g}~{float(value[1]):g}"]


@dataclass(frozen=True)
class Text(Key):
    """Free text (a search); longer than ``limit`` characters is cut, with a note."""

    limit: int = 100

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        text = raw[0]
        if len(text) > self.limit:
            return text[: self.limit], Note(self.name, text, "share.note_long")
        return text, None


@dataclass(frozen=True)
class TextList(Key):
    """Repeated free-text entries (the what-if page's saved scenarios), at most ``count`` of ``limit`` chars."""

    count: int = 3
    limit: int = 600

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        kept = tuple(entry for entry in raw[: self.count] if len(entry) <= self.limit)
        return kept, (Note(self.name, raw[-1], "share.note_long") if len(kept) < len(raw) else None)

    def is_default(self, value: Any) -> bool:
        return not value

    def write(self, value: Any) -> list[str]:
        return list(value)


@dataclass(frozen=True)
class Place(Key):
    """A province or city adcode (``?place=``), or its name in either language."""

    message: str = "place.no_such_place"

    def read(self, raw: list[str]) -> tuple[Any, Note | None]:
        text = raw[0].strip()
        place = place_profile.resolve(text)
        if place is None:
            found = place_profile.search(text).found
            place = found[0] if len(found) == 1 and _fold(found[0].name("zh")) in {_fold(text)} | {
                _fold(found[0].name("en"))} else None
        if place is None:
            return None, Note(self.name, text, self.message)
        return place.adcode, None


@dataclass(frozen=True)
class PilotCity(Choice):
    """A pilot city (adcode or name); a known place that is no identified pilot gets its own note."""

    def note(self, raw: str) -> Note:
        place = place_profile.resolve(raw.strip())
        if place is None:
            return Note(self.name, raw, "share.note_not_a_city")
        return Note(self.name, raw, "share.note_not_pilot", {lang: place.name(lang) for lang in LANGS})
