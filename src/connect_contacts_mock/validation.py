"""Check a value against a botocore shape, at any depth, with the constraints the model declares.

One engine serves both doors: decoded request bodies (`wire` mode: timestamps are JSON numbers)
and contacts handed to the store (`python` mode: timestamps are `datetime`s). Each shape is
compiled once into a small closure and cached per checker, so a call walks no model metadata;
a structure compiles each member when a value first carries it, so an operation's first call
builds only what it uses. Nothing here is a hand-copied table: required members, types,
lengths, counts, ranges, enums and patterns are all read from the shapes, so a newer botocore
brings its own limits.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
import re
import reprlib
from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar, cast

logger = logging.getLogger(__name__)

Mode = Literal["wire", "python"]

#: Where a value is, as the checks pass it down: the text of the path, or, below the top, the
#: parent's path and one step (a member name, a list index, or a map key with `_ITEM` or
#: `_KEY`), made into text only for a problem's message (most values have none).
Path = str | tuple[Any, ...]
_ITEM = 1
_KEY = 2


def _render(path: Path) -> str:
    """The text of a path: `Member.Inner[0].Map['key']`, `Map['key'] (key)` for a map key."""
    steps: list[str] = []
    while type(path) is tuple:
        parent, step, *kind = path
        if kind:
            steps.append(f"[{step!r}]" + (" (key)" if kind[0] == _KEY else ""))
        elif type(step) is int:
            steps.append(f"[{step}]")
        else:
            steps.append(f".{step}")
        path = parent
    text = str(path) + "".join(reversed(steps))
    return text[1:] if not path and text.startswith(".") else text


class Problem:
    """One reason a value is not acceptable.

    `malformed` marks structural faults (a wrong JSON type, an unknown member), which the
    service answers with InvalidRequestException; the others are InvalidParameterException.
    """

    __slots__ = ("path", "message", "malformed")

    def __init__(self, path: Path, message: str, malformed: bool = False) -> None:
        self.path: str = path if type(path) is str else _render(path)
        self.message = message
        self.malformed = malformed

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message, self.malformed) == (
            other.path,
            other.message,
            other.malformed,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.malformed))

    def __repr__(self) -> str:
        return f"Problem(path={self.path!r}, message={self.message!r}, malformed={self.malformed})"

    def __str__(self) -> str:
        return f"{self.path or '(top level)'}: {self.message}"


Shape = Any  # botocore.model.Shape and its subclasses
Check = Callable[[Any, Path, list[Problem]], None]

#: The timestamps a datetime can hold (0001-01-01 to 9999-12-31 UTC), in epoch seconds. A number
#: outside this range is no instant the mock can compare or print, so it is refused.
_EARLIEST_SECONDS = -62_135_596_800
_LATEST_SECONDS = 253_402_300_799


def show(value: Any, limit: int = 60) -> str:
    """A short printable form of a value for error messages.

    Bounded work whatever the value: nested or huge containers are cut (reprlib), so a hostile
    request body cannot make an error message expensive or recurse without end.
    """
    shortener = reprlib.Repr()
    shortener.maxlevel = 3
    shortener.maxstring = shortener.maxother = max(limit, 12)
    shortener.maxlong = max(limit, 12)
    text = shortener.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    return type(value).__name__


def _wrong_type(path: Path, expected: str, value: Any) -> Problem:
    """A value of the wrong type, named with its type and (shortened) value."""
    got = "null" if value is None else f"{_type_name(value)} {show(value, 40)}"
    return Problem(path, f"expected {expected}, got {got}", malformed=True)


Built = TypeVar("Built", bound=Callable[..., Any])


class _ShapeCompiler(Generic[Built]):
    """Builds one function per shape, once; recursive shapes refer to themselves lazily.

    Subclasses say what to build for each kind of shape."""

    def __init__(self) -> None:
        self._compiled: dict[str, Built] = {}

    def compile(self, shape: Shape) -> Built:
        """The function for `shape`, built on first use."""
        found = self._compiled.get(shape.name)
        if found is not None:
            return found
        slot: list[Built] = []

        def forward(*args: Any) -> Any:
            return slot[0](*args)

        self._compiled[shape.name] = cast(Built, forward)
        built = self._build(shape)
        slot.append(built)
        self._compiled[shape.name] = built
        return built

    def _build(self, shape: Shape) -> Built:
        kind = shape.type_name
        if kind == "structure":
            return self._document() if shape.is_document_type else self._structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        if kind == "string":
            return self._string(shape)
        if kind in ("integer", "long"):
            return self._number(shape, integral=True)
        if kind in ("float", "double"):
            return self._number(shape, integral=False)
        if kind == "boolean":
            return self._boolean()
        if kind == "timestamp":
            return self._timestamp()
        if kind == "blob":
            return self._blob()
        logger.debug("shape %s of type %s is not checked", shape.name, kind)
        return self._document()

    def _structure(self, shape: Shape) -> Built:
        raise NotImplementedError

    def _list(self, shape: Shape) -> Built:
        raise NotImplementedError

    def _map(self, shape: Shape) -> Built:
        raise NotImplementedError

    def _string(self, shape: Shape) -> Built:
        raise NotImplementedError

    def _number(self, shape: Shape, *, integral: bool) -> Built:
        raise NotImplementedError

    def _boolean(self) -> Built:
        raise NotImplementedError

    def _timestamp(self) -> Built:
        raise NotImplementedError

    def _blob(self) -> Built:
        raise NotImplementedError

    def _document(self) -> Built:
        """Anything goes: document shapes, and kinds the model may add later."""
        raise NotImplementedError


class ShapeChecker(_ShapeCompiler[Check]):
    """Compiles shapes into checks for one mode; keep one per (model, mode).

    `ShapeCopier` below mirrors the python-mode checks for speed: change a rule in both.
    """

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode

    def check(self, shape: Shape, value: Any, path: Path = "") -> list[Problem]:
        """All problems of `value` against `shape`; an empty list means it is acceptable."""
        problems: list[Problem] = []
        self.compile(shape)(value, path, problems)
        return problems

    def _string(self, shape: Shape) -> Check:
        return _string(shape, unicode_only=self.mode == "python")

    def _number(self, shape: Shape, *, integral: bool) -> Check:
        return _number(shape, integral=integral)

    def _boolean(self) -> Check:
        return _boolean

    def _timestamp(self) -> Check:
        return _wire_timestamp if self.mode == "wire" else _python_timestamp

    def _blob(self) -> Check:
        return _blob(self.mode)

    def _document(self) -> Check:
        return _accept_anything

    def _structure(self, shape: Shape) -> Check:
        shapes = shape.members
        # Each member's check, compiled when the member is first met: a request names a few
        # members of a large input, and its operation's first call compiles only those (a
        # member's pattern can take a tenth of a second to build: Unicode categories).
        members: dict[str, Check] = {}
        compile_member = self.compile
        required = tuple(shape.required_members)
        is_union = bool(shape.metadata.get("union"))
        allowed = ", ".join(shapes)

        def check(value: Any, path: Path, out: list[Problem]) -> None:
            if not isinstance(value, dict):
                out.append(_wrong_type(path, "an object", value))
                return
            for name in required:
                if value.get(name) is None:
                    out.append(Problem((path, name), "required member is missing"))
            present = 0
            for name, item in value.items():
                member_check = members.get(name)
                if member_check is None:
                    member_shape = shapes.get(name)
                    if member_shape is None:
                        out.append(
                            Problem(
                                (path, str(name)),
                                f"unknown member; allowed members are {allowed}",
                                malformed=True,
                            )
                        )
                        continue
                    member_check = members[name] = compile_member(member_shape)
                if item is not None:
                    present += 1
                    member_check(item, (path, name), out)
            if is_union and present != 1:
                out.append(
                    Problem(path, f"exactly one member must be set ({allowed}), got {present}")
                )

        return check

    def _list(self, shape: Shape) -> Check:
        member = self.compile(shape.member)
        low, high = shape.metadata.get("min"), shape.metadata.get("max")

        def check(value: Any, path: Path, out: list[Problem]) -> None:
            if not isinstance(value, list):
                out.append(_wrong_type(path, "a list", value))
                return
            _count(len(value), low, high, path, out)
            for index, item in enumerate(value):
                member(item, (path, index), out)

        return check

    def _map(self, shape: Shape) -> Check:
        key_check = self.compile(shape.key)
        value_check = self.compile(shape.value)
        low, high = shape.metadata.get("min"), shape.metadata.get("max")

        def check(value: Any, path: Path, out: list[Problem]) -> None:
            if not isinstance(value, dict):
                out.append(_wrong_type(path, "an object", value))
                return
            _count(len(value), low, high, path, out)
            for key, item in value.items():
                key_check(key, (path, key, _KEY), out)
                value_check(item, (path, key, _ITEM), out)

        return check


def _count(size: int, low: int | None, high: int | None, path: Path, out: list[Problem]) -> None:
    if low is not None and size < low:
        out.append(Problem(path, f"{size} items, at least {low} required"))
    if high is not None and size > high:
        out.append(Problem(path, f"{size} items, at most {high} allowed"))


def _accept_anything(value: Any, path: Path, out: list[Problem]) -> None:
    return None


def is_unicode(text: str) -> bool:
    """Whether `text` can be sent as UTF-8: it holds no lone surrogate."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: A regex escape written with its backslash doubled (`\\d`, `\\+`): as compiled it matches
#: a literal backslash, which no value of that shape holds.
_DOUBLED_ESCAPE = r"\\\\([dDsSwW+.()\[\]{}?*^$|])"


def model_pattern(shape: Shape) -> str | None:
    """The pattern of a string shape as the checks read it. botocore ships some over-escaped:
    `PhoneNumber` ("in E.164 format", its documentation says) is `\\+[1-9]\\d{1,14}$`, which
    matches no real number, only text with backslashes. A pattern whose escapes are all
    doubled is read with single ones, as the documented format it stands for."""
    text: str | None = shape.metadata.get("pattern")
    if not text or "\\\\" not in text:
        return text
    doubled = re.compile(_DOUBLED_ESCAPE)  # compiled here, not at import (re caches it)
    if doubled.search(text) and "\\" not in doubled.sub("", text):
        return doubled.sub(r"\\\1", text)
    return text


#: A Unicode property escape of the model's (Java) patterns, which Python's `re` lacks:
#: `\p{L}` (a general category, by its first letter or in full) or its negation `\P{C}`.
_PROPERTY = r"\\([pP])\{([A-Z][a-z]?)\}"
#: The last code point (the ranges below cover all of Unicode).
_MAX_CODE_POINT = 0x10FFFF


@functools.cache
def _category_runs() -> tuple[tuple[int, str], ...]:
    """Where each run of code points of one general category starts, over all of Unicode:
    one pass, made once per process and only for a model pattern that needs it."""
    import unicodedata

    runs: list[tuple[int, str]] = []
    previous = ""
    points = map(chr, range(_MAX_CODE_POINT + 1))
    for point, category in enumerate(map(unicodedata.category, points)):
        if category != previous:
            runs.append((point, category))
            previous = category
    return tuple(runs)


@functools.cache
def _category_ranges(category: str, negated: bool) -> str:
    """The characters of a general category (or of every other one), as the body of a
    character class: ranges of code points, each escaped."""
    runs = _category_runs()
    ranges: list[tuple[int, int]] = []
    for index, (start, name) in enumerate(runs):
        if name.startswith(category) == negated:
            continue
        end = runs[index + 1][0] - 1 if index + 1 < len(runs) else _MAX_CODE_POINT
        if ranges and ranges[-1][1] == start - 1:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return "".join(
        re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
        for low, high in ranges
    )


def _python_regex(text: str) -> str:
    r"""A model pattern in Python's dialect: each `\p{X}`/`\P{X}` spelled out as the code
    points of that general category (inside a class as ranges, outside as a class)."""
    if "\\p{" not in text and "\\P{" not in text:
        return text
    property_escape = re.compile(_PROPERTY)
    if not property_escape.search(text):
        return text
    out, depth, index = [], 0, 0
    while index < len(text):
        found = property_escape.match(text, index)
        if found:
            body = _category_ranges(found.group(2), found.group(1) == "P")
            out.append(body if depth else f"[{body}]")
            index = found.end()
            continue
        char = text[index]
        if char == "\\":
            out.append(text[index : index + 2])
            index += 2
            continue
        if char == "[" and not depth:
            depth = 1
        elif char == "]" and depth:
            depth = 0
        out.append(char)
        index += 1
    return "".join(out)


@functools.cache
def _pattern(text: str | None) -> re.Pattern[str] | None:
    """A model pattern compiled for search (Smithy patterns are not anchored); one Python
    cannot compile is skipped by the checker and the copier alike, with one warning."""
    if not text:
        return None
    try:
        return re.compile(_python_regex(text))
    except re.error:
        logger.warning("a pattern of the model is not a Python regex, not checked: %s", text)
        return None


def _string(shape: Shape, *, unicode_only: bool = False) -> Check:
    """The check of a string shape; `unicode_only` also refuses lone surrogates (contacts must
    be encodable in every answer; decoded requests may hold them and are answered safely)."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    enum = tuple(getattr(shape, "enum", None) or ())
    enum_set = frozenset(enum)
    pattern_text = model_pattern(shape)
    pattern = _pattern(pattern_text)
    reserved = _reserved_prefix(pattern_text)
    # The enum values that pass every rule below: one set lookup accepts most enum members.
    accepted = frozenset(
        value
        for value in enum
        if (low is None or len(value) >= low)
        and (high is None or len(value) <= high)
        and (pattern is None or pattern.search(value) is not None)
        and (not unicode_only or is_unicode(value))
    )

    def check(value: Any, path: Path, out: list[Problem]) -> None:
        if type(value) is str and value in accepted:
            return
        if not isinstance(value, str):
            out.append(_wrong_type(path, "a string", value))
            return
        if enum_set and value not in enum_set:
            out.append(Problem(path, f"{show(value)} is not one of {', '.join(enum)}"))
            return
        if unicode_only and not is_unicode(value):
            out.append(
                Problem(path, f"{show(value)} holds a lone surrogate: it is not Unicode text")
            )
        if low is not None and len(value) < low:
            out.append(
                Problem(
                    path, f"{len(value)} characters ({show(value, 40)}), at least {low} required"
                )
            )
        if high is not None and len(value) > high:
            out.append(
                Problem(
                    path, f"{len(value)} characters ({show(value, 40)}), at most {high} allowed"
                )
            )
        if pattern is not None and pattern.search(value) is None:
            hint = (
                f"; it may not start with {reserved!r}, which is reserved"
                if reserved is not None and value.startswith(reserved)
                else ""
            )
            out.append(
                Problem(path, f"{show(value)} does not match the pattern {pattern_text}{hint}")
            )

    return check


#: A pattern's leading negative look-ahead of a literal, as in `^(?!aws:)...` (tag keys).
_RESERVED_PREFIX = r"\^\(\?!([^()\[\]\\|*+?{}.^$]+)\)"


def _reserved_prefix(text: str | None) -> str | None:
    """The literal prefix a pattern forbids with a leading `^(?!prefix)`, if any."""
    if not text or not text.startswith("^(?!"):
        return None
    found = re.match(_RESERVED_PREFIX, text)
    return found.group(1) if found else None


def _number(shape: Shape, *, integral: bool) -> Check:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    types: tuple[type, ...] = (int,) if integral else (int, float)
    expected = "an integer" if integral else "a number"

    def check(value: Any, path: Path, out: list[Problem]) -> None:
        if isinstance(value, bool) or not isinstance(value, types):
            out.append(_wrong_type(path, expected, value))
            return
        if isinstance(value, float) and not math.isfinite(value):
            out.append(Problem(path, f"{value} is not a finite number", malformed=True))
            return
        if low is not None and value < low:
            out.append(Problem(path, f"{show(value)} is below the minimum {low}"))
        if high is not None and value > high:
            out.append(Problem(path, f"{show(value)} is above the maximum {high}"))

    return check


def _boolean(value: Any, path: Path, out: list[Problem]) -> None:
    if not isinstance(value, bool):
        out.append(_wrong_type(path, "a boolean", value))


def _wire_timestamp(value: Any, path: Path, out: list[Problem]) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        out.append(_wrong_type(path, "a timestamp in epoch seconds", value))
    elif isinstance(value, float) and not math.isfinite(value):
        out.append(Problem(path, f"{value} is not a finite timestamp", malformed=True))
    elif not _EARLIEST_SECONDS <= value <= _LATEST_SECONDS:
        out.append(
            Problem(
                path,
                f"{show(value)} is outside the range of timestamps, {_EARLIEST_SECONDS} to "
                f"{_LATEST_SECONDS} epoch seconds (years 1 to 9999)",
            )
        )


def _python_timestamp(value: Any, path: Path, out: list[Problem]) -> None:
    if not isinstance(value, datetime.datetime):
        out.append(_wrong_type(path, "a datetime (aware, or naive meaning UTC)", value))
    elif not in_wire_range(value):
        out.append(
            Problem(
                path,
                f"{value.isoformat()} is outside years 1 to 9999 in UTC, so no answer could "
                "carry it (botocore cannot read it back); give a time between 0001-01-01 and "
                "9999-12-31 UTC",
            )
        )


_UTC_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EDGE_YEARS = (1, 9999)
_EARLIEST_DELTA = datetime.timedelta(seconds=_EARLIEST_SECONDS)
_AFTER_LATEST_DELTA = datetime.timedelta(seconds=_LATEST_SECONDS + 1)


def in_wire_range(moment: datetime.datetime) -> bool:
    """Whether the instant (naive meaning UTC) falls in years 1 to 9999 in UTC, as every
    timestamp the wire carries must: only the edge years need working out."""
    if moment.year not in _EDGE_YEARS or moment.utcoffset() in (None, datetime.timedelta(0)):
        return True
    # In whole timedeltas (a float of seconds rounds at this size), and any fraction of
    # 9999's last second, as a UTC datetime of that second is accepted too.
    since = moment - _UTC_EPOCH
    return _EARLIEST_DELTA <= since < _AFTER_LATEST_DELTA


def _blob(mode: Mode) -> Check:
    expected: tuple[type, ...] = (str,) if mode == "wire" else (bytes, bytearray, str)

    def check(value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, expected):
            out.append(_wrong_type(path, "binary data", value))

    return check


# -- the fast path for contacts: a validating copy -------------------------------------------
#
# Adding a contact needs a check and a copy of it; doing both in one walk, without building
# a path string per member, makes `add_many` several times faster. A copier accepts exactly
# what `ShapeChecker("python")` finds no problem in, and raises `Rejected` at the first
# problem; the caller then runs the checker to say what is wrong. So every rule above has its
# twin below: a rule added to a python-mode check must be added to its copier too.


class Rejected(Exception):
    """A copier met a value its checker would report a problem for."""


_REJECTED = Rejected()

Copy = Callable[[Any], Any]


def plain_copy(value: Any) -> Any:
    """A copy of plain data: dicts rebuilt without their `None` members, lists rebuilt."""
    if isinstance(value, dict):
        return {key: plain_copy(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [plain_copy(item) for item in value]
    return value


class ShapeCopier(_ShapeCompiler[Copy]):
    """Validating copies of python values (contacts), compiled once per shape.

    A copy is plain data: dicts and lists rebuilt, `None` members left out, other values
    shared, and every timestamp passed through `timestamp` (the store freezes them there).
    """

    def __init__(self, timestamp: Callable[[Any], Any] | None = None) -> None:
        super().__init__()
        self._freeze = timestamp

    def _string(self, shape: Shape) -> Copy:
        return _copy_string(shape)

    def _number(self, shape: Shape, *, integral: bool) -> Copy:
        return _copy_number(shape, integral=integral)

    def _boolean(self) -> Copy:
        return _copy_boolean

    def _blob(self) -> Copy:
        return _copy_blob

    def _document(self) -> Copy:
        return plain_copy

    def _structure(self, shape: Shape) -> Copy:
        shapes = shape.members
        members: dict[str, Copy] = {}  # compiled when first met, as the checker's
        member_of = members.get
        compile_member = self.compile
        required = tuple(shape.required_members)
        is_union = bool(shape.metadata.get("union"))

        def copy(value: Any) -> Any:
            if not isinstance(value, dict):
                raise _REJECTED
            for name in required:
                if value.get(name) is None:
                    raise _REJECTED
            copied = {}
            for name, item in value.items():
                member = member_of(name)
                if member is None:
                    member_shape = shapes.get(name)
                    if member_shape is None:
                        raise _REJECTED
                    member = members[name] = compile_member(member_shape)
                if item is not None:
                    copied[name] = member(item)
            if is_union and len(copied) != 1:
                raise _REJECTED
            return copied

        return copy

    def _list(self, shape: Shape) -> Copy:
        member = self.compile(shape.member)
        low, high = _limits(shape)

        def copy(value: Any) -> Any:
            if not isinstance(value, list) or not low <= len(value) <= high:
                raise _REJECTED
            return [member(item) for item in value]

        return copy

    def _map(self, shape: Shape) -> Copy:
        key_copy = self.compile(shape.key)
        value_copy = self.compile(shape.value)
        low, high = _limits(shape)

        def copy(value: Any) -> Any:
            if not isinstance(value, dict) or not low <= len(value) <= high:
                raise _REJECTED
            copied = {}
            for key, item in value.items():
                key_copy(key)
                item_copy = value_copy(item)
                if item is not None:
                    copied[key] = item_copy
            return copied

        return copy

    def _timestamp(self) -> Copy:
        freeze = self._freeze
        moment = datetime.datetime

        def copy(value: Any) -> Any:
            if not isinstance(value, moment) or not in_wire_range(value):
                raise _REJECTED
            return value if freeze is None else freeze(value)

        return copy


def _limits(shape: Shape) -> tuple[float, float]:
    """The shape's min and max as numbers, open ends as infinities."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    return (-math.inf if low is None else low), (math.inf if high is None else high)


def _string_rules(
    shape: Shape,
) -> tuple[float, float, Callable[[str], Any] | None, frozenset[str] | None]:
    """A string shape's length limits and pattern search, and for an enum the values accepted
    (the checker tests an enum value's length and pattern too)."""
    low, high = _limits(shape)
    enum_set = frozenset(getattr(shape, "enum", None) or ())
    pattern = _pattern(model_pattern(shape))
    search = pattern.search if pattern is not None else None
    if not enum_set:
        return low, high, search, None
    accepted = frozenset(
        value
        for value in enum_set
        if low <= len(value) <= high and (search is None or search(value) is not None)
    )
    return low, high, search, accepted


def _copy_string(shape: Shape) -> Copy:
    low, high, search, accepted = _string_rules(shape)
    if accepted is not None:

        def copy_enum(value: Any) -> Any:
            if not isinstance(value, str) or value not in accepted:
                raise _REJECTED
            return value

        return copy_enum

    def copy(value: Any) -> Any:
        if not isinstance(value, str) or not low <= len(value) <= high:
            raise _REJECTED
        if search is not None and search(value) is None:
            raise _REJECTED
        if not (value.isascii() or is_unicode(value)):
            raise _REJECTED
        return value

    return copy


def _copy_number(shape: Shape, *, integral: bool) -> Copy:
    low, high = _limits(shape)
    types: tuple[type[int] | type[float], ...] = (int,) if integral else (int, float)

    def copy(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, types):
            raise _REJECTED
        if isinstance(value, float) and not math.isfinite(value):
            raise _REJECTED
        if not low <= value <= high:
            raise _REJECTED
        return value

    return copy


def _copy_boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise _REJECTED
    return value


def _copy_blob(value: Any) -> Any:
    if not isinstance(value, (bytes, bytearray, str)):
        raise _REJECTED
    return value
