"""ListAssociatedContacts (contact-operations spec, sections 0.4, 1.2, 2.4 and cases 2 and 18).

In the fixture C1 (voice, 10:00) and C6 (its transfer, 14:00, InitialContactId and
PreviousContactId C1) form one contact tree; every other contact is alone in its own. C7 is
past the 24-month retention, X1 lives in instance I2. Tests that need a larger tree add
contacts to it.
"""

from __future__ import annotations

import datetime
from typing import Any

import boto3
from botocore.config import Config
from freezegun import freeze_time

from conftest import ACCOUNT, C1, C3, C6, I1, NOW, REGION, at
from connect_contacts_mock import ContactStore
from connect_contacts_mock.model import installed_model

from ._harness import I2, client, error_of, sent

OPERATION = "ListAssociatedContacts"

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    OPERATION: lambda connect: connect.list_associated_contacts(InstanceId=I1, ContactId=C1)
}

UTC = datetime.timezone.utc
#: The members of the installed model's AssociatedContactSummary.
SUMMARY_MEMBERS = set(
    installed_model()
    .operation_view(OPERATION)
    .output_shape.members["ContactSummaryList"]
    .member.members
)


def contact_arn(contact_id: str) -> str:
    return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{I1}/contact/{contact_id}"


def associated(contact_id: str = C1, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"InstanceId": I1, "ContactId": contact_id}
    request.update(overrides)
    response: dict[str, Any] = client().list_associated_contacts(**request)
    return response


def ids(response: dict[str, Any]) -> list[str]:
    return [summary["ContactId"] for summary in response["ContactSummaryList"]]


def tree_member(number: int, **members: Any) -> dict[str, Any]:
    """A chat of C1's tree (by ContactAssociationId), initiated `number` minutes after 15:00."""
    contact: dict[str, Any] = {
        "Id": f"e{number:07d}-0000-4000-8000-000000000000",
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15) + datetime.timedelta(minutes=number),
        "ContactAssociationId": C1,
    }
    contact.update(members)
    return contact


# -- the wire -------------------------------------------------------------------------------


def test_list_associated_contacts_is_a_get_with_the_contact_in_the_query(
    operations_store: ContactStore,
) -> None:
    """Case 2: `/contact/associated/I1?contactId=C1&maxResults=5`, no body."""
    request = sent(
        lambda connect: connect.list_associated_contacts(InstanceId=I1, ContactId=C1, MaxResults=5)
    )
    assert request.method == "GET"
    assert request.url.endswith(f"/contact/associated/{I1}?contactId={C1}&maxResults=5")
    assert not request.body


# -- the tree -------------------------------------------------------------------------------


def test_the_tree_of_c1_is_c1_then_its_transfer(operations_store: ContactStore) -> None:
    """Case 18: C1 then C6, in InitiationTimestamp order, each with ContactArn,
    InitiationMethod and Channel; no NextToken on the only page."""
    response = associated(C1)
    assert response["ContactSummaryList"] == [
        {
            "ContactId": C1,
            "ContactArn": contact_arn(C1),
            "InitiationTimestamp": at(10),
            "DisconnectTimestamp": at(10, 5),
            "InitiationMethod": "INBOUND",
            "Channel": "VOICE",
        },
        {
            "ContactId": C6,
            "ContactArn": contact_arn(C6),
            "InitiationTimestamp": at(14),
            "DisconnectTimestamp": at(14, 10),
            "InitialContactId": C1,
            "PreviousContactId": C1,
            "InitiationMethod": "TRANSFER",
            "Channel": "VOICE",
        },
    ]
    assert "NextToken" not in response


def test_any_contact_of_the_tree_lists_the_whole_tree(operations_store: ContactStore) -> None:
    assert ids(associated(C6)) == ids(associated(C1)) == [C1, C6]


def test_a_contact_alone_is_its_own_tree(operations_store: ContactStore) -> None:
    assert ids(associated(C3)) == [C3]


def test_summaries_carry_only_members_of_the_summary_shape(
    operations_store: ContactStore,
) -> None:
    """No QueueInfo, AgentInfo, Tags or Attributes: only what the model's summary has; an
    absent member is left out, never null."""
    for summary in associated(C1)["ContactSummaryList"]:
        assert set(summary) <= SUMMARY_MEMBERS
    assert b"null" not in operations_store.calls_to(OPERATION)[-1].body


def test_related_contact_id_is_listed_when_stored(operations_store: ContactStore) -> None:
    operations_store.add(tree_member(1, RelatedContactId=C3), instance_id=I1)
    summary = associated(C1)["ContactSummaryList"][-1]
    assert summary["RelatedContactId"] == C3
    assert "DisconnectTimestamp" not in summary


def test_the_tree_is_the_contact_association_id_over_the_initial_contact(
    operations_store: ContactStore,
) -> None:
    """A contact whose ContactAssociationId is C1 joins C1's tree without an
    InitialContactId; one whose InitialContactId is C1 but whose ContactAssociationId is
    another contact belongs to that other tree."""
    joined = tree_member(1)
    elsewhere = tree_member(2, InitialContactId=C1, ContactAssociationId=C3)
    operations_store.add_many([joined, elsewhere], instance_id=I1)
    assert ids(associated(C1)) == [C1, C6, joined["Id"]]
    assert ids(associated(C3)) == [C3, elsewhere["Id"]]


def test_ties_in_initiation_timestamp_are_ordered_by_id(operations_store: ContactStore) -> None:
    later_id = tree_member(1, Id="b0000000-0000-4000-8000-000000000000", InitiationTimestamp=at(12))
    earlier_id = tree_member(
        2, Id="a0000000-0000-4000-8000-000000000000", InitiationTimestamp=at(12)
    )
    operations_store.add_many([later_id, earlier_id], instance_id=I1)
    assert ids(associated(C1)) == [C1, earlier_id["Id"], later_id["Id"], C6]


def test_contacts_past_retention_are_left_out_of_the_tree(
    operations_store: ContactStore,
) -> None:
    old = tree_member(1, InitiationTimestamp=at(0, year=2022, month=1))
    operations_store.add(old, instance_id=I1)
    assert ids(associated(C1)) == [C1, C6]


def test_contacts_of_another_instance_are_not_in_the_tree(
    operations_store: ContactStore,
) -> None:
    operations_store.add(tree_member(1), instance_id=I2)
    assert ids(associated(C1)) == [C1, C6]


# -- paging ---------------------------------------------------------------------------------


def test_a_page_holds_25_contacts_unless_max_results_says_otherwise(
    operations_store: ContactStore,
) -> None:
    operations_store.add_many([tree_member(n) for n in range(28)], instance_id=I1)
    first = associated(C1)
    assert len(first["ContactSummaryList"]) == 25 and "NextToken" in first
    second = associated(C1, NextToken=first["NextToken"])
    assert len(second["ContactSummaryList"]) == 5 and "NextToken" not in second
    assert ids(first) + ids(second) == [C1, C6, *(tree_member(n)["Id"] for n in range(28))]


def test_max_results_pages_through_the_tree_and_may_change_between_pages(
    operations_store: ContactStore,
) -> None:
    operations_store.add_many([tree_member(n) for n in range(3)], instance_id=I1)
    seen: list[str] = []
    page = associated(C1, MaxResults=2)
    seen += ids(page)
    page = associated(C1, MaxResults=1, NextToken=page["NextToken"])
    seen += ids(page)
    page = associated(C1, MaxResults=100, NextToken=page["NextToken"])
    seen += ids(page)
    assert "NextToken" not in page
    assert seen == ids(associated(C1))
    assert len(seen) == 5


def test_a_token_of_another_query_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    """A token is bound to InstanceId and ContactId (C6 names the same tree, yet is another
    query)."""
    token = associated(C1, MaxResults=1)["NextToken"]
    code, status, message = error_of(lambda: associated(C6, NextToken=token))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "InstanceId and ContactId must stay the same while paging" in message


def test_a_garbled_token_is_an_invalid_parameter(operations_store: ContactStore) -> None:
    token = associated(C1, MaxResults=1)["NextToken"]
    code, _, message = error_of(lambda: associated(C1, NextToken=token[:-2] + "xx"))
    assert code == "InvalidParameterException"
    assert message.startswith("NextToken: the token is not valid")


def test_a_token_expires_after_24_hours(operations_store: ContactStore) -> None:
    token = associated(C1, MaxResults=1)["NextToken"]
    with freeze_time(NOW + datetime.timedelta(hours=24, seconds=1)):
        code, _, message = error_of(lambda: associated(C1, NextToken=token))
    assert code == "InvalidParameterException"
    assert "expired" in message


def test_max_results_out_of_range_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    """botocore checks only the minimum; 101 reaches the mock, which checks the maximum."""
    connect = boto3.client("connect", region_name=REGION, config=Config(parameter_validation=False))
    for value, rule in ((0, "below the minimum 1"), (101, "above the maximum 100")):
        code, _, message = error_of(
            lambda value=value: connect.list_associated_contacts(
                InstanceId=I1, ContactId=C1, MaxResults=value
            )
        )
        assert code == "InvalidParameterException"
        assert f"MaxResults: {value} is {rule}" in message


# -- lookups --------------------------------------------------------------------------------


def test_listing_changes_nothing(operations_store: ContactStore) -> None:
    before = [operations_store.get(contact, instance_id=I1) for contact in (C1, C6)]
    associated(C1)
    assert [operations_store.get(contact, instance_id=I1) for contact in (C1, C6)] == before
