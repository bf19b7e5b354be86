"""SearchCriteria.Name: the SearchText items against the contact's name.

ALL: the name contains every item; ANY: at least one; NONE: none (unnamed contacts excluded);
EXACT: the name equals one item, ignoring case and runs of whitespace. Items are phrases of
whole words, matched without regard to case or punctuation. Named contacts: C3 "Refund order
123", C4 "Customer Inquiry" and `reply` "Re: order #123 - refund requested".
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore

EXTRA = [
    {
        "Id": "reply",
        "Channel": "EMAIL",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15),
        "Name": "Re: order #123 - refund requested",
    }
]
EVERY = {"C1", "C2", "C3", "C4", "C6", "reply"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, texts: list[str], match_type: str) -> set[str]:
    criteria = {"Name": {"SearchText": texts, "MatchType": match_type}}
    response = client.search_contacts(**base_request(SearchCriteria=criteria))
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("texts", "match_type", "expected"),
    [
        pytest.param(["refund"], "MATCH_ANY", {"C3", "reply"}, id="any-one-word"),
        pytest.param(["REFUND"], "MATCH_ANY", {"C3", "reply"}, id="any-case-insensitive"),
        pytest.param(
            ["refund", "inquiry"], "MATCH_ANY", {"C3", "C4", "reply"}, id="any-of-two-words"
        ),
        pytest.param(["order 123"], "MATCH_ANY", {"C3", "reply"}, id="phrase-ignores-punctuation"),
        pytest.param(["123 order"], "MATCH_ANY", set(), id="phrase-word-order-counts"),
        pytest.param(["inq"], "MATCH_ANY", set(), id="whole-words-only"),
        pytest.param(["refund", "order"], "MATCH_ALL", {"C3", "reply"}, id="all-words"),
        pytest.param(["refund", "requested"], "MATCH_ALL", {"reply"}, id="all-narrows"),
        pytest.param(["refund", "inquiry"], "MATCH_ALL", set(), id="all-in-no-single-name"),
        pytest.param(["refund"], "MATCH_NONE", {"C4"}, id="none-excludes-unnamed"),
        pytest.param(["zebra"], "MATCH_NONE", {"C3", "C4", "reply"}, id="none-of-absent-word"),
        pytest.param(["refund", "customer"], "MATCH_NONE", set(), id="none-of-two-words"),
        pytest.param(["customer inquiry"], "MATCH_EXACT", {"C4"}, id="exact-whole-name"),
        pytest.param(["  CUSTOMER\tinquiry "], "MATCH_EXACT", {"C4"}, id="exact-normalises"),
        pytest.param(["customer"], "MATCH_EXACT", set(), id="exact-not-a-part"),
        pytest.param(
            ["refund order 123", "customer inquiry"],
            "MATCH_EXACT",
            {"C3", "C4"},
            id="exact-equals-any-item",
        ),
    ],
)
def test_name_matches_by_match_type(
    contacts: ContactStore, client: Any, texts: list[str], match_type: str, expected: set[str]
) -> None:
    """The Name criterion with each MatchType, over named and unnamed contacts."""
    assert found(client, texts, match_type) == expected
