"""The store's one-walk copier accepts exactly the contacts the model checker accepts.

`ContactStore.add` checks and copies a contact in one walk (`ShapeCopier`) and asks the checker
(`ShapeChecker`) for messages only once the copier refused. If the two ever disagreed, a bad
contact would be stored, or a good one refused without a message. This test mutates realistic
contacts at every depth, deterministically, and requires the two to agree on each.
"""

from __future__ import annotations

import copy
import datetime
import random
from collections.abc import Iterator
from typing import Any

import pytest

from connect_contacts_mock import factory
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.validation import Rejected, ShapeCopier

MODEL = installed_model()
SHAPE = MODEL.stored_contact_shape
COPY = ShapeCopier().compile(SHAPE)
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)

#: Replacement values: wrong types, empty and oversized values, odd numbers and instants.
ODD_VALUES: list[Any] = [
    None, "", "FAX", "x" * 5000, -1, 0, 10**20, 1.5, float("nan"), True, b"bytes",
    [], {}, [None], {"Unknown": 1}, datetime.date(2024, 5, 1),
    datetime.datetime(2024, 5, 1, 10), START, "2024-05-01T10:00:00Z",
]  # fmt: skip


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a contact where a value stands."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from paths(item, (*prefix, index))


def mutated(contact: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    changed = copy.deepcopy(contact)
    place = rng.choice(list(paths(changed)))
    parent: Any = changed
    for step in place[:-1]:
        parent = parent[step]
    if rng.random() < 0.15 and isinstance(parent, dict):
        parent["NotAMember"] = rng.choice(ODD_VALUES)
    else:
        parent[place[-1]] = rng.choice(ODD_VALUES)
    return changed


def copier_accepts(contact: Any) -> bool:
    try:
        COPY(contact)
    except Rejected:
        return False
    return True


def cases() -> Iterator[dict[str, Any]]:
    rng = random.Random(20261128)
    for contact in factory.mix(400, start=START, end=START + datetime.timedelta(days=7), seed=3):
        yield contact
        for _ in range(4):
            yield mutated(contact, rng)


@pytest.mark.parametrize("batch", range(4))
def test_copier_and_checker_agree_on_mutated_contacts(batch: int) -> None:
    disagreements = []
    refused = 0
    for number, contact in enumerate(cases()):
        if number % 4 != batch:
            continue
        problems = MODEL.python_checker.check(SHAPE, contact)
        refused += bool(problems)
        if copier_accepts(contact) == bool(problems):
            disagreements.append((problems, contact))
    assert not disagreements, disagreements[:3]
    assert refused > 100  # the mutations do reach the checks
