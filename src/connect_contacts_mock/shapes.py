"""The one shape walker: a copy of plain data along a botocore shape, where only the timestamps
change form.

The wire encoder (datetimes to epoch numbers), the request log (epoch numbers to datetimes), the
store's thaw (frozen microseconds to datetimes) and the fixture reader (ISO text and relative
times to datetimes) differ only in what a timestamp becomes, and in whether members the shape
lacks are dropped (the wire form) or kept as they came (so the checker can name them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .validation import Shape, plain_copy

#: What a timestamp becomes: called with the value, its shape and, when the walk tracks it,
#: the path of the member (for messages); None otherwise.
Leaf = Callable[[Any, Shape, "str | None"], Any]


def walk(
    value: Any, shape: Shape, leaf: Leaf, *, project: bool = False, path: str | None = None
) -> Any:
    """A copy of `value` along `shape` with every timestamp passed through `leaf`.

    With `project`, members the shape lacks and `None` members are dropped; otherwise values
    are kept as they came, wrong types included. Documents are copied as plain data. `path`,
    when given, is extended per member and handed to `leaf`."""
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return plain_copy(value)
        if not isinstance(value, dict):
            return value
        members = shape.members
        if project:
            return {
                name: walk(item, members[name], leaf, project=True, path=_at(path, name))
                for name, item in value.items()
                if item is not None and name in members
            }
        return {
            name: walk(item, members[name], leaf, path=_at(path, name)) if name in members else item
            for name, item in value.items()
        }
    if kind == "list":
        if not isinstance(value, list):
            return value
        member = shape.member
        return [
            walk(item, member, leaf, project=project, path=None if path is None else f"{path}[{i}]")
            for i, item in enumerate(value)
        ]
    if kind == "map":
        if not isinstance(value, dict):
            return value
        member = shape.value
        return {
            key: walk(item, member, leaf, project=project, path=_at(path, key))
            for key, item in value.items()
            if not (project and item is None)
        }
    if kind == "timestamp":
        return leaf(value, shape, path)
    return value


def _at(path: str | None, name: Any) -> str | None:
    return None if path is None else f"{path}.{name}"
