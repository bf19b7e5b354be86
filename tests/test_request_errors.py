"""Every request rule, one row each, asserted through boto3 as a caller sees the error.

Rows that botocore would block client-side are sent with `Config(parameter_validation=False)`;
rows botocore cannot even serialise (wrong JSON types, unknown members, broken JSON) are sent as
raw bodies. A separate table shows what botocore rejects itself never reaches the mock.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from freezegun import freeze_time

from conftest import I1, NOW, REGION, SPEC_CONTACTS, at, base_request
from connect_contacts_mock import ContactStore, mock_search_contacts, paging

UNVALIDATED = Config(parameter_validation=False)
DAY = datetime.timedelta(days=1)
TR = {"Type": "INITIATION_TIMESTAMP", "StartTime": 1714521600, "EndTime": 1714608000}


@pytest.fixture
def unvalidated() -> Any:
    """A client whose requests botocore does not check: every value reaches the mock."""
    return boto3.client("connect", region_name=REGION, config=UNVALIDATED)


@pytest.fixture
def send_raw(unvalidated: Any) -> Callable[[bytes], dict[str, Any]]:
    """Send `body` as the request body of a boto3 `search_contacts` call.

    A handler registered first on the client's `before-send` replaces the serialised body, so
    the mock (registered after it on the same event) receives exactly these bytes."""
    wanted: list[bytes] = []

    def replace_body(request: Any, **_: Any) -> None:
        if wanted:
            request.body = wanted.pop()

    unvalidated.meta.events.register_first(
        "before-send.connect.SearchContacts", replace_body, unique_id="raw-body"
    )

    def send(body: bytes) -> dict[str, Any]:
        wanted.append(body)
        result: dict[str, Any] = unvalidated.search_contacts(**base_request())
        return result

    return send


def raw(**members: Any) -> bytes:
    """A JSON body with the base request's members plus `members`."""
    body: dict[str, Any] = {"InstanceId": I1, "TimeRange": TR}
    body.update(members)
    return json.dumps(body).encode("utf-8")


def criteria(**members: Any) -> dict[str, Any]:
    return base_request(SearchCriteria=members)


def refused(call: Callable[[], Any]) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value


def assert_error(error: ClientError, client: Any, code: str, status: int, *fragments: str) -> None:
    """The modelled class, the code, the status and a message naming path and rule."""
    assert isinstance(error, getattr(client.exceptions, code))
    assert error.response["Error"]["Code"] == code
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status
    message = error.response["Message"]
    assert message == error.response["Error"]["Message"]
    for fragment in fragments:
        assert fragment in message


# -- model rules: well-formed values the model refuses (InvalidParameterException) -------------

TRANSCRIPT_CRITERION = {"ParticipantRole": "AGENT", "SearchText": ["hi"], "MatchType": "MATCH_ANY"}
ATTRIBUTE_CRITERION = {"Key": "Plan", "Values": ["Gold"]}

MODEL_RULES: list[Any] = [
    pytest.param(
        base_request(MaxResults=101),
        "MaxResults: 101 is above the maximum 100",
        id="max-results-above-max",
    ),
    pytest.param(
        base_request(MaxResults=0),
        "MaxResults: 0 is below the minimum 1",
        id="max-results-below-min",
    ),
    pytest.param(
        base_request(NextToken=""),
        "NextToken: 0 characters (''), at least 1 required",
        id="next-token-empty",
    ),
    pytest.param(
        base_request(InstanceId=""),
        "InstanceId: 0 characters (''), at least 1 required",
        id="instance-id-empty",
    ),
    pytest.param(
        base_request(InstanceId="i" * 101), "InstanceId: 101 characters", id="instance-id-too-long"
    ),
    pytest.param(
        {"TimeRange": base_request()["TimeRange"]},
        "InstanceId: required member is missing",
        id="instance-id-missing",
    ),
    pytest.param(
        base_request(TimeRange={**base_request()["TimeRange"], "Type": "FOO"}),
        "TimeRange.Type: 'FOO' is not one of INITIATION_TIMESTAMP",
        id="time-range-type-unknown",
    ),
    pytest.param(
        base_request(TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": at(0)}),
        "TimeRange.EndTime: required member is missing",
        id="time-range-end-missing",
    ),
    pytest.param(
        criteria(QueueIds=["q"] * 101),
        "SearchCriteria.QueueIds: 101 items, at most 100 allowed",
        id="queue-ids-too-many",
    ),
    pytest.param(
        criteria(AgentIds=["a"] * 101),
        "SearchCriteria.AgentIds: 101 items, at most 100 allowed",
        id="agent-ids-too-many",
    ),
    pytest.param(
        criteria(AgentIds=[""]), "SearchCriteria.AgentIds[0]: 0 characters", id="agent-id-empty"
    ),
    pytest.param(
        criteria(AgentIds=["a" * 257]),
        "SearchCriteria.AgentIds[0]: 257 characters",
        id="agent-id-too-long",
    ),
    pytest.param(
        criteria(AgentHierarchyGroups={"L1Ids": ["h"] * 11}),
        "SearchCriteria.AgentHierarchyGroups.L1Ids: 11 items, at most 10 allowed",
        id="l1-ids-too-many",
    ),
    pytest.param(
        criteria(AgentHierarchyGroups={"L5Ids": ["h"] * 11}),
        "SearchCriteria.AgentHierarchyGroups.L5Ids: 11 items, at most 10 allowed",
        id="l5-ids-too-many",
    ),
    pytest.param(
        criteria(Channels=["VOICE", "FAX"]),
        "SearchCriteria.Channels[1]: 'FAX' is not one of VOICE, CHAT, TASK, EMAIL",
        id="channel-unknown",
    ),
    pytest.param(
        criteria(InitiationMethods=["PIGEON"]),
        "SearchCriteria.InitiationMethods[0]: 'PIGEON' is not one of INBOUND",
        id="initiation-method-unknown",
    ),
    pytest.param(
        criteria(SearchableContactAttributes={"Criteria": [ATTRIBUTE_CRITERION] * 16}),
        "SearchCriteria.SearchableContactAttributes.Criteria: 16 items, at most 15 allowed",
        id="attribute-criteria-too-many",
    ),
    pytest.param(
        criteria(SearchableContactAttributes={"Criteria": [{"Key": "", "Values": []}]}),
        "SearchCriteria.SearchableContactAttributes.Criteria[0].Key: 0 characters",
        id="attribute-key-empty",
    ),
    pytest.param(
        criteria(SearchableContactAttributes={"Criteria": [{"Key": "Plan", "Values": ["v"] * 21}]}),
        "SearchCriteria.SearchableContactAttributes.Criteria[0].Values: "
        "21 items, at most 20 allowed",
        id="attribute-values-too-many",
    ),
    pytest.param(
        criteria(
            SearchableContactAttributes={"Criteria": [{"Key": "Plan", "Values": ["v" * 101]}]}
        ),
        "SearchCriteria.SearchableContactAttributes.Criteria[0].Values[0]: 101 characters",
        id="attribute-value-too-long",
    ),
    pytest.param(
        criteria(
            SearchableContactAttributes={
                "Criteria": [ATTRIBUTE_CRITERION],
                "MatchType": "MATCH_SOME",
            }
        ),
        "SearchCriteria.SearchableContactAttributes.MatchType: 'MATCH_SOME' is not one of",
        id="attribute-match-type-unknown",
    ),
    pytest.param(
        criteria(SearchableSegmentAttributes={"Criteria": []}),
        "SearchCriteria.SearchableSegmentAttributes.Criteria: 0 items, at least 1 required",
        id="segment-criteria-empty",
    ),
    pytest.param(
        criteria(
            SearchableSegmentAttributes={"Criteria": [{"Key": "connect:Subtype", "Values": []}]}
        ),
        "SearchCriteria.SearchableSegmentAttributes.Criteria[0].Values: "
        "0 items, at least 1 required",
        id="segment-values-empty",
    ),
    pytest.param(
        criteria(SearchableSegmentAttributes={"Criteria": [{"Key": "k" * 65, "Values": ["v"]}]}),
        "SearchCriteria.SearchableSegmentAttributes.Criteria[0].Key: 65 characters",
        id="segment-key-too-long",
    ),
    pytest.param(
        criteria(SearchableSegmentAttributes={"Criteria": [{"Key": "k", "Values": ["v" * 129]}]}),
        "SearchCriteria.SearchableSegmentAttributes.Criteria[0].Values[0]: 129 characters",
        id="segment-value-too-long",
    ),
    pytest.param(
        criteria(ContactAnalysis={"Transcript": {"Criteria": [TRANSCRIPT_CRITERION] * 7}}),
        "SearchCriteria.ContactAnalysis.Transcript.Criteria: 7 items, at most 6 allowed",
        id="transcript-criteria-too-many",
    ),
    pytest.param(
        criteria(
            ContactAnalysis={
                "Transcript": {"Criteria": [{**TRANSCRIPT_CRITERION, "SearchText": ["t" * 129]}]}
            }
        ),
        "SearchCriteria.ContactAnalysis.Transcript.Criteria[0].SearchText[0]: 129 characters",
        id="transcript-search-text-too-long",
    ),
    pytest.param(
        criteria(
            ContactAnalysis={
                "Transcript": {"Criteria": [{**TRANSCRIPT_CRITERION, "ParticipantRole": "BOT"}]}
            }
        ),
        "SearchCriteria.ContactAnalysis.Transcript.Criteria[0].ParticipantRole: "
        "'BOT' is not one of",
        id="transcript-role-unknown",
    ),
    pytest.param(
        criteria(
            ContactAnalysis={
                "Transcript": {"Criteria": [{"ParticipantRole": "AGENT", "SearchText": ["hi"]}]}
            }
        ),
        "SearchCriteria.ContactAnalysis.Transcript.Criteria[0].MatchType: "
        "required member is missing",
        id="transcript-match-type-missing",
    ),
    pytest.param(
        criteria(Name={"SearchText": ["n" * 129], "MatchType": "MATCH_ANY"}),
        "SearchCriteria.Name.SearchText[0]: 129 characters",
        id="name-search-text-too-long",
    ),
    pytest.param(
        criteria(Name={"SearchText": ["n"] * 101, "MatchType": "MATCH_ANY"}),
        "SearchCriteria.Name.SearchText: 101 items, at most 100 allowed",
        id="name-search-text-too-many",
    ),
    pytest.param(
        criteria(Name={"SearchText": ["refund"]}),
        "SearchCriteria.Name.MatchType: required member is missing",
        id="name-match-type-missing",
    ),
    pytest.param(
        criteria(RoutingCriteria={"Steps": [{"AgentCriteria": {"AgentIds": ["a"] * 101}}]}),
        "SearchCriteria.RoutingCriteria.Steps[0].AgentCriteria.AgentIds: "
        "101 items, at most 100 allowed",
        id="routing-agent-ids-too-many",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [
                    {"TimestampCondition": {"Type": "FOO", "ConditionType": "NOT_EXISTS"}}
                ],
                "MatchType": "MATCH_ALL",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[0].TimestampCondition.Type: "
        "'FOO' is not one of",
        id="additional-type-unknown",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [
                    {
                        "TimestampCondition": {
                            "Type": "DISCONNECT_TIMESTAMP",
                            "ConditionType": "EXISTS",
                        }
                    }
                ],
                "MatchType": "MATCH_ALL",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[0].TimestampCondition.ConditionType: "
        "'EXISTS' is not one of NOT_EXISTS",
        id="additional-condition-unknown",
    ),
    pytest.param(
        criteria(AdditionalTimeRange={"Criteria": []}),
        "SearchCriteria.AdditionalTimeRange.MatchType: required member is missing",
        id="additional-match-type-missing",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [{"TimeRange": {"Type": "DISCONNECT_TIMESTAMP", "StartTime": at(0)}}],
                "MatchType": "MATCH_ALL",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[0].TimeRange.EndTime: "
        "required member is missing",
        id="additional-window-end-missing",
    ),
    pytest.param(
        criteria(ActiveRegions=["US_EAST"]),
        "SearchCriteria.ActiveRegions[0]: 'US_EAST' does not match the pattern",
        id="active-region-pattern",
    ),
    pytest.param(
        base_request(Sort={"FieldName": "CHANNEL"}),
        "Sort.Order: required member is missing",
        id="sort-order-missing",
    ),
    pytest.param(
        base_request(Sort={"FieldName": "AGENT", "Order": "ASCENDING"}),
        "Sort.FieldName: 'AGENT' is not one of",
        id="sort-field-unknown",
    ),
    pytest.param(
        base_request(Sort={"FieldName": "CHANNEL", "Order": "UP"}),
        "Sort.Order: 'UP' is not one of ASCENDING, DESCENDING",
        id="sort-order-unknown",
    ),
]


@pytest.mark.parametrize(
    ("request_params", "fragment"),
    MODEL_RULES,
)
def test_model_rule_is_invalid_parameter(
    connect_contacts: ContactStore,
    unvalidated: Any,
    request_params: dict[str, Any],
    fragment: str,
) -> None:
    """A value the installed model forbids is refused with 400 InvalidParameterException whose
    message names the member path and the rule; the request is still recorded."""
    connect_contacts.add_instance(I1)
    error = refused(lambda: unvalidated.search_contacts(**request_params))
    assert_error(error, unvalidated, "InvalidParameterException", 400, fragment)
    assert len(connect_contacts.requests) == 1


def test_several_problems_are_listed_in_one_message(
    connect_contacts: ContactStore, unvalidated: Any
) -> None:
    """Every problem is reported at once, counted, each as `<path>: <rule>`."""
    params = criteria(QueueIds=["q"] * 101, Channels=["FAX"])
    params["MaxResults"] = 101
    error = refused(lambda: unvalidated.search_contacts(**params))
    assert_error(
        error,
        unvalidated,
        "InvalidParameterException",
        400,
        "3 validation errors detected",
        "MaxResults: 101 is above the maximum 100",
        "SearchCriteria.QueueIds: 101 items, at most 100 allowed",
        "SearchCriteria.Channels[0]: 'FAX' is not one of",
    )


def test_limits_are_inclusive(spec_contacts: ContactStore, unvalidated: Any) -> None:
    """Exactly at each limit is accepted: 100 results, 100 queues, 10 L1Ids, 15 criteria."""
    params = criteria(
        QueueIds=["q"] * 100,
        AgentHierarchyGroups={"L1Ids": ["h"] * 10},
        SearchableContactAttributes={"Criteria": [ATTRIBUTE_CRITERION] * 15},
        Name={"SearchText": ["n" * 128], "MatchType": "MATCH_ANY"},
    )
    params["MaxResults"] = 100
    response = unvalidated.search_contacts(**params)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Contacts"] == []


# -- semantic rules the model cannot express ---------------------------------------------------


def window(start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    return base_request(
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": start, "EndTime": end}
    )


SEMANTIC_RULES: list[Any] = [
    pytest.param(
        window(at(12), at(11)),
        "TimeRange: StartTime 2024-05-01T12:00:00+00:00 is after EndTime 2024-05-01T11:00:00+00:00",
        id="start-after-end",
    ),
    pytest.param(
        window(at(0), at(0) + 57 * DAY),
        "TimeRange: the window spans 57 days, at most 8 weeks (56 days) allowed",
        id="window-57-days",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [
                    {
                        "TimeRange": {
                            "Type": "DISCONNECT_TIMESTAMP",
                            "StartTime": at(0),
                            "EndTime": at(1),
                        },
                        "TimestampCondition": {
                            "Type": "DISCONNECT_TIMESTAMP",
                            "ConditionType": "NOT_EXISTS",
                        },
                    }
                ],
                "MatchType": "MATCH_ALL",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[0]: "
        "set exactly one of TimeRange and TimestampCondition",
        id="additional-both-members",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [
                    {
                        "TimestampCondition": {
                            "Type": "DISCONNECT_TIMESTAMP",
                            "ConditionType": "NOT_EXISTS",
                        }
                    },
                    {},
                ],
                "MatchType": "MATCH_ANY",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[1]: "
        "set exactly one of TimeRange and TimestampCondition",
        id="additional-neither-member",
    ),
    pytest.param(
        criteria(
            AdditionalTimeRange={
                "Criteria": [
                    {
                        "TimeRange": {
                            "Type": "DISCONNECT_TIMESTAMP",
                            "StartTime": at(2),
                            "EndTime": at(1),
                        }
                    }
                ],
                "MatchType": "MATCH_ALL",
            }
        ),
        "SearchCriteria.AdditionalTimeRange.Criteria[0].TimeRange: StartTime",
        id="additional-start-after-end",
    ),
    pytest.param(
        base_request(NextToken="garbage"),
        "NextToken: the token is not valid",
        id="next-token-garbled",
    ),
]


@pytest.mark.parametrize(
    ("request_params", "fragment"),
    SEMANTIC_RULES,
)
def test_semantic_rule_is_invalid_parameter(
    spec_contacts: ContactStore, client: Any, request_params: dict[str, Any], fragment: str
) -> None:
    """Rules the model cannot express pass botocore and are refused by the mock with 400
    InvalidParameterException naming the member and the rule."""
    error = refused(lambda: client.search_contacts(**request_params))
    assert_error(error, client, "InvalidParameterException", 400, fragment)


def test_window_of_exactly_eight_weeks_is_accepted(
    spec_contacts: ContactStore, client: Any
) -> None:
    """56 days is the longest window allowed (spec case 10)."""
    response = client.search_contacts(**window(at(0), at(0) + 56 * DAY))
    assert response["TotalCount"] == 5


@pytest.mark.connect_contacts(limit_time_window=False)
def test_limit_time_window_false_allows_longer_windows(
    spec_contacts: ContactStore, client: Any
) -> None:
    """`limit_time_window=False` turns the 8-week rule off, and only that rule."""
    response = client.search_contacts(**window(at(0), at(0) + 400 * DAY))
    assert response["TotalCount"] == 5
    error = refused(lambda: client.search_contacts(**window(at(12), at(11))))
    assert_error(error, client, "InvalidParameterException", 400, "is after EndTime")


def test_limit_time_window_false_through_the_context_manager(client: Any) -> None:
    with (
        mock_search_contacts(limit_time_window=False, instance_id=I1) as contacts,
        freeze_time(NOW),
    ):
        contacts.add(
            {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": at(9)}
        )
        response = client.search_contacts(**window(at(0) - 100 * DAY, at(0) + DAY))
    assert response["TotalCount"] == 1


def test_start_equal_to_end_is_accepted(spec_contacts: ContactStore, client: Any) -> None:
    response = client.search_contacts(**window(at(10), at(10)))
    assert [contact["Channel"] for contact in response["Contacts"]] == ["VOICE"]


def test_next_token_from_another_query_is_refused(spec_contacts: ContactStore, client: Any) -> None:
    """Spec case 34: a token replayed with different criteria is InvalidParameterException."""
    first = client.search_contacts(**base_request(MaxResults=2))
    replay = criteria(Channels=["VOICE"])
    replay.update(MaxResults=2, NextToken=first["NextToken"])
    error = refused(lambda: client.search_contacts(**replay))
    assert_error(error, client, "InvalidParameterException", 400, "NextToken:", "different query")


def test_next_token_with_another_sort_is_refused(spec_contacts: ContactStore, client: Any) -> None:
    first = client.search_contacts(**base_request(MaxResults=2))
    replay = base_request(MaxResults=2, NextToken=first["NextToken"])
    replay["Sort"] = {"FieldName": "CHANNEL", "Order": "ASCENDING"}
    error = refused(lambda: client.search_contacts(**replay))
    assert_error(error, client, "InvalidParameterException", 400, "NextToken:")


def test_next_token_tampered_is_refused(spec_contacts: ContactStore, client: Any) -> None:
    """One character changed anywhere in a real token makes it garbled."""
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    error = refused(lambda: client.search_contacts(**base_request(NextToken=tampered)))
    assert_error(error, client, "InvalidParameterException", 400, "NextToken:", "not valid")


def test_next_token_expired_is_refused(connect_contacts: ContactStore, client: Any) -> None:
    """A token older than its lifetime is refused; until then it still works."""
    lifetime = datetime.timedelta(milliseconds=paging.TOKEN_LIFETIME_MS)
    connect_contacts.add_many(SPEC_CONTACTS, instance_id=I1)
    with freeze_time(NOW) as clock:
        token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
        clock.tick(lifetime - datetime.timedelta(minutes=1))
        page = client.search_contacts(**base_request(MaxResults=2, NextToken=token))
        assert len(page["Contacts"]) == 2
        clock.tick(datetime.timedelta(minutes=2))
        error = refused(lambda: client.search_contacts(**base_request(NextToken=token)))
    assert_error(error, client, "InvalidParameterException", 400, "NextToken:", "expired")


def test_page_size_may_change_between_pages(spec_contacts: ContactStore, client: Any) -> None:
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    page = client.search_contacts(**base_request(MaxResults=3, NextToken=token))
    assert len(page["Contacts"]) == 3
    assert "NextToken" not in page


# -- unknown instance (ResourceNotFoundException) ----------------------------------------------


def test_unknown_instance_is_resource_not_found(spec_contacts: ContactStore, client: Any) -> None:
    """Spec case 37: a well-formed unknown InstanceId answers 404 ResourceNotFoundException."""
    other = "22222222-2222-2222-2222-222222222222"
    error = refused(lambda: client.search_contacts(**base_request(InstanceId=other)))
    assert isinstance(error, client.exceptions.ResourceNotFoundException)
    assert_error(error, client, "ResourceNotFoundException", 404, f"Instance {other!r} not found")


@pytest.mark.connect_contacts(region="us-west-2", instance_id=I1)
def test_instance_of_another_region_is_resource_not_found(
    connect_contacts: ContactStore, client: Any
) -> None:
    error = refused(lambda: client.search_contacts(**base_request()))
    assert_error(error, client, "ResourceNotFoundException", 404, "region us-east-1")
    west = boto3.client("connect", region_name="us-west-2")
    assert west.search_contacts(**base_request())["TotalCount"] == 0


def test_validation_comes_before_the_instance_lookup(
    connect_contacts: ContactStore, unvalidated: Any
) -> None:
    """An invalid request to an unknown instance is refused for its values, not with 404."""
    params = base_request(InstanceId="unknown-instance", MaxResults=101)
    error = refused(lambda: unvalidated.search_contacts(**params))
    assert_error(error, unvalidated, "InvalidParameterException", 400, "MaxResults")


# -- wrong JSON types through boto3 (InvalidRequestException) ----------------------------------


def test_wrong_json_type_through_boto3_is_invalid_request(
    connect_contacts: ContactStore, unvalidated: Any
) -> None:
    """With validation off botocore sends `"5"` for MaxResults; that is a malformed request."""
    params = base_request(MaxResults="5")
    error = refused(lambda: unvalidated.search_contacts(**params))
    assert_error(
        error, unvalidated, "InvalidRequestException", 400,
        "MaxResults: expected an integer, got str '5'",
    )  # fmt: skip


def test_malformed_and_invalid_together_is_invalid_request(
    connect_contacts: ContactStore, unvalidated: Any
) -> None:
    """A malformed member makes the whole request malformed; the message lists both faults."""
    params = base_request(MaxResults="5", SearchCriteria={"Channels": ["FAX"]})
    error = refused(lambda: unvalidated.search_contacts(**params))
    assert_error(
        error, unvalidated, "InvalidRequestException", 400,
        "2 validation errors detected", "MaxResults: expected an integer",
        "SearchCriteria.Channels[0]: 'FAX' is not one of",
    )  # fmt: skip


# -- raw bodies ---------------------------------------------------------------------------------

RAW_BODIES: list[Any] = [
    pytest.param(
        b"{InstanceId: 1",
        "InvalidRequestException",
        "The request body is not valid JSON",
        id="not-json",
    ),
    pytest.param(
        b"\xff\xfe{}",
        "InvalidRequestException",
        "The request body is not valid JSON",
        id="not-utf8",
    ),
    pytest.param(
        b'[{"InstanceId": "x"}]',
        "InvalidRequestException",
        "The request body must be a JSON object, got list",
        id="json-array",
    ),
    pytest.param(
        b'"InstanceId"',
        "InvalidRequestException",
        "must be a JSON object, got str",
        id="json-string",
    ),
    pytest.param(b"null", "InvalidRequestException", "must be a JSON object", id="json-null"),
    pytest.param(
        b"[" * 100_000 + b"]" * 100_000,
        "InvalidRequestException",
        "nested too deeply",
        id="nested-too-deeply",
    ),
    pytest.param(
        raw(SearchCriteria={"QueueIds": "queue-q1"}),
        "InvalidRequestException",
        "SearchCriteria.QueueIds: expected a list, got str 'queue-q1'",
        id="string-for-list",
    ),
    pytest.param(
        raw(SearchCriteria=[]),
        "InvalidRequestException",
        "SearchCriteria: expected an object, got list",
        id="list-for-object",
    ),
    pytest.param(
        raw(InstanceId={"Id": I1}),
        "InvalidRequestException",
        "InstanceId: expected a string, got dict",
        id="object-for-string",
    ),
    pytest.param(
        raw(SearchCriteria={"Channels": [1]}),
        "InvalidRequestException",
        "SearchCriteria.Channels[0]: expected a string, got int 1",
        id="number-for-enum",
    ),
    pytest.param(
        raw(SearchCriteria={"QueueIds": [None]}),
        "InvalidRequestException",
        "SearchCriteria.QueueIds[0]: expected a string, got null",
        id="null-in-list",
    ),
    pytest.param(
        raw(TimeRange={**TR, "StartTime": "2024-05-01T00:00:00Z"}),
        "InvalidRequestException",
        "TimeRange.StartTime: expected a timestamp in epoch seconds, got str",
        id="string-for-timestamp",
    ),
    pytest.param(
        raw(MaxResults=True),
        "InvalidRequestException",
        "MaxResults: expected an integer, got bool True",
        id="boolean-for-integer",
    ),
    pytest.param(
        raw(MaxResults=2.5),
        "InvalidRequestException",
        "MaxResults: expected an integer, got float 2.5",
        id="float-for-integer",
    ),
    pytest.param(
        raw(TimeRange={**TR, "StartTime": float("nan")}),
        "InvalidRequestException",
        "TimeRange.StartTime: nan is not a finite timestamp",
        id="nan-timestamp",
    ),
    pytest.param(
        raw(Foo=1),
        "InvalidRequestException",
        "Foo: unknown member; allowed members are InstanceId, TimeRange",
        id="unknown-member",
    ),
    pytest.param(
        raw(SearchCriteria={"PhoneNumbers": ["+1"]}),
        "InvalidRequestException",
        "SearchCriteria.PhoneNumbers: unknown member",
        id="unknown-nested-member",
    ),
    pytest.param(
        raw(SearchCriteria={"ContactTags": {"TagCondition": {"TagKey": "k", "Op": "="}}}),
        "InvalidRequestException",
        "SearchCriteria.ContactTags.TagCondition.Op: unknown member",
        id="unknown-deep-member",
    ),
    pytest.param(
        b"",
        "InvalidParameterException",
        "InstanceId: required member is missing; TimeRange: required member is missing",
        id="empty-body",
    ),
    pytest.param(
        b"{}", "InvalidParameterException", "2 validation errors detected", id="empty-object"
    ),
    pytest.param(
        raw(InstanceId=None),
        "InvalidParameterException",
        "InstanceId: required member is missing",
        id="required-null",
    ),
    pytest.param(
        raw(TimeRange={**TR, "EndTime": 1e20}),
        "InvalidParameterException",
        "TimeRange.EndTime: 1e+20 is outside the range of timestamps",
        id="timestamp-beyond-year-9999",
    ),
    pytest.param(
        raw(TimeRange={**TR, "StartTime": 10**30}),
        "InvalidParameterException",
        "TimeRange.StartTime: 1000000",
        id="timestamp-huge-start",
    ),
    pytest.param(
        raw(
            SearchCriteria={
                "AdditionalTimeRange": {
                    "Criteria": [
                        {
                            "TimeRange": {
                                "Type": "DISCONNECT_TIMESTAMP",
                                "StartTime": 1e19,
                                "EndTime": 1,
                            }
                        }
                    ],
                    "MatchType": "MATCH_ALL",
                }
            }
        ),
        "InvalidParameterException",
        "SearchCriteria.AdditionalTimeRange.Criteria[0].TimeRange.StartTime: 1e+19 is outside",
        id="deep-timestamp-out-of-range",
    ),
]


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    RAW_BODIES,
)
def test_raw_body_is_refused(
    connect_contacts: ContactStore,
    unvalidated: Any,
    send_raw: Callable[[bytes], dict[str, Any]],
    body: bytes,
    code: str,
    fragment: str,
) -> None:
    """A body no SDK would send is answered with the modelled 400, never a bare exception."""
    connect_contacts.add_instance(I1)
    error = refused(lambda: send_raw(body))
    assert_error(error, unvalidated, code, 400, fragment)


def test_raw_body_that_is_a_json_object_is_recorded(
    connect_contacts: ContactStore, send_raw: Callable[[bytes], dict[str, Any]]
) -> None:
    """Every body that decodes as a JSON object lands in `contacts.requests`, refused or not;
    bodies that are not JSON objects do not."""
    for body in (b"not json", b"[]", raw(Foo=1), raw(MaxResults=101)):
        with pytest.raises(ClientError):
            send_raw(body)
    assert len(connect_contacts.requests) == 2
    assert connect_contacts.requests[0]["Foo"] == 1
    assert connect_contacts.requests[1]["MaxResults"] == 101
    assert connect_contacts.requests[1]["TimeRange"]["StartTime"] == at(0)


def test_raw_body_null_members_mean_absent(
    spec_contacts: ContactStore, send_raw: Callable[[bytes], dict[str, Any]]
) -> None:
    """JSON `null` for an optional member is the member left out, at any depth."""
    body = raw(
        MaxResults=None,
        Sort=None,
        NextToken=None,
        SearchCriteria={"Channels": None, "AgentHierarchyGroups": {"L1Ids": None}},
    )
    response = send_raw(body)
    assert response["TotalCount"] == 5
    assert len(response["Contacts"]) == 5


def test_raw_body_unknown_member_with_unencodable_name(
    connect_contacts: ContactStore,
    unvalidated: Any,
    send_raw: Callable[[bytes], dict[str, Any]],
) -> None:
    """A member name holding a lone surrogate is quoted back without breaking the answer."""
    body = b'{"InstanceId": "i", "TimeRange": {"Type": "INITIATION_TIMESTAMP", ' \
        b'"StartTime": 1, "EndTime": 2}, "\\ud800": 1}'  # fmt: skip
    error = refused(lambda: send_raw(body))
    assert_error(error, unvalidated, "InvalidRequestException", 400, "unknown member")


# -- what botocore refuses never reaches the mock (spec case 35) --------------------------------

CLIENT_SIDE: list[Any] = [
    pytest.param(base_request(MaxResults=0), id="max-results-0"),
    pytest.param(base_request(NextToken=""), id="next-token-empty"),
    pytest.param(base_request(InstanceId=""), id="instance-id-empty"),
    pytest.param({"TimeRange": base_request()["TimeRange"]}, id="instance-id-missing"),
    pytest.param(base_request(Sort={"FieldName": "CHANNEL"}), id="sort-order-missing"),
    pytest.param(criteria(Name={"SearchText": ["refund"]}), id="name-match-type-missing"),
    pytest.param(criteria(AgentIds=[""]), id="agent-id-empty"),
    pytest.param(
        criteria(SearchableSegmentAttributes={"Criteria": []}), id="segment-criteria-empty"
    ),
    pytest.param(
        criteria(SearchableSegmentAttributes={"Criteria": [{"Key": "k", "Values": []}]}),
        id="segment-values-empty",
    ),
    pytest.param(
        criteria(SearchableContactAttributes={"Criteria": [{"Key": "", "Values": []}]}),
        id="attribute-key-empty",
    ),
    pytest.param(criteria(PhoneNumbers=["+1"]), id="unknown-criteria-member"),
    pytest.param(criteria(QueueIds="queue-q1"), id="string-for-list"),
    pytest.param(
        base_request(
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": "yesterday", "EndTime": at(1)}
        ),
        id="timestamp-as-words",
    ),
]


@pytest.mark.parametrize("request_params", CLIENT_SIDE)
def test_what_botocore_refuses_never_reaches_the_mock(
    connect_contacts: ContactStore, client: Any, request_params: dict[str, Any]
) -> None:
    with pytest.raises(ParamValidationError):
        client.search_contacts(**request_params)
    assert connect_contacts.requests == []


CASE_36 = [
    "max-results-above-max",
    "queue-ids-too-many",
    "l1-ids-too-many",
    "channel-unknown",
    "time-range-type-unknown",
    "attribute-criteria-too-many",
    "transcript-criteria-too-many",
    "transcript-search-text-too-long",
    "active-region-pattern",
]


@pytest.mark.parametrize(
    ("request_params", "fragment"), [row for row in MODEL_RULES if row.id in CASE_36]
)
def test_what_botocore_lets_through_reaches_the_mock(
    connect_contacts: ContactStore, client: Any, request_params: dict[str, Any], fragment: str
) -> None:
    """Spec case 36, through a client that validates: botocore checks no max, enum or pattern,
    so these reach the mock, which refuses each with 400 InvalidParameterException."""
    connect_contacts.add_instance(I1)
    error = refused(lambda: client.search_contacts(**request_params))
    assert_error(error, client, "InvalidParameterException", 400, fragment)
    assert len(connect_contacts.requests) == 1


def test_case_36_rows_are_all_in_the_rule_table() -> None:
    assert sorted(row.id for row in MODEL_RULES if row.id in CASE_36) == sorted(CASE_36)


def test_refused_requests_leave_the_store_unchanged(
    spec_contacts: ContactStore, unvalidated: Any, send_raw: Callable[[bytes], dict[str, Any]]
) -> None:
    before = [dict(contact) for contact in spec_contacts]
    for body in (b"{", raw(Foo=1), raw(MaxResults=0), raw(InstanceId="other")):
        with pytest.raises(ClientError):
            send_raw(body)
    assert [dict(contact) for contact in spec_contacts] == before
    assert unvalidated.search_contacts(**base_request())["TotalCount"] == 5
