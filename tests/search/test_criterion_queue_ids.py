"""SearchCriteria.QueueIds: the queue the contact was placed in (`QueueInfo.Id`); values ORed."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Q1, Q2, base_request, names

DAY = {"C1", "C2", "C3", "C4", "C6"}


def found(client: Any, queue_ids: list[str]) -> set[str]:
    response = client.search_contacts(**base_request(SearchCriteria={"QueueIds": queue_ids}))
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("queue_ids", "expected"),
    [
        pytest.param([Q1], {"C1", "C4"}, id="one-queue"),
        pytest.param([Q2], {"C2", "C6"}, id="another-queue"),
        pytest.param([Q1, Q2], {"C1", "C2", "C4", "C6"}, id="several-queues-are-ored"),
        pytest.param([Q2, "queue-unknown"], {"C2", "C6"}, id="unknown-id-adds-nothing"),
        pytest.param(["queue-unknown"], set(), id="only-unknown-id-matches-nothing"),
        pytest.param([Q1.upper()], set(), id="ids-compare-exactly"),
        pytest.param([], DAY, id="empty-list-is-no-filter"),
    ],
)
def test_queue_ids_match_the_contacts_queue(
    spec_contacts: Any, client: Any, queue_ids: list[str], expected: set[str]
) -> None:
    """A contact matches when the queue it was placed in is one of the QueueIds."""
    assert found(client, queue_ids) == expected


def test_contacts_never_queued_never_match(spec_contacts: Any, client: Any) -> None:
    """C3 has no QueueInfo: no QueueIds filter returns it."""
    assert "C3" not in found(client, [Q1, Q2])
