"""Code generated from the contact shape: the validating copy `add` makes, and the compact form
the store keeps each contact in.

Adding a million contacts is a million walks of the same few layouts: a factory's contacts
share a handful of key orders (`Channel`, `InitiationMethod`, ..., `Tags`), and so do their
nested members. So for each structure, the first time a layout (its keys, in order) is met, one
function is generated as source text and `compile`d: it unpacks the values in that order and
checks and copies every member in straight-line code, the model's limits written in; nested
members laid out as in that first contact are inlined behind one test of their keys, others
go through the same dispatch on their own layout.

- The copy accepts exactly what `ShapeCopier(timestamp=freeze_timestamp)` accepts and returns
  the same dict. Its code takes the common values (exact `str` and `int`, UTC datetimes); at
  anything else (a `None` member, a subclass, another time zone, a problem) it hands the whole
  structure to `ShapeCopier`, which copies it or raises `Rejected`. So the rules stay written
  once, in `validation`, and this is their faster twin.
- In the same pass it encodes the copy: a structure becomes `(codes, value, ...)`, `codes` the
  members' positions in the shape (a byte each), and each string its number in the store's
  `StringTable`, so that hierarchy ARNs, queue and agent ids, attribute values and enum values
  are kept once per store rather than once per contact. The encoding is `marshal`led: about a
  third of the pickled copy's size. A small store's contacts take a second variant of the same
  code, which keeps every string in place (`Freezer.copy_small`): numbering pays off only once
  strings repeat across many contacts.
- The decoding builds the copy again (timestamps as epoch microseconds, as the store keeps them).

Past `VARIANT_LIMIT` layouts of one structure, a generic walk of the shape does the same work.
"""

from __future__ import annotations

import datetime
import itertools
import marshal
import math
import pickle
from collections.abc import Callable
from typing import Any

from .validation import Shape, ShapeCopier, _limits, _string_rules, is_unicode, plain_copy

#: Generated layouts kept per structure (and per kind of function); more use the generic walk.
VARIANT_LIMIT = 256
#: How deep nested structures are inlined into their parent's function.
INLINE_DEPTH = 6
#: Strings numbered per string rule, at most: a rule whose strings rarely repeat (contact Ids,
#: say) soon reaches it and leaves the table's room to those that do.
RULE_LIMIT = 4096

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
#: The real datetime class, even while freezegun has put its own in `datetime.datetime`.
_DATETIME = type(_EPOCH)
_MICROSECOND = datetime.timedelta(microseconds=1)
#: marshal's format 2: the fastest, and with most strings numbered, within 10% of the smallest.
MARSHAL_VERSION = 2

Encoded = Any
"""A contact's encoding: `(codes, value, ...)`, values encoded by their member's shape."""

#: How a contact is kept: see `ContactCodec.freeze`.
Frozen = bytes | tuple[Any, ...] | dict[str, Any]


def _not_numbered(text: str) -> None:
    """The table lookup of an encoding that keeps its strings in place: none is numbered."""
    return None


def _in_place(text: str) -> str:
    """The numbering of a string in an encoding that keeps its strings in place."""
    return text


def freeze_timestamp(moment: datetime.datetime) -> Any:
    """A UTC datetime as epoch microseconds (exact, and cheap to keep); others unchanged,
    subclasses included (freezegun's FakeDatetime stays one)."""
    if type(moment) is _DATETIME and moment.tzinfo is _UTC and not moment.fold:
        return (moment - _EPOCH) // _MICROSECOND
    return moment


class Kept:
    """A blob or document value in an encoding, kept exactly as it is: `marshal` would turn a
    bytearray into bytes, so an encoding holding one is pickled instead."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __reduce__(self) -> tuple[type[Kept], tuple[Any]]:
        return (Kept, (self.value,))


class Pickled(bytes):
    """A frozen contact `marshal` cannot hold exactly (a datetime in another zone, a subclass of
    str, a bytearray): its encoding pickled."""

    __slots__ = ()


class StringTable:
    """The strings of one store's contacts, each kept once and named by its number: at most
    `limit` strings, each at most `longest` characters long; others stay in the contacts.

    `seen` holds, per string rule of the model (see `ContactCodec`), the numbers of the strings
    that passed it: a string met again is checked and numbered by one lookup."""

    def __init__(self, rules: int, limit: int = 1 << 16, longest: int = 512) -> None:
        self.numbers: dict[str, int] = {}
        self.strings: list[str] = []
        self.seen: list[dict[str, int]] = [{} for _ in range(rules)]
        self._limit = limit
        self._longest = longest

    def add(self, text: str, seen: dict[str, int] | None = None) -> int | str:
        """The number of `text` (an exact str), in the table from now on if it fits, else
        `text` itself; `seen`: the strings of the rule `text` just passed."""
        number = self.numbers.get(text)
        if number is None:
            if len(self.strings) >= self._limit or len(text) > self._longest:
                return text
            number = self.numbers[text] = len(self.strings)
            self.strings.append(text)
        if seen is not None:
            seen[text] = number
        return number


class GeneratedCode:
    """One generated function: its lines, and the constants it names in the shared namespace."""

    _names = itertools.count()

    def __init__(self, namespace: dict[str, Any], numbered: bool = True) -> None:
        self.namespace = namespace
        #: Whether strings are numbered in the store's table, or kept in place.
        self.numbered = numbered
        self.lines: list[str] = []
        #: The string rules the function reads, by number, and the local naming each one's
        #: strings (bound once at its start).
        self.rules: dict[int, str] = {}

    def rule(self, number: int) -> str:
        found = self.rules.get(number)
        if found is None:
            found = self.rules[number] = f"seen_{number}"
        return found

    def name(self, hint: str) -> str:
        return f"{hint}_{next(self._names)}"

    def const(self, value: Any, hint: str = "k") -> str:
        name = self.name(hint)
        self.namespace[name] = value
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def build(self, name: str, label: str = "contact layout") -> Any:
        """Compile the lines and return the function `name` they define (`label` names the
        source in tracebacks)."""
        code = compile("\n".join(self.lines) + "\n", f"<{label} {name}>", "exec")
        exec(code, self.namespace)  # the source was generated above, from the model
        return self.namespace.pop(name)


def shape_kind(shape: Shape) -> str:
    """What a shape holds, as the generated code treats it: structure, list, map, string,
    integer, float, boolean, timestamp, blob or document."""
    kind: str = shape.type_name
    if kind == "structure" and shape.is_document_type:
        return "document"
    if kind in ("integer", "long"):
        return "integer"
    if kind in ("float", "double"):
        return "float"
    if kind in ("structure", "list", "map", "string", "boolean", "timestamp", "blob"):
        return kind
    return "document"  # as `_ShapeCompiler` takes a kind it does not know


def _bounds(size: str, low: float, high: float) -> list[str]:
    """The condition of a `size` outside [low, high], if any (open ends left out; a length,
    `len(...)`, is never below 0)."""
    if size.startswith("len(") and low <= 0:
        low = -math.inf
    if low != -math.inf and high != math.inf:
        return [f"not {low!r} <= {size} <= {high!r}"]
    if high != math.inf:
        return [f"{size} > {high!r}"]
    if low != -math.inf:
        return [f"{size} < {low!r}"]
    return []


def _codes(shape: Shape, keys: tuple[str, ...]) -> bytes | tuple[int, ...]:
    """The positions of `keys` among the members of `shape`: one byte each where they fit."""
    positions = {name: number for number, name in enumerate(shape.members)}
    codes = tuple(positions[key] for key in keys)
    return bytes(codes) if len(positions) <= 256 else codes


def _layout(shape: Shape, value: Any) -> tuple[str, ...] | None:
    """The keys of `value` when they are a layout of `shape` a generated copy can take: known
    members, every required one among them, and not a union (whose one-member rule the
    generic copy checks)."""
    if value.__class__ is not dict or shape.metadata.get("union"):
        return None
    keys = tuple(value)
    members = shape.members
    if not all(key.__class__ is str and key in members for key in keys):
        return None
    if not set(shape.required_members) <= set(keys):
        return None
    return keys


def _string_check(
    source: GeneratedCode,
    x: str,
    low: float,
    high: float,
    search: Any,
    accepted: Any,
    fail: str,
) -> str:
    """The line running `fail` when the string named `x` breaks its rule: not one of
    `accepted`, else outside its lengths, not matching `search`, or not valid Unicode."""
    if accepted is not None:
        return f"if {x} not in {source.const(accepted, 'enum')}: {fail}"
    tests = _bounds(f"len({x})", low, high)
    if search is not None:
        tests.append(f"{source.const(search, 'search')}({x}) is None")
    tests.append(f"not ({x}.isascii() or is_unicode({x}))")
    return f"if {' or '.join(tests)}: {fail}"


def _rule(shape: Shape) -> Any:
    """What a string shape requires, as a key: shapes requiring the same share their strings."""
    low, high, search, accepted = _string_rules(shape)
    return (low, high, search, accepted)


def _each_string(shape: Shape, visit: Callable[[Shape], Any]) -> None:
    """Call `visit` with every string shape reachable from `shape`."""
    done: set[str] = set()
    todo = [shape]
    while todo:
        current = todo.pop()
        if current.name in done:
            continue
        done.add(current.name)
        kind = shape_kind(current)
        if kind == "string":
            visit(current)
        elif kind == "structure":
            todo.extend(current.members.values())
        elif kind == "list":
            todo.append(current.member)
        elif kind == "map":
            todo.extend((current.key, current.value))


def _first(sample: Any, kind: type) -> Any:
    """The first item of a sample list or dict value, to lay out what its items hold."""
    if sample.__class__ is not kind or not sample:
        return None
    items: Any = sample  # a list or a dict, as `kind` says
    return items[0] if kind is list else next(iter(items.values()))


class ContactCodec:
    """The validating copy, the encoding and the decoding of one model's stored contact shape,
    generated layout by layout as contacts arrive (see the module's documentation). Keep one
    per model; its stores share it, each with its own `StringTable` (see `table`)."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self._generic = ShapeCopier(timestamp=freeze_timestamp)
        self._namespace: dict[str, Any] = {
            "__builtins__": __builtins__,
            "is_unicode": is_unicode,
            "isfinite": math.isfinite,
            "plain_copy": plain_copy,
            "Kept": Kept,
            "DATETIME": _DATETIME,
            "UTC": _UTC,
            "EPOCH": _EPOCH,
        }
        #: Per (structure name, kind of function): the function of each layout met.
        self._variants: dict[tuple[str, str], dict[Any, Callable[..., Any]]] = {}
        self._dispatchers: dict[tuple[str, bool], Callable[..., Any]] = {}
        #: Each string rule of the model (limits, pattern, enum) by number: see `StringTable`.
        self._rules: dict[Any, int] = {}
        _each_string(shape, lambda string: self._rules.setdefault(_rule(string), len(self._rules)))
        self._copy_root = self._dispatcher(shape)
        self._copy_inline_root = self._dispatcher(shape, numbered=False)

    def table(self) -> StringTable:
        """A new table of strings, for one store."""
        return StringTable(len(self._rules))

    def __call__(self, contact: Any) -> dict[str, Any]:
        """The validated copy of `contact` (timestamps frozen); raises `Rejected` when the
        checker would find a problem in it."""
        return self.copy(contact, self.table())[0]

    def copy(self, contact: Any, table: StringTable) -> tuple[dict[str, Any], Encoded]:
        """The validated copy of `contact` and its encoding (strings numbered in `table`);
        raises `Rejected` when the checker would find a problem in it."""
        copied: tuple[dict[str, Any], Encoded] = self._copy_root(contact, table)
        return copied

    def copier(self, table: StringTable | None) -> Callable[[Any], tuple[dict[str, Any], Encoded]]:
        """`copy` with `table` bound, the function of a known layout called straight away.
        With no table, the encoding keeps every string in place (see `Freezer.copy_small`)."""
        if table is None:
            variants, root = self._layouts(self.shape, "copy-inline"), self._copy_inline_root
        else:
            variants, root = self._layouts(self.shape, "copy"), self._copy_root

        def copy(contact: Any) -> tuple[dict[str, Any], Encoded]:
            if contact.__class__ is dict:
                found = variants.get(tuple(contact))
                if found is not None:
                    return found(contact, table)  # type: ignore[no-any-return]
            return root(contact, table)  # type: ignore[no-any-return]

        return copy

    def encode(self, snapshot: dict[str, Any], table: StringTable) -> Encoded:
        """The encoding of a copy this codec made (and the store may have completed)."""
        return self._encoder(self.shape, snapshot)(snapshot, table.numbers.get, table.add)

    def decode(self, encoded: Encoded, table: StringTable) -> dict[str, Any]:
        """A new copy from an encoding: dicts and lists rebuilt, documents copied."""
        found = self._layouts(self.shape, "decode").get(encoded[0])
        decode = found or self._decoder(self.shape, encoded)
        decoded: dict[str, Any] = decode(encoded, table.strings)
        return decoded

    def freeze(self, snapshot: dict[str, Any], encoded: Encoded, table: StringTable) -> Frozen:
        """The frozen form of a copy (`encoded`, None to encode it now): its encoding
        marshalled; pickled where marshal cannot hold it exactly (`Pickled`); the encoding
        itself when neither can; the copy itself when it is nested too deeply to encode."""
        try:
            if encoded is None:
                encoded = self.encode(snapshot, table)
            return marshal.dumps(encoded, MARSHAL_VERSION)
        except RecursionError:
            return snapshot
        except ValueError:  # a value marshal does not take, or nesting too deep for it
            pass
        try:
            return Pickled(pickle.dumps(encoded, pickle.HIGHEST_PROTOCOL))
        except Exception:  # whatever pickling raises, the encoding is kept as it is
            return encoded  # type: ignore[no-any-return]

    def thaw(self, frozen: Frozen, table: StringTable) -> dict[str, Any]:
        """A new copy from the frozen form (timestamps as epoch microseconds)."""
        if type(frozen) is bytes:
            return self.decode(marshal.loads(frozen), table)
        if type(frozen) is Pickled:
            return self.decode(pickle.loads(frozen), table)
        if type(frozen) is dict:
            copied: dict[str, Any] = plain_copy(frozen)
            return copied
        return self.decode(frozen, table)

    # -- the validating copy, encoded in the same pass -------------------------------------------

    def _layouts(self, shape: Shape, kind: str) -> dict[Any, Callable[..., Any]]:
        return self._variants.setdefault((shape.name, kind), {})

    def _fallback(self, shape: Shape) -> Callable[..., Any]:
        """The copy and encoding of a structure by `ShapeCopier`, for what the generated code
        does not take."""
        generic = self._generic.compile(shape)

        def copy(value: Any, table: StringTable | None) -> tuple[Any, Encoded]:
            copied = generic(value)
            if table is None:  # strings kept in place: none is found numbered
                return copied, self._encoder(shape, copied)(copied, _not_numbered, _in_place)
            return copied, self._encoder(shape, copied)(copied, table.numbers.get, table.add)

        return copy

    def _dispatcher(self, shape: Shape, numbered: bool = True) -> Callable[..., Any]:
        """The copy (and encoding) of a structure, by the function of its layout; strings
        `numbered` in the table, or kept in place."""
        found = self._dispatchers.get((shape.name, numbered))
        if found is not None:
            return found
        variants = self._layouts(shape, "copy" if numbered else "copy-inline")
        fallback = self._fallback(shape)
        new = self._new_copy

        def copy(value: Any, table: StringTable | None) -> Any:
            if value.__class__ is not dict:
                return fallback(value, table)
            found = variants.get(tuple(value))
            return (found or new(shape, value, numbered))(value, table)

        self._dispatchers[(shape.name, numbered)] = copy
        return copy

    def _new_copy(self, shape: Shape, value: Any, numbered: bool = True) -> Callable[..., Any]:
        """The copy function of this layout of `shape`, generated now if it can be."""
        variants = self._layouts(shape, "copy" if numbered else "copy-inline")
        keys = _layout(shape, value)
        if keys is None or len(variants) >= VARIANT_LIMIT:
            return self._fallback(shape)
        source = GeneratedCode(self._namespace, numbered)
        name = source.name("copy")
        fail = f"return {source.const(self._fallback(shape), 'fallback')}(value, table)"
        source.add(0, f"def {name}(value, table):")
        if numbered:
            source.add(1, "seen = table.seen")
            source.add(1, "add = table.add")
        body = len(source.lines)
        copied, encoded = self._structure_code(source, shape, "value", keys, value, fail, 1, 0)
        source.add(1, f"return {copied}, {encoded}")
        source.lines[body:body] = [
            f"    {local} = seen[{rule}]" for rule, local in source.rules.items()
        ]
        variants[keys] = built = source.build(name)
        return built  # type: ignore[no-any-return]

    def _structure_code(
        self,
        source: GeneratedCode,
        shape: Shape,
        x: str,
        keys: tuple[str, ...],
        sample: dict[str, Any],
        fail: str,
        indent: int,
        depth: int,
    ) -> tuple[str, str]:
        """Lines copying and encoding the dict named `x`, laid out as `keys`; returns the
        names of the copy and of the encoding."""
        given = [source.name("a") for _ in keys]
        if given:
            source.add(indent, f"{', '.join(given)}, = {x}.values()")
        made = [
            self._member_code(source, shape.members[key], a, sample[key], fail, indent, depth)
            for key, a in zip(keys, given, strict=True)
        ]
        copied, encoded = source.name("c"), source.name("e")
        pairs = ", ".join(f"{key!r}: {c}" for key, (c, _) in zip(keys, made, strict=True))
        source.add(indent, f"{copied} = {{{pairs}}}")
        codes = source.const(_codes(shape, keys), "codes")
        source.add(indent, f"{encoded} = ({', '.join([codes, *(e for _, e in made)])},)")
        return copied, encoded

    def _string_code(
        self, source: GeneratedCode, shape: Shape, x: str, fail: str, indent: int
    ) -> tuple[str, str]:
        """A string: its number when it passed its rule before, else checked and numbered."""
        low, high, search, accepted = _string_rules(shape)
        add = source.add
        add(indent, f"if {x}.__class__ is not str: {fail}")
        if not source.numbered:  # checked each time, kept in place
            add(indent, _string_check(source, x, low, high, search, accepted, fail))
            return x, x
        seen = source.rule(self._rules[_rule(shape)])
        number = source.name("n")
        add(indent, f"{number} = {seen}.get({x})")
        add(indent, f"if {number} is None:")
        add(indent + 1, _string_check(source, x, low, high, search, accepted, fail))
        add(indent + 1, f"{number} = add({x}, {seen}) if len({seen}) < {RULE_LIMIT} else {x}")
        return x, number

    def _member_code(
        self,
        source: GeneratedCode,
        shape: Shape,
        x: str,
        sample: Any,
        fail: str,
        indent: int,
        depth: int,
    ) -> tuple[str, str]:
        """Lines checking the value named `x` against `shape`, running `fail` where the
        generated code does not take it; returns the names of its copy and its encoding."""
        kind = shape_kind(shape)
        add = source.add
        if kind == "string":
            return self._string_code(source, shape, x, fail, indent)
        if kind in ("integer", "float"):
            low, high = _limits(shape)
            if kind == "integer":
                number = f"{x}.__class__ is int"
            else:
                number = f"({x}.__class__ is float and isfinite({x}) or {x}.__class__ is int)"
            tests = [f"not {number}", *_bounds(x, low, high)]
            add(indent, f"if {' or '.join(tests)}: {fail}")
            return x, x
        if kind == "boolean":
            add(indent, f"if {x} is not True and {x} is not False: {fail}")
            return x, x
        if kind == "blob":
            add(indent, f"if {x}.__class__ is not bytes and {x}.__class__ is not str: {fail}")
            return x, x
        if kind == "timestamp":
            # UTC datetimes as epoch microseconds: `freeze_timestamp`, spelled out for speed
            y = source.name("t")
            add(indent, f"if {x}.__class__ is DATETIME and {x}.tzinfo is UTC and not {x}.fold:")
            add(indent + 1, f"{y} = {x} - EPOCH")
            add(
                indent + 1,
                f"{y} = {y}.days * 86400000000 + {y}.seconds * 1000000 + {y}.microseconds",
            )
            add(indent, f"else: {fail}")
            return y, y
        copied, encoded = source.name("c"), source.name("e")
        if kind == "structure":
            keys = _layout(shape, sample) if depth < INLINE_DEPTH else None
            dispatch = source.const(self._dispatcher(shape, source.numbered), "dispatch")
            if keys is None:
                add(indent, f"if {x}.__class__ is not dict: {fail}")
                add(indent, f"{copied}, {encoded} = {dispatch}({x}, table)")
                return copied, encoded
            if len(keys) == 1:
                laid_out = f"len({x}) == 1 and {keys[0]!r} in {x}"
            else:
                laid_out = f"tuple({x}) == {source.const(keys, 'keys')}"
            add(indent, f"if {x}.__class__ is dict and {laid_out}:")
            inner = self._structure_code(
                source, shape, x, keys, sample, fail, indent + 1, depth + 1
            )
            add(indent + 1, f"{copied}, {encoded} = {inner[0]}, {inner[1]}")
            add(indent, "else:")
            add(indent + 1, f"if {x}.__class__ is not dict: {fail}")
            add(indent + 1, f"{copied}, {encoded} = {dispatch}({x}, table)")
        elif kind == "list":
            low, high = _limits(shape)
            tests = [f"{x}.__class__ is not list", *_bounds(f"len({x})", low, high)]
            add(indent, f"if {' or '.join(tests)}: {fail}")
            item = source.name("i")
            add(indent, f"{copied} = []")
            add(indent, f"{encoded} = []")
            add(indent, f"for {item} in {x}:")
            made = self._member_code(
                source, shape.member, item, _first(sample, list), fail, indent + 1, depth + 1
            )
            add(indent + 1, f"{copied}.append({made[0]})")
            add(indent + 1, f"{encoded}.append({made[1]})")
        elif kind == "map":
            low, high = _limits(shape)
            tests = [f"{x}.__class__ is not dict", *_bounds(f"len({x})", low, high)]
            add(indent, f"if {' or '.join(tests)}: {fail}")
            key, item = source.name("k"), source.name("i")
            add(indent, f"{copied} = {{}}")
            add(indent, f"{encoded} = {{}}")
            add(indent, f"for {key}, {item} in {x}.items():")
            number = self._member_code(source, shape.key, key, None, fail, indent + 1, depth)[1]
            made = self._member_code(
                source, shape.value, item, _first(sample, dict), fail, indent + 1, depth + 1
            )
            add(indent + 1, f"{copied}[{key}] = {made[0]}")
            add(indent + 1, f"{encoded}[{number}] = {made[1]}")
        else:  # a document: anything but None (which the generic copy leaves out)
            add(indent, f"if {x} is None: {fail}")
            add(indent, f"{copied} = plain_copy({x})")
            add(indent, f"{encoded} = Kept({copied})")
        return copied, encoded

    # -- encoding a copy made elsewhere (by ShapeCopier, or completed by the store) ----------------

    def _encoder(self, shape: Shape, value: dict[str, Any]) -> Callable[..., Any]:
        variants = self._layouts(shape, "encode")
        keys = tuple(value)
        found = variants.get(keys)
        if found is not None:
            return found
        if len(variants) >= VARIANT_LIMIT:
            return lambda value, get, add: self._encode_any(shape, value, get, add)
        source = GeneratedCode(self._namespace)
        name = source.name("encode")
        given = [source.name("a") for _ in keys]
        source.add(0, f"def {name}(value, get, add):")
        if given:
            source.add(1, f"{', '.join(given)}, = value.values()")
        made = [
            self._encode_code(source, shape.members[key], x, 1)
            for key, x in zip(keys, given, strict=True)
        ]
        codes = source.const(_codes(shape, keys), "codes")
        source.add(1, f"return ({', '.join([codes, *made])},)")
        variants[keys] = built = source.build(name)
        return built  # type: ignore[no-any-return]

    def _encode_code(self, source: GeneratedCode, shape: Shape, x: str, indent: int) -> str:
        """Lines encoding the value named `x` (of `shape`); returns the name of the result."""
        kind = shape_kind(shape)
        add = source.add
        if kind in ("integer", "float", "boolean", "timestamp"):
            return x
        y = source.name("e")
        if kind == "string":
            add(indent, f"{y} = get({x}) if {x}.__class__ is str else {x}")
            add(indent, f"if {y} is None: {y} = add({x})")
        elif kind == "blob":
            add(indent, f"{y} = {x} if {x}.__class__ in (bytes, str) else Kept({x})")
        elif kind == "structure":
            new = source.const(lambda value, shape=shape: self._encoder(shape, value), "new")
            variants = source.const(self._layouts(shape, "encode"), "layouts")
            add(indent, f"{y} = ({variants}.get(tuple({x})) or {new}({x}))({x}, get, add)")
        elif kind == "list":
            item = source.name("i")
            add(indent, f"{y} = []")
            add(indent, f"for {item} in {x}:")
            made = self._encode_code(source, shape.member, item, indent + 1)
            add(indent + 1, f"{y}.append({made})")
        elif kind == "map":
            key, item = source.name("k"), source.name("i")
            add(indent, f"{y} = {{}}")
            add(indent, f"for {key}, {item} in {x}.items():")
            number = self._encode_code(source, shape.key, key, indent + 1)
            made = self._encode_code(source, shape.value, item, indent + 1)
            add(indent + 1, f"{y}[{number}] = {made}")
        else:
            add(indent, f"{y} = Kept({x})")
        return y

    # -- decoding ------------------------------------------------------------------------------

    def _decoder(self, shape: Shape, sample: Encoded) -> Callable[..., Any]:
        """The decoding of encodings with the codes of `sample`, generated now if it can be."""
        variants = self._layouts(shape, "decode")
        codes = sample[0]
        found = variants.get(codes)
        if found is not None:
            return found
        if len(variants) >= VARIANT_LIMIT:
            return lambda value, strings: self._decode_any(shape, value, strings)
        source = GeneratedCode(self._namespace)
        name = source.name("decode")
        source.add(0, f"def {name}(value, strings):")
        decoded = self._decode_structure(source, shape, "value", sample, 1, 0)
        source.add(1, f"return {decoded}")
        variants[codes] = built = source.build(name)
        return built  # type: ignore[no-any-return]

    def _decode_structure(
        self, source: GeneratedCode, shape: Shape, x: str, sample: Encoded, indent: int, depth: int
    ) -> str:
        names = list(shape.members)
        members = [names[code] for code in sample[0]]
        given = [source.name("a") for _ in members]
        source.add(indent, f"{', '.join(['_', *given])}, = {x}")
        made = [
            self._decode_code(source, shape.members[name], a, item, indent, depth)
            for name, a, item in zip(members, given, sample[1:], strict=True)
        ]
        decoded = source.name("d")
        pairs = ", ".join(f"{name!r}: {d}" for name, d in zip(members, made, strict=True))
        source.add(indent, f"{decoded} = {{{pairs}}}")
        return decoded

    def _decode_code(
        self, source: GeneratedCode, shape: Shape, x: str, sample: Any, indent: int, depth: int
    ) -> str:
        """Lines decoding the value named `x` (of `shape`); returns an expression of it."""
        kind = shape_kind(shape)
        add = source.add
        if kind in ("integer", "float", "boolean", "timestamp"):
            return x
        if kind == "string":
            return f"({x} if {x}.__class__ is not int else strings[{x}])"
        if kind == "blob":
            return f"({x}.value if {x}.__class__ is Kept else {x})"
        if kind == "document":
            return f"plain_copy({x}.value)"
        decoded = source.name("d")
        if kind == "structure":
            variants = source.const(self._layouts(shape, "decode"), "layouts")
            new = source.const(lambda sample, shape=shape: self._decoder(shape, sample), "new")
            dispatch = f"({variants}.get({x}[0]) or {new}({x}))({x}, strings)"
            if sample.__class__ is not tuple or depth >= INLINE_DEPTH:
                return dispatch
            add(indent, f"if {x}[0] == {source.const(sample[0], 'codes')}:")
            inner = self._decode_structure(source, shape, x, sample, indent + 1, depth + 1)
            add(indent + 1, f"{decoded} = {inner}")
            add(indent, f"else: {decoded} = {dispatch}")
        elif kind == "list":
            item = source.name("i")
            add(indent, f"{decoded} = []")
            add(indent, f"for {item} in {x}:")
            made = self._decode_code(
                source, shape.member, item, _first(sample, list), indent + 1, depth + 1
            )
            add(indent + 1, f"{decoded}.append({made})")
        else:  # a map
            key, item = source.name("k"), source.name("i")
            add(indent, f"{decoded} = {{}}")
            add(indent, f"for {key}, {item} in {x}.items():")
            made = self._decode_code(
                source, shape.value, item, _first(sample, dict), indent + 1, depth + 1
            )
            number = self._decode_code(source, shape.key, key, None, indent + 1, depth)
            add(indent + 1, f"{decoded}[{number}] = {made}")
        return decoded

    # -- the generic walk, past VARIANT_LIMIT layouts ----------------------------------------------

    def _encode_any(self, shape: Shape, value: Any, get: Any, add: Any) -> Any:
        kind = shape_kind(shape)
        if kind == "structure":
            members = shape.members
            items = [self._encode_any(members[key], item, get, add) for key, item in value.items()]
            return (_codes(shape, tuple(value)), *items)
        if kind == "list":
            return [self._encode_any(shape.member, item, get, add) for item in value]
        if kind == "map":
            return {
                self._encode_any(shape.key, key, get, add): self._encode_any(
                    shape.value, item, get, add
                )
                for key, item in value.items()
            }
        if kind == "string":
            if value.__class__ is not str:
                return value
            number = get(value)
            return add(value) if number is None else number
        if kind == "blob":
            return value if value.__class__ in (bytes, str) else Kept(value)
        if kind == "document":
            return Kept(value)
        return value

    def _decode_any(self, shape: Shape, value: Any, strings: list[str]) -> Any:
        kind = shape_kind(shape)
        if kind == "structure":
            members = shape.members
            names = list(members)
            return {
                names[code]: self._decode_any(members[names[code]], item, strings)
                for code, item in zip(value[0], value[1:], strict=True)
            }
        if kind == "list":
            return [self._decode_any(shape.member, item, strings) for item in value]
        if kind == "map":
            return {
                self._decode_any(shape.key, key, strings): self._decode_any(
                    shape.value, item, strings
                )
                for key, item in value.items()
            }
        if kind == "string":
            return strings[value] if value.__class__ is int else value
        if kind == "blob":
            return value.value if value.__class__ is Kept else value
        if kind == "document":
            return plain_copy(value.value)
        return value


class Freezer:
    """Copies, freezes and thaws the contacts of one store: the model's codec, and the store's
    table of strings."""

    __slots__ = ("codec", "table", "copy", "copy_small")

    def __init__(self, codec: ContactCodec, table: StringTable) -> None:
        self.codec = codec
        self.table = table
        #: See `ContactCodec.copy`.
        self.copy = codec.copier(table)
        #: The same, keeping every string in place rather than numbering it in the table:
        #: cheaper for the first contacts of a store, whose strings the table has not met
        #: yet (each would be numbered once, and most are met only a few times).
        self.copy_small = codec.copier(None)

    def freeze(self, snapshot: dict[str, Any], encoded: Encoded = None) -> Frozen:
        """See `ContactCodec.freeze`."""
        return self.codec.freeze(snapshot, encoded, self.table)

    def thaw(self, frozen: Frozen) -> dict[str, Any]:
        """See `ContactCodec.thaw`."""
        return self.codec.thaw(frozen, self.table)
