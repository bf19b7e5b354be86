"""UpdateContact: the user-defined information of a contact (name, description, references,
segment attributes, and for external audio contacts the queue, agent and endpoints).

The store keeps a contact's references as the synthetic `References` member of the stored
contact, in the shape UpdateContact takes them (read by ListContactReferences); DescribeContact
does not send it. `Name` and `Description` replace what is stored; `References` and
`SegmentAttributes` merge into it by key (a key sent replaces that key's value whole). Every
update sets `LastUpdateTimestamp` to now, on ongoing and ended contacts alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_contacts_mock.errors import invalid_parameter, invalid_request
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.validation import show

#: "You can have up to 4,096 UTF-8 bytes across all references for a contact" (the
#: documentation of the Reference shape; the model states no constraint).
MAX_REFERENCE_BYTES = 4_096
#: The one segment attribute UpdateContact may set ("Contact Expiry, and user-defined
#: attributes ... that are defined in predefined attributes"; the mock keeps no predefined
#: attributes, so the expiry is the only one).
UPDATABLE_SEGMENT_ATTRIBUTES = ("connect:ContactExpiry",)
#: The segment attribute, and its value, of a contact whose queue, agent and endpoints may be
#: updated ("can only be updated for external audio contacts").
SUBTYPE = "connect:Subtype"
EXTERNAL_AUDIO = "connect:ExternalAudio"
#: The members naming the contact (in the request's path); every other member is an update.
_IDENTITY = ("InstanceId", "ContactId")
#: Members replacing the stored value.
_REPLACED = ("Name", "Description")
#: Members merged by key into the stored map of the same name.
_MERGED = ("References", "SegmentAttributes")
#: Members allowed on external audio contacts only, each with where it lands in the contact.
_EXTERNAL_AUDIO_ONLY = ("QueueInfo", "UserInfo", "CustomerEndpoint", "SystemEndpoint")
_KNOWN = (*_REPLACED, *_MERGED, *_EXTERNAL_AUDIO_ONLY)


class UpdateContact(Operation):
    """Updates the members sent on the contact named, all or none, with `LastUpdateTimestamp`
    now; the answer has no members (HTTP 200, empty body).

    Refused, with nothing changed: a request without any member to update
    (InvalidRequestException: "at least one field to be updated must be present"); a member of
    the installed model this mock does not update yet (InvalidRequestException, never ignored);
    a segment attribute other than `connect:ContactExpiry` (InvalidParameterException);
    `QueueInfo`, `UserInfo` or an endpoint on a contact whose `connect:Subtype` is not
    `connect:ExternalAudio` (InvalidRequestException); references over 4,096 UTF-8 bytes
    once merged with the stored ones (InvalidParameterException)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        updates = {name: value for name, value in params.items() if name not in _IDENTITY}
        if not updates:
            raise invalid_request(
                "UpdateContact: at least one field to be updated must be present in the "
                f"request; send one or more of {', '.join(_KNOWN)}"
            )
        unknown = [name for name in updates if name not in _KNOWN]
        if unknown:
            raise invalid_request(
                f"{', '.join(unknown)}: the installed botocore model has "
                f"{'these members' if len(unknown) > 1 else 'this member'} of UpdateContact, "
                "but connect-contacts-mock does not update "
                f"{'them' if len(unknown) > 1 else 'it'} yet; leave "
                f"{'them' if len(unknown) > 1 else 'it'} out (it supports "
                f"{', '.join(_KNOWN)})"
            )
        segments: dict[str, Any] = updates.get("SegmentAttributes", {})
        refused = [key for key in segments if key not in UPDATABLE_SEGMENT_ATTRIBUTES]
        if refused:
            plural = "s" if len(refused) > 1 else ""
            raise invalid_parameter(
                f"SegmentAttributes: key{plural} "
                f"{', '.join(show(key, 60) for key in refused[:3])}"
                f"{f' and {len(refused) - 3} more' if len(refused) > 3 else ''} cannot be "
                f"updated; UpdateContact updates only {', '.join(UPDATABLE_SEGMENT_ATTRIBUTES)}. "
                "Nothing was changed"
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        with context.store.atomically():
            instance, record = context.contact(checked["InstanceId"], checked["ContactId"])
            stored = record.snapshot()
            external = [name for name in _EXTERNAL_AUDIO_ONLY if name in checked]
            if external:
                _refuse_unless_external_audio(external, checked["ContactId"], stored)
            if "References" in checked:
                _refuse_too_large(stored.get("References") or {}, checked["References"])
            context.replace(
                instance, {record.id: _updating(checked, context.now())}, "UpdateContact"
            )
        return {}


def references_size(references: dict[str, dict[str, Any]]) -> int:
    """UTF-8 bytes of every reference's name (its key) and `Value`, as counted toward the
    4,096-byte limit (a lone surrogate counts as the three bytes it would take)."""
    return sum(
        len(name.encode("utf-8", "surrogatepass"))
        + len(str(reference.get("Value", "")).encode("utf-8", "surrogatepass"))
        for name, reference in references.items()
    )


def _refuse_unless_external_audio(
    members: list[str], contact_id: str, stored: dict[str, Any]
) -> None:
    subtype = (stored.get("SegmentAttributes") or {}).get(SUBTYPE, {}).get("ValueString")
    if subtype == EXTERNAL_AUDIO:
        return
    has = f"SegmentAttributes {SUBTYPE} {subtype!r}" if subtype is not None else f"no {SUBTYPE}"
    plural = len(members) > 1
    raise invalid_request(
        f"{', '.join(members)}: {'these' if plural else 'this'} can only be updated for external "
        f"audio contacts (SegmentAttributes {SUBTYPE} {EXTERNAL_AUDIO!r}), and contact "
        f"{contact_id!r} has {has}. Nothing was changed; update Name, Description, References "
        "or SegmentAttributes only"
    )


def _refuse_too_large(stored: dict[str, Any], update: dict[str, Any]) -> None:
    merged = {**stored, **update}
    size = references_size(merged)
    if size <= MAX_REFERENCE_BYTES:
        return
    already = f"; the {len(stored)} stored now take {references_size(stored):,}" if stored else ""
    raise invalid_parameter(
        f"References: with this update the contact's references would take {size:,} UTF-8 "
        f"bytes (names and values, the stored references included{already}), over the limit "
        f"of {MAX_REFERENCE_BYTES:,} bytes across all references of a contact. Nothing was "
        "changed; send shorter values"
    )


def _updating(checked: dict[str, Any], stamp: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The change that applies the request's members to a stored contact, at `stamp`."""

    def change(contact: dict[str, Any]) -> dict[str, Any]:
        for name in _REPLACED:
            if name in checked:
                contact[name] = checked[name]
        for name in _MERGED:
            if name in checked:
                contact[name] = {**(contact.get(name) or {}), **checked[name]}
        if "QueueInfo" in checked and "Id" in checked["QueueInfo"]:
            contact["QueueInfo"] = {
                **contact.get("QueueInfo", {}),
                "Id": checked["QueueInfo"]["Id"],
            }
        if "UserInfo" in checked and "UserId" in checked["UserInfo"]:
            contact["AgentInfo"] = {
                **contact.get("AgentInfo", {}),
                "Id": checked["UserInfo"]["UserId"],
            }
        for name in ("CustomerEndpoint", "SystemEndpoint"):
            if name in checked:
                contact[name] = _endpoint(contact.get(name) or {}, checked[name])
        contact["LastUpdateTimestamp"] = stamp
        return contact

    return change


def _endpoint(stored: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The stored `EndpointInfo` with the members sent; a new address drops the display name
    of the old one (the request carries none)."""
    endpoint = {**stored, **update}
    if update.get("Address", stored.get("Address")) != stored.get("Address"):
        endpoint.pop("DisplayName", None)
    return endpoint
