"""StartTaskContact (contact-operations spec, sections 1.1, 1.2, 4.1, 6 and cases 23 to 27 and
31), and the rules every creating operation shares (`operations/_new_contact.py`).

In the fixture C1 {Plan: Gold, Secret: x} is the initial contact of C6 (one attribute group),
X1 lives in instance I2, C7 is past retention; the clock is frozen at 2024-05-10T00:00Z.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import C1, C6, I1, NOW
from connect_contacts_mock import ContactStore
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.operations._new_contact import creation_reference_types

from ._harness import X1, client, error_of, sent

EXAMPLES = {
    "StartTaskContact": lambda connect: connect.start_task_contact(
        InstanceId=I1, Name="Call back", ContactFlowId="f"
    ),
}

DAY = datetime.timedelta(days=1)
#: The window of "now" in which the new contacts are found.
AROUND_NOW = {
    "Type": "INITIATION_TIMESTAMP",
    "StartTime": NOW - datetime.timedelta(hours=1),
    "EndTime": NOW + datetime.timedelta(hours=1),
}


def start(**params: Any) -> str:
    request = {"InstanceId": I1, "Name": "Call back", "ContactFlowId": "f", **params}
    contact_id: str = client().start_task_contact(**request)["ContactId"]
    return contact_id


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def found(time_range: dict[str, Any] | None = None, **criteria: Any) -> list[str]:
    answer = client().search_contacts(
        InstanceId=I1, TimeRange=time_range or AROUND_NOW, SearchCriteria=criteria
    )
    return [contact["Id"] for contact in answer["Contacts"]]


def refused(**params: Any) -> tuple[str, int, str]:
    request = {"InstanceId": I1, "Name": "Call back", "ContactFlowId": "f", **params}
    return error_of(lambda: client().start_task_contact(**request))


# -- the new task (case 23) ------------------------------------------------------------------


def test_start_task_contact_is_a_put_of_contact_task(operations_store: ContactStore) -> None:
    request = sent(EXAMPLES["StartTaskContact"])
    assert (request.method, request.url.split(".com", 1)[1]) == ("PUT", "/contact/task")


def test_a_started_task_is_an_api_task_of_its_own_chain_initiated_now(
    operations_store: ContactStore,
) -> None:
    """Case 23: Channel TASK, InitiationMethod API, InitiationTimestamp = now, and its own
    InitialContactId and ContactAssociationId."""
    task = start(Description="Customer asked for a call", Attributes={"Plan": "Gold"})
    contact = described(task)
    assert contact["Channel"] == "TASK" and contact["InitiationMethod"] == "API"
    assert contact["InitiationTimestamp"] == NOW and contact["LastUpdateTimestamp"] == NOW
    assert contact["InitialContactId"] == task and contact["ContactAssociationId"] == task
    assert (contact["Name"], contact["Description"]) == ("Call back", "Customer asked for a call")
    assert contact["Attributes"] == {"Plan": "Gold"}
    assert "ConnectedToSystemTimestamp" not in contact and "DisconnectTimestamp" not in contact


def test_a_started_task_is_found_at_once(operations_store: ContactStore) -> None:
    task = start()
    assert found(Channels=["TASK"], InitiationMethods=["API"]) == [task]
    assert found(Name={"SearchText": ["call back"], "MatchType": "MATCH_ALL"}) == [task]


def test_a_started_task_keeps_its_references(operations_store: ContactStore) -> None:
    task = start(References={"crm": {"Type": "URL", "Value": "https://crm/9"}})
    listed = client().list_contact_references(
        InstanceId=I1, ContactId=task, ReferenceTypes=["URL"]
    )["ReferenceSummaryList"]
    assert listed == [{"Url": {"Name": "crm", "Value": "https://crm/9"}}]


# -- expiry (case 24) ------------------------------------------------------------------------


def test_a_task_expires_after_7_days_by_default(operations_store: ContactStore) -> None:
    """Case 24: without a requested duration the expiry is 10080 minutes; once the clock is
    past it, the task has ended with DisconnectReason EXPIRED at the expiry."""
    task = start()
    expiry = described(task)["SegmentAttributes"]["connect:ContactExpiry"]["ValueMap"]
    assert expiry["ExpiryDuration"] == {"ValueInteger": 10080}
    assert expiry["ExpiryTimeStamp"] == {"ValueString": "2024-05-17T00:00:00Z"}
    with freeze_time(NOW + 7 * DAY + datetime.timedelta(seconds=1)):
        contact = described(task)
    assert contact["DisconnectTimestamp"] == NOW + 7 * DAY
    assert contact["DisconnectReason"] == "EXPIRED"


def test_a_requested_expiry_counts_from_the_scheduled_time(operations_store: ContactStore) -> None:
    segments = {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}}}}
    task = start(SegmentAttributes=segments, ScheduledTime=NOW + DAY)
    expiry = described(task)["SegmentAttributes"]["connect:ContactExpiry"]["ValueMap"]
    assert expiry["ExpiryDuration"] == {"ValueInteger": 135}
    assert expiry["ExpiryTimeStamp"] == {"ValueString": "2024-05-11T02:15:00Z"}


@pytest.mark.parametrize(
    "expiry",
    [
        {"ValueInteger": 135},
        {"ValueMap": {"ExpiryDuration": {"ValueInteger": 0}}},
        {"ValueMap": {"ExpiryTimeStamp": {"ValueString": "2024-05-11T00:00:00Z"}}},
    ],
    ids=["not-a-map", "zero-minutes", "a-timestamp-instead-of-a-duration"],
)
def test_a_malformed_expiry_is_refused(
    operations_store: ContactStore, expiry: dict[str, Any]
) -> None:
    before = list(operations_store)
    code, status, message = refused(SegmentAttributes={"connect:ContactExpiry": expiry})
    assert (code, status) == ("InvalidParameterException", 400)
    assert "connect:ContactExpiry" in message
    assert list(operations_store) == before


# -- ScheduledTime (case 25) -----------------------------------------------------------------


def test_a_task_scheduled_tomorrow_is_found_by_its_scheduled_timestamp(
    operations_store: ContactStore,
) -> None:
    task = start(ScheduledTime=NOW + DAY)
    assert described(task)["ScheduledTimestamp"] == NOW + DAY
    window = {"Type": "SCHEDULED_TIMESTAMP", "StartTime": NOW, "EndTime": NOW + 2 * DAY}
    assert found(window) == [task]


def test_a_schedule_exactly_6_days_ahead_is_accepted(operations_store: ContactStore) -> None:
    task = start(ScheduledTime=NOW + 6 * DAY)
    assert described(task)["ScheduledTimestamp"] == NOW + 6 * DAY


@pytest.mark.parametrize(
    "ahead",
    [7 * DAY, 6 * DAY + datetime.timedelta(seconds=1), datetime.timedelta(0), -DAY],
    ids=["7-days", "6-days-and-a-second", "now", "yesterday"],
)
def test_a_schedule_not_within_the_next_6_days_is_refused(
    operations_store: ContactStore, ahead: datetime.timedelta
) -> None:
    """Case 25: "The scheduled time cannot be in the past. It must be within up to 6 days in
    future"; nothing is created."""
    before = list(operations_store)
    code, status, message = refused(ScheduledTime=NOW + ahead)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("ScheduledTime:") and "6 days" in message
    assert list(operations_store) == before


# -- chains (case 26) ------------------------------------------------------------------------


def test_previous_and_related_contact_together_are_refused(operations_store: ContactStore) -> None:
    before = list(operations_store)
    code, status, message = refused(PreviousContactId=C1, RelatedContactId=C1)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "PreviousContactId and RelatedContactId" in message
    assert list(operations_store) == before


def test_a_related_task_gets_a_copy_of_the_attributes(operations_store: ContactStore) -> None:
    """Case 26: RelatedContactId copies the attributes once; a later update of the task does
    not reach the related contact."""
    task = start(RelatedContactId=C1, Attributes={"Task": "1"})
    contact = described(task)
    assert contact["RelatedContactId"] == C1
    assert contact["Attributes"] == {"Plan": "Gold", "Secret": "x", "Task": "1"}
    assert contact["InitialContactId"] == task and "PreviousContactId" not in contact
    client().update_contact_attributes(
        InstanceId=I1, InitialContactId=task, Attributes={"Plan": "Bronze"}
    )
    assert described(task)["Attributes"]["Plan"] == "Bronze"
    assert described(C1)["Attributes"] == {"Plan": "Gold", "Secret": "x"}


def test_a_following_task_joins_the_chain_and_shares_its_attributes(
    operations_store: ContactStore,
) -> None:
    """PreviousContactId: the task joins the chain (InitialContactId, ContactAssociationId of
    the previous contact); its attributes are the chain's, and those it brings reach every
    contact of the chain, as an attribute update does."""
    task = start(PreviousContactId=C6, Attributes={"Plan": "Platinum"})
    contact = described(task)
    assert (contact["PreviousContactId"], contact["InitialContactId"]) == (C6, C1)
    assert contact["ContactAssociationId"] == C1
    merged = {"Plan": "Platinum", "Secret": "x"}
    assert contact["Attributes"] == merged
    assert described(C1)["Attributes"] == merged and described(C6)["Attributes"] == merged
    client().update_contact_attributes(
        InstanceId=I1, InitialContactId=task, Attributes={"Later": "y"}
    )
    assert described(C1)["Attributes"] == {**merged, "Later": "y"}
    tree = client().list_associated_contacts(InstanceId=I1, ContactId=C1)["ContactSummaryList"]
    assert [summary["ContactId"] for summary in tree][-1] == task


def test_a_following_task_without_attributes_changes_no_contact_of_the_chain(
    operations_store: ContactStore,
) -> None:
    before = {contact["Id"]: contact for contact in operations_store}
    task = start(PreviousContactId=C1)
    assert described(task)["Attributes"] == {"Plan": "Gold", "Secret": "x"}
    after = {contact["Id"]: contact for contact in operations_store if contact["Id"] != task}
    assert after == before


@pytest.mark.parametrize("member", ["PreviousContactId", "RelatedContactId"])
@pytest.mark.parametrize("hidden", [X1, "nope", "c7000000-0000-4000-8000-000000000007"])
def test_a_linked_contact_the_instance_does_not_show_is_not_found(
    operations_store: ContactStore, member: str, hidden: str
) -> None:
    """Section 0.4: another instance's contact, one that never existed and one past retention
    are the same 404, naming the member."""
    before = list(operations_store)
    code, status, message = refused(**{member: hidden})
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message.startswith(f"{member}: contact ") and "not found" in message
    assert list(operations_store) == before


# -- quotas (case 27) ------------------------------------------------------------------------


def test_a_13th_task_following_one_contact_is_over_the_quota(
    operations_store: ContactStore,
) -> None:
    """Case 27: 12 tasks may share a PreviousContactId; the 13th is a 402, not retried."""
    for _ in range(12):
        start(PreviousContactId=C1)
    before = list(operations_store)
    try:
        start(PreviousContactId=C1)
    except client().exceptions.ServiceQuotaExceededException as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 402
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 0
        assert "12" in error.response["Error"]["Message"]
    else:
        raise AssertionError("the 13th task was created")
    assert list(operations_store) == before
    start(RelatedContactId=C1)  # RelatedContactId has no limit


def test_tasks_over_the_active_tasks_quota_are_refused(operations_store: ContactStore) -> None:
    """The active tasks quota (2,500 per instance) counts the tasks that have not ended."""
    open_tasks = [
        {"Channel": "TASK", "InitiationMethod": "API", "InitiationTimestamp": NOW}
        for _ in range(2_500)
    ]
    operations_store.add_many(open_tasks, instance_id=I1)
    code, status, message = refused()
    assert (code, status) == ("ServiceQuotaExceededException", 402)
    assert "2,500" in message


# -- flows, attributes, references -----------------------------------------------------------


@pytest.mark.parametrize(
    "flows",
    [
        {},
        {"ContactFlowId": "f", "QuickConnectId": "q"},
        {"TaskTemplateId": "t", "QuickConnectId": "q"},
    ],
    ids=["none", "flow-and-quick-connect", "template-and-quick-connect"],
)
def test_not_exactly_one_flow_is_refused(
    operations_store: ContactStore, flows: dict[str, str]
) -> None:
    request = {"InstanceId": I1, "Name": "Call back", **flows}
    code, status, message = error_of(lambda: client().start_task_contact(**request))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "exactly one of" in message


def test_a_task_template_alone_names_the_flow(operations_store: ContactStore) -> None:
    task = client().start_task_contact(InstanceId=I1, Name="Call back", TaskTemplateId="t")
    assert described(task["ContactId"])["Channel"] == "TASK"


def test_an_attachment_reference_is_refused_at_task_creation(
    operations_store: ContactStore,
) -> None:
    """ "ATTACHMENT is not a supported reference type during task creation"."""
    before = list(operations_store)
    attachment = {"file": {"Type": "ATTACHMENT", "Value": "https://files/1"}}
    code, status, message = refused(References=attachment)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("References.file.Type: 'ATTACHMENT'")
    assert "DATE | EMAIL | NUMBER | STRING | URL" in message
    assert list(operations_store) == before


def test_a_bad_attribute_key_is_refused(operations_store: ContactStore) -> None:
    code, status, message = refused(Attributes={"bad key": "1"})
    assert (code, status) == ("InvalidParameterException", 400)
    assert "'bad key'" in message


def test_attributes_over_32768_bytes_with_those_copied_are_refused(
    operations_store: ContactStore,
) -> None:
    """The limit counts the attributes copied from the related contact (15 bytes of C1)."""
    before = list(operations_store)
    fits = {"Big": "v" * (32_768 - 3)}
    start(Attributes=fits)
    code, status, message = refused(RelatedContactId=C1, Attributes=fits)
    assert (code, status) == ("InvalidParameterException", 400)
    assert "32,783 UTF-8 bytes" in message and "linked contact" in message
    assert len(list(operations_store)) == len(before) + 1


def test_an_unknown_instance_is_not_found(operations_store: ContactStore) -> None:
    code, status, message = error_of(
        lambda: client().start_task_contact(InstanceId="bad-instance", Name="x", ContactFlowId="f")
    )
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert "bad-instance" in message


def test_every_creating_operation_documents_its_reference_types() -> None:
    """The reference types allowed at creation are read from each operation's documentation;
    a model whose text no longer names them would silently allow every type."""
    model = installed_model()
    creating = [
        name
        for name in ("StartTaskContact", "CreateContact", "StartEmailContact")
        + ("StartOutboundVoiceContact", "StartWebRTCContact")
        if name in model.operation_names
    ]
    for name in creating:
        assert creation_reference_types(model.operation_view(name)), name


# -- idempotency (case 31) -------------------------------------------------------------------


def test_the_same_client_token_and_parameters_start_one_task(
    operations_store: ContactStore,
) -> None:
    """Case 31: the second call answers the first ContactId; the store holds one new task."""
    count = len(operations_store)
    first = start(ClientToken="t1")
    assert start(ClientToken="t1") == first
    assert len(operations_store) == count + 1


def test_the_same_client_token_with_other_parameters_is_refused(
    operations_store: ContactStore,
) -> None:
    start(ClientToken="t1")
    count = len(operations_store)
    code, status, message = refused(ClientToken="t1", Name="Another")
    assert (code, status) == ("InvalidRequestException", 400)
    assert "ClientToken 't1' already used with different parameters" in message
    assert len(operations_store) == count


@pytest.mark.connect_contacts(retry_sleep=False)
def test_a_start_retried_after_a_500_makes_one_task(operations_store: ContactStore) -> None:
    """botocore reuses its own token on a retry, so a start retried after a 500 is one task."""
    count = len(operations_store)
    operations_store.fail_next("InternalServiceException", operation="StartTaskContact")
    task = start()
    assert [call.status for call in operations_store.calls_to("StartTaskContact")] == [500, 200]
    assert len(operations_store) == count + 1
    assert found(Channels=["TASK"]) == [task]
