"""Per call: one `describe_contact` on a shared client, against the floor for the same answer.

The floor is botocore's own pipeline answered by a before-send handler returning the same
`Contact` as a fixed, prepared response. The store holds the 1,000 contacts of the factory's
mix; each round describes the same contact, as a test describing its search hits does.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from _support import UTC, Figures, floor_answering, record_turn

from connect_contacts_mock import DEFAULT_INSTANCE_ID, factory, mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TARGET = 1.10
ROUNDS = 3000
TURNS = [(kind, turn) for turn in (1, 2, 3) for kind in ("floor", "mock")]


@pytest.fixture(scope="module")
def thousand() -> list[dict[str, Any]]:
    return list(
        factory.mix(
            1000, start=NOW - datetime.timedelta(days=7), end=NOW - datetime.timedelta(hours=1)
        )
    )


@pytest.fixture(scope="module")
def described(client: Any, thousand: list[dict[str, Any]]) -> tuple[dict[str, Any], bytes]:
    """The call's parameters and the answer the mock sends for them."""
    kwargs = {"InstanceId": DEFAULT_INSTANCE_ID, "ContactId": thousand[500]["Id"]}
    with mock_search_contacts() as contacts:
        contacts.add_many(thousand)
        client.describe_contact(**kwargs)
        response = contacts.calls[-1].response
    assert response is not None and response["Contact"]["Id"] == kwargs["ContactId"]
    body = json.dumps(response, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return kwargs, body


@pytest.mark.parametrize(("kind", "turn"), TURNS)
def test_describe_contact_per_call(
    benchmark: Any,
    client: Any,
    thousand: list[dict[str, Any]],
    described: tuple[dict[str, Any], bytes],
    figures: Figures,
    kind: str,
    turn: int,
) -> None:
    kwargs, body = described
    if kind == "floor":
        with floor_answering(client, body, operation="DescribeContact"):
            result = benchmark.pedantic(
                client.describe_contact, kwargs=kwargs, rounds=ROUNDS, warmup_rounds=20
            )
    else:
        with mock_search_contacts() as contacts:
            contacts.add_many(thousand)
            result = benchmark.pedantic(
                client.describe_contact, kwargs=kwargs, rounds=ROUNDS, warmup_rounds=20
            )
    assert result["Contact"]["Id"] == kwargs["ContactId"]
    record_turn(
        figures,
        benchmark,
        "describe",
        kind,
        turn,
        "describe_contact of a 1,000-contact store",
        TARGET,
    )
