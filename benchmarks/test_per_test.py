"""Per test: what a test pays to use the mock: enter it, add 10 contacts, make one call on a
shared client, leave it; against the floor of that one call (botocore's own pipeline answered
at before-send with the same answer, prepared once), which any test making the call pays.

Every round is a new test: its ten contacts have Ids and times of their own and its query a
window of its own, so nothing one test left behind (a remembered request, result or contact)
answers the next; what tests share is what a suite's fixtures share (channels, queues, agents,
attribute values). Floor and mock run in turns, three each, and the best of each is compared,
so both meet the same drift of the machine. moto's `mock_aws` around one Connect call on the
same shared client is timed for reference (moto has no SearchContacts, so `list_instances`
stands in).
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from _support import (
    UTC,
    Figures,
    answer_body,
    best_and_median_ms,
    floor_answering,
    record_turn,
    search_kwargs,
)

from connect_contacts_mock import factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TARGET = 1.5
ROUNDS = 2000
WARMUP = 20
TURNS = [(kind, turn) for turn in (1, 2, 3) for kind in ("floor", "mock")]
_TEN = list(factory.mix(10, start=NOW - datetime.timedelta(hours=5), end=NOW))
_tests = itertools.count(1)


def _shifted(value: Any, by: datetime.timedelta) -> Any:
    """`value` with every datetime in it moved by `by` (dicts and lists rebuilt)."""
    if isinstance(value, dict):
        return {key: _shifted(item, by) for key, item in value.items()}
    if isinstance(value, list):
        return [_shifted(item, by) for item in value]
    if isinstance(value, datetime.datetime):
        return value + by
    return value


def a_test() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One new test's ten contacts and query: the factory's ten with Ids of their own and times
    moved back by a second per test, and a window moved with them (the same three VOICE calls
    match, so the answer is the floor's in size)."""
    number = next(_tests)
    by = datetime.timedelta(seconds=-number)
    contacts = [
        {**_shifted(contact, by), "Id": f"{number:08x}-0000-4000-8000-{position:012x}"}
        for position, contact in enumerate(_TEN)
    ]
    query = search_kwargs(
        start=NOW - datetime.timedelta(days=1) + by,
        end=NOW + by,
        criteria={"Channels": ["VOICE"]},
    )
    return contacts, query


def test_moto_for_reference(benchmark: Any, client: Any, figures: Figures) -> None:
    mock_aws = pytest.importorskip("moto").mock_aws
    import boto3

    # moto adds its handler to botocore's built-in list when it is imported: a session made
    # before that never reaches moto, so moto gets its own shared client, from a new session.
    moto_client = boto3.session.Session().client("connect", region_name=client.meta.region_name)

    def one_test() -> None:
        with mock_aws():
            moto_client.list_instances()

    benchmark(one_test)
    best, median = best_and_median_ms(benchmark)
    figures.values["per-test-moto"] = (best, median)


@pytest.mark.parametrize(("kind", "turn"), TURNS)
def test_per_test(benchmark: Any, client: Any, figures: Figures, kind: str, turn: int) -> None:
    if kind == "floor":
        contacts, query = a_test()
        with mock_search_contacts() as store:  # the answer the floor gives: the mock's own
            store.add_many(contacts)
            client.search_contacts(**query)
            body = answer_body(store)
        with floor_answering(client, body):
            benchmark.pedantic(
                client.search_contacts, kwargs=query, rounds=ROUNDS, warmup_rounds=WARMUP
            )
    else:
        # made before timing, as a suite's test data is: building them is not the mock's work
        tests = iter([a_test() for _ in range(ROUNDS + WARMUP)])

        def one_test(contacts: list[dict[str, Any]], query: dict[str, Any]) -> Any:
            with mock_search_contacts() as store:
                store.add_many(contacts)
                return client.search_contacts(**query)

        answer = benchmark.pedantic(
            one_test, setup=lambda: (next(tests), {}), rounds=ROUNDS, warmup_rounds=WARMUP
        )
        assert [contact["Channel"] for contact in answer["Contacts"]] == ["VOICE"] * 3
    name = "enter, add 10, one call, leave (shared client)"
    record_turn(figures, benchmark, "per-test", kind, turn, name, TARGET, section="per test")
    moto = figures.values.get("per-test-moto")
    if moto and kind == "mock" and turn == TURNS[-1][1]:
        figures.rows[-1].compared += f"; moto {moto[0]:.3f} / {moto[1]:.3f} ms"
