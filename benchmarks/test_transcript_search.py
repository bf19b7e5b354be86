"""Per call: a `search_contacts` with a Contact Lens transcript criterion, against the floor.

The store holds 1,000 contacts of the factory's mix, every one analysed: those the mix leaves
without a transcript get one, with a customer turn of its own (1,000 distinct texts analysed
when added). The query (the last 8 days) asks for the contacts whose customer said one of two
phrases, first page of 10. The floor is botocore's own pipeline answered by a before-send
handler returning the same page, prepared once. The same query each call is what a test asking
it again pays; a new query each call (EndTime moves by a second) pays the transcript search
over the 1,000 contacts every time, shown for reference.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from _support import UTC, Figures, best_and_median_ms, floor_answering, record_turn, search_kwargs

from connect_contacts_mock import factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
START, END = NOW - datetime.timedelta(days=8), NOW
TARGET = 1.10
PAGE = 10
ROUNDS = 3000
TURNS = [(kind, turn) for turn in (1, 2, 3) for kind in ("floor", "mock")]
CRITERIA = {
    "ContactAnalysis": {
        "Transcript": {
            "Criteria": [
                {
                    "ParticipantRole": "CUSTOMER",
                    "SearchText": ["cancel my subscription", "hasn't arrived"],
                    "MatchType": "MATCH_ANY",
                }
            ]
        }
    }
}


@pytest.fixture(scope="module")
def analysed() -> list[dict[str, Any]]:
    contacts = factory.mix(
        1000, start=NOW - datetime.timedelta(days=7), end=NOW - datetime.timedelta(hours=1)
    )
    return [
        contact
        if "Transcript" in contact
        else factory.with_transcript(
            contact,
            ("AGENT", "Thank you for calling, how can I help?"),
            ("CUSTOMER", f"My order #{number:04d} hasn't arrived, it’s a brand-new 3.5 kg kit"),
        )
        for number, contact in enumerate(contacts)
    ]


@pytest.fixture(scope="module")
def page(client: Any, analysed: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer the mock gives for the query, as sent."""
    with mock_search_contacts() as contacts:
        contacts.add_many(analysed)
        client.search_contacts(**search_kwargs(PAGE, start=START, end=END, criteria=CRITERIA))
        response = contacts.calls[-1].response
    assert response is not None and len(response["Contacts"]) == PAGE
    assert 0 < response["TotalCount"] < 1000
    return response


def _body(response: dict[str, Any]) -> bytes:
    return json.dumps(response, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(("kind", "turn"), TURNS)
def test_transcript_search_per_call(
    benchmark: Any,
    client: Any,
    analysed: list[dict[str, Any]],
    page: dict[str, Any],
    figures: Figures,
    kind: str,
    turn: int,
) -> None:
    kwargs = search_kwargs(PAGE, start=START, end=END, criteria=CRITERIA)
    if kind == "floor":
        with floor_answering(client, _body(page)):
            result = benchmark.pedantic(
                client.search_contacts, kwargs=kwargs, rounds=ROUNDS, warmup_rounds=20
            )
    else:
        with mock_search_contacts() as contacts:
            contacts.add_many(analysed)
            result = benchmark.pedantic(
                client.search_contacts, kwargs=kwargs, rounds=ROUNDS, warmup_rounds=20
            )
    assert result["TotalCount"] == page["TotalCount"]
    assert len(result["Contacts"]) == PAGE
    name = f"transcript criterion, {PAGE}-contact page of 1,000 analysed"
    record_turn(figures, benchmark, "transcript", kind, turn, name, TARGET)


def test_transcript_search_new_query_each_call(
    benchmark: Any, client: Any, analysed: list[dict[str, Any]], figures: Figures
) -> None:
    """For reference: every call a query not seen before, so the transcript criterion is
    matched against the 1,000 analysed contacts on every call."""
    rounds = iter(range(1, 10**9))

    def new_query() -> tuple[tuple[()], dict[str, Any]]:
        end = END + datetime.timedelta(seconds=next(rounds))
        return (), search_kwargs(PAGE, start=START, end=end, criteria=CRITERIA)

    with mock_search_contacts() as contacts:
        contacts.add_many(analysed)
        result = benchmark.pedantic(
            client.search_contacts, setup=new_query, rounds=300, warmup_rounds=5
        )
    assert len(result["Contacts"]) == PAGE
    best, median = best_and_median_ms(benchmark)
    floors = figures.values.get("transcript-floor")
    floor = min(b for b, _ in floors) if floors else None
    compared = f"floor {floor:.3f} ms: +{best - floor:.3f} ms, x{best / floor:.2f}" if floor else ""
    figures.add(
        "per call",
        f"transcript criterion, {PAGE}-contact page of 1,000 analysed, new query each call",
        f"{best:.3f} / {median:.3f} ms",
        compared,
        "(reference)",
    )
