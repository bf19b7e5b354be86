"""Per call: one `search_contacts` on a shared client, against the floor for the same page.

The floor is botocore's own pipeline answered by a before-send handler that returns the same
page as a fixed, prepared response: what any wire-faithful mock must pay. The store holds 1,000
contacts of the factory's mix; the query (the last 8 days) matches all of them and asks for the
first page of 10 or of 100. Two kinds of call are judged against the floor: the same query again
(a test repeating a call), and a new query each call (no request or result seen before, so the
whole path is paid: decoding, checks, the search and the page). botocore's Stubber (no search,
no wire) is shown for reference.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from _support import (
    UTC,
    Figures,
    best_and_median_ms,
    floor_answering,
    record_turn,
    search_kwargs,
)
from botocore.stub import Stubber

from connect_contacts_mock import factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
START, END = NOW - datetime.timedelta(days=8), NOW
TARGET = 1.10
#: A new query each call, against the same floor: x1.10 for the 10-contact page, x1.05 for the
#: 100-contact page (the floor's own cost grows with the page; the mock's fixed part does not).
NEW_QUERY_TARGET = {10: 1.10, 100: 1.05}


@pytest.fixture(scope="module")
def thousand() -> list[dict[str, Any]]:
    return list(
        factory.mix(
            1000, start=NOW - datetime.timedelta(days=7), end=NOW - datetime.timedelta(hours=1)
        )
    )


@pytest.fixture(scope="module")
def pages(client: Any, thousand: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The answer the mock gives for each page size, as sent."""
    answers = {}
    with mock_search_contacts() as contacts:
        contacts.add_many(thousand)
        for size in (10, 100):
            client.search_contacts(**search_kwargs(size, start=START, end=END))
            response = contacts.calls[-1].response
            assert response is not None and len(response["Contacts"]) == size
            answers[size] = response
    return answers


def _body(response: dict[str, Any]) -> bytes:
    return json.dumps(response, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


#: Floor and mock are measured in turns, three times each, and the best of each is compared:
#: the floor drifts with the machine's load, and turns keep both under the same drift.
#: Rounds per turn: about two seconds each.
ROUNDS = {10: 3000, 100: 400}
#: Rounds of a new query each call (each round makes its request first, untimed).
NEW_ROUNDS = {10: 1000, 100: 300}
TURNS = [
    (size, kind, turn)
    for turn in (1, 2, 3)
    for size in (10, 100)
    for kind in ("floor", "mock", "new")
]
_later = iter(range(1, 10**9))


@pytest.mark.parametrize(("size", "kind", "turn"), TURNS)
def test_per_call(
    benchmark: Any,
    client: Any,
    thousand: list[dict[str, Any]],
    pages: dict[int, dict[str, Any]],
    figures: Figures,
    size: int,
    kind: str,
    turn: int,
) -> None:
    kwargs = search_kwargs(size, start=START, end=END)
    rounds = ROUNDS[size]
    if kind == "floor":
        with floor_answering(client, _body(pages[size])):
            result = benchmark.pedantic(
                client.search_contacts, kwargs=kwargs, rounds=rounds, warmup_rounds=20
            )
    elif kind == "mock":
        with mock_search_contacts() as contacts:
            contacts.add_many(thousand)
            result = benchmark.pedantic(
                client.search_contacts, kwargs=kwargs, rounds=rounds, warmup_rounds=20
            )
        assert result["TotalCount"] == 1000
    else:
        with mock_search_contacts() as contacts:
            contacts.add_many(thousand)
            result = benchmark.pedantic(
                client.search_contacts,
                setup=lambda: _new_query(size),
                rounds=NEW_ROUNDS[size],
                warmup_rounds=5,
            )
        assert result["TotalCount"] == 1000
    assert len(result["Contacts"]) == size
    if kind == "new":
        record_turn(
            figures,
            benchmark,
            f"page{size}",
            kind,
            turn,
            f"{size}-contact page of 1,000, a new query each call",
            NEW_QUERY_TARGET[size],
            judged="new",
        )
        return
    record_turn(
        figures, benchmark, f"page{size}", kind, turn, f"{size}-contact page of 1,000", TARGET
    )


def _new_query(size: int) -> tuple[tuple[()], dict[str, Any]]:
    """A query no request or result cache has seen: EndTime moves by a second each time (as
    botocore may send whole seconds), and every contact still matches, so the page is the
    floor's."""
    end = END + datetime.timedelta(seconds=next(_later))
    return (), search_kwargs(size, start=START, end=end)


def test_stubber(benchmark: Any, client: Any, figures: Figures) -> None:
    """For reference: botocore's Stubber answering an empty page (no search, no wire)."""
    kwargs = search_kwargs(10, start=START, end=END)
    stubber = Stubber(client)

    def queue_one() -> tuple[tuple[()], dict[str, Any]]:
        stubber.add_response("search_contacts", {"Contacts": [], "TotalCount": 0})
        return (), kwargs

    with stubber:
        benchmark.pedantic(client.search_contacts, setup=queue_one, rounds=2000)
    best, median = best_and_median_ms(benchmark)
    figures.add("per call", "botocore Stubber, empty page", f"{best:.3f} / {median:.3f} ms")
