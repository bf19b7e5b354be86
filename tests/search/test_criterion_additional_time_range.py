"""SearchCriteria.AdditionalTimeRange: further time filters beside the primary TimeRange.

Each criterion is a window on a timestamp (inclusive; a contact lacking that timestamp is not
in it) or a NOT_EXISTS condition (the contact lacks that timestamp); MatchType combines them:
ALL, ANY, NONE, EXACT as ALL. Under NONE a contact lacking the timestamp a window tests is left
out, as for every criterion. Section-10 contacts of 2024-05-01: C1 ended 10:05, C6 14:10; C2,
C3, C4 are open; C3 was never queued; C3 and C4 never reached an agent.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import at, base_request, names


def window(kind: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    return {"TimeRange": {"Type": kind, "StartTime": start, "EndTime": end}}


def lacks(kind: str) -> dict[str, Any]:
    return {"TimestampCondition": {"Type": kind, "ConditionType": "NOT_EXISTS"}}


def request(criteria: list[dict[str, Any]], match_type: str) -> dict[str, Any]:
    extra = {"Criteria": criteria, "MatchType": match_type}
    return base_request(SearchCriteria={"AdditionalTimeRange": extra})


def found(client: Any, criteria: list[dict[str, Any]], match_type: str = "MATCH_ALL") -> set[str]:
    response = client.search_contacts(**request(criteria, match_type))
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


DAY = {"C1", "C2", "C3", "C4", "C6"}
NOT_CONNECTED_NOR_ENDED = [lacks("CONNECTED_TO_AGENT_TIMESTAMP"), lacks("DISCONNECT_TIMESTAMP")]
ENDED_EARLY = window("DISCONNECT_TIMESTAMP", at(10), at(10, 30))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("DISCONNECT_TIMESTAMP", {"C2", "C3", "C4"}, id="not-ended"),
        pytest.param("CONNECTED_TO_AGENT_TIMESTAMP", {"C3", "C4"}, id="never-connected"),
        pytest.param("ENQUEUE_TIMESTAMP", {"C3"}, id="never-queued"),
        pytest.param("SCHEDULED_TIMESTAMP", DAY - {"C3"}, id="not-scheduled"),
        pytest.param("INITIATION_TIMESTAMP", set(), id="every-contact-was-initiated"),
    ],
)
def test_not_exists_finds_contacts_lacking_the_timestamp(
    spec_contacts: Any, client: Any, kind: str, expected: set[str]
) -> None:
    """A NOT_EXISTS condition holds when the contact has no such timestamp."""
    assert found(client, [lacks(kind)]) == expected


@pytest.mark.parametrize(
    ("criteria", "match_type", "expected"),
    [
        pytest.param(NOT_CONNECTED_NOR_ENDED, "MATCH_ALL", {"C3", "C4"}, id="all"),
        pytest.param(NOT_CONNECTED_NOR_ENDED, "MATCH_EXACT", {"C3", "C4"}, id="exact-as-all"),
        pytest.param(NOT_CONNECTED_NOR_ENDED, "MATCH_ANY", {"C2", "C3", "C4"}, id="any"),
        pytest.param(NOT_CONNECTED_NOR_ENDED, "MATCH_NONE", {"C1", "C6"}, id="none"),
        pytest.param(
            [window("ENQUEUE_TIMESTAMP", at(11), at(14)), lacks("DISCONNECT_TIMESTAMP")],
            "MATCH_ALL",
            {"C2", "C4"},
            id="all-window-and-condition",
        ),
        pytest.param(
            [
                window("CONNECTED_TO_AGENT_TIMESTAMP", at(10), at(10, 30)),
                lacks("ENQUEUE_TIMESTAMP"),
            ],
            "MATCH_ANY",
            {"C1", "C3"},
            id="any-window-or-condition",
        ),
        pytest.param([ENDED_EARLY], "MATCH_NONE", {"C6"}, id="none-leaves-out-lacking"),
    ],
)
def test_criteria_combine_by_match_type(
    spec_contacts: Any,
    client: Any,
    criteria: list[dict[str, Any]],
    match_type: str,
    expected: set[str],
) -> None:
    """ALL: every criterion holds; ANY: one; NONE: none; EXACT: as ALL."""
    assert found(client, criteria, match_type) == expected


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        pytest.param(ENDED_EARLY, {"C1"}, id="disconnect-window"),
        pytest.param(
            window("DISCONNECT_TIMESTAMP", at(10, 5), at(10, 5)), {"C1"}, id="bounds-inclusive"
        ),
        pytest.param(
            window("SCHEDULED_TIMESTAMP", at(0, day=2), at(0, day=3)), {"C3"}, id="future-window"
        ),
        pytest.param(
            window("DISCONNECT_TIMESTAMP", at(0, day=1, month=1), at(0, day=2)),
            {"C1", "C6"},
            id="longer-than-eight-weeks",
        ),
    ],
)
def test_window_criterion_tests_another_timestamp(
    spec_contacts: Any, client: Any, criterion: dict[str, Any], expected: set[str]
) -> None:
    """A window criterion keeps contacts whose timestamp lies inside it."""
    assert found(client, [criterion]) == expected


def test_empty_criteria_is_no_filter(spec_contacts: Any, client: Any) -> None:
    """AdditionalTimeRange with no criteria filters nothing."""
    assert found(client, []) == DAY


@pytest.mark.parametrize(
    "criterion",
    [
        pytest.param({**ENDED_EARLY, **lacks("DISCONNECT_TIMESTAMP")}, id="both-members"),
        pytest.param({}, id="neither-member"),
        pytest.param(window("DISCONNECT_TIMESTAMP", at(11), at(10)), id="start-after-end"),
    ],
)
def test_malformed_criterion_is_an_invalid_parameter(
    spec_contacts: Any, client: Any, criterion: dict[str, Any]
) -> None:
    """A criterion needs exactly one of TimeRange and TimestampCondition, and a sane window."""
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**request([criterion], "MATCH_ALL"))
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
