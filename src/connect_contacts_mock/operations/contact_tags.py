"""TagContact and UntagContact: the user-defined tags of a contact.

A contact holds up to 6 user-defined tags ("You can add up to 6 user-defined tags", Admin
Guide, granular billing). Tagging merges the request into the stored tags (a value sent
replaces that key's), all or none; untagging removes the keys named that are present. Keys
starting `aws:` belong to the service and can be neither added nor removed. A change sets
`LastUpdateTimestamp` to now; a request that changes nothing (the same values, or only absent
keys) leaves the contact as it was. Both answer with no members (HTTP 200, empty body), and
the next SearchContacts sees the change: the summary's `Tags` and `SearchCriteria.ContactTags`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from connect_contacts_mock.errors import invalid_parameter
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance
from connect_contacts_mock.validation import show

#: "You can add up to 6 user-defined tags" to a contact (Admin Guide, granular billing); the
#: model bounds one request's map, not the contact's tags.
MAX_USER_TAGS = 6
#: The prefix of the tags the service keeps for itself ("aws:" tags cannot be added, changed
#: or deleted, and do not count toward the limit).
RESERVED_PREFIX = "aws:"


class TagContact(Operation):
    """Adds the tags sent to the contact, or changes their values.

    Refused, with nothing changed: a key starting `aws:` (InvalidParameterException; the
    installed model's key pattern already refuses it at the front door), and a request after
    which the contact would hold more than 6 user-defined tags (InvalidParameterException
    naming the counts)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        _refuse_reserved("Tags", params["Tags"], "added or changed")
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        tags: dict[str, str] = checked["Tags"]
        with context.store.atomically():
            instance, record = context.contact(checked["InstanceId"], checked["ContactId"])
            merged = {**record.tags, **tags}
            if merged == record.tags:
                return {}
            user = [key for key in merged if not key.startswith(RESERVED_PREFIX)]
            if len(user) > MAX_USER_TAGS:
                stored = [key for key in record.tags if not key.startswith(RESERVED_PREFIX)]
                added = [key for key in tags if key not in record.tags]
                raise invalid_parameter(
                    f"Tags: contact {checked['ContactId']!r} would hold {len(user)} user-defined "
                    f"tags (it has {len(stored)}: {_keys(stored)}; this request adds "
                    f"{len(added)}: {_keys(added)}), over the limit of {MAX_USER_TAGS} per "
                    "contact. Nothing was changed; remove tags with UntagContact first, or "
                    "send fewer new keys"
                )
            _store_tags(context, instance, record.id, merged)
        return {}


class UntagContact(Operation):
    """Removes the tags whose keys are named and present; a key the contact lacks is no error
    and changes nothing. A key starting `aws:` is an InvalidParameterException (the installed
    model's key pattern already refuses it at the front door), with nothing changed."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        _refuse_reserved("TagKeys", params["TagKeys"], "removed")
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        removed = set(checked["TagKeys"])
        with context.store.atomically():
            instance, record = context.contact(checked["InstanceId"], checked["ContactId"])
            if removed.isdisjoint(record.tags):
                return {}
            kept = {key: value for key, value in record.tags.items() if key not in removed}
            _store_tags(context, instance, record.id, kept)
        return {}


def _refuse_reserved(member: str, keys: Iterable[str], action: str) -> None:
    reserved = [key for key in keys if key.startswith(RESERVED_PREFIX)]
    if not reserved:
        return
    plural = "s" if len(reserved) > 1 else ""
    raise invalid_parameter(
        f"{member}: key{plural} {_keys(reserved)} start{'' if plural else 's'} with "
        f"{RESERVED_PREFIX!r}, which is reserved for tags the service adds; they cannot be "
        f"{action}. Nothing was changed; use keys without the {RESERVED_PREFIX!r} prefix"
    )


def _keys(keys: list[str]) -> str:
    if not keys:
        return "none"
    shown = ", ".join(show(key, 40) for key in keys[: MAX_USER_TAGS + 1])
    more = len(keys) - (MAX_USER_TAGS + 1)
    return shown + (f" and {more} more" if more > 0 else "")


def _store_tags(
    context: Context, instance: Instance, contact_id: str, tags: dict[str, str]
) -> None:
    context.replace(instance, {contact_id: _setting(tags, context.now())}, "Tags")


def _setting(tags: dict[str, str], stamp: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The change that gives a stored contact `tags` (none: no `Tags` member), at `stamp`."""

    def change(contact: dict[str, Any]) -> dict[str, Any]:
        if tags:
            contact["Tags"] = dict(tags)
        else:
            contact.pop("Tags", None)
        contact["LastUpdateTimestamp"] = stamp
        return contact

    return change
