"""SearchCriteria.SearchableSegmentAttributes: the contact's segment attributes.

Same combination rules as contact attributes (Values of one key ORed, keys by MatchType, ALL
when omitted, EXACT as ALL, NONE leaves out contacts lacking a tested key); values compare with
`ValueString`, or with a scalar `ValueInteger` written as text. Segments: C1 connect:Subtype
Telephony, C2 Chat, `webrtc` Subtype WebRTC + Direction INBOUND, `priority` Priority 5 (an
integer) + a connect:ContactExpiry map; C3, C4, C6 have none.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore

EXTRA = [
    {
        "Id": "webrtc",
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15),
        "SegmentAttributes": {
            "connect:Subtype": {"ValueString": "connect:WebRTC"},
            "connect:Direction": {"ValueString": "INBOUND"},
        },
    },
    {
        "Id": "priority",
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": at(16),
        "SegmentAttributes": {
            "Priority": {"ValueInteger": 5},
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 1440}}},
        },
    },
]


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, criteria: list[dict[str, Any]], match_type: str | None = None) -> set[str]:
    segments: dict[str, Any] = {"Criteria": criteria}
    if match_type is not None:
        segments["MatchType"] = match_type
    request = base_request(SearchCriteria={"SearchableSegmentAttributes": segments})
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


def key(name: str, *values: str) -> dict[str, Any]:
    return {"Key": name, "Values": list(values)}


SUBTYPE = "connect:Subtype"


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        pytest.param([key(SUBTYPE, "connect:Chat")], {"C2"}, id="one-value"),
        pytest.param(
            [key(SUBTYPE, "connect:Chat", "connect:Telephony")], {"C1", "C2"}, id="values-ored"
        ),
        pytest.param([key(SUBTYPE, "connect:chat")], set(), id="values-are-case-sensitive"),
        pytest.param([key("connect:subtype", "connect:Chat")], set(), id="keys-case-sensitive"),
        pytest.param([key(SUBTYPE, "connect:SMS")], set(), id="value-nobody-has"),
        pytest.param([key("Priority", "5")], {"priority"}, id="integer-value-as-text"),
        pytest.param([key("Priority", "05")], set(), id="integer-text-compares-exactly"),
        pytest.param([key("connect:ContactExpiry", "1440")], set(), id="map-value-never-matches"),
    ],
)
def test_one_key_matches_any_of_its_values(
    contacts: ContactStore, client: Any, criteria: list[dict[str, Any]], expected: set[str]
) -> None:
    """A contact matches a key when its segment attribute has one of the Values."""
    assert found(client, criteria) == expected


WEBRTC_INBOUND = [key(SUBTYPE, "connect:WebRTC"), key("connect:Direction", "INBOUND")]
CHAT_OR_INBOUND = [key(SUBTYPE, "connect:Chat"), key("connect:Direction", "INBOUND")]


@pytest.mark.parametrize(
    ("criteria", "match_type", "expected"),
    [
        pytest.param(WEBRTC_INBOUND, "MATCH_ALL", {"webrtc"}, id="all-keys"),
        pytest.param(WEBRTC_INBOUND, None, {"webrtc"}, id="omitted-means-all"),
        pytest.param(WEBRTC_INBOUND, "MATCH_EXACT", {"webrtc"}, id="exact-as-all"),
        pytest.param(CHAT_OR_INBOUND, "MATCH_ALL", set(), id="all-keys-no-contact"),
        pytest.param(CHAT_OR_INBOUND, "MATCH_ANY", {"C2", "webrtc"}, id="any-key"),
        pytest.param(
            [key(SUBTYPE, "connect:Chat")], "MATCH_NONE", {"C1", "webrtc"}, id="none-skips-lacking"
        ),
        pytest.param(
            [key(SUBTYPE, "connect:Chat"), key("Priority", "7")],
            "MATCH_NONE",
            set(),
            id="none-needs-every-key",
        ),
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
def test_searchable_attributes_option_leaves_segment_attributes_searchable(
    contacts: ContactStore, client: Any
) -> None:
    """Declaring searchable contact-attribute keys does not restrict segment attributes."""
    assert found(client, [key(SUBTYPE, "connect:Chat")]) == {"C2"}
