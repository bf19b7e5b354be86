"""Per call: one `describe_contact` on a shared client, against the floor for the same answer;
and the other operations on one contact the same way.

The floor is botocore's own pipeline answered by a before-send handler returning the same
answer as a fixed, prepared response. The store holds the 1,000 contacts of the factory's
mix; each round describes the same contact, as a test describing its search hits does. The
other operations (reading and updating one contact's attributes, tags, name, references and
associated contacts) repeat one call each, in two turns of floor and mock.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from _support import UTC, Figures, answer_body, floor_answering, record_turn

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


#: Operations on one contact, each repeated with the same parameters: the client method and
#: its parameters for contact `contact_id`.
OTHER_OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "GetContactAttributes": ("get_contact_attributes", {"InitialContactId": ""}),
    "UpdateContactAttributes": (
        "update_contact_attributes",
        {"InitialContactId": "", "Attributes": {"Plan": "Gold"}},
    ),
    "ListContactReferences": ("list_contact_references", {"ReferenceTypes": ["URL"]}),
    "TagContact": ("tag_contact", {"Tags": {"Dept": "Sales"}}),
    "UntagContact": ("untag_contact", {"TagKeys": ["Dept"]}),
    "UpdateContact": ("update_contact", {"Name": "Call back"}),
    "ListAssociatedContacts": ("list_associated_contacts", {}),
}
OTHER_ROUNDS = 1000
OTHER_TURNS = [
    (operation, kind, turn)
    for turn in (1, 2)
    for operation in OTHER_OPERATIONS
    for kind in ("floor", "mock")
]


def _other_call(client: Any, operation: str, contact_id: str) -> tuple[Any, dict[str, Any]]:
    method, extra = OTHER_OPERATIONS[operation]
    kwargs: dict[str, Any] = {"InstanceId": DEFAULT_INSTANCE_ID, **extra}
    if "InitialContactId" in kwargs:
        kwargs["InitialContactId"] = contact_id
    else:
        kwargs["ContactId"] = contact_id
    return getattr(client, method), kwargs


@pytest.fixture(scope="module")
def other_answers(client: Any, thousand: list[dict[str, Any]]) -> dict[str, bytes]:
    """The answer the mock sends for each operation's call, as sent."""
    answers = {}
    with mock_search_contacts() as contacts:
        contacts.add_many(thousand)
        for operation in OTHER_OPERATIONS:
            call, kwargs = _other_call(client, operation, thousand[500]["Id"])
            call(**kwargs)
            assert contacts.calls[-1].status == 200, contacts.calls[-1]
            answers[operation] = answer_body(contacts)
    return answers


@pytest.mark.parametrize(("operation", "kind", "turn"), OTHER_TURNS)
def test_other_operations_per_call(
    benchmark: Any,
    client: Any,
    thousand: list[dict[str, Any]],
    other_answers: dict[str, bytes],
    figures: Figures,
    operation: str,
    kind: str,
    turn: int,
) -> None:
    call, kwargs = _other_call(client, operation, thousand[500]["Id"])
    if kind == "floor":
        with floor_answering(client, other_answers[operation], operation=operation):
            benchmark.pedantic(call, kwargs=kwargs, rounds=OTHER_ROUNDS, warmup_rounds=20)
    else:
        with mock_search_contacts() as contacts:
            contacts.add_many(thousand)
            benchmark.pedantic(call, kwargs=kwargs, rounds=OTHER_ROUNDS, warmup_rounds=20)
            assert contacts.calls[-1].status == 200, contacts.calls[-1]
    record_turn(
        figures,
        benchmark,
        f"other-{operation}",
        kind,
        turn,
        f"{OTHER_OPERATIONS[operation][0]} of a 1,000-contact store",
        TARGET,
        last_turn=2,
    )
