"""Paging: MaxResults, NextToken and TotalCount, by hand and through boto3's paginator."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

#: `B` over the section-10 fixture, in the default order (newest first).
UNPAGED = ["C6", "C4", "C3", "C2", "C1"]


def walk(client: Any, sizes: list[int] | None = None, **request: Any) -> list[dict[str, Any]]:
    """Every page of a query; page n asks for sizes[n] results (the last size repeats)."""
    sizes = sizes or [0]
    pages: list[dict[str, Any]] = []
    while not pages or "NextToken" in pages[-1]:
        size = sizes[min(len(pages), len(sizes) - 1)]
        params = base_request(**request)
        if size:
            params["MaxResults"] = size
        if pages:
            params["NextToken"] = pages[-1]["NextToken"]
        pages.append(client.search_contacts(**params))
    return pages


def many(count: int) -> list[dict[str, Any]]:
    """`count` small contacts initiated one second apart from 2024-05-01T00:00Z."""
    start = at(0)
    return [
        {
            "Id": f"bulk-{index:05d}",
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": start + datetime.timedelta(seconds=index),
        }
        for index in range(count)
    ]


def error_of(raised: pytest.ExceptionInfo[Any]) -> tuple[str, int]:
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


# -- MaxResults, NextToken, TotalCount -----------------------------------------------------------


def test_max_results_defaults_to_100(connect_contacts: ContactStore, client: Any) -> None:
    """Without MaxResults a page holds 100 contacts."""
    connect_contacts.add_many(many(105), instance_id=I1)
    with freeze_time(NOW):
        pages = walk(client)
    assert [len(page["Contacts"]) for page in pages] == [100, 5]
    assert [page["TotalCount"] for page in pages] == [105, 105]


@pytest.mark.parametrize(
    ("size", "lengths"),
    [
        pytest.param(1, [1, 1, 1, 1, 1], id="one"),
        pytest.param(2, [2, 2, 1], id="two"),
        pytest.param(4, [4, 1], id="four"),
        pytest.param(5, [5], id="exactly-all"),
        pytest.param(100, [5], id="maximum"),
    ],
)
def test_pages_hold_max_results_and_walk_the_unpaged_order(
    spec_contacts: Any, client: Any, size: int, lengths: list[int]
) -> None:
    """Pages of MaxResults contacts, no duplicates, together the unpaged result in order."""
    pages = walk(client, [size])
    assert [len(page["Contacts"]) for page in pages] == lengths
    assert [name for page in pages for name in names(page)] == UNPAGED


@pytest.mark.parametrize("size", [1, 2, 4])
def test_every_page_but_the_last_carries_a_new_token(
    spec_contacts: Any, client: Any, size: int
) -> None:
    """Each page has a token never seen before; the last page has none."""
    pages = walk(client, [size])
    tokens = [page["NextToken"] for page in pages[:-1]]
    assert len(set(tokens)) == len(tokens) == len(pages) - 1
    assert all(tokens)
    assert "NextToken" not in pages[-1]


@pytest.mark.parametrize("size", [1, 2, 5])
def test_total_count_is_exact_on_every_page(spec_contacts: Any, client: Any, size: int) -> None:
    """TotalCount counts every match of the query, not the page, on each page."""
    assert {page["TotalCount"] for page in walk(client, [size])} == {5}


def test_total_count_is_zero_without_matches(spec_contacts: Any, client: Any) -> None:
    """A query matching nothing answers one page: no contacts, TotalCount 0, no token."""
    pages = walk(client, [2], SearchCriteria={"Channels": ["EMAIL"], "AgentIds": ["nobody"]})
    assert len(pages) == 1
    assert pages[0]["Contacts"] == []
    assert pages[0]["TotalCount"] == 0


@pytest.mark.parametrize(
    ("sizes", "lengths"),
    [
        pytest.param([2, 3], [2, 3], id="two-then-three"),
        pytest.param([3, 1], [3, 1, 1], id="three-then-one"),
        pytest.param([1, 100], [1, 4], id="one-then-a-hundred"),
    ],
)
def test_max_results_may_change_between_pages(
    spec_contacts: Any, client: Any, sizes: list[int], lengths: list[int]
) -> None:
    """The token does not bind MaxResults: the next page starts where the last one ended."""
    pages = walk(client, sizes)
    assert [len(page["Contacts"]) for page in pages] == lengths
    assert [name for page in pages for name in names(page)] == UNPAGED


# -- The paginator -------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [1, 2, 100])
def test_paginator_builds_the_full_result_and_keeps_total_count(
    spec_contacts: Any, client: Any, page_size: int
) -> None:
    """build_full_result joins Contacts in order and keeps TotalCount."""
    paginator = client.get_paginator("search_contacts")
    result = paginator.paginate(
        **base_request(), PaginationConfig={"PageSize": page_size}
    ).build_full_result()
    assert names(result) == UNPAGED
    assert result["TotalCount"] == 5
    assert "NextToken" not in result


def test_paginator_resumes_from_its_starting_token(spec_contacts: Any, client: Any) -> None:
    """MaxItems 3 stops with a resume token; StartingToken continues with the other 2."""
    paginator = client.get_paginator("search_contacts")
    first = paginator.paginate(
        **base_request(), PaginationConfig={"PageSize": 2, "MaxItems": 3}
    ).build_full_result()
    rest = paginator.paginate(
        **base_request(), PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]}
    ).build_full_result()
    assert names(first) + names(rest) == UNPAGED
    assert first["TotalCount"] == rest["TotalCount"] == 5


# -- Tokens that are refused ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"SearchCriteria": {"Channels": ["VOICE"]}}, id="criteria-added"),
        pytest.param(
            {
                "TimeRange": {
                    "Type": "INITIATION_TIMESTAMP",
                    "StartTime": at(0),
                    "EndTime": at(0, day=3),
                }
            },
            id="time-range-changed",
        ),
        pytest.param(
            {
                "TimeRange": {
                    "Type": "ENQUEUE_TIMESTAMP",
                    "StartTime": at(0),
                    "EndTime": at(0, day=2),
                }
            },
            id="time-range-type-changed",
        ),
        pytest.param({"Sort": {"FieldName": "CHANNEL", "Order": "ASCENDING"}}, id="sort-changed"),
    ],
)
def test_token_replayed_with_another_query_is_an_invalid_parameter(
    spec_contacts: Any, client: Any, change: dict[str, Any]
) -> None:
    """A token works only for the query that issued it."""
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**base_request(MaxResults=2, NextToken=token, **change))
    assert error_of(raised) == ("InvalidParameterException", 400)


def test_token_replayed_for_another_instance_is_an_invalid_parameter(
    spec_contacts: ContactStore, client: Any
) -> None:
    """A token of instance I1 is refused for another instance of the same store."""
    other = spec_contacts.add_instance("22222222-2222-2222-2222-222222222222")
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**base_request(InstanceId=other, MaxResults=2, NextToken=token))
    assert error_of(raised) == ("InvalidParameterException", 400)


GARBLE: list[Any] = [
    pytest.param(lambda token: "garbage", id="garbage"),
    pytest.param(lambda token: token[:-3], id="truncated"),
    pytest.param(lambda token: token[::-1], id="reversed"),
    pytest.param(
        lambda token: "A" + token[1:] if token[0] != "A" else "B" + token[1:], id="one-char-changed"
    ),
    pytest.param(lambda token: token.split(".")[0], id="signature-removed"),
]


@pytest.mark.parametrize("garble", GARBLE)
def test_garbled_token_is_an_invalid_parameter(
    spec_contacts: Any, client: Any, garble: Callable[[str], str]
) -> None:
    """A token altered in any way is refused, never read as another offset."""
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        client.search_contacts(**base_request(MaxResults=2, NextToken=garble(token)))
    assert error_of(raised) == ("InvalidParameterException", 400)


@pytest.mark.parametrize(
    ("age", "valid"),
    [
        pytest.param(datetime.timedelta(hours=23, minutes=59), True, id="almost-a-day"),
        pytest.param(datetime.timedelta(hours=24), True, id="exactly-a-day"),
        pytest.param(datetime.timedelta(hours=24, seconds=1), False, id="a-day-and-a-second"),
        pytest.param(datetime.timedelta(days=3), False, id="three-days"),
    ],
)
def test_token_expires_after_24_hours(
    spec_contacts: Any, client: Any, age: datetime.timedelta, valid: bool
) -> None:
    """A token is honoured for 24 hours of the mock clock after its page was served."""
    token = client.search_contacts(**base_request(MaxResults=2))["NextToken"]
    with freeze_time(NOW + age):
        if valid:
            page = client.search_contacts(**base_request(MaxResults=2, NextToken=token))
            assert names(page) == UNPAGED[2:4]
        else:
            with pytest.raises(client.exceptions.InvalidParameterException) as raised:
                client.search_contacts(**base_request(MaxResults=2, NextToken=token))
            assert error_of(raised) == ("InvalidParameterException", 400)


# -- The 10,000 result window --------------------------------------------------------------------


def test_results_beyond_10000_are_not_paged_but_counted(
    connect_contacts: ContactStore, client: Any
) -> None:
    """10,005 matches: the pages stop after the first 10,000; TotalCount stays 10,005."""
    connect_contacts.add_many(many(10_005), instance_id=I1)
    with freeze_time(NOW):
        pages = walk(client, [100])
    seen = [contact["Id"] for page in pages for contact in page["Contacts"]]
    assert len(pages) == 100
    assert len(seen) == len(set(seen)) == 10_000
    assert seen[0] == "bulk-10004"
    assert {page["TotalCount"] for page in pages} == {10_005}
    assert "NextToken" not in pages[-1]
