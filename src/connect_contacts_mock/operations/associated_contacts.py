"""ListAssociatedContacts: the contact tree of a contact, a page at a time.

The tree is every contact of the instance with the same `ContactAssociationId` as the contact
named (a contact without one belongs to the tree of its chain's root: its `InitialContactId`,
else its own Id), the contact itself included, read from the index without a scan. Contacts
past the 24-month retention are gone for the service and are left out.
"""

from __future__ import annotations

from typing import Any

from connect_contacts_mock import paging
from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.contact import StoredContact, arn
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance
from connect_contacts_mock.timerules import retention_cutoff

#: The members that must stay the same while paging (not MaxResults, not NextToken).
QUERY_MEMBERS = ("InstanceId", "ContactId")
#: The page size when MaxResults is left out ("The default MaxResult size is 25", as the
#: model's documentation said from 2024-11 to 2025-08; it is silent now).
DEFAULT_MAX_RESULTS = 25
#: Summary members copied from the stored contact under the same name, where stored (and
#: where the installed model's summary shape has them); `ContactId` and `ContactArn` are
#: the contact's Id and ARN.
COPIED_MEMBERS = (
    "InitiationTimestamp",
    "DisconnectTimestamp",
    "InitialContactId",
    "PreviousContactId",
    "RelatedContactId",
    "InitiationMethod",
    "Channel",
)

#: What a request is answered from: its parameters and the query's fingerprint.
_Checked = tuple[dict[str, Any], str]


class ListAssociatedContacts(Operation):
    """The contacts of the named contact's tree, by `InitiationTimestamp` then Id, oldest
    first; `MaxResults` a page (25 when left out), with an opaque `NextToken` bound to
    InstanceId and ContactId while more remain.

    Errors: the contact not shown (ResourceNotFoundException, as every lookup), a NextToken
    garbled, expired or of another query (InvalidParameterException)."""

    def check(self, params: dict[str, Any]) -> _Checked:
        return params, paging.fingerprint(params, members=QUERY_MEMBERS)

    def answer(self, checked: _Checked, context: Context) -> dict[str, Any]:
        params, query = checked
        instance, record = context.contact(params["InstanceId"], params["ContactId"])
        token = params.get("NextToken")
        offset = paging.decode(token, query, members=QUERY_MEMBERS).offset if token else 0
        tree = contact_tree(instance, record)
        page_size = params.get("MaxResults") or DEFAULT_MAX_RESULTS
        page = tree[offset : offset + page_size]
        members = _summary_members(context)
        result: dict[str, Any] = {
            "ContactSummaryList": [
                _summary(member, context.region, instance, members) for member in page
            ]
        }
        next_offset = offset + len(page)
        if next_offset < len(tree):
            result["NextToken"] = paging.encode(paging.PageToken(query, next_offset, now_ms()))
        return result


def contact_tree(instance: Instance, named: StoredContact) -> list[StoredContact]:
    """The contacts of `named`'s tree (`named` among them) still within retention, by
    InitiationTimestamp, then Id."""
    cutoff = retention_cutoff()
    members = instance.chain("ContactAssociationId", named.association_id)
    shown = [member for member in members if member.initiation_ms >= cutoff]
    shown.sort(key=lambda member: (member.initiation_ms, member.id))
    return shown


def _summary_members(context: Context) -> frozenset[str]:
    """The members of the installed model's `AssociatedContactSummary`."""
    output = context.view.output_shape
    assert output is not None  # the model gives ListAssociatedContacts an output
    return frozenset(output.members["ContactSummaryList"].member.members)


def _summary(
    record: StoredContact, region: str, instance: Instance, members: frozenset[str]
) -> dict[str, Any]:
    """One contact as the summary has it: absent members left out, never null; timestamps
    as the store keeps them (the wire encodes them as epoch numbers)."""
    contact = record.snapshot()
    summary: dict[str, Any] = {
        "ContactId": record.id,
        "ContactArn": arn(region, instance.account_id, instance.instance_id, record.id),
    }
    for name in COPIED_MEMBERS:
        value = contact.get(name)
        if value is not None:
            summary[name] = value
    return {name: value for name, value in summary.items() if name in members}
