"""ListContactReferences (contact-operations spec, sections 0.1, 0.4, 2.3 and cases 2, 4, 16
and 17).

In the fixture C1 carries the references `crm` (URL) and `amount` (NUMBER), in that order; no
other contact has any. C6 is a transfer of C1 (same InitialContactId), C7 is past the 24-month
retention, X1 lives in instance I2. Tests that need other references add a contact.
"""

from __future__ import annotations

import copy
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from conftest import C1, C6, I1, NOW, REGION, at
from connect_contacts_mock import ContactStore, ModelView, mock_search_contacts
from connect_contacts_mock.model import installed_model, installed_service_description

from ._harness import client, error_of, sent

OPERATION = "ListContactReferences"

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    OPERATION: lambda connect: connect.list_contact_references(
        InstanceId=I1, ContactId=C1, ReferenceTypes=["URL"]
    )
}

#: A contact added by the tests that need references of every kind of union member.
FILED = "cf000000-0000-4000-8000-00000000000f"
ATTACHMENT_ARN = f"arn:aws:connect:{REGION}:123456789012:instance/{I1}/file/f1"
EMAIL_ARN = f"arn:aws:connect:{REGION}:123456789012:instance/{I1}/file/m1"
FILED_REFERENCES = {
    "invoice": {
        "Type": "ATTACHMENT",
        "Value": "invoice.pdf",
        "Status": "APPROVED",
        "Arn": ATTACHMENT_ARN,
        "StatusReason": "scanned",
    },
    "body": {"Type": "EMAIL_MESSAGE_PLAIN_TEXT", "Value": "ignored", "Arn": EMAIL_ARN},
    "due": {"Type": "DATE", "Value": "1715299200"},
    "site": {"Type": "URL", "Value": "https://example.com/order/1"},
}
#: The installed model's ReferenceSummary union members.
UNION_MEMBERS = (
    installed_model()
    .operation_view(OPERATION)
    .output_shape.members["ReferenceSummaryList"]
    .member.members
)


def references(contact_id: str = C1, **overrides: Any) -> list[dict[str, Any]]:
    request: dict[str, Any] = {"InstanceId": I1, "ContactId": contact_id, "ReferenceTypes": ["URL"]}
    request.update(overrides)
    listed: list[dict[str, Any]] = client().list_contact_references(**request)[
        "ReferenceSummaryList"
    ]
    return listed


def add_filed(store: ContactStore, refs: dict[str, Any] = FILED_REFERENCES) -> None:
    store.add(
        {
            "Id": FILED,
            "Channel": "EMAIL",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": at(16),
            "References": copy.deepcopy(refs),
        },
        instance_id=I1,
    )


# -- the wire -------------------------------------------------------------------------------


def test_list_contact_references_is_a_get_with_repeated_reference_types(
    operations_store: ContactStore,
) -> None:
    """Case 2: `?referenceTypes=URL&referenceTypes=ATTACHMENT`, no body."""
    request = sent(
        lambda connect: connect.list_contact_references(
            InstanceId=I1, ContactId=C1, ReferenceTypes=["URL", "ATTACHMENT"]
        )
    )
    assert request.method == "GET"
    assert request.url.endswith(
        f"/contact/references/{I1}/{C1}?referenceTypes=URL&referenceTypes=ATTACHMENT"
    )
    assert not request.body


def test_answer_has_no_next_token_and_no_null(operations_store: ContactStore) -> None:
    """Case 16 and section 0.1: NextToken "is always returned as null", so it is left out."""
    response = client().list_contact_references(InstanceId=I1, ContactId=C1, ReferenceTypes=["URL"])
    assert "NextToken" not in response
    call = operations_store.calls_to(OPERATION)[-1]
    assert b"NextToken" not in call.body and b"null" not in call.body


# -- what is listed -------------------------------------------------------------------------


def test_references_of_the_type_asked_for_are_listed_as_their_union_member(
    operations_store: ContactStore,
) -> None:
    """Case 16: only the URL reference, as `Url` with its name and value."""
    assert references(ReferenceTypes=["URL"]) == [
        {"Url": {"Name": "crm", "Value": "https://crm/1"}}
    ]


def test_several_types_list_each_reference_once_with_one_key_in_stored_order(
    operations_store: ContactStore,
) -> None:
    """Case 16 and case 4: both references, one union key each, in the order stored."""
    expected = [
        {"Url": {"Name": "crm", "Value": "https://crm/1"}},
        {"Number": {"Name": "amount", "Value": "12"}},
    ]
    assert references(ReferenceTypes=["URL", "NUMBER"]) == expected
    assert references(ReferenceTypes=["NUMBER", "URL"]) == expected
    assert all(len(element) == 1 for element in expected)


def test_the_paginator_gives_the_same_list(operations_store: ContactStore) -> None:
    """Case 16: the paginator stops after one page (no NextToken)."""
    paginator = client().get_paginator("list_contact_references")
    full = paginator.paginate(
        InstanceId=I1, ContactId=C1, ReferenceTypes=["URL", "NUMBER"]
    ).build_full_result()
    assert full["ReferenceSummaryList"] == references(ReferenceTypes=["URL", "NUMBER"])
    assert len(operations_store.calls_to(OPERATION)) == 2


def test_types_without_references_give_an_empty_list(operations_store: ContactStore) -> None:
    assert references(ReferenceTypes=["ATTACHMENT", "EMAIL"]) == []


def test_references_are_the_contacts_own_not_its_chains(operations_store: ContactStore) -> None:
    """C6 shares C1's InitialContactId, but the references are C1's alone."""
    assert references(C6, ReferenceTypes=["URL", "NUMBER"]) == []


def test_each_union_member_carries_only_the_members_its_shape_has(
    operations_store: ContactStore,
) -> None:
    """An attachment keeps Value, Status and Arn but not StatusReason (no union member has
    it); an email message is Name and Arn only; stored order is kept."""
    add_filed(operations_store)
    listed = references(FILED, ReferenceTypes=["ATTACHMENT", "EMAIL_MESSAGE_PLAIN_TEXT", "DATE"])
    assert listed == [
        {
            "Attachment": {
                "Name": "invoice",
                "Value": "invoice.pdf",
                "Status": "APPROVED",
                "Arn": ATTACHMENT_ARN,
            }
        },
        {"EmailMessagePlainText": {"Name": "body", "Arn": EMAIL_ARN}},
        {"Date": {"Name": "due", "Value": "1715299200"}},
    ]


def test_absent_reference_members_are_left_out(operations_store: ContactStore) -> None:
    add_filed(operations_store, {"pending": {"Type": "ATTACHMENT", "Value": "scan.png"}})
    assert references(FILED, ReferenceTypes=["ATTACHMENT"]) == [
        {"Attachment": {"Name": "pending", "Value": "scan.png"}}
    ]


@pytest.mark.skipif(
    "ContactAnalysis" not in UNION_MEMBERS,
    reason="the installed botocore's ReferenceSummary has no ContactAnalysis member",
)
def test_contact_analysis_is_answered_where_the_model_has_its_union_member(
    operations_store: ContactStore,
) -> None:
    add_filed(operations_store, {"lens": {"Type": "CONTACT_ANALYSIS", "Value": "s3://b/a.json"}})
    assert references(FILED, ReferenceTypes=["CONTACT_ANALYSIS"]) == [
        {"ContactAnalysis": {"Name": "lens", "Value": "s3://b/a.json"}}
    ]


def test_a_type_without_a_union_member_in_the_model_is_left_out() -> None:
    """With a model whose ReferenceSummary lacks ContactAnalysis (as older botocore), a
    CONTACT_ANALYSIS reference is not answered (botocore could only show SDK_UNKNOWN_MEMBER);
    the others still are."""
    description = copy.deepcopy(installed_service_description())
    description["shapes"]["ReferenceSummary"]["members"].pop("ContactAnalysis", None)
    connect = boto3.client("connect", region_name=REGION)
    with freeze_time(NOW), mock_search_contacts(model=ModelView(description)) as contacts:
        contacts.add(
            {
                "Id": FILED,
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": NOW,
                "References": {
                    "lens": {"Type": "CONTACT_ANALYSIS", "Value": "s3://b/a.json"},
                    "site": {"Type": "URL", "Value": "https://example.com"},
                },
            }
        )
        listed = connect.list_contact_references(
            InstanceId=contacts.instance_id,
            ContactId=FILED,
            ReferenceTypes=["CONTACT_ANALYSIS", "URL"],
        )["ReferenceSummaryList"]
    assert listed == [{"Url": {"Name": "site", "Value": "https://example.com"}}]


def test_a_next_token_sent_anyway_changes_nothing(operations_store: ContactStore) -> None:
    """The request's NextToken "is not expected to be set"; the whole list is answered."""
    assert references(ReferenceTypes=["URL"], NextToken="anything") == references(
        ReferenceTypes=["URL"]
    )


# -- refusals -------------------------------------------------------------------------------


def test_empty_reference_types_is_an_invalid_request(operations_store: ContactStore) -> None:
    """Case 17: botocore sends no `referenceTypes` at all for `[]`."""
    request = sent(
        lambda connect: error_of(
            lambda: connect.list_contact_references(InstanceId=I1, ContactId=C1, ReferenceTypes=[])
        )
    )
    assert "referenceTypes" not in request.url
    code, status, message = error_of(lambda: references(ReferenceTypes=[]))
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("ReferenceTypes: at least one reference type is required")


def test_empty_reference_types_is_refused_naming_the_member(
    operations_store: ContactStore,
) -> None:
    """Case 17, the part that holds today: a 400 naming ReferenceTypes."""
    code, status, message = error_of(lambda: references(ReferenceTypes=[]))
    assert status == 400 and code in ("InvalidRequestException", "InvalidParameterException")
    assert "ReferenceTypes" in message


def test_unknown_reference_type_is_an_invalid_parameter(operations_store: ContactStore) -> None:
    """Case 17: botocore sends `FAX` (it checks no enum); the model's enum refuses it."""
    code, status, message = error_of(lambda: references(ReferenceTypes=["URL", "FAX"]))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "ReferenceTypes[1]: 'FAX' is not one of URL" in message


def test_more_than_six_reference_types_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    code, _, message = error_of(lambda: references(ReferenceTypes=["URL"] * 7))
    assert code == "InvalidParameterException"
    assert "ReferenceTypes: 7 items, at most 6 allowed" in message


def test_listing_changes_nothing(operations_store: ContactStore) -> None:
    before = operations_store.get(C1, instance_id=I1)
    references(ReferenceTypes=["URL", "NUMBER"])
    error_of(lambda: references(ReferenceTypes=["FAX"]))
    assert operations_store.get(C1, instance_id=I1) == before
