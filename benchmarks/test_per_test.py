"""Per test: what a test pays to use the mock: enter it, add 10 contacts, make one call on a
shared client, leave it; against the floor of that one call (botocore's own pipeline answered
at before-send with the same answer, prepared once), which any test making the call pays.
moto's `mock_aws` around one Connect call on the same shared client is timed for reference
(moto has no SearchContacts, so `list_instances` stands in)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from _support import (
    UTC,
    Figures,
    answer_body,
    best_and_median_ms,
    floor_answering,
    ratio_row,
    search_kwargs,
)

from connect_contacts_mock import factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TARGET = 1.5
TEN = list(factory.mix(10, start=NOW - datetime.timedelta(hours=5), end=NOW))
KWARGS = search_kwargs(
    start=NOW - datetime.timedelta(days=1), end=NOW, criteria={"Channels": ["VOICE"]}
)


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
    figures.add(
        "per test", "moto mock_aws + one call, shared client", f"{best:.3f} / {median:.3f} ms"
    )


def test_the_floor_of_the_call(benchmark: Any, client: Any, figures: Figures) -> None:
    """The test's one call, answered by the floor with the answer the mock gives it."""
    with mock_search_contacts() as contacts:
        contacts.add_many(TEN)
        client.search_contacts(**KWARGS)
        body = answer_body(contacts)
    with floor_answering(client, body):
        benchmark.pedantic(client.search_contacts, kwargs=KWARGS, rounds=3000, warmup_rounds=20)
    figures.values["per-test-floor"] = best_and_median_ms(benchmark)


def test_per_test(benchmark: Any, client: Any, figures: Figures) -> None:
    def one_test() -> None:
        with mock_search_contacts() as contacts:
            contacts.add_many(TEN)
            client.search_contacts(**KWARGS)

    benchmark.pedantic(one_test, rounds=2000, warmup_rounds=20)
    ours = best_and_median_ms(benchmark)
    floor = figures.values.get("per-test-floor")
    if floor is None:
        pytest.skip("run with test_the_floor_of_the_call to compare")
    ratio_row(
        figures, "per test", "enter, add 10, one call, leave (shared client)", ours, floor, TARGET
    )
    moto = figures.values.get("per-test-moto")
    if moto:
        figures.rows[-1].compared += f"; moto {moto[0]:.3f} / {moto[1]:.3f} ms"
