"""Saved stores: a store's contacts written to one file, ready to answer again at once.

`ContactStore.save(path)` writes every instance of the store (account, Id, region, contacts in
the order added) and its `searchable_attributes`; `ContactStore.load(path)` (so the `data`
option and the server's `--data path` too) knows the file by its first byte and reads it back.
A saved contact was checked when it was first added, so loading checks nothing again: each
contact's stored form (its frozen copy, the store's table of strings it numbers, and the values
a search reads, see `StoredContact`) is written column by column with `marshal` (never
`pickle`: reading a file cannot run code from it) and rebuilt without a walk of the contact.

Because nothing is checked again, a file is read only when it is known to hold what this
package would have stored, by the same rules:

- the magic bytes, then a JSON header: the file format number, the package version, a
  fingerprint of the model (the stored contact shape, Contact and the search-only members,
  and the SearchContacts input shape, as the store's model gives them), the layout of a stored
  contact, the size of the payload and a CRC-32 of each 32 MiB of it;
- any difference refuses the file with an `InvalidContactError` naming it, as `load` refuses
  any other bad file; so does a payload cut short or changed. A refused file changes nothing.

`marshal` runs no code, but its documentation warns it is not hardened against crafted data:
the checksums are verified before a byte of the payload is decoded, so a damaged file is
refused, never decoded. Load saved stores you made, as you would run code you wrote.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import json
import marshal
import mmap
import os
import uuid
import weakref
import zlib
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeGuard

import botocore

from .contact import _UNSET, StoredContact
from .copier import MARSHAL_VERSION, Freezer
from .errors import InvalidContactError
from .model import ModelView
from .validation import Shape

#: The first bytes of every saved store. 0x93 cannot start UTF-8 text, so no JSON or YAML
#: fixture starts so; the CR LF and ^Z catch a copy that translated line ends.
MAGIC = b"\x93CONNECT-CONTACTS-MOCK STORE\r\n\x1a\n"
#: The file format: the header's fields and the payload's structure. Change it with either,
#: and with the meaning of any stored value.
FORMAT = 1
#: marshal's format of the payload: 4 keeps each object shared between contacts (an
#: attribute set, a hierarchy path, an Id also its contact's chain root) once.
_MARSHAL_VERSION = 4
_HEADER_SIZE_BYTES = 4
#: The payload is checked in blocks of this size (a CRC-32 each), summed in parallel.
_BLOCK = 1 << 25
#: Slots of `StoredContact` worked out on first use: a loaded contact starts without them.
_RESET: dict[str, Any] = {
    "_name_tokens": _UNSET,
    "_wire": None,
    "_described": None,
}
#: The slot holding the store's `Freezer` (the table the frozen form numbers strings in).
_FREEZER_SLOT = "_freezer"
_FROZEN_SLOT = "frozen"


# -- recognising a saved store -----------------------------------------------------------------


def is_saved(source: object) -> TypeGuard[str | os.PathLike[str]]:
    """Whether `source` is the path of a file that starts as a saved store does (its first
    byte, which no text fixture has): such a file is read as one, or refused as one."""
    if not isinstance(source, (str, os.PathLike)):
        return False
    try:
        with open(source, "rb") as file:
            head = file.read(1)
    except OSError:  # a missing file or a directory: the fixture reader says which
        return False
    return head == MAGIC[:1]


# -- the fingerprint of a model ----------------------------------------------------------------

_fingerprints: weakref.WeakKeyDictionary[ModelView, str] = weakref.WeakKeyDictionary()


def model_fingerprint(model: ModelView) -> str:
    """SHA-256 of the shapes a stored contact depends on: the stored contact shape and the
    SearchContacts input shape, with every shape they reach (types, members in order,
    serialization, limits, patterns, enums). Worked out once per model."""
    found = _fingerprints.get(model)
    if found is None:
        described: dict[str, Any] = {}
        for root in (model.stored_contact_shape, model.input_shape):
            _describe(root, described)
        text = json.dumps(described, sort_keys=True, default=str, separators=(",", ":"))
        found = _fingerprints[model] = hashlib.sha256(text.encode()).hexdigest()
    return found


def _describe(shape: Shape, described: dict[str, Any]) -> None:
    todo = [shape]
    while todo:
        current = todo.pop()
        if current.name in described:
            continue
        entry: dict[str, Any] = {"type": current.type_name, "metadata": current.metadata}
        described[current.name] = entry
        kind = current.type_name
        if kind == "structure":
            members = current.members
            entry["members"] = [
                [name, member.name, member.serialization] for name, member in members.items()
            ]
            todo.extend(members.values())
        elif kind == "list":
            entry["member"] = [current.member.name, current.member.serialization]
            todo.append(current.member)
        elif kind == "map":
            entry["key"], entry["value"] = current.key.name, current.value.name
            todo.extend((current.key, current.value))


def _layout() -> list[str]:
    """The slots of a stored contact, in order: a file of another layout is refused."""
    return list(StoredContact.__slots__)


def _data_slots() -> list[str]:
    """The slots written for each contact, column by column: all but the frozen copy (written
    apart), the store's freezer and what is worked out on first use."""
    return [
        name
        for name in StoredContact.__slots__
        if name not in _RESET and name not in (_FREEZER_SLOT, _FROZEN_SLOT)
    ]


def _package_version() -> str:
    from . import __version__  # the package is imported in full by the time a store saves

    return __version__


# -- writing -------------------------------------------------------------------------------------


@dataclass
class SavedInstance:
    """One instance of a saved store: where it is known, and its contacts' Ids in order."""

    account_id: str
    instance_id: str
    region: str | None
    ids: list[str]
    #: The payload's part for this instance, decoded; see `build`.
    _part: dict[str, Any]


def write(
    path: str | os.PathLike[str],
    instances: Iterable[tuple[str, str, str | None, Iterable[StoredContact]]],
    *,
    model: ModelView,
    freezer: Freezer,
    searchable_attributes: Iterable[str] | None,
) -> int:
    """Write a saved store to `path`: `instances` as (account, Id, region, contacts); the
    store's `freezer` (its string table) and `searchable_attributes`. The file is written
    beside `path` and renamed over it at the end, so a save cut short leaves no partial file.
    Returns the number of contacts written."""
    slots = _data_slots()
    readers = [attrgetter(name) for name in slots]
    parts: list[dict[str, Any]] = []
    count = 0
    for account_id, instance_id, region, contacts in instances:
        records = list(contacts)
        count += len(records)
        frozen: list[bytes | None] = []
        packed_frozen: dict[int, Any] = {}
        for position, record in enumerate(records):
            kept = record.frozen
            if type(kept) is tuple:  # a small store's encoding, kept unmarshalled
                # a value marshal does not take leaves it a tuple: packed below
                with contextlib.suppress(ValueError):
                    kept = marshal.dumps(kept, MARSHAL_VERSION)
            if type(kept) is bytes and getattr(record, _FREEZER_SLOT, freezer) is freezer:
                frozen.append(kept)
            else:  # kept in another form: written as its copy, frozen again on load
                frozen.append(None)
                packed_frozen[position] = _pack_contact(record)
        parts.append(
            {
                "account_id": account_id,
                "instance_id": instance_id,
                "region": region,
                "frozen": frozen,
                "packed_frozen": packed_frozen,
                "columns": [[read(record) for record in records] for read in readers],
                "packed_columns": [],
            }
        )
    document = {
        "slots": slots,
        "strings": list(freezer.table.strings),
        "searchable_attributes": (
            sorted(searchable_attributes) if searchable_attributes is not None else None
        ),
        "instances": parts,
    }
    payload = _dumps(document)
    header = {
        "format": FORMAT,
        "package_version": _package_version(),
        "botocore_version": botocore.__version__,
        "model": model_fingerprint(model),
        "layout": _layout(),
        "instances": len(parts),
        "contacts": count,
        "payload_bytes": len(payload),
        "payload_crc32": _checksums(memoryview(payload)),
        "saved_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    }
    encoded = json.dumps(header, sort_keys=True).encode()
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        with open(temporary, "xb") as file:  # the permissions any new file gets
            file.write(MAGIC)
            file.write(len(encoded).to_bytes(_HEADER_SIZE_BYTES, "big"))
            file.write(encoded)
            file.write(payload)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def _dumps(document: dict[str, Any]) -> bytes:
    """The payload; a column marshal cannot hold as it is (a datetime in another zone inside
    a value, say) is written packed (see `_pack`)."""
    try:
        return marshal.dumps(document, _MARSHAL_VERSION)
    except ValueError:
        pass
    for part in document["instances"]:
        for number, column in enumerate(part["columns"]):
            try:
                marshal.dumps(column, _MARSHAL_VERSION)
            except ValueError:
                part["columns"][number] = [_pack(value) for value in column]
                part["packed_columns"].append(number)
    return marshal.dumps(document, _MARSHAL_VERSION)


def _pack_contact(record: StoredContact) -> Any:
    try:
        return _pack(record.snapshot())
    except RecursionError:
        raise InvalidContactError(
            f"contact {record.id!r} is nested too deeply to save; save a store without it "
            "(or keep it in a fixture file)"
        ) from None


def _pack(value: Any) -> Any:
    """`value` as marshal holds it: every tuple in the result is a tag (see `_unpack`), so
    datetimes, tuples, frozensets and bytearrays come back as they were; subclasses of str,
    int, float and bytes come back as the plain type, equal to them."""
    kind = value.__class__
    if kind is dict:
        return {_pack(key): _pack(item) for key, item in value.items()}
    if kind is list:
        return [_pack(item) for item in value]
    if value is None or kind in (str, int, float, bool, bytes):
        return value
    if isinstance(value, datetime.datetime):
        return ("datetime", *_moment(value))
    if isinstance(value, tuple):
        return ("tuple", *(_pack(item) for item in value))
    if isinstance(value, frozenset):
        return ("frozenset", *(_pack(item) for item in value))
    if isinstance(value, bytearray):
        return ("bytearray", bytes(value))
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, dict):
        return {_pack(key): _pack(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_pack(item) for item in value]
    raise InvalidContactError(
        f"a stored contact holds a {type(value).__name__} ({value!r}), which a saved store "
        "cannot hold; keep such contacts in a fixture file instead"
    )


def _moment(value: datetime.datetime) -> tuple[Any, ...]:
    """A datetime as (ISO text without its zone, zone, fold): the zone as None (naive),
    ("utc",), ("zone", key) for a ZoneInfo, else ("offset", microseconds, name)."""
    zone = value.tzinfo
    local = value.replace(tzinfo=None).isoformat()
    if zone is None:
        return local, None, value.fold
    if zone is datetime.timezone.utc:
        return local, ("utc",), value.fold
    if isinstance(zone, zoneinfo.ZoneInfo) and zone.key:
        return local, ("zone", zone.key), value.fold
    offset = value.utcoffset() or datetime.timedelta(0)
    name = zone.tzname(value) if isinstance(zone, datetime.timezone) else None
    return local, ("offset", offset // datetime.timedelta(microseconds=1), name), value.fold


def _unpack(value: Any) -> Any:
    kind = value.__class__
    if kind is dict:
        return {_unpack(key): _unpack(item) for key, item in value.items()}
    if kind is list:
        return [_unpack(item) for item in value]
    if kind is not tuple:
        return value
    tag = value[0]
    if tag == "tuple":
        return tuple(_unpack(item) for item in value[1:])
    if tag == "frozenset":
        return frozenset(_unpack(item) for item in value[1:])
    if tag == "bytearray":
        return bytearray(value[1])
    if tag == "datetime":
        return _unpack_moment(*value[1:])
    raise ValueError(f"unknown tag {tag!r}")


def _unpack_moment(local: str, zone: Any, fold: int) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(local).replace(fold=fold)
    if zone is None:
        return moment
    if zone[0] == "utc":
        return moment.replace(tzinfo=datetime.timezone.utc)
    if zone[0] == "zone":
        return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone[1]))
    offset = datetime.timedelta(microseconds=zone[1])
    timezone = datetime.timezone(offset, zone[2]) if zone[2] else datetime.timezone(offset)
    return moment.replace(tzinfo=timezone)


# -- reading -------------------------------------------------------------------------------------


@dataclass
class SavedStore:
    """A saved store read and checked, its contacts not built yet (see `build`)."""

    path: str
    searchable_attributes: tuple[str, ...] | None
    instances: list[SavedInstance]
    strings: list[str]
    slots: list[str]

    @property
    def keys(self) -> list[tuple[str, str]]:
        """The (account, instance Id) of each instance, in the order saved."""
        return [(instance.account_id, instance.instance_id) for instance in self.instances]

    @property
    def ids(self) -> list[str]:
        """Every contact's Id, instance by instance, in the order saved."""
        return [contact_id for instance in self.instances for contact_id in instance.ids]


def read(path: str | os.PathLike[str], *, model: ModelView) -> SavedStore:
    """The saved store at `path`, refused with an `InvalidContactError` naming the problem
    (another format, package version, model or layout; cut short; changed) before anything
    is decoded. The file is mapped, not copied, and its checksums verified in parallel."""
    where = os.fspath(path)
    with _mapped(path) as data:
        header, payload = _split(where, data)
        try:
            _check_header(where, header, model)
            _check_payload(where, header, payload)
            with paused_collection():
                document = marshal.loads(payload)
        except (ValueError, EOFError, TypeError) as error:
            if isinstance(error, InvalidContactError):
                raise
            document = None
        finally:
            payload.release()
    try:
        if not isinstance(document, dict):
            raise ValueError("not a saved store's document")
        instances = [
            SavedInstance(
                part["account_id"], part["instance_id"], part["region"], part["columns"][0], part
            )
            for part in document["instances"]
        ]
        saved = SavedStore(
            where,
            _keys(document["searchable_attributes"]),
            instances,
            document["strings"],
            document["slots"],
        )
        if saved.slots[:1] != ["id"] or saved.slots != _data_slots():
            raise ValueError("columns")
    except (ValueError, TypeError, KeyError, IndexError):
        raise InvalidContactError(
            f"{where}: the contents of this saved store are not laid out as this version of "
            "connect-contacts-mock writes them, though its checksums match; save the store "
            "again with this version"
        ) from None
    return saved


@contextlib.contextmanager
def _mapped(path: str | os.PathLike[str]) -> Iterator[memoryview]:
    """The bytes of the file at `path`, mapped into memory read-only (read into memory where
    the file cannot be mapped, as an empty file cannot)."""
    with open(path, "rb") as file:
        try:
            mapping: mmap.mmap | None = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):
            mapping = None
        view = memoryview(mapping if mapping is not None else file.read())
        try:
            yield view
        finally:
            view.release()
            if mapping is not None:
                mapping.close()


def _checksums(payload: memoryview) -> list[int]:
    """The CRC-32 of each `_BLOCK` bytes of `payload`, worked out on every core (zlib lets
    other threads run while it sums)."""
    blocks = [payload[start : start + _BLOCK] for start in range(0, len(payload), _BLOCK)]
    try:
        if len(blocks) < 2:
            return [zlib.crc32(block) for block in blocks]
        with ThreadPoolExecutor(min(len(blocks), os.cpu_count() or 1)) as pool:
            return list(pool.map(zlib.crc32, blocks))
    finally:
        for block in blocks:
            block.release()


def _check_payload(where: str, header: dict[str, Any], payload: memoryview) -> None:
    """Refuse a payload cut short, longer than written, or not matching its checksums."""
    expected = header.get("payload_bytes")
    if not isinstance(expected, int):
        raise InvalidContactError(
            f"{where}: a saved store whose header is damaged (no payload size); save the "
            "store again"
        )
    if len(payload) < expected:
        raise InvalidContactError(
            f"{where}: a saved store cut short: its header promises {expected:,} bytes of "
            f"contacts and the file holds {len(payload):,}; save the store again (was the file "
            "copied or written in full?)"
        )
    if len(payload) > expected or _checksums(payload) != header.get("payload_crc32"):
        raise InvalidContactError(
            f"{where}: a saved store whose contents were changed after it was written (they "
            "do not match the checksums written with them); save the store again"
        )


def _keys(value: Any) -> tuple[str, ...] | None:
    return tuple(value) if value is not None else None


def _split(where: str, data: memoryview) -> tuple[dict[str, Any], memoryview]:
    """The header and the payload of a saved store's bytes."""
    head = bytes(data[: len(MAGIC)])
    if head != MAGIC:
        if MAGIC.startswith(head):
            problem = "a saved store cut short inside its first bytes"
        elif bytes(data[: len(MAGIC) - 1]) == MAGIC.replace(b"\r\n", b"\n"):
            problem = "a saved store whose line ends were translated (copied as text)"
        else:
            problem = "neither a saved store (its first bytes differ) nor a JSON or YAML fixture"
        raise InvalidContactError(
            f"{where}: {problem}; save the store again with ContactStore.save, or give a "
            "fixture file (JSON, or YAML)"
        )
    start = len(MAGIC) + _HEADER_SIZE_BYTES
    size = int.from_bytes(data[len(MAGIC) : start], "big")
    try:
        if len(data) < start + size:
            raise ValueError("short")
        header = json.loads(bytes(data[start : start + size]))
        if not isinstance(header, dict):
            raise ValueError("not an object")
    except ValueError:
        raise InvalidContactError(
            f"{where}: a saved store whose header is cut short or damaged; save the store again"
        ) from None
    return header, data[start + size :]


def _check_header(where: str, header: dict[str, Any], model: ModelView) -> None:
    """Refuse a file this version cannot read as it was meant: format, package version,
    model, layout, in that order (the first difference says most)."""
    version = _package_version()
    saved_version = header.get("package_version")
    if header.get("format") != FORMAT:
        raise InvalidContactError(
            f"{where}: a saved store of file format {header.get('format')!r} (written by "
            f"connect-contacts-mock {saved_version}); this version ({version}) reads format "
            f"{FORMAT} only: save the store again with this version"
        )
    if saved_version != version:
        raise InvalidContactError(
            f"{where}: a saved store written by connect-contacts-mock {saved_version}; this is "
            f"{version}, and a saved store is read only by the version that wrote it (its "
            "contacts are not checked again): save the store again with this version, or load "
            "the fixture files it was made from"
        )
    if header.get("model") != model_fingerprint(model):
        raise InvalidContactError(
            f"{where}: a saved store made against another Connect model (botocore "
            f"{header.get('botocore_version')}): its Contact or SearchContacts shapes differ "
            f"from this store's model (installed botocore {botocore.__version__}), so its "
            "contacts could break rules this model has: save the store again with this model, "
            "or load the fixture files it was made from"
        )
    if header.get("layout") != _layout():
        raise InvalidContactError(
            f"{where}: a saved store written by a build of connect-contacts-mock {version} that "
            "keeps contacts differently from this one; save the store again with this build"
        )


# -- building the contacts -----------------------------------------------------------------------


def refuse_known_ids(saved: SavedStore, known: list[Mapping[str, Any]]) -> None:
    """Refuse `saved` when a contact's Id is already in its instance: `known` holds the
    contacts the store has in each of `saved.instances`, by Id."""
    for instance, contacts in zip(saved.instances, known, strict=True):
        if not contacts:
            continue
        clash = next((found for found in instance.ids if found in contacts), None)
        if clash is not None:
            raise InvalidContactError(
                f"{saved.path}: contact {clash!r} of instance {instance.instance_id!r} is "
                "already in that instance of the store; Ids are unique within an instance, so "
                "nothing was loaded: load the saved store into a store without those contacts "
                "(a fresh one, or after clear())"
            )


def build(saved: SavedStore, freezer: Freezer) -> list[list[StoredContact]]:
    """The stored contacts of each instance of `saved`, for the store `freezer` is of: its
    strings numbered as the saved store numbered them (the store's table takes the saved
    one when it holds nothing else; otherwise each contact is frozen again)."""
    refreeze = _refreezer(saved.strings, freezer)
    builder = _builder(saved.slots)
    built: list[list[StoredContact]] = []
    try:
        with paused_collection():
            for instance in saved.instances:
                part = instance._part
                frozen = part["frozen"]
                if refreeze is not None:
                    frozen = [refreeze(kept) if kept is not None else None for kept in frozen]
                for position, packed in part["packed_frozen"].items():
                    frozen[position] = freezer.freeze(_unpack(packed))
                columns = part["columns"]
                for number in part["packed_columns"]:
                    columns[number] = [_unpack(value) for value in columns[number]]
                records = builder(StoredContact, freezer, frozen, *columns)
                if len(records) != len(instance.ids):
                    raise ValueError("columns of different lengths")
                built.append(records)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise InvalidContactError(
            f"{saved.path}: the contacts of this saved store are not laid out as this version "
            "of connect-contacts-mock writes them, though its checksum matches; save the store "
            "again with this version"
        ) from None
    return built


def _refreezer(strings: list[str], freezer: Freezer) -> Callable[[bytes], Any] | None:
    """None when the store's table numbers strings as the saved one did (after taking the
    saved strings it lacks); else what freezes a saved contact again for this store."""
    table = freezer.table
    if table.strings[: len(strings)] != strings[: len(table.strings)]:
        saved_table = freezer.codec.table()
        saved_table.strings = list(strings)
        return lambda frozen: freezer.freeze(freezer.codec.thaw(frozen, saved_table))
    for number in range(len(table.strings), len(strings)):
        table.numbers[strings[number]] = number
        table.strings.append(strings[number])
    return None


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """The garbage collector paused (its state restored after): a load makes millions of
    objects that all stay, and each collection would walk them again.

    Leaving the outermost pause, what was made meanwhile joins the oldest generation
    (`gc.freeze` then `gc.unfreeze`, which moves objects without walking them): they stay
    collectable, but the next young collections no longer walk a million contacts that are
    there to stay, nor count them towards a full collection."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_builders: dict[tuple[str, ...], Callable[..., list[StoredContact]]] = {}


def _builder(slots: list[str]) -> Callable[..., list[StoredContact]]:
    """A function making stored contacts from columns, one per slot of `slots` (generated
    once, from `StoredContact.__slots__`: one assignment per slot, no loop over names)."""
    key = tuple(slots)
    found = _builders.get(key)
    if found is not None:
        return found
    values = [f"v{number}" for number in range(len(slots))]
    present = set(StoredContact.__slots__)
    reset = {slot: value for slot, value in _RESET.items() if slot in present}
    freezer = [f"        o.{_FREEZER_SLOT} = freezer"] if _FREEZER_SLOT in present else []
    lines = [
        f"def build(cls, freezer, frozen, {', '.join(values)}):",
        "    new = cls.__new__",
        "    out = []",
        "    append = out.append",
        f"    for kept, {', '.join(values)} in zip(frozen, {', '.join(values)}, strict=True):",
        "        o = new(cls)",
        f"        o.{_FROZEN_SLOT} = kept",
        *freezer,
        *(f"        o.{slot} = {value}" for slot, value in zip(slots, values, strict=True)),
        *(f"        o.{slot} = reset_{slot}" for slot in reset),
        "        append(o)",
        "    return out",
    ]
    namespace: dict[str, Any] = {f"reset_{slot}": value for slot, value in reset.items()}
    code = compile("\n".join(lines) + "\n", "<saved contacts>", "exec")
    exec(code, namespace)  # the source was generated above, from StoredContact's slots
    made: Callable[..., list[StoredContact]] = namespace["build"]
    _builders[key] = made
    return made
