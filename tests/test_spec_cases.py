"""The spec's section 10, cases 1-33: the section-10 fixture searched through boto3.

Instance I1 holds C1..C7, the mock clock reads 2024-05-10T00:00Z and only the contact-attribute
key `Plan` is declared searchable, as the fixture of the spec says.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import (
    A1,
    ACCOUNT,
    C1,
    I1,
    Q2,
    REGION,
    at,
    base_request,
    names,
)

pytestmark = pytest.mark.connect_contacts(searchable_attributes=["Plan"])

DAY = {"C1", "C2", "C3", "C4", "C6"}
"""The contacts `B` finds: initiated on 2024-05-01 UTC and younger than 24 months."""


def search(client: Any, **overrides: Any) -> list[str]:
    return names(client.search_contacts(**base_request(**overrides)))


def found(client: Any, criteria: dict[str, Any]) -> set[str]:
    return set(search(client, SearchCriteria=criteria))


def window(kind: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    return {"Type": kind, "StartTime": start, "EndTime": end}


def error_of(error: Any) -> tuple[str, int]:
    response = error.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def nulls_and_timestamps(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) of a raw JSON document whose key is null or names a timestamp."""
    if isinstance(value, dict):
        for key, item in value.items():
            item_path = f"{path}.{key}"
            if item is None or key.endswith("Timestamp"):
                yield item_path, item
            yield from nulls_and_timestamps(item, item_path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nulls_and_timestamps(item, f"{path}[{index}]")


@dataclass
class Wire:
    """What travelled between boto3 and the mock, as bytes."""

    requests: list[Any] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)

    def request_json(self) -> dict[str, Any]:
        body = self.requests[-1].body
        return json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)

    def response_json(self) -> dict[str, Any]:
        return json.loads(self.responses[-1].content)


@pytest.fixture
def wire(client: Any) -> Wire:
    """Records the raw request and response of every SearchContacts call of `client`."""
    seen = Wire()

    def keep_request(request: Any, **_: Any) -> None:
        seen.requests.append(request)

    def keep_response(http_response: Any, **_: Any) -> None:
        seen.responses.append(http_response)

    client.meta.events.register("before-send.connect.SearchContacts", keep_request)
    client.meta.events.register("after-call.connect.SearchContacts", keep_response)
    return seen


# -- Wire and format -----------------------------------------------------------------------------


def test_base_query_travels_as_integer_seconds_and_answers_the_days_contacts(
    spec_contacts: Any, client: Any, wire: Wire
) -> None:
    """Case 1: `B` is a POST to /search-contacts with integer StartTime; 200, five contacts."""
    response = client.search_contacts(**base_request())

    request = wire.requests[-1]
    assert request.method == "POST"
    assert request.url.split("?")[0].endswith("/search-contacts")
    sent = wire.request_json()
    assert sent["TimeRange"]["StartTime"] == 1714521600
    assert type(sent["TimeRange"]["StartTime"]) is int
    assert wire.responses[-1].status_code == 200
    raw = wire.response_json()
    assert "NextToken" not in raw
    assert raw["TotalCount"] == 5
    assert set(names(response)) == DAY
    assert response["TotalCount"] == 5
    assert "NextToken" not in response


def test_contact_arn_is_derived_and_timestamps_travel_as_numbers(
    spec_contacts: Any, client: Any, wire: Wire
) -> None:
    """Case 2: C1's Arn names region, account, instance and contact; timestamps are numbers."""
    response = client.search_contacts(**base_request())

    c1 = next(contact for contact in response["Contacts"] if contact["Id"] == C1)
    assert c1["Arn"] == f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{I1}/contact/{C1}"
    stamps = dict(nulls_and_timestamps(wire.response_json()))
    assert stamps, "the answer carries timestamps"
    for path, value in stamps.items():
        assert isinstance(value, (int, float)) and not isinstance(value, bool), path
    raw_c1 = next(item for item in wire.response_json()["Contacts"] if item["Id"] == C1)
    assert raw_c1["InitiationTimestamp"] == at(10).timestamp()
    parsed = {
        "InitiationTimestamp": c1["InitiationTimestamp"],
        "EnqueueTimestamp": c1["QueueInfo"]["EnqueueTimestamp"],
        "ConnectedToAgentTimestamp": c1["AgentInfo"]["ConnectedToAgentTimestamp"],
        "DisconnectTimestamp": c1["DisconnectTimestamp"],
    }
    assert all(value.tzinfo is not None for value in parsed.values())
    assert parsed == {
        "InitiationTimestamp": at(10),
        "EnqueueTimestamp": at(10, 0, 30),
        "ConnectedToAgentTimestamp": at(10, 1),
        "DisconnectTimestamp": at(10, 5),
    }


def test_absent_members_are_omitted_never_sent_as_null(
    spec_contacts: Any, client: Any, wire: Wire
) -> None:
    """Case 3: C3 lacks queue, agent and disconnect; C2 lacks disconnect; no member is null."""
    response = client.search_contacts(**base_request())

    by_name = dict(zip(names(response), response["Contacts"], strict=True))
    c3 = by_name["C3"]
    assert not {"QueueInfo", "AgentInfo", "DisconnectTimestamp"} & set(c3)
    assert c3["ScheduledTimestamp"] == at(9, day=2)
    assert c3["Name"] == "Refund order 123"
    assert "DisconnectTimestamp" not in by_name["C2"]
    assert by_name["C6"]["InitialContactId"] == by_name["C6"]["PreviousContactId"] == C1
    nulls = [path for path, value in nulls_and_timestamps(wire.response_json()) if value is None]
    assert nulls == []


def test_no_match_answers_empty_contacts_and_zero_total(
    spec_contacts: Any, client: Any, wire: Wire
) -> None:
    """Case 4: Channels [EMAIL] + QueueIds [Q2] answers `{"Contacts": [], "TotalCount": 0}`."""
    response = client.search_contacts(
        **base_request(SearchCriteria={"Channels": ["EMAIL"], "QueueIds": [Q2]})
    )

    assert wire.response_json() == {"Contacts": [], "TotalCount": 0}
    assert response["Contacts"] == []
    assert response["TotalCount"] == 0
    assert "NextToken" not in response


# -- Time range ----------------------------------------------------------------------------------


def test_disconnect_window_skips_contacts_without_disconnect(
    spec_contacts: Any, client: Any
) -> None:
    """Case 5: DISCONNECT_TIMESTAMP over the day finds C5, C1, C6 only."""
    day = window("DISCONNECT_TIMESTAMP", at(0), at(0, day=2))
    assert set(search(client, TimeRange=day)) == {"C5", "C1", "C6"}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("CONNECTED_TO_AGENT_TIMESTAMP", {"C5", "C1", "C2", "C6"}, id="connected"),
        pytest.param("ENQUEUE_TIMESTAMP", {"C1", "C2", "C4", "C6"}, id="enqueue"),
    ],
)
def test_each_window_type_compares_its_own_timestamp(
    spec_contacts: Any, client: Any, kind: str, expected: set[str]
) -> None:
    """Case 6: CONNECTED_TO_AGENT and ENQUEUE windows read the agent's and the queue's time."""
    assert set(search(client, TimeRange=window(kind, at(0), at(0, day=2)))) == expected


@pytest.mark.parametrize(
    "clock",
    [
        pytest.param(None, id="clock-after-the-window"),
        pytest.param(at(15), id="window-in-the-future"),
    ],
)
def test_scheduled_window_finds_the_scheduled_task_even_in_the_future(
    spec_contacts: Any, client: Any, clock: datetime.datetime | None
) -> None:
    """Case 7: SCHEDULED_TIMESTAMP on 2024-05-02 finds C3, also while that day is ahead."""
    scheduled = window("SCHEDULED_TIMESTAMP", at(0, day=2), at(0, day=3))
    if clock is None:
        assert search(client, TimeRange=scheduled) == ["C3"]
    else:
        with freeze_time(clock):
            assert search(client, TimeRange=scheduled) == ["C3"]


def test_window_bounds_are_inclusive(spec_contacts: Any, client: Any) -> None:
    """Case 8: StartTime == EndTime == C1's initiation finds C1."""
    instant = window("INITIATION_TIMESTAMP", at(10), at(10))
    assert search(client, TimeRange=instant) == ["C1"]


def test_start_after_end_is_an_invalid_parameter(spec_contacts: Any, client: Any) -> None:
    """Case 9: StartTime later than EndTime is refused with 400 InvalidParameterException."""
    reversed_window = window("INITIATION_TIMESTAMP", at(0, day=2), at(0))
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**base_request(TimeRange=reversed_window))
    assert error_of(raised.value) == ("InvalidParameterException", 400)


def test_window_of_exactly_eight_weeks_is_accepted(spec_contacts: Any, client: Any) -> None:
    """Case 10: a span of exactly 56 days answers 200."""
    span = window("INITIATION_TIMESTAMP", at(0, day=10, month=3), at(0, day=5))
    response = client.search_contacts(**base_request(TimeRange=span))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(names(response)) == DAY | {"C5"}


def test_window_longer_than_eight_weeks_is_an_invalid_parameter(
    spec_contacts: Any, client: Any
) -> None:
    """Case 10: a span of 57 days is refused with 400 InvalidParameterException."""
    span = window("INITIATION_TIMESTAMP", at(0, day=9, month=3), at(0, day=5))
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**base_request(TimeRange=span))
    assert error_of(raised.value) == ("InvalidParameterException", 400)


def test_window_in_the_deleted_past_answers_an_empty_page(spec_contacts: Any, client: Any) -> None:
    """Case 11: 2021-12-15..2022-01-15 holds only C7, older than 24 months: 200 and []."""
    past = window(
        "INITIATION_TIMESTAMP",
        at(0, day=15, month=12, year=2021),
        at(0, day=15, month=1, year=2022),
    )
    response = client.search_contacts(**base_request(TimeRange=past))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Contacts"] == []
    assert response["TotalCount"] == 0


# -- Criteria ------------------------------------------------------------------------------------


def test_values_inside_one_list_member_are_ored(spec_contacts: Any, client: Any) -> None:
    """Case 12: Channels [VOICE, CHAT] finds C1, C2, C6."""
    assert found(client, {"Channels": ["VOICE", "CHAT"]}) == {"C1", "C2", "C6"}


def test_different_members_are_anded(spec_contacts: Any, client: Any) -> None:
    """Case 13: Channels [VOICE] + QueueIds [Q2] finds C6 only."""
    assert found(client, {"Channels": ["VOICE"], "QueueIds": [Q2]}) == {"C6"}


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        pytest.param(at(0), ["C1"], id="day-of-2024-05-01"),
        pytest.param(at(0, day=30, month=4), ["C1", "C5"], id="from-2024-04-30"),
    ],
)
def test_agent_ids_match_the_agent_who_accepted_the_contact(
    spec_contacts: Any, client: Any, start: datetime.datetime, expected: list[str]
) -> None:
    """Case 14: AgentIds [A1] finds C1; from 2024-04-30 also C5."""
    response = search(
        client,
        TimeRange=window("INITIATION_TIMESTAMP", start, at(0, day=2)),
        SearchCriteria={"AgentIds": [A1]},
    )
    assert response == expected


def test_hierarchy_levels_are_anded(spec_contacts: Any, client: Any) -> None:
    """Case 15: L1Ids [H1] and L2Ids [H3] finds the contacts of A2: C2, C6."""
    criteria = {"AgentHierarchyGroups": {"L1Ids": ["H1"], "L2Ids": ["H3"]}}
    assert found(client, criteria) == {"C2", "C6"}


def test_initiation_methods_are_ored(spec_contacts: Any, client: Any) -> None:
    """Case 16: InitiationMethods [TRANSFER, API] finds C3, C6."""
    assert found(client, {"InitiationMethods": ["TRANSFER", "API"]}) == {"C3", "C6"}


def not_exists(kind: str) -> dict[str, Any]:
    return {"TimestampCondition": {"Type": kind, "ConditionType": "NOT_EXISTS"}}


def test_not_exists_condition_finds_contacts_lacking_the_timestamp(
    spec_contacts: Any, client: Any
) -> None:
    """Case 17: NOT_EXISTS DISCONNECT_TIMESTAMP finds the contacts still open: C2, C3, C4."""
    criteria = {
        "AdditionalTimeRange": {
            "Criteria": [not_exists("DISCONNECT_TIMESTAMP")],
            "MatchType": "MATCH_ALL",
        }
    }
    assert found(client, criteria) == {"C2", "C3", "C4"}


@pytest.mark.parametrize(
    ("match_type", "expected"),
    [
        pytest.param("MATCH_ALL", {"C3", "C4"}, id="all-never-connected-nor-ended"),
        pytest.param("MATCH_ANY", {"C2", "C3", "C4"}, id="any-not-connected-or-not-ended"),
    ],
)
def test_not_exists_conditions_combine_by_match_type(
    spec_contacts: Any, client: Any, match_type: str, expected: set[str]
) -> None:
    """Case 18: NOT_EXISTS CONNECTED and NOT_EXISTS DISCONNECT: ALL finds C3, C4; ANY adds C2."""
    criteria = {
        "AdditionalTimeRange": {
            "Criteria": [
                not_exists("CONNECTED_TO_AGENT_TIMESTAMP"),
                not_exists("DISCONNECT_TIMESTAMP"),
            ],
            "MatchType": match_type,
        }
    }
    assert found(client, criteria) == expected


def test_additional_window_filters_on_another_timestamp(spec_contacts: Any, client: Any) -> None:
    """Case 19: an additional DISCONNECT window 10:00..10:30 finds C1."""
    criteria = {
        "AdditionalTimeRange": {
            "Criteria": [{"TimeRange": window("DISCONNECT_TIMESTAMP", at(10), at(10, 30))}],
            "MatchType": "MATCH_ALL",
        }
    }
    assert found(client, criteria) == {"C1"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["Gold"], {"C1"}, id="one-value"),
        pytest.param(["Gold", "Silver"], {"C1", "C2"}, id="values-are-ored"),
    ],
)
def test_contact_attribute_values_are_ored(
    spec_contacts: Any, client: Any, values: list[str], expected: set[str]
) -> None:
    """Case 20: Plan [Gold] finds C1; Plan [Gold, Silver] finds C1, C2."""
    criteria = {"SearchableContactAttributes": {"Criteria": [{"Key": "Plan", "Values": values}]}}
    assert found(client, criteria) == expected


@pytest.mark.parametrize(
    ("key", "values"),
    [
        pytest.param("plan", ["Gold"], id="keys-are-case-sensitive"),
        pytest.param("Secret", ["x"], id="key-not-declared-searchable"),
    ],
)
def test_contact_attribute_key_must_match_exactly_and_be_searchable(
    spec_contacts: Any, client: Any, key: str, values: list[str]
) -> None:
    """Case 21: key `plan` or undeclared key `Secret` finds nothing, with HTTP 200."""
    criteria = {"SearchableContactAttributes": {"Criteria": [{"Key": key, "Values": values}]}}
    response = client.search_contacts(**base_request(SearchCriteria=criteria))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Contacts"] == []


def transcript(*criteria: tuple[str, list[str], str], match_type: str | None = None) -> Any:
    body: dict[str, Any] = {
        "Criteria": [
            {"ParticipantRole": role, "SearchText": texts, "MatchType": kind}
            for role, texts, kind in criteria
        ]
    }
    if match_type is not None:
        body["MatchType"] = match_type
    return {"ContactAnalysis": {"Transcript": body}}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        pytest.param("CUSTOMER", {"C1"}, id="customer-said-CANCEL"),
        pytest.param("AGENT", set(), id="agent-never-said-it"),
    ],
)
def test_transcript_search_ignores_case_and_reads_only_the_role(
    spec_contacts: Any, client: Any, role: str, expected: set[str]
) -> None:
    """Case 22: `cancel` said by the CUSTOMER finds C1 (as `CANCEL`); by the AGENT nothing."""
    assert found(client, transcript((role, ["cancel"], "MATCH_ANY"))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("thank you for your business", {"C1"}, id="phrase-in-order"),
        pytest.param("business your thank", set(), id="same-words-out-of-order"),
    ],
)
def test_transcript_search_text_is_a_phrase(
    spec_contacts: Any, client: Any, text: str, expected: set[str]
) -> None:
    """Case 23: a SearchText item matches its words consecutively and in order."""
    assert found(client, transcript(("AGENT", [text], "MATCH_ALL"))) == expected


@pytest.mark.parametrize(
    ("outer", "expected"),
    [
        pytest.param("MATCH_ANY", {"C2"}, id="any-criterion"),
        pytest.param("MATCH_ALL", set(), id="all-criteria"),
    ],
)
def test_transcript_criteria_combine_by_the_outer_match_type(
    spec_contacts: Any, client: Any, outer: str, expected: set[str]
) -> None:
    """Case 24: [AGENT cancel, CUSTOMER hello]: outer ANY finds C2, outer ALL nothing."""
    criteria = transcript(
        ("AGENT", ["cancel"], "MATCH_ANY"), ("CUSTOMER", ["hello"], "MATCH_ANY"), match_type=outer
    )
    assert found(client, criteria) == expected


@pytest.mark.parametrize(
    ("texts", "match_type", "expected"),
    [
        pytest.param(["refund"], "MATCH_ANY", {"C3"}, id="any-word"),
        pytest.param(["customer inquiry"], "MATCH_EXACT", {"C4"}, id="exact-whole-name"),
        pytest.param(["refund"], "MATCH_NONE", {"C4"}, id="none-excludes-unnamed"),
    ],
)
def test_name_search_by_match_type(
    spec_contacts: Any, client: Any, texts: list[str], match_type: str, expected: set[str]
) -> None:
    """Case 25: Name `refund` ANY finds C3; `customer inquiry` EXACT finds C4; NONE finds C4."""
    criteria = {"Name": {"SearchText": texts, "MatchType": match_type}}
    assert found(client, criteria) == expected


def tag(key: str, value: str) -> dict[str, str]:
    return {"TagKey": key, "TagValue": value}


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        pytest.param({"TagCondition": tag("Dept", "Sales")}, {"C1"}, id="one-condition"),
        pytest.param(
            {"OrConditions": [[tag("Dept", "Sales")], [tag("Dept", "Support")]]},
            {"C1", "C3"},
            id="or-conditions",
        ),
        pytest.param(
            {"AndConditions": [tag("Dept", "Sales"), tag("Dept", "Support")]},
            set(),
            id="and-conditions",
        ),
    ],
)
def test_contact_tags_conditions(
    spec_contacts: Any, client: Any, tags: dict[str, Any], expected: set[str]
) -> None:
    """Case 26: Dept=Sales finds C1; Sales OR Support finds C1, C3; Sales AND Support nothing."""
    assert found(client, {"ContactTags": tags}) == expected


def test_segment_attribute_matches_its_string_value(spec_contacts: Any, client: Any) -> None:
    """Case 27: connect:Subtype = connect:Chat finds C2."""
    criteria = {
        "SearchableSegmentAttributes": {
            "Criteria": [{"Key": "connect:Subtype", "Values": ["connect:Chat"]}]
        }
    }
    assert found(client, criteria) == {"C2"}


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        pytest.param(["us-west-2"], set(), id="other-region"),
        pytest.param(["us-east-1"], DAY, id="instance-region"),
    ],
)
def test_active_regions_treat_plain_contacts_as_active_in_the_instance_region(
    spec_contacts: Any, client: Any, regions: list[str], expected: set[str]
) -> None:
    """Case 28: ActiveRegions [us-west-2] finds nothing; [us-east-1] the same as `B`."""
    assert found(client, {"ActiveRegions": regions}) == expected


# -- Sorting and paging --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param("ASCENDING", ["C1", "C2", "C3", "C4", "C6"], id="ascending"),
        pytest.param("DESCENDING", ["C6", "C4", "C3", "C2", "C1"], id="descending"),
    ],
)
def test_sort_by_initiation_timestamp_in_both_orders(
    spec_contacts: Any, client: Any, order: str, expected: list[str]
) -> None:
    """Case 29: INITIATION_TIMESTAMP ASCENDING is C1..C6; DESCENDING the reverse."""
    sort = {"FieldName": "INITIATION_TIMESTAMP", "Order": order}
    assert search(client, Sort=sort) == expected


def test_sort_by_channel_breaks_ties_by_id(spec_contacts: Any, client: Any) -> None:
    """Case 30: CHANNEL ASCENDING is CHAT, EMAIL, TASK, then the VOICE contacts by Id."""
    sort = {"FieldName": "CHANNEL", "Order": "ASCENDING"}
    assert search(client, Sort=sort) == ["C2", "C4", "C3", "C1", "C6"]


def test_sort_by_disconnect_puts_missing_values_last(spec_contacts: Any, client: Any) -> None:
    """Case 31: DISCONNECT_TIMESTAMP ASCENDING is C1, C6, then C2, C3, C4 lacking it."""
    sort = {"FieldName": "DISCONNECT_TIMESTAMP", "Order": "ASCENDING"}
    assert search(client, Sort=sort) == ["C1", "C6", "C2", "C3", "C4"]


def test_pages_of_two_carry_a_new_token_each_and_the_exact_total(
    spec_contacts: Any, client: Any
) -> None:
    """Case 32: MaxResults 2 gives pages of 2, 2, 1 with new tokens, the last without one."""
    unpaged = search(client)
    pages = [client.search_contacts(**base_request(MaxResults=2))]
    while "NextToken" in pages[-1]:
        token = pages[-1]["NextToken"]
        pages.append(client.search_contacts(**base_request(MaxResults=2, NextToken=token)))

    assert [len(page["Contacts"]) for page in pages] == [2, 2, 1]
    assert [page["TotalCount"] for page in pages] == [5, 5, 5]
    tokens = [page["NextToken"] for page in pages[:-1]]
    assert len(set(tokens)) == 2
    assert [name for page in pages for name in names(page)] == unpaged


def test_paginator_joins_the_pages_and_keeps_the_total(spec_contacts: Any, client: Any) -> None:
    """Case 33: the paginator with PageSize 2 builds 5 contacts and TotalCount 5."""
    paginator = client.get_paginator("search_contacts")
    result = paginator.paginate(
        **base_request(), PaginationConfig={"PageSize": 2}
    ).build_full_result()
    assert set(names(result)) == DAY
    assert len(result["Contacts"]) == 5
    assert result["TotalCount"] == 5
