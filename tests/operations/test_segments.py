"""ListRealtimeContactAnalysisSegmentsV2 (contact-operations spec, sections 0.1, 0.3, 0.4, 2.5
and cases 4, 19, 20, 21 and 22).

In the fixture C2 is the one chat: in progress, initiated 2024-05-01T11:00Z (no
ConnectedToSystemTimestamp), with one CUSTOMER turn "hello there". C1 is voice, C3 a task, C4
an email, C7 past the 24-month retention, X1 lives in instance I2. Tests that need a longer
chat add one.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from freezegun import freeze_time

from conftest import ACCOUNT, C1, C2, C3, C4, I1, NOW, REGION, at
from connect_contacts_mock import ContactStore
from connect_contacts_mock.operations.segments import SEGMENTS_NAMESPACE

from ._harness import I2, client, error_of, sent

OPERATION = "ListRealtimeContactAnalysisSegmentsV2"

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    OPERATION: lambda connect: connect.list_realtime_contact_analysis_segments_v2(
        InstanceId=I1, ContactId=C2, OutputType="Raw", SegmentTypes=["Transcript"]
    )
}

UTC = datetime.timezone.utc
#: A chat added by the tests that need several turns: ended, connected to the system 2 s
#: after it was initiated.
LONG_CHAT = "c8000000-0000-4000-8000-000000000008"
LONG_CHAT_CONNECTED = at(15, 0, 2)
LONG_CHAT_TURNS = [
    {"ParticipantRole": "SYSTEM", "Content": "Welcome to support"},
    {"ParticipantRole": "CUSTOMER", "Content": "My order did not arrive"},
    {"ParticipantRole": "AGENT", "Content": "Let me check that for you"},
    {"ParticipantRole": "CUSTOMER", "Content": "Order 999"},
    {"ParticipantRole": "AGENT", "Content": "It ships tomorrow"},
]
#: A chat with no transcript stored.
SILENT_CHAT = "c9000000-0000-4000-8000-000000000009"
#: The Ids of C2 as every run derives them (turn 0, and its one participant, the CUSTOMER).
C2_TURN_0_ID = "3756529e-63f8-5048-9ccc-ff0308e61b6e"
C2_CUSTOMER_ID = "7588d428-77c2-583c-ad63-79fe2ddf38aa"


def segments(contact_id: str = C2, **overrides: Any) -> dict[str, Any]:
    """The answer for `contact_id` of I1, Raw transcript unless `overrides` say otherwise."""
    request: dict[str, Any] = {
        "InstanceId": I1,
        "ContactId": contact_id,
        "OutputType": "Raw",
        "SegmentTypes": ["Transcript"],
        **overrides,
    }
    answer: dict[str, Any] = client().list_realtime_contact_analysis_segments_v2(**request)
    return answer


def failing(contact_id: str = C2, **overrides: Any) -> tuple[str, int, str]:
    return error_of(lambda: segments(contact_id, **overrides))


def transcripts(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The Transcript member of each segment (each segment must carry that one key)."""
    assert all(list(segment) == ["Transcript"] for segment in answer["Segments"]), answer
    return [segment["Transcript"] for segment in answer["Segments"]]


def add_long_chat(store: ContactStore, *, ended: bool = True) -> None:
    contact: dict[str, Any] = {
        "Id": LONG_CHAT,
        "Channel": "CHAT",
        "InitiationMethod": "API",
        "InitiationTimestamp": at(15),
        "ConnectedToSystemTimestamp": LONG_CHAT_CONNECTED,
        "Transcript": [dict(turn) for turn in LONG_CHAT_TURNS],
    }
    if ended:
        contact["DisconnectTimestamp"] = at(15, 10)
    store.add(contact, instance_id=I1)


def add_silent_chat(store: ContactStore) -> None:
    store.add(
        {
            "Id": SILENT_CHAT,
            "Channel": "CHAT",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": at(16),
        },
        instance_id=I1,
    )


def end_chat(store: ContactStore, contact_id: str, when: datetime.datetime) -> None:
    """The chat ended at `when`, as StopContact leaves it (a DisconnectTimestamp)."""
    instance = store.find_instance(I1, REGION, ACCOUNT)
    assert instance is not None
    store.replace_contact(
        instance, contact_id, lambda contact: {**contact, "DisconnectTimestamp": when}
    )


# -- wire ------------------------------------------------------------------------------------


def test_segments_are_a_post_of_their_path_with_the_query_in_the_body(
    operations_store: ContactStore,
) -> None:
    request = sent(EXAMPLES[OPERATION])
    assert request.method == "POST"
    assert request.url.endswith(f"/contact/list-real-time-analysis-segments-v2/{I1}/{C2}")
    assert json.loads(request.body) == {"OutputType": "Raw", "SegmentTypes": ["Transcript"]}
    operations_store.assert_called_with(
        operation=OPERATION, InstanceId=I1, ContactId=C2, OutputType="Raw"
    )


def test_absolute_time_travels_as_iso_text_and_parses_to_an_aware_datetime(
    operations_store: ContactStore,
) -> None:
    """Case 4: `AbsoluteTime` has `timestampFormat: iso8601`, the one ISO timestamp."""
    answer = segments()
    body = operations_store.calls_to(OPERATION)[-1].body
    raw = json.loads(body)["Segments"][0]["Transcript"]["Time"]
    assert raw == {"AbsoluteTime": "2024-05-01T11:00:00.000Z"}
    moment = transcripts(answer)[0]["Time"]["AbsoluteTime"]
    assert moment.tzinfo is not None and moment.utcoffset() == datetime.timedelta(0)
    assert moment == at(11)


def test_every_segment_and_its_time_carry_exactly_one_union_key(
    operations_store: ContactStore,
) -> None:
    """Case 4: a union element with two members would make botocore fail to parse."""
    add_long_chat(operations_store)
    segments(LONG_CHAT, SegmentTypes=["Transcript", "Event", "Categories", "Issues"])
    raw = json.loads(operations_store.calls_to(OPERATION)[-1].body)["Segments"]
    assert len(raw) == len(LONG_CHAT_TURNS)
    assert all(list(segment) == ["Transcript"] for segment in raw)
    assert all(list(segment["Transcript"]["Time"]) == ["AbsoluteTime"] for segment in raw)
    assert b"null" not in operations_store.calls_to(OPERATION)[-1].body


# -- the transcript as segments ---------------------------------------------------------------


def test_an_ongoing_chat_answers_its_turns_in_progress(operations_store: ContactStore) -> None:
    """Case 19: Channel CHAT, Status IN_PROGRESS, one Transcript segment per stored turn."""
    answer = segments()
    assert (answer["Channel"], answer["Status"]) == ("CHAT", "IN_PROGRESS")
    (turn,) = transcripts(answer)
    assert (turn["ParticipantRole"], turn["Content"]) == ("CUSTOMER", "hello there")
    assert turn["ContentType"] == "text/plain"
    assert "NextToken" not in answer


def test_the_chat_is_completed_once_it_has_ended(operations_store: ContactStore) -> None:
    """Case 19, after the chat is stopped: the same segments, Status COMPLETED."""
    before = segments()
    end_chat(operations_store, C2, NOW)
    after = segments()
    assert (after["Channel"], after["Status"]) == ("CHAT", "COMPLETED")
    assert after["Segments"] == before["Segments"]


def test_turns_come_in_stored_order_with_roles_and_content_as_stored(
    operations_store: ContactStore,
) -> None:
    """Case 19 with several turns, on a chat that has ended."""
    add_long_chat(operations_store)
    answer = segments(LONG_CHAT)
    assert answer["Status"] == "COMPLETED"
    assert [
        {"ParticipantRole": turn["ParticipantRole"], "Content": turn["Content"]}
        for turn in transcripts(answer)
    ] == LONG_CHAT_TURNS


def test_turns_are_five_seconds_apart_from_when_the_chat_reached_the_system(
    operations_store: ContactStore,
) -> None:
    add_long_chat(operations_store)
    times = [turn["Time"]["AbsoluteTime"] for turn in transcripts(segments(LONG_CHAT))]
    step = datetime.timedelta(seconds=5)
    assert times == [LONG_CHAT_CONNECTED + step * index for index in range(len(times))]
    raw = json.loads(operations_store.calls_to(OPERATION)[-1].body)["Segments"]
    assert raw[1]["Transcript"]["Time"]["AbsoluteTime"] == "2024-05-01T15:00:07.000Z"


def test_a_chat_never_connected_to_the_system_counts_from_its_initiation(
    operations_store: ContactStore,
) -> None:
    """C2 has no ConnectedToSystemTimestamp: its first turn is at its InitiationTimestamp."""
    (turn,) = transcripts(segments())
    assert turn["Time"]["AbsoluteTime"] == at(11)


def test_a_turn_carries_only_what_the_store_knows(operations_store: ContactStore) -> None:
    """No DisplayName (the store keeps no names), no Sentiment, no Redaction."""
    (turn,) = transcripts(segments())
    assert set(turn) == {"Id", "ParticipantId", "ParticipantRole", "Content", "ContentType", "Time"}


def test_each_role_is_one_participant_and_each_turn_its_own_segment(
    operations_store: ContactStore,
) -> None:
    add_long_chat(operations_store)
    turns = transcripts(segments(LONG_CHAT))
    assert len({turn["Id"] for turn in turns}) == len(turns)
    by_role: dict[str, set[str]] = {}
    for turn in turns:
        by_role.setdefault(turn["ParticipantRole"], set()).add(turn["ParticipantId"])
    assert all(len(ids) == 1 for ids in by_role.values()), by_role
    assert len({next(iter(ids)) for ids in by_role.values()}) == len(by_role)


def test_ids_are_the_same_in_every_run(operations_store: ContactStore) -> None:
    """Name-based UUIDs under a fixed, documented namespace: no run-dependent state."""
    derived = uuid.uuid5(uuid.NAMESPACE_URL, "urn:connect-contacts-mock:realtime-contact-analysis")
    assert derived == SEGMENTS_NAMESPACE
    (turn,) = transcripts(segments())
    assert (turn["Id"], turn["ParticipantId"]) == (C2_TURN_0_ID, C2_CUSTOMER_ID)
    assert transcripts(segments()) == [turn]


def test_ids_differ_between_contacts(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    c2 = transcripts(segments())[0]
    long_chat = transcripts(segments(LONG_CHAT))[1]  # its first CUSTOMER turn
    assert c2["ParticipantRole"] == long_chat["ParticipantRole"] == "CUSTOMER"
    assert c2["Id"] != long_chat["Id"] and c2["ParticipantId"] != long_chat["ParticipantId"]


def test_a_turn_longer_than_a_segment_carries_is_cut_to_the_model_limit(
    operations_store: ContactStore,
) -> None:
    """The store takes any length; the answer keeps to `Content`'s max (16384 characters)."""
    operations_store.add(
        {
            "Id": LONG_CHAT,
            "Channel": "CHAT",
            "InitiationMethod": "API",
            "InitiationTimestamp": at(15),
            "Transcript": [{"ParticipantRole": "CUSTOMER", "Content": "a" * 16385 + "b"}],
        },
        instance_id=I1,
    )
    (turn,) = transcripts(segments(LONG_CHAT))
    assert turn["Content"] == "a" * 16384


# -- segment types -----------------------------------------------------------------------------


def test_a_segment_type_without_stored_data_gives_no_segments(
    operations_store: ContactStore,
) -> None:
    """Case 22: C2 has no stored events."""
    answer = segments(SegmentTypes=["Event"])
    assert (answer["Channel"], answer["Status"], answer["Segments"]) == (
        "CHAT",
        "IN_PROGRESS",
        [],
    )
    assert "NextToken" not in answer


def test_no_type_but_transcript_has_stored_data(operations_store: ContactStore) -> None:
    """Every other type of the installed model, asked at once, gives nothing."""
    model = operations_store.model
    types = model.enum(model.operation_view(OPERATION).input_shape.members["SegmentTypes"].member)
    others = [kind for kind in types if kind != "Transcript"]
    assert others and segments(SegmentTypes=others)["Segments"] == []


def test_only_the_requested_types_are_answered(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    answer = segments(LONG_CHAT, SegmentTypes=["Event", "Transcript", "Transcript"])
    assert len(transcripts(answer)) == len(LONG_CHAT_TURNS)


def test_an_empty_segment_types_list_answers_no_segments(operations_store: ContactStore) -> None:
    """botocore sends `SegmentTypes=[]` (the model sets no minimum): nothing was asked for."""
    answer = segments(SegmentTypes=[])
    assert answer["Segments"] == [] and answer["Status"] == "IN_PROGRESS"


# -- refusals -------------------------------------------------------------------------------


def test_a_voice_contact_is_an_invalid_request(operations_store: ContactStore) -> None:
    """Case 20: "This API does not support VOICE ... an InvalidRequestException occurs"."""
    code, status, message = failing(C1)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "VOICE contact" in message and "CHAT contacts only" in message
    assert "Contact Lens" in message


@pytest.mark.parametrize(("contact_id", "channel"), [(C3, "TASK"), (C4, "EMAIL")])
def test_task_and_email_contacts_are_invalid_requests(
    operations_store: ContactStore, contact_id: str, channel: str
) -> None:
    """Case 21: chat only."""
    code, status, message = failing(contact_id)
    assert (code, status) == ("InvalidRequestException", 400)
    assert f"{channel} contact" in message and "CHAT contacts only" in message


def test_a_chat_without_a_transcript_has_no_analysis(operations_store: ContactStore) -> None:
    """Case 21."""
    add_silent_chat(operations_store)
    assert failing(SILENT_CHAT) == (
        "ResourceNotFoundException",
        404,
        "No analysis found for contact",
    )


def test_the_redacted_output_is_not_found_and_not_retried(operations_store: ContactStore) -> None:
    """Case 21: no redacted variant is stored; botocore does not retry a 404."""
    code, status, message = failing(OutputType="Redacted")
    assert (code, status) == ("OutputTypeNotFoundException", 404)
    assert "'Redacted'" in message and "OutputType 'Raw'" in message
    assert len(operations_store.calls_to(OPERATION)) == 1


def test_an_upper_case_segment_type_is_an_invalid_request_naming_the_enum(
    operations_store: ContactStore,
) -> None:
    """Case 21: the operation models no InvalidParameterException."""
    before = list(operations_store)
    code, status, message = failing(SegmentTypes=["TRANSCRIPT"])
    assert (code, status) == ("InvalidRequestException", 400)
    assert "SegmentTypes[0]" in message and "'TRANSCRIPT'" in message
    assert "Transcript" in message.split("not one of", 1)[1]
    assert list(operations_store) == before


def test_an_unknown_output_type_is_an_invalid_request(operations_store: ContactStore) -> None:
    code, status, message = failing(OutputType="raw")
    assert (code, status) == ("InvalidRequestException", 400)
    assert "OutputType" in message and "Raw, Redacted" in message


def test_more_segment_types_than_the_model_allows_is_an_invalid_request(
    operations_store: ContactStore,
) -> None:
    """The bound is the installed model's (6 in older releases, 7 since ExtractedInformation)."""
    limit = (
        operations_store.model.operation_view("ListRealtimeContactAnalysisSegmentsV2")
        .input_shape.members["SegmentTypes"]
        .metadata["max"]
    )
    code, status, message = failing(SegmentTypes=["Transcript"] * (limit + 1))
    assert (code, status) == ("InvalidRequestException", 400)
    assert f"SegmentTypes: {limit + 1} items" in message and f"at most {limit}" in message


def test_the_contact_must_be_shown_before_its_channel_is_judged(
    operations_store: ContactStore,
) -> None:
    """A voice contact of another instance is not found, not an unsupported channel."""
    code, status, _ = error_of(
        lambda: client().list_realtime_contact_analysis_segments_v2(
            InstanceId=I2, ContactId=C1, OutputType="Raw", SegmentTypes=["Transcript"]
        )
    )
    assert (code, status) == ("ResourceNotFoundException", 404)


# -- paging ---------------------------------------------------------------------------------------


def test_pages_walk_the_turns_in_order_with_fresh_tokens(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    first = segments(LONG_CHAT, MaxResults=2)
    second = segments(LONG_CHAT, MaxResults=2, NextToken=first["NextToken"])
    last = segments(LONG_CHAT, MaxResults=2, NextToken=second["NextToken"])
    assert [len(page["Segments"]) for page in (first, second, last)] == [2, 2, 1]
    assert first["NextToken"] != second["NextToken"]
    assert "NextToken" not in last
    walked = [turn["Content"] for page in (first, second, last) for turn in transcripts(page)]
    assert walked == [turn["Content"] for turn in LONG_CHAT_TURNS]


def test_the_page_size_may_change_between_pages(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    first = segments(LONG_CHAT, MaxResults=1)
    rest = segments(LONG_CHAT, MaxResults=100, NextToken=first["NextToken"])
    assert len(rest["Segments"]) == len(LONG_CHAT_TURNS) - 1 and "NextToken" not in rest


def test_without_max_results_a_page_holds_up_to_one_hundred(
    operations_store: ContactStore,
) -> None:
    turns = [{"ParticipantRole": "CUSTOMER", "Content": f"line {n}"} for n in range(101)]
    operations_store.add(
        {
            "Id": LONG_CHAT,
            "Channel": "CHAT",
            "InitiationMethod": "API",
            "InitiationTimestamp": at(15),
            "Transcript": turns,
        },
        instance_id=I1,
    )
    first = segments(LONG_CHAT)
    assert len(first["Segments"]) == 100 and "NextToken" in first
    rest = segments(LONG_CHAT, NextToken=first["NextToken"])
    assert [turn["Content"] for turn in transcripts(rest)] == ["line 100"]


@pytest.mark.parametrize(
    ("contact_id", "changed"),
    [(C2, {}), (LONG_CHAT, {"SegmentTypes": ["Transcript", "Event"]})],
    ids=["another-contact", "other-segment-types"],
)
def test_a_token_pages_only_the_query_it_was_issued_for(
    operations_store: ContactStore, contact_id: str, changed: dict[str, Any]
) -> None:
    add_long_chat(operations_store)
    token = segments(LONG_CHAT, MaxResults=2)["NextToken"]
    code, status, message = failing(contact_id, NextToken=token, **changed)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "different query" in message
    assert "InstanceId, ContactId, OutputType and SegmentTypes must stay the same" in message


def test_a_garbled_token_is_an_invalid_request(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    token = segments(LONG_CHAT, MaxResults=2)["NextToken"]
    code, status, message = failing(LONG_CHAT, NextToken=token[:-2] + "xx")
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("NextToken: the token is not valid")


def test_a_token_expires_after_a_day(operations_store: ContactStore) -> None:
    add_long_chat(operations_store)
    token = segments(LONG_CHAT, MaxResults=2)["NextToken"]
    with freeze_time(NOW + datetime.timedelta(hours=24, seconds=1)):
        code, status, message = failing(LONG_CHAT, NextToken=token)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "expired" in message


def test_max_results_above_one_hundred_is_an_invalid_request(
    operations_store: ContactStore,
) -> None:
    code, status, message = failing(MaxResults=101)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "MaxResults: 101 is above the maximum 100" in message


def test_max_results_below_one_never_leaves_botocore(operations_store: ContactStore) -> None:
    with pytest.raises(ParamValidationError, match="MaxResults"):
        segments(MaxResults=0)
    assert operations_store.calls_to(OPERATION) == []


# -- a read -----------------------------------------------------------------------------------


def test_listing_segments_changes_nothing(operations_store: ContactStore) -> None:
    before = list(operations_store)
    segments()
    failing(OutputType="Redacted")
    assert list(operations_store) == before


def test_segments_take_injected_faults(operations_store: ContactStore) -> None:
    operations_store.fail_next("InternalServiceException", times=5, operation=OPERATION)
    code, status, _ = failing()
    assert (code, status) == ("InternalServiceException", 500)
    assert all(call.status == 500 for call in operations_store.calls_to(OPERATION))
