"""SearchCriteria.InitiationMethods: how the contact was initiated; values ORed."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import at, base_request, names

#: The section-10 contacts from 2024-04-30 on.
EVERY = {"C1", "C2", "C3", "C4", "C5", "C6"}


def found(client: Any, methods: list[str]) -> set[str]:
    request = base_request(SearchCriteria={"InitiationMethods": methods})
    request["TimeRange"]["StartTime"] = at(0, day=30, month=4)
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("methods", "expected"),
    [
        pytest.param(["INBOUND"], {"C1", "C2", "C4"}, id="inbound"),
        pytest.param(["OUTBOUND"], {"C5"}, id="outbound"),
        pytest.param(["API"], {"C3"}, id="api"),
        pytest.param(["TRANSFER"], {"C6"}, id="transfer"),
        pytest.param(["TRANSFER", "API"], {"C3", "C6"}, id="two-methods-are-ored"),
        pytest.param(["CALLBACK"], set(), id="method-nobody-used"),
        pytest.param(["QUEUE_TRANSFER"], set(), id="queue-transfer-is-not-transfer"),
        pytest.param([], EVERY, id="empty-list-is-no-filter"),
    ],
)
def test_initiation_methods_match_how_the_contact_started(
    spec_contacts: Any, client: Any, methods: list[str], expected: set[str]
) -> None:
    """A contact matches when its InitiationMethod is any of the InitiationMethods."""
    assert found(client, methods) == expected


def test_every_method_of_the_installed_model_is_accepted(spec_contacts: Any, client: Any) -> None:
    """All InitiationMethodList values together find every contact."""
    enum = client.meta.service_model.shape_for("InitiationMethodList").member.enum
    assert found(client, list(enum)) == EVERY
