"""SearchCriteria.ContactTags: conditions on the contact's tags.

A TagCondition holds when the contact has the tag with exactly that value (key only: the tag is
present); AndConditions: all hold; OrConditions: some inner list holds entirely; the members
given are ANDed; none given (or empty lists) is no filter. Tags: C1 {Dept: Sales}, C3 {Dept:
Support}, `sales-bpo` {Dept: Sales, BPO: 123}, `bpo-only` {BPO: 456}; C2, C4, C6 are untagged.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore


def tagged(contact_id: str, hour: int, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "Id": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(hour),
        "Tags": tags,
    }


EXTRA = [
    tagged("sales-bpo", 15, {"Dept": "Sales", "BPO": "123"}),
    tagged("bpo-only", 16, {"BPO": "456"}),
]
EVERY = {"C1", "C2", "C3", "C4", "C6", "sales-bpo", "bpo-only"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, tags: dict[str, Any]) -> set[str]:
    response = client.search_contacts(**base_request(SearchCriteria={"ContactTags": tags}))
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


def tag(key: str, value: str | None = None) -> dict[str, str]:
    return {"TagKey": key} if value is None else {"TagKey": key, "TagValue": value}


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        pytest.param({"TagCondition": tag("Dept", "Sales")}, {"C1", "sales-bpo"}, id="key-value"),
        pytest.param({"TagCondition": tag("Dept", "sales")}, set(), id="values-case-sensitive"),
        pytest.param({"TagCondition": tag("dept", "Sales")}, set(), id="keys-case-sensitive"),
        pytest.param({"TagCondition": tag("BPO")}, {"sales-bpo", "bpo-only"}, id="key-only"),
        pytest.param({"TagCondition": tag("Team")}, set(), id="tag-nobody-has"),
        pytest.param(
            {"AndConditions": [tag("Dept", "Sales"), tag("BPO", "123")]},
            {"sales-bpo"},
            id="and-all-hold",
        ),
        pytest.param(
            {"AndConditions": [tag("Dept", "Sales"), tag("Dept", "Support")]},
            set(),
            id="and-contradiction",
        ),
        pytest.param(
            {"OrConditions": [[tag("Dept", "Sales")], [tag("Dept", "Support")]]},
            {"C1", "C3", "sales-bpo"},
            id="or-of-single-conditions",
        ),
        pytest.param(
            {"OrConditions": [[tag("Dept", "Sales"), tag("BPO", "123")], [tag("BPO", "456")]]},
            {"sales-bpo", "bpo-only"},
            id="or-of-and-lists",
        ),
        pytest.param(
            {
                "TagCondition": tag("Dept", "Sales"),
                "OrConditions": [[tag("BPO", "123")], [tag("BPO", "456")]],
            },
            {"sales-bpo"},
            id="members-are-anded",
        ),
        pytest.param({}, EVERY, id="no-condition-is-no-filter"),
        pytest.param(
            {"AndConditions": [], "OrConditions": []}, EVERY, id="empty-lists-are-no-filter"
        ),
    ],
)
def test_tag_conditions(
    contacts: ContactStore, client: Any, tags: dict[str, Any], expected: set[str]
) -> None:
    """ContactTags conditions over tagged and untagged contacts."""
    assert found(client, tags) == expected
