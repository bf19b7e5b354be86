"""Where generated values sit in a botocore shape: shared by the property tests of requests and
of contacts, which both put one bad value at one such place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def spots(value: Any, shape: Any, path: str) -> Iterator[tuple[Any, Any, Any, str]]:
    """Every place of a generated value (a request or a contact) where a value of a known
    shape sits or could sit: (container, key, shape, path); absent optional members included."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            where = f"{path}.{name}" if path else name
            yield value, name, member, where
            if name in value:
                yield from spots(value[name], member, where)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index, shape.member, f"{path}[]"
            yield from spots(item, shape.member, f"{path}[]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield value, key, shape.value, f"{path}{{}}"
            yield from spots(item, shape.value, f"{path}{{}}")
