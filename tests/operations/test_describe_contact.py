"""DescribeContact (contact-operations spec, sections 0.4, 1.3, 2.1 and cases 1, 5 and 6)."""

from __future__ import annotations

import datetime

import pytest

from conftest import C1, C2, C6, I1, REGION
from connect_contacts_mock import ContactStore

from ._harness import I2, X1, client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "DescribeContact": lambda connect: connect.describe_contact(InstanceId=I1, ContactId=C1)
}

UTC = datetime.timezone.utc


def test_describe_contact_is_a_get_of_its_path_without_body(operations_store: ContactStore) -> None:
    """Case 1: `GET /contacts/{InstanceId}/{ContactId}`, no body."""
    request = sent(EXAMPLES["DescribeContact"])
    assert request.method == "GET"
    assert request.url.endswith(f"/contacts/{I1}/{C1}")
    assert not request.body


def test_describe_contact_returns_what_the_summary_lacks(operations_store: ContactStore) -> None:
    """Case 1: the stored members, Attributes included, epoch timestamps parsed, no Transcript."""
    contact = client().describe_contact(InstanceId=I1, ContactId=C1)["Contact"]
    assert contact["Id"] == C1
    assert contact["Arn"] == f"arn:aws:connect:{REGION}:123456789012:instance/{I1}/contact/{C1}"
    assert contact["Attributes"] == {"Plan": "Gold", "Secret": "x"}
    assert contact["InitiationTimestamp"] == datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert contact["AgentInfo"]["HierarchyGroups"]["Level1"]["Arn"].endswith("/agent-group/H1")
    assert "Transcript" not in contact and "References" not in contact


def test_describe_contact_sends_no_null_and_no_unknown_member(
    operations_store: ContactStore,
) -> None:
    client().describe_contact(InstanceId=I1, ContactId=C2)
    body = operations_store.calls_to("DescribeContact")[-1].response
    assert body is not None
    assert "null" not in str(body) and "Transcript" not in body["Contact"]


def test_ended_and_ongoing_contacts_are_both_described(operations_store: ContactStore) -> None:
    """Case 6: C1 ended, C2 in progress."""
    connect = client()
    assert "DisconnectTimestamp" in connect.describe_contact(InstanceId=I1, ContactId=C1)["Contact"]
    assert (
        "DisconnectTimestamp"
        not in connect.describe_contact(InstanceId=I1, ContactId=C2)["Contact"]
    )


def test_the_contact_of_the_other_instance_is_described_there(
    operations_store: ContactStore,
) -> None:
    assert client().describe_contact(InstanceId=I2, ContactId=X1)["Contact"]["Id"] == X1


@pytest.mark.parametrize(
    ("contact_id", "path"),
    [("a/b c", "a%2Fb%20c"), ("x" * 256, "x" * 256)],
    ids=["percent-encoded", "longest"],
)
def test_uri_members_are_read_back_percent_decoded(
    operations_store: ContactStore, contact_id: str, path: str
) -> None:
    operations_store.add(
        {
            "Id": contact_id,
            "Channel": "CHAT",
            "InitiationMethod": "API",
            "InitiationTimestamp": datetime.datetime(2024, 5, 9, tzinfo=UTC),
        },
        instance_id=I1,
    )
    request = sent(lambda connect: connect.describe_contact(InstanceId=I1, ContactId=contact_id))
    assert request.url.endswith(f"/{path}")
    assert operations_store.calls_to("DescribeContact")[-1].params == {
        "InstanceId": I1,
        "ContactId": contact_id,
    }
    assert operations_store.calls_to("DescribeContact")[-1].status == 200


def test_a_contact_id_past_the_model_limit_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    code, status, message = error_of(
        lambda: client().describe_contact(InstanceId=I1, ContactId="x" * 257)
    )
    assert (code, status) == ("InvalidParameterException", 400)
    assert "ContactId: 257 characters" in message and "at most 256" in message


def test_describing_changes_nothing(operations_store: ContactStore) -> None:
    before = operations_store.get(C1, instance_id=I1)
    client().describe_contact(InstanceId=I1, ContactId=C1)
    assert operations_store.get(C1, instance_id=I1) == before


def test_describe_contact_is_a_logged_call_of_its_own(operations_store: ContactStore) -> None:
    client().describe_contact(InstanceId=I1, ContactId=C6)
    operations_store.assert_called(1, operation="DescribeContact")
    operations_store.assert_called_with(operation="DescribeContact", ContactId=C6)
    operations_store.assert_not_called()  # SearchContacts, the default operation


def test_describe_contact_takes_injected_faults(operations_store: ContactStore) -> None:
    operations_store.fail_next("InternalServiceException", times=5, operation="DescribeContact")
    code, status, _ = error_of(lambda: client().describe_contact(InstanceId=I1, ContactId=C1))
    assert (code, status) == ("InternalServiceException", 500)
    assert all(call.status == 500 for call in operations_store.calls)


def test_a_task_past_its_expiry_is_described_as_expired_and_searched_as_ended(
    operations_store: ContactStore,
) -> None:
    """Section 1.1: a task ends by itself at its contact expiry; the mock ends it when an
    operation first touches it, and the next search sees the disconnect."""
    expiry = {"ValueMap": {"ExpiryTimeStamp": {"ValueString": "2024-05-09T12:00:00Z"}}}
    task = operations_store.add(
        {
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": datetime.datetime(2024, 5, 9, 8, tzinfo=UTC),
            "SegmentAttributes": {"connect:ContactExpiry": expiry},
        },
        instance_id=I1,
    )
    contact = client().describe_contact(InstanceId=I1, ContactId=task)["Contact"]
    assert contact["DisconnectTimestamp"] == datetime.datetime(2024, 5, 9, 12, tzinfo=UTC)
    assert contact["DisconnectReason"] == "EXPIRED"
    ended = client().search_contacts(
        InstanceId=I1,
        TimeRange={
            "Type": "DISCONNECT_TIMESTAMP",
            "StartTime": datetime.datetime(2024, 5, 9, 11, tzinfo=UTC),
            "EndTime": datetime.datetime(2024, 5, 9, 13, tzinfo=UTC),
        },
    )
    assert [hit["Id"] for hit in ended["Contacts"]] == [task]


def test_a_task_before_its_expiry_stays_in_progress(operations_store: ContactStore) -> None:
    expiry = {"ValueMap": {"ExpiryTimeStamp": {"ValueString": "2024-05-11T00:00:00Z"}}}
    task = operations_store.add(
        {
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": datetime.datetime(2024, 5, 9, 8, tzinfo=UTC),
            "SegmentAttributes": {"connect:ContactExpiry": expiry},
        },
        instance_id=I1,
    )
    contact = client().describe_contact(InstanceId=I1, ContactId=task)["Contact"]
    assert "DisconnectTimestamp" not in contact and "DisconnectReason" not in contact
