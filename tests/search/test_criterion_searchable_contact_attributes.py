"""SearchCriteria.SearchableContactAttributes: user-defined contact attributes.

Keys and values compare exactly (case-sensitive); the Values of one key are ORed (no Values: the
key is present); the criteria combine by MatchType (ALL when omitted, EXACT as ALL, NONE leaves
out contacts lacking a tested key). By default every key is searchable; the store option
`searchable_attributes` declares the keys a real instance would index, and the others then
match nothing. Attributes: C1 {Plan: Gold, Secret: x}, C2 {Plan: Silver}, `gold-eu`
{Plan: Gold, Region: EU}, `us-only` {Region: US}; C3, C4, C6 have none.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore


def contact(contact_id: str, hour: int, attributes: dict[str, str]) -> dict[str, Any]:
    return {
        "Id": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(hour),
        "Attributes": attributes,
    }


EXTRA = [
    contact("gold-eu", 15, {"Plan": "Gold", "Region": "EU"}),
    contact("us-only", 16, {"Region": "US"}),
]
EVERY = {"C1", "C2", "C3", "C4", "C6", "gold-eu", "us-only"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, criteria: list[dict[str, Any]], match_type: str | None = None) -> set[str]:
    attributes: dict[str, Any] = {"Criteria": criteria}
    if match_type is not None:
        attributes["MatchType"] = match_type
    request = base_request(SearchCriteria={"SearchableContactAttributes": attributes})
    response = client.search_contacts(**request)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


def key(name: str, *values: str) -> dict[str, Any]:
    return {"Key": name, "Values": list(values)}


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        pytest.param([key("Plan", "Gold")], {"C1", "gold-eu"}, id="one-value"),
        pytest.param([key("Plan", "Gold", "Silver")], {"C1", "C2", "gold-eu"}, id="values-ored"),
        pytest.param([key("Plan", "Bronze")], set(), id="value-nobody-has"),
        pytest.param([key("Plan", "gold")], set(), id="values-are-case-sensitive"),
        pytest.param([key("plan", "Gold")], set(), id="keys-are-case-sensitive"),
        pytest.param([key("Plan")], {"C1", "C2", "gold-eu"}, id="no-values-means-key-present"),
        pytest.param([key("Secret", "x")], {"C1"}, id="every-key-searchable-by-default"),
        pytest.param([], EVERY, id="empty-criteria-is-no-filter"),
    ],
)
def test_one_key_matches_any_of_its_values(
    contacts: ContactStore, client: Any, criteria: list[dict[str, Any]], expected: set[str]
) -> None:
    """A contact matches a key when it has the key with one of the Values."""
    assert found(client, criteria) == expected


GOLD_OR_EU = [key("Plan", "Gold"), key("Region", "EU")]
SILVER_OR_US = [key("Plan", "Silver"), key("Region", "US")]


@pytest.mark.parametrize(
    ("criteria", "match_type", "expected"),
    [
        pytest.param(GOLD_OR_EU, "MATCH_ALL", {"gold-eu"}, id="all-keys"),
        pytest.param(GOLD_OR_EU, None, {"gold-eu"}, id="omitted-means-all"),
        pytest.param(GOLD_OR_EU, "MATCH_EXACT", {"gold-eu"}, id="exact-as-all"),
        pytest.param(SILVER_OR_US, "MATCH_ALL", set(), id="all-keys-no-contact"),
        pytest.param(SILVER_OR_US, "MATCH_ANY", {"C2", "us-only"}, id="any-key"),
        pytest.param(GOLD_OR_EU, "MATCH_ANY", {"C1", "gold-eu"}, id="any-key-overlapping"),
        pytest.param([key("Plan", "Gold")], "MATCH_NONE", {"C2"}, id="none-skips-lacking-key"),
        pytest.param(
            [key("Plan", "Silver")], "MATCH_NONE", {"C1", "gold-eu"}, id="none-of-one-value"
        ),
        pytest.param(SILVER_OR_US, "MATCH_NONE", {"gold-eu"}, id="none-needs-every-key"),
    ],
)
def test_keys_combine_by_match_type(
    contacts: ContactStore,
    client: Any,
    criteria: list[dict[str, Any]],
    match_type: str | None,
    expected: set[str],
) -> None:
    """Several keys: ALL every key matches, ANY one, NONE none (lacking a key excludes)."""
    assert found(client, criteria, match_type) == expected


@pytest.mark.connect_contacts(searchable_attributes=["Plan"])
@pytest.mark.parametrize(
    ("criteria", "match_type", "expected"),
    [
        pytest.param([key("Plan", "Gold")], None, {"C1", "gold-eu"}, id="declared-key"),
        pytest.param([key("Secret", "x")], None, set(), id="undeclared-key-matches-nothing"),
        pytest.param([key("Region")], None, set(), id="undeclared-key-is-never-present"),
        pytest.param(GOLD_OR_EU, "MATCH_ANY", {"C1", "gold-eu"}, id="any-with-undeclared-key"),
        pytest.param(GOLD_OR_EU, "MATCH_ALL", set(), id="all-with-undeclared-key"),
        pytest.param([key("Secret", "y")], "MATCH_NONE", set(), id="none-of-undeclared-key"),
    ],
)
def test_only_declared_keys_are_searchable(
    contacts: ContactStore,
    client: Any,
    criteria: list[dict[str, Any]],
    match_type: str | None,
    expected: set[str],
) -> None:
    """With searchable_attributes=["Plan"], other keys match nothing, without an error."""
    assert found(client, criteria, match_type) == expected


@pytest.mark.connect_contacts(searchable_attributes=[])
def test_no_declared_key_makes_every_attribute_search_empty(
    contacts: ContactStore, client: Any
) -> None:
    """With searchable_attributes=[], even the Plan attribute finds nothing."""
    assert found(client, [key("Plan", "Gold", "Silver")]) == set()
