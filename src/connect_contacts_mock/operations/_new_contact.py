"""What every operation that creates a contact shares (StartTaskContact, CreateContact,
TransferContact and the other Start operations): the checks of the request a new contact is
made from, how the new contact joins a chain, and how it is put in the store.

- Attributes follow UpdateContactAttributes' rules (keys of `[A-Za-z0-9_-]`, at most 32,768
  UTF-8 bytes across keys and values), counted with the attributes the contact inherits.
- References may only be of the types the operation's model documentation lists "at the time
  of creation" (read from the installed model at run time).
- `PreviousContactId` and `RelatedContactId` are exclusive. A previous contact puts the new one
  in its chain: the same `InitialContactId` (its attribute group) and `ContactAssociationId`
  (its contact tree); the new contact has the group's attributes with the request's set on
  them, and the request's attributes reach every member of the group, as an attribute update
  does. A related contact only lends a copy of its attributes: later updates stay apart.
  A linked contact of another instance, one that never existed and one past retention are the
  same ResourceNotFoundException, naming the member.
- `ScheduledTime` must be after now and at most 6 days ahead, compared at whole seconds (the
  wire carries whole seconds).
- TASK and EMAIL contacts always carry `connect:ContactExpiry` (by default 7 days), which the
  lookups end lazily (`Context.contact`).
"""

from __future__ import annotations

import datetime
import functools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connect_contacts_mock._clock import from_seconds, now_ms
from connect_contacts_mock.contact import EXPIRING_CHANNELS, StoredContact, arn
from connect_contacts_mock.errors import ServiceError, invalid_parameter, invalid_request
from connect_contacts_mock.model import OperationView
from connect_contacts_mock.store import Instance
from connect_contacts_mock.validation import show

from ._context import Context
from ._idempotency import once_per_token
from .contact_attributes import (
    MAX_ATTRIBUTE_BYTES,
    _refuse_bad_keys,
    attribute_group,
    attributes_size,
)

#: The segment attribute holding a contact's expiry, and its two values: the duration in
#: minutes (what a request sets) and the instant (what the store completes).
CONTACT_EXPIRY = "connect:ContactExpiry"
EXPIRY_DURATION = "ExpiryDuration"
EXPIRY_TIMESTAMP = "ExpiryTimeStamp"
#: "The maximum task duration is 7 days" (Admin Guide, feature specifications): the expiry of
#: a task or email created without one, in minutes.
DEFAULT_EXPIRY_MINUTES = 7 * 24 * 60
#: The channels whose contacts always carry an expiry (see `Context.contact`'s lazy expiry).

#: The segment attribute naming a contact's subtype (`connect:ExternalTask`, ...).
SUBTYPE = "connect:Subtype"
#: "It must be within up to 6 days in future" (StartTaskContact's `ScheduledTime`).
MAX_SCHEDULE_AHEAD_S = 6 * 24 * 60 * 60
#: The phrase before the reference types an operation's `References` documentation allows:
#: "Tasks can have the following reference types at the time of creation: URL | NUMBER ...".
_CREATION_TYPES = re.compile(r"at the time of creation:\s*([A-Z_]+(?:\s*\|\s*[A-Z_]+)*)")
_TAG = re.compile(r"<[^>]+>")
#: E.164 as the model documents it ("in E.164 format"), for the addresses of `Endpoint`
#: members, which carry no pattern in the model (`PhoneNumber` members do, and the front door
#: checks those: see `validation.model_pattern` on how their over-escaped pattern is read).
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


# -- checks of the request (pure: no store, no clock) ---------------------------------------


def check_request(params: dict[str, Any]) -> None:
    """The rules every creating request follows, before the store is read: attribute keys and
    size, `PreviousContactId` with `RelatedContactId`, the expiry asked for. (The reference
    types, read from the operation's model, are checked by `check_references` in `answer`.)"""
    attributes: dict[str, str] = params.get("Attributes") or {}
    _refuse_bad_keys(attributes)
    refuse_too_large(attributes, {})
    if params.get("PreviousContactId") and params.get("RelatedContactId"):
        raise invalid_request(
            "PreviousContactId and RelatedContactId cannot both be given: a new contact either "
            "continues a chain (PreviousContactId: shared attributes) or is related to a "
            "contact (RelatedContactId: a copy of its attributes); send one of them"
        )
    check_expiry(params.get("SegmentAttributes") or {})


def refuse_too_large(attributes: dict[str, str], inherited: dict[str, str]) -> None:
    """InvalidParameterException when the new contact's attributes (those `inherited` from a
    linked contact with the request's set on them) take more than 32,768 UTF-8 bytes."""
    merged = {**inherited, **attributes}
    size = attributes_size(merged)
    if size <= MAX_ATTRIBUTE_BYTES:
        return
    taken = (
        f" (the {len(inherited)} attributes it takes from the linked contact, "
        f"{attributes_size(inherited):,} bytes, included)"
        if inherited
        else ""
    )
    raise invalid_parameter(
        f"Attributes: the new contact's attributes would take {size:,} UTF-8 bytes across "
        f"keys and values{taken}, over the limit of {MAX_ATTRIBUTE_BYTES:,} bytes per contact. "
        "Nothing was created; send shorter values or fewer attributes"
    )


def create_once(
    context: Context,
    checked: dict[str, Any],
    make: Callable[[dict[str, Any], Context, Instance], dict[str, Any]],
) -> dict[str, Any]:
    """The answer of an operation that creates a contact: its references checked against the
    types the operation takes at creation, its instance found, then `make(checked, context,
    instance)` run once per ClientToken (a replay answers what the first call did)."""
    check_references(checked, context.view)
    instance = context.instance(checked["InstanceId"])
    return once_per_token(context, instance, checked, lambda: make(checked, context, instance))


@functools.lru_cache(maxsize=64)
def creation_reference_types(view: OperationView) -> frozenset[str] | None:
    """The reference types the operation's `References` documentation allows at creation, or
    None when the installed model's text names none (then every type of the enum is allowed)."""
    member = view.input_shape.members.get("References")
    if member is None:
        return None
    found = _CREATION_TYPES.search(_TAG.sub("", member.documentation or ""))
    if found is None:
        return None
    return frozenset(kind.strip() for kind in found.group(1).split("|"))


def check_references(params: dict[str, Any], view: OperationView) -> None:
    """InvalidParameterException for a reference of a type the operation does not take."""
    references: dict[str, dict[str, Any]] = params.get("References") or {}
    allowed = creation_reference_types(view)
    if allowed is None:
        return
    refused = [
        (name, ref["Type"]) for name, ref in references.items() if ref["Type"] not in allowed
    ]
    if not refused:
        return
    name, kind = refused[0]
    more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
    raise invalid_parameter(
        f"References.{name}.Type: {kind!r}{more} is not a supported reference type when "
        f"{view.name} creates a contact; it supports {' | '.join(sorted(allowed))}. Nothing "
        "was created"
    )


def check_expiry(segments: dict[str, Any]) -> int | None:
    """The expiry duration in minutes the request's `connect:ContactExpiry` asks for (None
    when it has none); any other form of the attribute is an InvalidParameterException."""
    expiry = segments.get(CONTACT_EXPIRY)
    if expiry is None:
        return None
    value_map = expiry.get("ValueMap") or {}
    minutes = (value_map.get(EXPIRY_DURATION) or {}).get("ValueInteger")
    if set(expiry) != {"ValueMap"} or set(value_map) != {EXPIRY_DURATION} or minutes is None:
        raise invalid_parameter(
            f"SegmentAttributes.{CONTACT_EXPIRY}: {show(expiry)} is not an expiry; set it as "
            f'{{"ValueMap": {{"{EXPIRY_DURATION}": {{"ValueInteger": <minutes>}}}}}} (the '
            f"{EXPIRY_TIMESTAMP} is worked out from it)"
        )
    return check_expiry_minutes(minutes, f"SegmentAttributes.{CONTACT_EXPIRY}")


def check_expiry_minutes(minutes: int, member: str) -> int:
    if minutes < 1:
        raise invalid_parameter(
            f"{member}: {minutes} minutes is not an expiry; give the number of minutes the "
            "contact stays active before it expires, at least 1"
        )
    return minutes


def check_phone_number(number: str, member: str) -> None:
    """InvalidParameterException unless `number` is E.164 (see `E164`)."""
    if not E164.fullmatch(number):
        raise invalid_parameter(
            f"{member}: {show(number)} is not a phone number in E.164 format (+, the country "
            "code, then the number: up to 15 digits, such as +15555550100)"
        )


# -- linking to stored contacts -------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """The stored contacts a new one names: the one it follows, the one it is related to."""

    previous: StoredContact | None = None
    related: StoredContact | None = None


def linked(context: Context, instance: Instance, params: dict[str, Any]) -> Links:
    """The contacts `PreviousContactId` and `RelatedContactId` name, as they are now."""
    return Links(
        previous=linked_contact(context, instance, params, "PreviousContactId"),
        related=linked_contact(context, instance, params, "RelatedContactId"),
    )


def linked_contact(
    context: Context, instance: Instance, params: dict[str, Any], member: str, value: Any = None
) -> StoredContact | None:
    """The contact the request's `member` names (ended ones too), None when not given; one the
    instance does not show is a ResourceNotFoundException naming the member."""
    contact_id = value if value is not None else params.get(member)
    if not contact_id:
        return None
    try:
        return context.contact(instance.instance_id, contact_id)[1]
    except ServiceError as error:
        if error.code != "ResourceNotFoundException":
            raise
        raise ServiceError(
            error.code,
            f"{member}: contact {show(contact_id)} not found in instance "
            f"{instance.instance_id!r}; name a contact of this instance",
        ) from None


# -- the new contact ------------------------------------------------------------------------


def new_contact(
    context: Context,
    instance: Instance,
    params: dict[str, Any],
    *,
    channel: str,
    initiation_method: str,
    links: Links = Links(),  # noqa: B008 - frozen, so one shared default is safe
    members: dict[str, Any] | None = None,
    copied: tuple[str, ...] = ("Name", "Description", "References", "SegmentAttributes"),
) -> dict[str, Any]:
    """The stored form of a contact the request makes: a new uuid4 Id, initiated now, in its
    own chain and tree unless `links` put it in one; the request's `copied` members and
    attributes, then `members` (the operation's own) on top."""
    now = context.now()
    contact_id = str(uuid.uuid4())
    contact: dict[str, Any] = {
        "Id": contact_id,
        "Channel": channel,
        "InitiationMethod": initiation_method,
        "InitiationTimestamp": now,
        "LastUpdateTimestamp": now,
        "InitialContactId": contact_id,
        "ContactAssociationId": contact_id,
    }
    for name in copied:
        if params.get(name) is not None:
            contact[name] = params[name]
    attributes: dict[str, str] = params.get("Attributes") or {}
    inherited: dict[str, str] = {}
    previous, related = links.previous, links.related
    if previous is not None:
        contact["PreviousContactId"] = previous.id
        contact["InitialContactId"] = previous.initial_contact_id
        contact["ContactAssociationId"] = previous.association_id
        group = attribute_group(instance, previous)
        inherited = dict(group.get(previous.initial_contact_id, previous).attributes)
    if related is not None:
        contact["RelatedContactId"] = related.id
        inherited = dict(related.attributes)
    refuse_too_large(attributes, inherited)
    if inherited or attributes:
        contact["Attributes"] = {**inherited, **attributes}
    contact.update(members or {})
    return contact


def with_expiry(contact: dict[str, Any], minutes: int | None) -> dict[str, Any]:
    """`contact` with `connect:ContactExpiry` complete: the duration asked for (by default 7
    days for a task or an email, else none) and `ExpiryTimeStamp` = the scheduled time, else
    the initiation, plus that duration, as ISO-8601 UTC text."""
    if minutes is None and contact["Channel"] not in EXPIRING_CHANNELS:
        return contact
    minutes = minutes if minutes is not None else DEFAULT_EXPIRY_MINUTES
    start: datetime.datetime = contact.get("ScheduledTimestamp") or contact["InitiationTimestamp"]
    expires = start + datetime.timedelta(minutes=minutes)
    contact["SegmentAttributes"] = {
        **(contact.get("SegmentAttributes") or {}),
        CONTACT_EXPIRY: {
            "ValueMap": {
                EXPIRY_DURATION: {"ValueInteger": minutes},
                EXPIRY_TIMESTAMP: {"ValueString": iso_utc(expires)},
            }
        },
    }
    return contact


def iso_utc(moment: datetime.datetime) -> str:
    """ISO-8601 UTC text with a `Z`, to the second (to the millisecond when it has some)."""
    spec = "milliseconds" if moment.microsecond else "seconds"
    utc = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec=spec) + "Z"


def with_subtype(contact: dict[str, Any], subtype: str, *, default: bool = True) -> dict[str, Any]:
    """`contact` with `connect:Subtype` = `subtype`: unless the request set one (`default`), or
    whatever the request set (not `default`: the operation decides the subtype)."""
    segments = dict(contact.get("SegmentAttributes") or {})
    if default:
        segments.setdefault(SUBTYPE, {"ValueString": subtype})
    else:
        segments[SUBTYPE] = {"ValueString": subtype}
    contact["SegmentAttributes"] = segments
    return contact


def scheduled(params: dict[str, Any], member: str = "ScheduledTime") -> datetime.datetime | None:
    """The request's scheduled time as an aware datetime, None when not given; one not after
    now or more than 6 days ahead (whole seconds, as the wire carries it) is an
    InvalidParameterException."""
    seconds = params.get(member)
    if seconds is None:
        return None
    whole = int(seconds)
    now_s = now_ms() // 1000
    if not now_s < whole <= now_s + MAX_SCHEDULE_AHEAD_S:
        asked = iso_utc(from_seconds(whole))
        raise invalid_parameter(
            f"{member}: {asked} is not in the next 6 days (now is "
            f"{iso_utc(from_seconds(now_s))}); the scheduled time cannot be in the past and must "
            f"be at most 6 days ahead, up to {iso_utc(from_seconds(now_s + MAX_SCHEDULE_AHEAD_S))}"
        )
    return from_seconds(whole)


def insert(
    context: Context,
    instance: Instance,
    contacts: list[dict[str, Any]],
    *,
    links: Links = Links(),  # noqa: B008 - frozen, so one shared default is safe
    attributes: dict[str, str] | None = None,
    changes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] | None = None,
) -> list[StoredContact]:
    """Put the new contacts in the store (call under `context.store.atomically()`); with a
    previous contact and request `attributes`, the new attributes reach every member of the
    chain's attribute group; `changes` replace other stored contacts (a transfer ends the
    original). Each new contact is checked before anything changes."""
    records = context.create(instance, contacts)
    pending = dict(changes or {})
    if links.previous is not None and attributes:
        merged = records[0].attributes
        stamp = context.now()
        for member in attribute_group(instance, links.previous).values():
            if member.id not in pending and member.attributes != merged:
                pending[member.id] = _setting_attributes(dict(merged), stamp)
    if pending:
        context.replace(instance, pending, "Attributes")
    return records


def _setting_attributes(
    merged: dict[str, str], stamp: datetime.datetime
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(contact: dict[str, Any]) -> dict[str, Any]:
        contact["Attributes"] = dict(merged)
        contact["LastUpdateTimestamp"] = stamp
        return contact

    return change


def contact_arn(context: Context, instance: Instance, contact_id: str) -> str:
    return arn(context.region, instance.account_id, instance.instance_id, contact_id)


def ended(record: StoredContact) -> bool:
    """Whether the contact has ended (after `Context.contact`'s lazy expiry)."""
    return record.disconnect_ms is not None
