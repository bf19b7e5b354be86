"""GetContactAttributes and UpdateContactAttributes: the user-defined attributes of a contact.

Attributes belong to a contact's attribute group: the contacts of the instance that share its
`InitialContactId` (a contact without one counts as its own initial contact), as contact records
share attributes across a transfer. A read returns what is stored on the contact named; an
update merges the request into the group's attributes and stores the result on every member
at once, so DescribeContact, GetContactAttributes and SearchContacts agree after one write.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from connect_contacts_mock.contact import StoredContact
from connect_contacts_mock.errors import invalid_parameter
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance
from connect_contacts_mock.timerules import retention_cutoff
from connect_contacts_mock.validation import show

#: "You can have up to 32,768 UTF-8 bytes across all attributes for a contact" (the
#: documentation of UpdateContactAttributesRequest.Attributes; the model states no constraint).
MAX_ATTRIBUTE_BYTES = 32_768
#: "Attribute keys can include only alphanumeric, dash, and underscore characters" (same place).
_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: How many refused keys a message names.
_SHOWN_KEYS = 3


class GetContactAttributes(Operation):
    """The attributes stored on the contact named (any contact of the group, not only its
    initial one), `{}` when it has none. The model lists no InvalidParameterException and no
    ThrottlingException here, so the front door answers a bad value with
    InvalidRequestException and never throttles this operation."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        _, record = context.contact(checked["InstanceId"], checked["InitialContactId"])
        return {"Attributes": dict(record.attributes)}


class UpdateContactAttributes(Operation):
    """Sets the attributes named on the contact's whole attribute group, all or none.

    The group's attributes are those of its initial contact (the contact named when the
    initial one is not in the store); the request's keys are set on them (a value `""` keeps
    the key, empty), and the result is stored on each member whose attributes differ, with
    `LastUpdateTimestamp` now. Ongoing and ended contacts alike; `Attributes={}` changes
    nothing. The answer has no members (HTTP 200, empty body)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        _refuse_bad_keys(params["Attributes"])
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        update: dict[str, str] = checked["Attributes"]
        with context.store.atomically():
            instance, named = context.contact(checked["InstanceId"], checked["InitialContactId"])
            if not update:
                return {}
            members = attribute_group(instance, named)
            root = members.get(named.initial_contact_id, named)
            merged = {**root.attributes, **update}
            _refuse_too_large(root.attributes, merged)
            changed = [member for member in members.values() if member.attributes != merged]
            if changed:
                change = _setting(merged, context.now())
                context.replace(instance, {member.id: change for member in changed}, "Attributes")
        return {}


def attribute_group(instance: Instance, named: StoredContact) -> dict[str, StoredContact]:
    """The members of `named`'s attribute group by Id (`named` among them), from the index.
    Contacts past retention are not members: for the service they are gone."""
    cutoff = retention_cutoff()
    members = instance.chain("InitialContactId", named.initial_contact_id)
    return {record.id: record for record in members if record.initiation_ms >= cutoff}


def attributes_size(attributes: dict[str, str]) -> int:
    """UTF-8 bytes of every key and value, as the service counts toward its limit (a lone
    surrogate, which JSON can carry, counts as the three bytes it would take)."""
    return sum(
        len(key.encode("utf-8", "surrogatepass")) + len(value.encode("utf-8", "surrogatepass"))
        for key, value in attributes.items()
    )


def _refuse_bad_keys(attributes: dict[str, str]) -> None:
    bad = [key for key in attributes if not _KEY.fullmatch(key)]
    if not bad:
        return
    shown = ", ".join(show(key, 40) for key in bad[:_SHOWN_KEYS])
    more = f" and {len(bad) - _SHOWN_KEYS} more" if len(bad) > _SHOWN_KEYS else ""
    plural = "s" if len(bad) > 1 else ""
    raise invalid_parameter(
        f"Attributes: key{plural} {shown}{more} must match [A-Za-z0-9_-]+ (attribute keys "
        "can include only alphanumeric, dash and underscore characters); rename the "
        f"key{plural}. Nothing was changed"
    )


def _refuse_too_large(stored: dict[str, str], merged: dict[str, str]) -> None:
    size = attributes_size(merged)
    if size <= MAX_ATTRIBUTE_BYTES:
        return
    raise invalid_parameter(
        f"Attributes: with this update the contact's attributes would take {size:,} UTF-8 "
        f"bytes (keys and values, the {len(stored)} attributes already stored included; now "
        f"{attributes_size(stored):,}), over the limit of {MAX_ATTRIBUTE_BYTES:,} bytes. "
        "Nothing was changed; send shorter values, or set attributes no longer needed to "
        "empty values"
    )


def _setting(merged: dict[str, str], stamp: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The change that gives a stored contact the group's attributes, updated at `stamp`."""

    def change(contact: dict[str, Any]) -> dict[str, Any]:
        contact["Attributes"] = dict(merged)
        contact["LastUpdateTimestamp"] = stamp
        return contact

    return change
