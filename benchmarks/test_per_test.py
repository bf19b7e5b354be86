"""Per test: what a test pays to use the mock: enter it, add 10 contacts, make one call on a
shared client, leave it. moto's `mock_aws` around one Connect call on the same shared client is
timed for reference (moto has no SearchContacts, so `list_instances` stands in)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from _support import UTC, Figures, best_and_median_ms, search_kwargs

from connect_contacts_mock import factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TARGET_MS = 2.0


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


def test_per_test(benchmark: Any, client: Any, figures: Figures) -> None:
    ten = list(factory.mix(10, start=NOW - datetime.timedelta(hours=5), end=NOW))
    kwargs = search_kwargs(
        start=NOW - datetime.timedelta(days=1), end=NOW, criteria={"Channels": ["VOICE"]}
    )

    def one_test() -> None:
        with mock_search_contacts() as contacts:
            contacts.add_many(ten)
            client.search_contacts(**kwargs)

    benchmark(one_test)
    best, median = best_and_median_ms(benchmark)
    moto = figures.values.get("per-test-moto")
    figures.add(
        "per test",
        "enter, add 10, one call, leave (shared client)",
        f"{best:.3f} / {median:.3f} ms",
        f"moto {moto[0]:.3f} / {moto[1]:.3f} ms" if moto else "",
        f"< {TARGET_MS:.0f} ms",
        best < TARGET_MS,
    )
