"""The contact factory, used the way a test suite uses it: build, add, search through boto3."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from connect_contacts_mock import ContactStore
from connect_contacts_mock import factory as f

UTC = datetime.timezone.utc
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def search(
    store: ContactStore,
    criteria: dict[str, Any] | None = None,
    *,
    kind: str = "INITIATION_TIMESTAMP",
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    **request: Any,
) -> dict[str, Any]:
    """SearchContacts through boto3 over the last day (by default), every page joined."""
    now = datetime.datetime.now(UTC)
    client = boto3.client("connect", region_name="us-east-1")
    params: dict[str, Any] = {
        "InstanceId": store.instance_id,
        "TimeRange": {"Type": kind, "StartTime": start or now - DAY, "EndTime": end or now + HOUR},
        **request,
    }
    if criteria is not None:
        params["SearchCriteria"] = criteria
    pages = client.get_paginator("search_contacts").paginate(**params)
    return dict(pages.build_full_result())


def ids(response: dict[str, Any]) -> set[str]:
    return {contact["Id"] for contact in response["Contacts"]}


def test_answered_and_abandoned_calls_are_told_apart_by_search(
    connect_contacts: ContactStore,
) -> None:
    answered = connect_contacts.add(f.voice_call())
    abandoned = connect_contacts.add(f.voice_call(answered=False))
    never_queued = f.voice_call(queue_id=None)

    not_connected = {
        "AdditionalTimeRange": {
            "Criteria": [
                {
                    "TimestampCondition": {
                        "Type": "CONNECTED_TO_AGENT_TIMESTAMP",
                        "ConditionType": "NOT_EXISTS",
                    }
                }
            ],
            "MatchType": "MATCH_ALL",
        }
    }
    assert ids(search(connect_contacts, not_connected)) == {abandoned}
    assert ids(search(connect_contacts, kind="CONNECTED_TO_AGENT_TIMESTAMP")) == {answered}
    assert ids(search(connect_contacts, {"QueueIds": ["queue-support"]})) == {answered, abandoned}
    assert "QueueInfo" not in never_queued


def test_a_call_carries_the_members_a_real_call_has(connect_contacts: ContactStore) -> None:
    start = datetime.datetime.now(UTC) - HOUR
    call = f.voice_call(at=start, duration=datetime.timedelta(minutes=8))
    connect_contacts.add(call)

    (summary,) = search(connect_contacts)["Contacts"]
    assert (summary["Channel"], summary["InitiationMethod"]) == ("VOICE", "INBOUND")
    assert summary["SegmentAttributes"] == {"connect:Subtype": {"ValueString": "connect:Telephony"}}
    assert summary["QueueInfo"]["Id"] == "queue-support"
    assert summary["AgentInfo"]["Id"] == "agent-1"
    stamps = [
        call["InitiationTimestamp"],
        call["QueueInfo"]["EnqueueTimestamp"],
        call["AgentInfo"]["ConnectedToAgentTimestamp"],
        call["DisconnectTimestamp"],
    ]
    assert stamps == sorted(stamps)
    assert call["DisconnectTimestamp"] - start == datetime.timedelta(minutes=8)
    groups = {"L1Ids": ["site-east"], "L2Ids": ["team-support"]}
    assert ids(search(connect_contacts, {"AgentHierarchyGroups": groups})) == {call["Id"]}


def test_a_call_still_in_progress_has_no_disconnect(connect_contacts: ContactStore) -> None:
    live = connect_contacts.add(f.voice_call(duration=None))
    assert "DisconnectTimestamp" not in connect_contacts.get(live)
    assert ids(search(connect_contacts, kind="DISCONNECT_TIMESTAMP")) == set()


def test_default_times_are_read_from_the_clock_at_each_call() -> None:
    with freeze_time("2024-05-01T12:00:00Z"):
        call = f.voice_call()
        task = f.scheduled_task(scheduled_for=datetime.datetime(2024, 5, 2, 9, tzinfo=UTC))
    now = datetime.datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert now - datetime.timedelta(minutes=15) < call["InitiationTimestamp"] < now
    assert call["DisconnectTimestamp"] < now
    assert now - datetime.timedelta(minutes=15) < task["InitiationTimestamp"] < now
    with freeze_time("2025-01-01T00:00:00Z"):
        assert f.chat()["InitiationTimestamp"].year == 2024  # late December, not cached


def test_overrides_merge_deeply_and_none_removes(connect_contacts: ContactStore) -> None:
    call = f.voice_call(
        AgentInfo={"Id": "agent-9"},
        QueueInfo=None,
        Attributes={"Plan": "Gold"},
        SegmentAttributes={"connect:Subtype": {"ValueString": "connect:WebRTC"}},
    )
    untouched = f.voice_call()
    assert call["AgentInfo"]["Id"] == "agent-9"
    assert set(call["AgentInfo"]) == set(untouched["AgentInfo"])  # timestamps and groups kept
    assert "QueueInfo" not in call
    contact_id = connect_contacts.add(call)
    connect_contacts.add(untouched)

    assert ids(search(connect_contacts, {"AgentIds": ["agent-9"]})) == {contact_id}
    assert ids(search(connect_contacts, {"QueueIds": ["queue-support"]})) == {untouched["Id"]}
    webrtc = {
        "SearchableSegmentAttributes": {
            "Criteria": [{"Key": "connect:Subtype", "Values": ["connect:WebRTC"]}]
        }
    }
    assert ids(search(connect_contacts, webrtc)) == {contact_id}
    gold = {"SearchableContactAttributes": {"Criteria": [{"Key": "Plan", "Values": ["Gold"]}]}}
    assert ids(search(connect_contacts, gold)) == {contact_id}


def test_overrides_nested_none_removes_one_member_and_lists_replace() -> None:
    call = f.voice_call(AgentInfo={"HierarchyGroups": {"Level2": None}}, Id="c-1")
    assert call["Id"] == "c-1"
    assert set(call["AgentInfo"]["HierarchyGroups"]) == {"Level1"}
    first = f.with_transcript(f.chat(), ("AGENT", "hello"))
    replaced = f.chat(Transcript=[{"ParticipantRole": "CUSTOMER", "Content": "hi"}])
    assert [turn["Content"] for turn in replaced["Transcript"]] == ["hi"]
    assert [turn["Content"] for turn in first["Transcript"]] == ["hello"]


def test_a_transfer_chain_links_up_in_search_results(connect_contacts: ContactStore) -> None:
    chain = f.transfer_chain(f.voice_call(Attributes={"Plan": "Gold"}), hops=2)
    connect_contacts.add_many(chain)
    first, hop1, hop2 = chain

    found = search(
        connect_contacts,
        {"InitiationMethods": ["TRANSFER"]},
        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
    )["Contacts"]
    assert [contact["Id"] for contact in found] == [hop1["Id"], hop2["Id"]]
    assert [contact["InitialContactId"] for contact in found] == [first["Id"], first["Id"]]
    assert [contact["PreviousContactId"] for contact in found] == [first["Id"], hop1["Id"]]
    assert [contact["AgentInfo"]["Id"] for contact in found] == ["agent-2", "agent-3"]
    assert hop1["InitiationTimestamp"] == first["DisconnectTimestamp"]
    assert hop2["InitiationTimestamp"] == hop1["DisconnectTimestamp"]
    assert hop2["Attributes"] == {"Plan": "Gold"}
    assert len({first["Id"], hop1["Id"], hop2["Id"]}) == 3


def test_a_transfer_chain_gives_an_id_to_a_first_contact_without_one() -> None:
    first = {k: v for k, v in f.chat().items() if k != "Id"}
    head, hop = f.transfer_chain(first, QueueInfo={"Id": "queue-vip"})
    assert "Id" not in first
    assert hop["PreviousContactId"] == hop["InitialContactId"] == head["Id"]
    assert (hop["Channel"], hop["QueueInfo"]["Id"]) == ("CHAT", "queue-vip")
    with pytest.raises(ValueError, match="hops"):
        f.transfer_chain(first, hops=-1)


def test_a_scheduled_task_is_found_by_its_scheduled_time(connect_contacts: ContactStore) -> None:
    tomorrow = datetime.datetime.now(UTC).replace(microsecond=0) + DAY
    task = connect_contacts.add(f.scheduled_task(scheduled_for=tomorrow, name="Refund order 42"))
    later = connect_contacts.add(f.scheduled_task(scheduled_for=tomorrow + 3 * DAY))
    connect_contacts.add(f.chat())

    found = search(
        connect_contacts,
        kind="SCHEDULED_TIMESTAMP",
        start=tomorrow - HOUR,
        end=tomorrow + HOUR,
    )
    (summary,) = found["Contacts"]
    assert summary["Id"] == task
    assert (summary["Channel"], summary["InitiationMethod"]) == ("TASK", "API")
    assert summary["ScheduledTimestamp"] == tomorrow
    assert summary["Name"] == "Refund order 42"

    by_expiry = search(
        connect_contacts,
        {"Channels": ["TASK"]},
        Sort={"FieldName": "EXPIRY_TIMESTAMP", "Order": "DESCENDING"},
    )
    assert [contact["Id"] for contact in by_expiry["Contacts"]] == [later, task]


def test_a_transcript_is_found_by_a_contact_analysis_criterion(
    connect_contacts: ContactStore,
) -> None:
    call = f.voice_call()
    cancelling = connect_contacts.add(
        f.with_transcript(
            call,
            ("AGENT", "Thank you for calling"),
            ("CUSTOMER", "I want to CANCEL my subscription"),
        )
    )
    connect_contacts.add(f.with_transcript(f.voice_call(), ("CUSTOMER", "thanks, bye")))
    connect_contacts.add(f.voice_call())  # not analysed
    assert "Transcript" not in call

    criterion = {
        "ContactAnalysis": {
            "Transcript": {
                "Criteria": [
                    {
                        "ParticipantRole": "CUSTOMER",
                        "SearchText": ["cancel my subscription"],
                        "MatchType": "MATCH_ALL",
                    }
                ]
            }
        }
    }
    assert ids(search(connect_contacts, criterion)) == {cancelling}


def test_with_transcript_appends_turns_to_a_copy() -> None:
    once = f.with_transcript(f.chat(), ("CUSTOMER", "hello"))
    twice = f.with_transcript(once, ("AGENT", "hi there"))
    assert [turn["Content"] for turn in once["Transcript"]] == ["hello"]
    assert [turn["ParticipantRole"] for turn in twice["Transcript"]] == ["CUSTOMER", "AGENT"]
    assert f.with_transcript(f.chat())["Transcript"] == []


def test_an_email_is_found_by_its_subject(connect_contacts: ContactStore) -> None:
    invoice = connect_contacts.add(f.email(subject="Invoice query for March"))
    connect_contacts.add(f.email())
    connect_contacts.add(f.voice_call())

    by_name = {"Name": {"SearchText": ["invoice"], "MatchType": "MATCH_ANY"}}
    assert ids(search(connect_contacts, by_name)) == {invoice}
    by_segment = {
        "SearchableSegmentAttributes": {
            "Criteria": [{"Key": "connect:EmailSubject", "Values": ["Invoice query for March"]}]
        }
    }
    assert ids(search(connect_contacts, by_segment)) == {invoice}
    assert search(connect_contacts, {"Channels": ["EMAIL"]})["TotalCount"] == 2


def test_chats_have_their_subtype(connect_contacts: ContactStore) -> None:
    chat = connect_contacts.add(f.chat(answered=False))
    connect_contacts.add(f.voice_call())
    subtype = {
        "SearchableSegmentAttributes": {
            "Criteria": [{"Key": "connect:Subtype", "Values": ["connect:Chat"]}]
        }
    }
    assert ids(search(connect_contacts, subtype)) == {chat}
    assert "AgentInfo" not in connect_contacts.get(chat)


MIX_START = datetime.datetime(2024, 4, 1, tzinfo=UTC)
MIX_END = MIX_START + 7 * DAY


def test_a_mix_passes_validation_and_searches_like_its_contents(
    connect_contacts: ContactStore,
) -> None:
    contacts = list(f.mix(1000, start=MIX_START, end=MIX_END, seed=3))
    with freeze_time(MIX_END + DAY):
        added = connect_contacts.add_many(contacts)
        assert len(set(added)) == 1000
        assert all(MIX_START <= c["InitiationTimestamp"] <= MIX_END for c in contacts)
        stamps = [c["InitiationTimestamp"] for c in contacts]
        assert stamps == sorted(stamps)

        channels = {c["Channel"] for c in contacts}
        assert channels == {"VOICE", "CHAT", "TASK", "EMAIL"}
        assert {c["QueueInfo"]["Id"] for c in contacts if "QueueInfo" in c} == set(f.QUEUES)
        assert any("Transcript" in c for c in contacts)
        assert any("ScheduledTimestamp" in c for c in contacts)
        assert any(c["InitiationMethod"] == "TRANSFER" for c in contacts)
        assert any("AgentInfo" not in c for c in contacts)
        assert all(len(c.get("Tags", {})) <= 6 for c in contacts)

        found = search(
            connect_contacts,
            {"Channels": ["EMAIL"], "QueueIds": ["queue-billing"]},
            start=MIX_START,
            end=MIX_END,
        )
        expected = {
            c["Id"]
            for c in contacts
            if c["Channel"] == "EMAIL" and c.get("QueueInfo", {}).get("Id") == "queue-billing"
        }
        assert ids(found) == expected and expected


def test_a_transfer_in_a_mix_continues_an_earlier_call() -> None:
    contacts = list(f.mix(1000, start=MIX_START, end=MIX_END))
    by_id = {c["Id"]: c for c in contacts}
    transfers = [c for c in contacts if c["InitiationMethod"] == "TRANSFER"]
    assert len(transfers) > 10
    for transfer in transfers:
        previous = by_id[transfer["PreviousContactId"]]
        assert previous["Channel"] == "VOICE" and "AgentInfo" in previous
        assert previous["DisconnectTimestamp"] <= transfer["InitiationTimestamp"]
        assert transfer["InitialContactId"] == previous.get("InitialContactId", previous["Id"])
    previous_ids = [transfer["PreviousContactId"] for transfer in transfers]
    assert len(set(previous_ids)) == len(previous_ids)  # a call is transferred once


def test_a_mix_is_deterministic_for_a_seed() -> None:
    first = list(f.mix(300, start=MIX_START, end=MIX_END, seed=11))
    again = list(f.mix(300, start=MIX_START, end=MIX_END, seed=11))
    other = list(f.mix(300, start=MIX_START, end=MIX_END, seed=12))
    assert first == again
    assert first != other
    assert not {c["Id"] for c in first} & {c["Id"] for c in other}
    assert all(len(c["Id"]) == 36 and c["Id"].count("-") == 4 for c in first)


def test_a_mix_refuses_bad_arguments_when_called() -> None:
    with pytest.raises(ValueError, match="before start"):
        f.mix(10, start=MIX_END, end=MIX_START)
    with pytest.raises(ValueError, match="count"):
        f.mix(-1, start=MIX_START, end=MIX_END)
    assert list(f.mix(0, start=MIX_START, end=MIX_END)) == []
    (only,) = f.mix(1, start=MIX_START, end=MIX_START)
    assert only["InitiationTimestamp"] == MIX_START
