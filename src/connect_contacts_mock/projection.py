"""The JSON text of a frozen contact projected onto an output shape, straight from its encoding.

A search answers each contact's `ContactSearchSummary` and DescribeContact its `Contact`: the
stored contact less the members the output shape lacks, timestamps as epoch seconds. The plain
way there thaws the frozen contact into dicts, walks them along the output shape (`to_wire`)
and encodes the result as JSON: three passes, and most of what one search of a small store
costs. As `copier` does for the copy, this generates one function per layout of the encoding
(its member codes) and output shape, which reads the encoding once and writes the text.

The text is exactly `COMPACT_TEXT.encode(to_wire(thawed, shape, frozen=True))`, member for
member and byte for byte (`tests/test_projection_agrees.py`). Where the generated code does not
take a value (a member of another kind in the output shape, a document, a blob, a timestamp
kept as a datetime, more layouts than `VARIANT_LIMIT`) it answers None and the caller takes the
plain way, which stays the one written rule.
"""

from __future__ import annotations

import json
import marshal
import weakref
from collections.abc import Callable
from typing import Any

from .copier import (
    INLINE_DEPTH,
    VARIANT_LIMIT,
    ContactCodec,
    Encoded,
    Frozen,
    GeneratedCode,
    shape_kind,
)
from .validation import Shape
from .wire import COMPACT_TEXT, to_wire

#: A function of one layout: (encoding, the store's strings) -> JSON text.
Project = Callable[[Encoded, list[str]], str]

#: The string encoder the JSON encoder itself uses for `ensure_ascii=False`: a str as JSON text,
#: exactly as `COMPACT_TEXT` writes it.
json_string: Callable[[str], str] = json.encoder.encode_basestring


class _NotTaken(Exception):
    """A layout or value the generated code leaves to the plain way."""


def _scalar(value: Any) -> str:
    """A number or boolean as the JSON encoder writes it (None is left out by the plain way,
    so it is left to it)."""
    if value is None:
        raise _NotTaken
    text: str = COMPACT_TEXT.encode(value)
    return text


def _epoch_seconds(value: Any) -> str:
    """The text of a frozen timestamp kept as epoch microseconds, as `to_wire` and the JSON
    encoder write it: whole seconds as an integer, else seconds with milliseconds."""
    if value.__class__ is not int:
        raise _NotTaken
    milliseconds = value // 1000
    if milliseconds % 1000 == 0:
        return int.__repr__(milliseconds // 1000)
    return float.__repr__(milliseconds / 1000)


class Projector:
    """The JSON text of encodings of `source` (the stored contact shape) projected onto
    `target`, generated layout by layout as encodings arrive."""

    def __init__(self, source: Shape, target: Shape) -> None:
        self.source = source
        self.target = target
        self._namespace: dict[str, Any] = {
            "__builtins__": __builtins__,
            "S": json_string,
            "J": _scalar,
            "T": _epoch_seconds,
        }
        #: Per (source structure, target structure): the function of each layout met (None
        #: where the layout is left to the plain way), and the function choosing among them.
        self._variants: dict[tuple[str, str], dict[Any, Project | None]] = {}
        self._dispatchers: dict[tuple[str, str], Project] = {}
        self._project = self.dispatcher(source, target)

    def text(self, frozen: Frozen, strings: list[str]) -> str | None:
        """The projected JSON text of a frozen contact (marshalled, or its encoding itself), or
        None where the plain way is taken."""
        try:
            if type(frozen) is bytes:
                return self._project(marshal.loads(frozen), strings)
            if type(frozen) is tuple:
                return self._project(frozen, strings)
            return None
        except (_NotTaken, TypeError, ValueError, IndexError, KeyError, AttributeError):
            return None

    def dispatcher(self, source: Shape, target: Shape) -> Project:
        """The projection of a `source` structure's encodings onto `target`, by the function
        of each one's layout (generated when first met)."""
        key = (source.name, target.name)
        found = self._dispatchers.get(key)
        if found is not None:
            return found
        variants = self._variants.setdefault(key, {})
        generate = self._generate

        def project(value: Encoded, strings: list[str]) -> str:
            codes = value[0]
            layout = variants.get(codes, _UNSEEN)
            if layout is _UNSEEN:
                fits = len(variants) < VARIANT_LIMIT
                layout = variants[codes] = generate(source, target, value) if fits else None
            if layout is None:
                raise _NotTaken
            text: str = layout(value, strings)
            return text

        self._dispatchers[key] = project
        return project

    def _generate(self, source: Shape, target: Shape, sample: Encoded) -> Project | None:
        code = _Code(self, self._namespace)
        name = code.name("project")
        code.add(0, f"def {name}(value, strings):")
        try:
            text = code.structure(source, target, "value", sample, 1, 0)
        except _NotTaken:
            return None
        code.add(1, f"return {text}")
        built: Project = code.build(name, "projection")
        return built


_UNSEEN: Any = object()


class _Code(GeneratedCode):
    """The lines of one generated projection, and the projector its dispatches go through."""

    def __init__(self, projector: Projector, namespace: dict[str, Any]) -> None:
        super().__init__(namespace)
        self.projector = projector

    def structure(
        self, source: Shape, target: Shape, x: str, sample: Encoded, indent: int, depth: int
    ) -> str:
        """Lines projecting the structure encoding named `x`, laid out as `sample`; returns an
        expression of its text."""
        if sample.__class__ is not tuple or not sample:
            raise _NotTaken
        names = list(source.members)
        members = [names[code] for code in sample[0]]
        given = [self.name("a") if name in target.members else "_" for name in members]
        self.add(indent, f"{', '.join(['_', *given])}, = {x}")
        parts = []
        for name, a, item in zip(members, given, sample[1:], strict=True):
            if a == "_":
                continue
            if not name.isidentifier():
                raise _NotTaken
            text = self.member(source.members[name], target.members[name], a, item, indent, depth)
            if "'" in text:  # no quotes inside an f-string's braces before Python 3.12
                local = self.name("t")
                self.add(indent, f"{local} = {text}")
                text = local
            parts.append(f'"{name}":{{{text}}}')
        return "f'{{" + ",".join(parts) + "}}'"

    def member(
        self, source: Shape, target: Shape, x: str, sample: Any, indent: int, depth: int
    ) -> str:
        """An expression of the text of the value named `x`, with lines before it where a
        nested structure is written out in place."""
        kind = shape_kind(target)
        if kind != shape_kind(source):
            raise _NotTaken
        if kind == "structure" and depth < INLINE_DEPTH and sample.__class__ is tuple:
            text = self.name("t")
            self.add(indent, f"if {x}[0] == {self.const(sample[0], 'codes')}:")
            inner = self.structure(source, target, x, sample, indent + 1, depth + 1)
            self.add(indent + 1, f"{text} = {inner}")
            self.add(indent, f"else: {text} = {self.expression(source, target, x)}")
            return text
        if kind == "timestamp" and _epoch_format(target):  # `_epoch_seconds`, written out
            text, milliseconds = self.name("t"), self.name("m")
            self.add(indent, f"if {x}.__class__ is int:")
            self.add(indent + 1, f"{milliseconds} = {x} // 1000")
            self.add(
                indent + 1,
                f"{text} = int.__repr__({milliseconds} // 1000) if {milliseconds} % 1000 == 0 "
                f"else float.__repr__({milliseconds} / 1000)",
            )
            self.add(indent, f"else: {text} = T({x})")
            return text
        return self.expression(source, target, x)

    def expression(self, source: Shape, target: Shape, x: str) -> str:
        """An expression of the text of the value named `x` (no lines before it)."""
        kind = shape_kind(target)
        if kind != shape_kind(source):
            raise _NotTaken
        if kind == "string":
            return f"S({x} if {x}.__class__ is not int else strings[{x}])"
        if kind in ("integer", "float", "boolean"):
            return f"J({x})"
        if kind == "timestamp":
            if not _epoch_format(target):
                plain = self.const(lambda value, shape=target: _plain_time(value, shape), "time")
                return f"{plain}({x})"
            return f"T({x})"
        if kind == "structure":
            if target.is_document_type or source.is_document_type:
                raise _NotTaken
            dispatch = self.const(self.projector.dispatcher(source, target), "dispatch")
            return f"{dispatch}({x}, strings)"
        item = self.name("i")
        if kind == "list":
            inner = self.expression(source.member, target.member, item)
            return f"'[' + ','.join([{inner} for {item} in {x}]) + ']'"
        if kind == "map":
            key = self.name("k")
            keyed = self.expression(source.key, target.key, key)
            inner = self.expression(source.value, target.value, item)
            return (
                f"'{{' + ','.join([{keyed} + ':' + {inner} for {key}, {item} in {x}.items()])"
                " + '}'"
            )
        raise _NotTaken  # a document or a blob: the plain way


def _epoch_format(shape: Shape) -> bool:
    """Whether a timestamp shape goes on the wire as epoch seconds (rest-json's default)."""
    return shape.serialization.get("timestampFormat") in (None, "unixTimestamp")


def _plain_time(value: Any, shape: Shape) -> str:
    """A timestamp of another wire format, as the plain way writes it."""
    text: str = COMPACT_TEXT.encode(to_wire(value, shape, frozen=True))
    return text


#: The projectors of each codec (one per model), by output shape name.
_projectors: weakref.WeakKeyDictionary[ContactCodec, dict[str, Projector]] = (
    weakref.WeakKeyDictionary()
)


def projector(codec: ContactCodec, target: Shape) -> Projector:
    """The projector of `codec`'s contacts onto `target`, one per codec and shape."""
    known = _projectors.get(codec)
    if known is None:
        known = _projectors.setdefault(codec, {})
    found = known.get(target.name)
    if found is None:
        found = known[target.name] = Projector(codec.shape, target)
    return found
