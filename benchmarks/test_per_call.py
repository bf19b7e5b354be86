"""Per call: one `search_contacts` on a shared client, against the floor for the same page.

The floor is botocore's own pipeline answered by a before-send handler that returns the same
page as a fixed, prepared response: what any wire-faithful mock must pay. The store holds 1,000
contacts of the factory's mix; the query (the last 8 days) matches all of them and asks for the
first page of 10 or of 100. botocore's Stubber (no search, no wire) is shown for reference.
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
TURNS = [
    (size, kind, turn) for turn in (1, 2, 3) for size in (10, 100) for kind in ("floor", "mock")
]


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
    else:
        with mock_search_contacts() as contacts:
            contacts.add_many(thousand)
            result = benchmark.pedantic(
                client.search_contacts, kwargs=kwargs, rounds=rounds, warmup_rounds=20
            )
        assert result["TotalCount"] == 1000
    assert len(result["Contacts"]) == size
    record_turn(
        figures, benchmark, f"page{size}", kind, turn, f"{size}-contact page of 1,000", TARGET
    )


@pytest.mark.parametrize("size", [10, 100])
def test_mock_new_query_each_call(
    benchmark: Any,
    client: Any,
    thousand: list[dict[str, Any]],
    figures: Figures,
    size: int,
) -> None:
    """For reference: every call a query not seen before (EndTime moves by a second, as botocore
    may send whole seconds), so no cached result applies: the search over 1,000 contacts is
    paid on every call."""
    rounds = iter(range(1, 10**9))

    def new_query() -> tuple[tuple[()], dict[str, Any]]:
        end = END + datetime.timedelta(seconds=next(rounds))
        return (), search_kwargs(size, start=START, end=end)

    with mock_search_contacts() as contacts:
        contacts.add_many(thousand)
        result = benchmark.pedantic(
            client.search_contacts, setup=new_query, rounds=300, warmup_rounds=5
        )
    assert len(result["Contacts"]) == size
    best, median = best_and_median_ms(benchmark)
    floors = figures.values.get(f"page{size}-floor")
    floor = min(b for b, _ in floors) if floors else None
    compared = f"floor {floor:.3f} ms: +{best - floor:.3f} ms, x{best / floor:.2f}" if floor else ""
    figures.add(
        "per call",
        f"{size}-contact page of 1,000, new query each call",
        f"{best:.3f} / {median:.3f} ms",
        compared,
        "(reference)",
    )


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
