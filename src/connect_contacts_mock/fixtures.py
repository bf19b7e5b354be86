"""Fixture files: contacts written as JSON (or YAML) and loaded into a `ContactStore`.

A fixture document has one of two forms:

- a list of contacts, added to the store's default instance::

    [{"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-2h"}]

- an object naming the instances, each known in `Region` only (every region when absent)::

    {"instances": [{"InstanceId": "11111111-...", "Region": "us-east-1", "Contacts": [...]}]}

Each contact has the shape `ContactStore.add` takes. Wherever the model types a member as a
timestamp, at any depth (`InitiationTimestamp`, `QueueInfo.EnqueueTimestamp`, ...), the document
may write it as

- an ISO-8601 string: `"2024-05-01T10:00:00Z"`, `"2024-05-01T12:00:00+02:00"`; no offset means UTC;
- a time relative to now: `"now"`, `"-2h"`, `"+30m"`, `"-1d"` (units s, m, h, d, w; decimals
  allowed), with "now" read when the document is loaded, so freezegun and time-machine apply;
- epoch seconds, as the wire and `aws --output json` carry them (`1714557600.5`).

Every other value goes to the store as written, and the store validates it against the model.
Files ending in `.yaml` or `.yml` are read with PyYAML when it is installed; others as JSON.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._clock import from_seconds, now_ms
from .errors import InvalidContactError, MockUsageError
from .shapes import walk
from .validation import Shape

if TYPE_CHECKING:
    from .store import ContactStore

Source = str | os.PathLike[str] | list[Any] | dict[str, Any] | Iterable[Any]
#: One instance's part of a document: a label for messages, the instance (None: the store's
#: default one), its region (None: every region) and its contacts.
_Batch = tuple[str, str | None, str | None, list[Any]]

_RELATIVE = re.compile(r"([+-])(\d+(?:\.\d+)?)([smhdw])")
_UNIT_MS = {"s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
_INSTANCE_KEYS = ("InstanceId", "Region", "Contacts")
_FORMS = (
    'a list of contacts, or {"instances": [{"InstanceId": ..., "Region": ..., "Contacts": [...]}]}'
)


@dataclass(frozen=True)
class Batch:
    """One instance's part of a document: a label for messages, the instance (None: the
    store's default one), its region (None: every region) and its contacts, timestamps already
    datetimes."""

    label: str
    instance_id: str | None
    region: str | None
    contacts: list[Any]


def parse(source: Source, shape: Shape) -> list[Batch]:
    """The batches of a fixture document (a file path, or the decoded document), each
    contact's timestamps read against `shape` (the store's contact shape). Nothing is added
    anywhere: the store checks and adds the batches, all or none."""
    if isinstance(source, (str, os.PathLike)):
        origin, document = os.fspath(source), read_document(source)
    elif isinstance(source, (list, dict)):
        origin, document = "fixture", source
    else:
        if isinstance(source, (bytes, bytearray)) or not isinstance(source, Iterable):
            raise MockUsageError(
                f"load takes a fixture file's path, a fixture document (a list of contacts, or "
                f'{{"instances": [...]}}) or an iterable of contacts, documents and paths; got '
                f"{type(source).__name__}"
            )
        return _parse_items(list(source), shape)
    now = now_ms()
    return [
        Batch(
            label,
            instance_id,
            region,
            [_convert(c, shape, f"{label}[{i}]", now) for i, c in enumerate(contacts)],
        )
        for label, instance_id, region, contacts in _batches(document, origin)
    ]


def _parse_items(items: list[Any], shape: Shape) -> list[Batch]:
    """An iterable given to `load`: its paths and documents each parsed as one, and each run
    of contacts between them as a list document."""
    batches: list[Batch] = []
    contacts: list[Any] = []
    for item in items:
        if isinstance(item, (str, os.PathLike)) or (isinstance(item, dict) and "instances" in item):
            if contacts:
                batches += parse(contacts, shape)
                contacts = []
            batches += parse(item, shape)
        else:
            contacts.append(item)
    if contacts:
        batches += parse(contacts, shape)
    return batches


def load_into(store: ContactStore, source: Source) -> list[str]:
    """`store.load(source)`: add a fixture document's contacts, all or none; their Ids."""
    return store.load(source)


def read_document(path: str | os.PathLike[str]) -> Any:
    """The decoded fixture document in the file at `path` (JSON, or YAML by suffix)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidContactError(
            f"{file}: not UTF-8 text ({error.reason} at byte {error.start}); a fixture is a JSON "
            "or YAML document in UTF-8, or a file written by ContactStore.save"
        ) from None
    if file.suffix.lower() in (".yaml", ".yml"):
        try:
            yaml: Any = importlib.import_module("yaml")
        except ImportError:
            raise MockUsageError(
                f"{file}: reading YAML fixtures needs PyYAML; pip install pyyaml, or write the "
                "fixture as JSON"
            ) from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InvalidContactError(f"{file}: not valid YAML: {error}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise InvalidContactError(f"{file}: not valid JSON: {error}") from None


def _batches(document: Any, origin: str) -> list[tuple[str, str | None, str | None, list[Any]]]:
    """(label, instance id, region, contacts) per instance the document names."""
    if isinstance(document, list):
        return [(origin, None, None, document)]
    if not isinstance(document, dict) or set(document) != {"instances"}:
        keys = sorted(document) if isinstance(document, dict) else type(document).__name__
        raise InvalidContactError(f"{origin}: expected {_FORMS}; got {keys}")
    instances = document["instances"]
    if not isinstance(instances, list):
        raise InvalidContactError(f"{origin}: 'instances' must be a list, as in {_FORMS}")
    batches: list[_Batch] = []
    for index, entry in enumerate(instances):
        where = f"{origin}: instances[{index}]"
        if not isinstance(entry, dict):
            raise InvalidContactError(f"{where}: expected an object, got {type(entry).__name__}")
        unknown = sorted(set(entry) - set(_INSTANCE_KEYS))
        if unknown:
            raise InvalidContactError(
                f"{where}: unknown key {', '.join(map(repr, unknown))}; an instance has "
                f"{', '.join(_INSTANCE_KEYS)}"
            )
        instance_id, region = entry.get("InstanceId"), entry.get("Region")
        contacts = entry.get("Contacts", [])
        if not isinstance(instance_id, str) or not instance_id:
            raise InvalidContactError(f"{where}: 'InstanceId' must be a non-empty string")
        if region is not None and not isinstance(region, str):
            raise InvalidContactError(f"{where}: 'Region' must be a string such as 'us-east-1'")
        if not isinstance(contacts, list):
            raise InvalidContactError(f"{where}: 'Contacts' must be a list of contacts")
        batches.append((f"{where}.Contacts", instance_id, region, contacts))
    return batches


def _convert(value: Any, shape: Shape, path: str, now: int) -> Any:
    """A copy of `value` with every timestamp-typed member turned into an aware datetime."""
    return walk(
        value, shape, lambda stamp, _, where: _timestamp(stamp, where or path, now), path=path
    )


def _timestamp(value: Any, path: str, now: int) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_seconds(value)
        except (OverflowError, ValueError):
            raise InvalidContactError(
                f"{path}: {value!r} is out of range for epoch seconds"
            ) from None
    if not isinstance(value, str):
        return value  # a datetime (or a wrong type the store names)
    text = value.strip()
    if text == "now":
        return from_seconds(now / 1000)
    relative = _RELATIVE.fullmatch(text)
    if relative:
        sign, amount, unit = relative.groups()
        offset = round(float(amount) * _UNIT_MS[unit])
        try:
            return from_seconds((now + offset if sign == "+" else now - offset) / 1000)
        except (OverflowError, ValueError):
            raise InvalidContactError(
                f"{path}: {value!r} is too far from now for a timestamp (years 1 to 9999)"
            ) from None
    if text.endswith(("Z", "z")):  # Python 3.10 reads no "Z"
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidContactError(
            f"{path}: {value!r} is not a timestamp; write ISO-8601 (2024-05-01T10:00:00Z), a time "
            "relative to now (now, -2h, +30m, -1d; units s m h d w) or epoch seconds"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
