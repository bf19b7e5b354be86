"""UpdateContact (contact-operations spec, sections 0.3, 0.4, 2.3, 3.2, 7 and cases 3, 12, 13).

In the fixture C1 (ended voice, `connect:Telephony`) holds the references crm and amount, C3 is
the task "Refund order 123" without segment attributes, C7 is past the 24-month retention and
X1 lives in instance I2. No contact of the fixture is an external audio contact: the tests that
need one add it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import C1, C3, I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

from ._harness import I2, X1, client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "UpdateContact": lambda connect: connect.update_contact(
        InstanceId=I1, ContactId=C3, Name="Refund order 999"
    ),
}

LIMIT = 4_096
#: UTF-8 bytes of C1's stored references: "crm" + "https://crm/1" + "amount" + "12".
C1_REFERENCE_BYTES = 3 + 13 + 6 + 2
EXTERNAL = "external-audio-1"
EXTERNAL_AUDIO = {"connect:Subtype": {"ValueString": "connect:ExternalAudio"}}
EXPIRY = {
    "connect:ContactExpiry": {
        "ValueMap": {"ExpiryTimeStamp": {"ValueString": "2024-05-20T00:00:00Z"}}
    }
}
#: The members allowed on external audio contacts only, each with a value to send.
EXTERNAL_ONLY: dict[str, dict[str, str]] = {
    "QueueInfo": {"Id": "Q9"},
    "UserInfo": {"UserId": "A9"},
    "CustomerEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+15555550100"},
    "SystemEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": "+15555550111"},
}


def update(contact_id: str, instance_id: str = I1, **members: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client().update_contact(
        InstanceId=instance_id, ContactId=contact_id, **members
    )
    return answer


def described(contact_id: str, instance_id: str = I1) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(
        InstanceId=instance_id, ContactId=contact_id
    )["Contact"]
    return contact


def summaries(**criteria: Any) -> dict[str, dict[str, Any]]:
    """The search summaries of 2024-05-01 matching `criteria`, by spec name."""
    request = base_request(SearchCriteria=criteria) if criteria else base_request()
    response = client().search_contacts(**request)
    return dict(zip(names(response), response["Contacts"], strict=True))


def stored(store: ContactStore) -> list[dict[str, Any]]:
    """Every stored contact of every instance, as added or last replaced."""
    return list(store)


def add_external_audio(store: ContactStore, **members: Any) -> None:
    store.add(
        {
            "Id": EXTERNAL,
            "Channel": "VOICE",
            "InitiationMethod": "EXTERNAL_OUTBOUND",
            "InitiationTimestamp": at(15),
            "SegmentAttributes": EXTERNAL_AUDIO,
            **members,
        },
        instance_id=I1,
    )


# -- wire ------------------------------------------------------------------------------------


def test_update_contact_posts_to_the_contact_path_with_the_updates_in_the_body(
    operations_store: ContactStore,
) -> None:
    """`POST /contacts/{InstanceId}/{ContactId}`: the path names the contact, the body holds
    only the members to update."""
    request = sent(EXAMPLES["UpdateContact"])
    assert request.method == "POST"
    assert request.url.endswith(f"/contacts/{I1}/{C3}")
    assert json.loads(request.body) == {"Name": "Refund order 999"}


def test_an_update_is_answered_200_with_an_empty_body(operations_store: ContactStore) -> None:
    """Case 3: boto3 returns only ResponseMetadata."""
    answer = EXAMPLES["UpdateContact"](client())
    assert set(answer) == {"ResponseMetadata"}
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    call = operations_store.calls_to("UpdateContact")[-1]
    assert (call.status, call.body) == (200, b"")


# -- Name and Description replace ------------------------------------------------------------


def test_a_new_name_is_described_and_searched(operations_store: ContactStore) -> None:
    """Case 12: DescribeContact and the summary show the new Name, `SearchCriteria.Name`
    matches it and no longer matches the old one; LastUpdateTimestamp is now."""
    update(C3, Name="Refund order 999")
    contact = described(C3)
    assert contact["Name"] == "Refund order 999"
    assert contact["LastUpdateTimestamp"] == NOW
    found = summaries(Name={"SearchText": ["999"], "MatchType": "MATCH_ANY"})
    assert list(found) == ["C3"]
    assert found["C3"]["Name"] == "Refund order 999"
    assert summaries(Name={"SearchText": ["123"], "MatchType": "MATCH_ANY"}) == {}


def test_description_replaces_and_keeps_the_name(operations_store: ContactStore) -> None:
    """Each update replaces only the members it sends; Description is not in the summary."""
    update(C3, Description="Customer asked for a call")
    update(C3, Description="Second thoughts")
    contact = described(C3)
    assert (contact["Name"], contact["Description"]) == ("Refund order 123", "Second thoughts")
    assert "Description" not in summaries()["C3"]


def test_an_ended_contact_can_be_updated(operations_store: ContactStore) -> None:
    """ "for both ongoing and completed contacts": C1 ended at 10:05."""
    update(C1, Name="Flight cancellation")
    contact = described(C1)
    assert contact["Name"] == "Flight cancellation"
    assert contact["DisconnectTimestamp"] == at(10, 5)


def test_only_the_contact_named_changes(operations_store: ContactStore) -> None:
    before = {contact["Id"]: contact for contact in stored(operations_store)}
    update(C3, Name="Refund order 999", Description="d")
    after = {contact["Id"]: contact for contact in stored(operations_store)}
    assert {key for key in before if after[key] != before[key]} == {C3}
    expected = {**before[C3], "Name": "Refund order 999", "Description": "d"}
    assert after[C3] == {**expected, "LastUpdateTimestamp": NOW}


# -- References merge by key -----------------------------------------------------------------


def test_references_merge_by_key_with_the_new_value_winning(
    operations_store: ContactStore,
) -> None:
    """A reference sent replaces the stored one of its name whole; the others stay, in order;
    DescribeContact never shows them (ListContactReferences reads them)."""
    update(
        C1,
        References={
            "amount": {"Type": "NUMBER", "Value": "13"},
            "ticket": {"Type": "STRING", "Value": "T-1", "Status": "AVAILABLE"},
        },
    )
    references = operations_store.get(C1, instance_id=I1)["References"]
    assert references == {
        "crm": {"Type": "URL", "Value": "https://crm/1"},
        "amount": {"Type": "NUMBER", "Value": "13"},
        "ticket": {"Type": "STRING", "Value": "T-1", "Status": "AVAILABLE"},
    }
    assert list(references) == ["crm", "amount", "ticket"]
    assert "References" not in described(C1)


def test_references_on_a_contact_without_any_are_stored(operations_store: ContactStore) -> None:
    update(C3, References={"crm": {"Type": "URL", "Value": "https://crm/3"}})
    assert operations_store.get(C3, instance_id=I1)["References"] == {
        "crm": {"Type": "URL", "Value": "https://crm/3"}
    }


def test_references_of_exactly_the_limit_are_stored(operations_store: ContactStore) -> None:
    """Section 2.3: up to 4,096 UTF-8 bytes across all references, names and values, the
    stored ones included."""
    value = "v" * (LIMIT - C1_REFERENCE_BYTES - len("note"))
    update(C1, References={"note": {"Type": "STRING", "Value": value}})
    assert operations_store.get(C1, instance_id=I1)["References"]["note"]["Value"] == value


@pytest.mark.parametrize(
    "value",
    [
        "v" * (LIMIT - C1_REFERENCE_BYTES - len("note") + 1),
        "\u00e9" * ((LIMIT - C1_REFERENCE_BYTES - len("note")) // 2 + 1),
    ],
    ids=["one-byte-over", "counted-in-utf8-bytes-not-characters"],
)
def test_references_over_the_limit_are_refused(operations_store: ContactStore, value: str) -> None:
    """InvalidParameterException naming the size and the limit; nothing changes, the Name
    sent with it included."""
    before = stored(operations_store)
    code, status, message = error_of(
        lambda: update(C1, Name="n", References={"note": {"Type": "STRING", "Value": value}})
    )
    assert (code, status) == ("InvalidParameterException", 400)
    size = C1_REFERENCE_BYTES + len("note") + len(value.encode())
    assert message.startswith("References: ")
    assert f"{size:,} UTF-8 bytes" in message and "limit of 4,096 bytes" in message
    assert "Nothing was changed" in message
    assert stored(operations_store) == before


def test_replacing_a_large_reference_frees_its_bytes(operations_store: ContactStore) -> None:
    """The size is the merged map's: a shorter value for the same name makes room again."""
    big = "v" * (LIMIT - C1_REFERENCE_BYTES - len("note"))
    update(C1, References={"note": {"Type": "STRING", "Value": big}})
    update(C1, References={"note": {"Type": "STRING", "Value": ""}, "more": {"Type": "URL"}})
    assert set(operations_store.get(C1, instance_id=I1)["References"]) == {
        "crm",
        "amount",
        "note",
        "more",
    }


# -- SegmentAttributes merge by key ----------------------------------------------------------


def test_the_contact_expiry_merges_into_the_segment_attributes(
    operations_store: ContactStore,
) -> None:
    """`connect:ContactExpiry` is added beside the stored `connect:Subtype`; the summary shows
    both and the EXPIRY_TIMESTAMP sort reads the new expiry at once."""
    update(C1, SegmentAttributes=EXPIRY)
    attributes = summaries()["C1"]["SegmentAttributes"]
    assert attributes == {
        "connect:Subtype": {"ValueString": "connect:Telephony"},
        **EXPIRY,
    }
    update(C3, SegmentAttributes=EXPIRY)
    request = base_request(Sort={"FieldName": "EXPIRY_TIMESTAMP", "Order": "ASCENDING"})
    assert names(client().search_contacts(**request))[:2] == ["C1", "C3"]


def test_a_new_expiry_replaces_the_stored_one(operations_store: ContactStore) -> None:
    later = {
        "connect:ContactExpiry": {
            "ValueMap": {"ExpiryDuration": {"ValueInteger": 60}},
        }
    }
    update(C3, SegmentAttributes=EXPIRY)
    update(C3, SegmentAttributes=later)
    assert described(C3)["SegmentAttributes"] == later


@pytest.mark.parametrize(
    "key", ["connect:Subtype", "Plan", "connect:Guide"], ids=["system", "user", "other-system"]
)
def test_a_segment_attribute_other_than_the_expiry_is_refused(
    operations_store: ContactStore, key: str
) -> None:
    """InvalidParameterException naming the key and what may be updated; nothing changes."""
    before = stored(operations_store)
    code, status, message = error_of(
        lambda: update(C1, SegmentAttributes={**EXPIRY, key: {"ValueString": "x"}})
    )
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("SegmentAttributes: ") and repr(key) in message
    assert "connect:ContactExpiry" in message and "Nothing was changed" in message
    assert stored(operations_store) == before


# -- what may not be updated -----------------------------------------------------------------


def test_a_request_without_any_field_is_an_invalid_request(
    operations_store: ContactStore,
) -> None:
    """Case 13: botocore sends `{}`; "at least one field to be updated must be present"."""
    before = stored(operations_store)
    request = sent(
        lambda connect: error_of(lambda: connect.update_contact(InstanceId=I1, ContactId=C3))
    )
    assert json.loads(request.body or b"{}") == {}
    code, status, message = error_of(lambda: update(C3))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "at least one field" in message and "Name" in message
    assert stored(operations_store) == before


@pytest.mark.parametrize("member", list(EXTERNAL_ONLY))
def test_external_audio_members_on_another_contact_are_an_invalid_request(
    operations_store: ContactStore, member: str
) -> None:
    """Case 13: QueueInfo, UserInfo and the endpoints "can only be updated for external audio
    contacts"; the Name sent beside them is not stored either."""
    before = stored(operations_store)
    for contact_id, subtype in ((C3, "no connect:Subtype"), (C1, "'connect:Telephony'")):
        code, status, message = error_of(
            lambda contact_id=contact_id: update(
                contact_id, Name="n", **{member: EXTERNAL_ONLY[member]}
            )
        )
        assert (code, status) == ("InvalidRequestException", 400)
        assert message.startswith(f"{member}: ") and "external audio" in message
        assert subtype in message and "Nothing was changed" in message
    assert stored(operations_store) == before


def test_an_external_audio_contact_takes_its_queue_agent_and_endpoints(
    operations_store: ContactStore,
) -> None:
    """On a `connect:ExternalAudio` contact QueueInfo sets `QueueInfo.Id`, UserInfo sets
    `AgentInfo.Id`, and the endpoints are stored as sent; search sees queue and agent."""
    add_external_audio(operations_store)
    update(EXTERNAL, **EXTERNAL_ONLY)
    contact = described(EXTERNAL)
    assert contact["QueueInfo"] == {"Id": "Q9"}
    assert contact["AgentInfo"] == {"Id": "A9"}
    assert contact["CustomerEndpoint"] == EXTERNAL_ONLY["CustomerEndpoint"]
    assert contact["SystemEndpoint"] == EXTERNAL_ONLY["SystemEndpoint"]
    assert contact["LastUpdateTimestamp"] == NOW
    assert list(summaries(QueueIds=["Q9"], AgentIds=["A9"])) == [EXTERNAL]


def test_an_external_audio_update_keeps_what_the_request_does_not_carry(
    operations_store: ContactStore,
) -> None:
    """The queue's EnqueueTimestamp and the agent's other members stay; a new address drops
    the old address's DisplayName, a new Type alone keeps it."""
    add_external_audio(
        operations_store,
        QueueInfo={"Id": "Q1", "EnqueueTimestamp": at(15, 0, 5)},
        AgentInfo={"Id": "A1", "ConnectedToAgentTimestamp": at(15, 1)},
        CustomerEndpoint={"Type": "TELEPHONE_NUMBER", "Address": "+1555", "DisplayName": "Ann"},
        SystemEndpoint={"Type": "TELEPHONE_NUMBER", "Address": "+1666", "DisplayName": "Desk"},
    )
    update(
        EXTERNAL,
        QueueInfo={"Id": "Q9"},
        UserInfo={"UserId": "A9"},
        CustomerEndpoint={"Address": "+1777"},
        SystemEndpoint={"Type": "VOIP"},
    )
    contact = described(EXTERNAL)
    assert contact["QueueInfo"] == {"Id": "Q9", "EnqueueTimestamp": at(15, 0, 5)}
    assert contact["AgentInfo"] == {"Id": "A9", "ConnectedToAgentTimestamp": at(15, 1)}
    assert contact["CustomerEndpoint"] == {"Type": "TELEPHONE_NUMBER", "Address": "+1777"}
    assert contact["SystemEndpoint"] == {"Type": "VOIP", "Address": "+1666", "DisplayName": "Desk"}


# -- lookups and errors ----------------------------------------------------------------------


def test_the_other_instance_updates_its_own_contact(operations_store: ContactStore) -> None:
    update(X1, instance_id=I2, Name="Elsewhere")
    assert described(X1, instance_id=I2)["Name"] == "Elsewhere"


def test_a_name_longer_than_the_model_allows_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C3, Name="n" * 1025))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "Name: 1025 characters" in message and "at most 1024" in message
    assert stored(operations_store) == before


def test_a_conflict_is_answered_only_when_injected(operations_store: ContactStore) -> None:
    """ConflictException (409) is modelled; the mock gives it only through fail_next, and
    then changes nothing."""
    operations_store.fail_next("ConflictException", operation="UpdateContact")
    before = stored(operations_store)
    code, status, _ = error_of(lambda: update(C3, Name="Refund order 999"))
    assert (code, status) == ("ConflictException", 409)
    assert stored(operations_store) == before
    update(C3, Name="Refund order 999")
    assert described(C3)["Name"] == "Refund order 999"
