"""SearchCriteria.ContactAnalysis.Transcript: words and phrases in the Contact Lens transcript.

Each criterion searches one participant's turns; its MatchType combines its SearchText items,
the outer MatchType combines the criteria (ALL when omitted). Each item is a phrase: lower-cased
words, consecutive and in order, inside one turn. Contacts without a transcript never match,
MATCH_NONE included. Besides C1 and C2 of section 10, `multi` has several roles and split
turns, and `silent` was analysed but nobody spoke.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore


def turn(role: str, content: str) -> dict[str, str]:
    return {"ParticipantRole": role, "Content": content}


EXTRA = [
    {
        "Id": "multi",
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15),
        "Transcript": [
            turn("SYSTEM", "Please hold."),
            turn("AGENT", "Thank you"),
            turn("AGENT", "for your business, goodbye!"),
            turn("CUSTOM_BOT", "Your order #123 has shipped"),
            turn("SUPERVISOR", "Coaching: offer a refund"),
        ],
    },
    {
        "Id": "silent",
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(16),
        "Transcript": [],
    },
]
ANALYSED = {"C1", "C2", "multi", "silent"}
EVERY = {"C1", "C2", "C3", "C4", "C6", "multi", "silent"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def criterion(role: str, texts: list[str], match_type: str = "MATCH_ANY") -> dict[str, Any]:
    return {"ParticipantRole": role, "SearchText": texts, "MatchType": match_type}


def found(client: Any, criteria: list[dict[str, Any]], outer: str | None = None) -> set[str]:
    transcript: dict[str, Any] = {"Criteria": criteria}
    if outer is not None:
        transcript["MatchType"] = outer
    request = base_request(SearchCriteria={"ContactAnalysis": {"Transcript": transcript}})
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("role", "texts", "match_type", "expected"),
    [
        pytest.param("CUSTOMER", ["cancel"], "MATCH_ANY", {"C1"}, id="any-one-word"),
        pytest.param("CUSTOMER", ["CaNcEl"], "MATCH_ANY", {"C1"}, id="case-insensitive"),
        pytest.param(
            "CUSTOMER", ["cancel", "hello"], "MATCH_ANY", {"C1", "C2"}, id="any-of-two-words"
        ),
        pytest.param("CUSTOMER", ["cancel", "flight"], "MATCH_ALL", {"C1"}, id="all-words-said"),
        pytest.param("CUSTOMER", ["cancel", "hello"], "MATCH_ALL", set(), id="all-not-all-said"),
        pytest.param(
            "CUSTOMER", ["cancel"], "MATCH_NONE", {"C2", "multi", "silent"}, id="none-of-a-word"
        ),
        pytest.param(
            "CUSTOMER", ["cancel", "hello"], "MATCH_NONE", {"multi", "silent"}, id="none-of-two"
        ),
        pytest.param("CUSTOMER", ["cancel", "flight"], "MATCH_EXACT", {"C1"}, id="exact-as-all"),
        pytest.param("CUSTOMER", ["cancel", "hello"], "MATCH_EXACT", set(), id="exact-not-all"),
        pytest.param("AGENT", ["cancel"], "MATCH_ANY", set(), id="other-role-not-searched"),
        pytest.param("SYSTEM", ["please hold"], "MATCH_ANY", {"multi"}, id="system-role"),
        pytest.param("CUSTOM_BOT", ["order 123"], "MATCH_ANY", {"multi"}, id="custom-bot-role"),
        pytest.param("SUPERVISOR", ["refund"], "MATCH_ANY", {"multi"}, id="supervisor-role"),
    ],
)
def test_criterion_match_type_combines_its_search_texts(
    contacts: ContactStore,
    client: Any,
    role: str,
    texts: list[str],
    match_type: str,
    expected: set[str],
) -> None:
    """Within one criterion: ALL every item, ANY one, NONE no item, EXACT as ALL."""
    assert found(client, [criterion(role, texts, match_type)]) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(["thank you for your business"], {"C1"}, id="whole-phrase-in-one-turn"),
        pytest.param(["THANK YOU for your BUSINESS"], {"C1"}, id="phrase-case-insensitive"),
        pytest.param(["business your thank"], set(), id="words-out-of-order"),
        pytest.param(["thank business"], set(), id="words-not-consecutive"),
        pytest.param(["you for"], {"C1"}, id="phrase-does-not-span-two-turns"),
        pytest.param(["business"], {"C1", "multi"}, id="punctuation-is-dropped"),
        pytest.param(["business!!"], {"C1", "multi"}, id="punctuation-in-query-is-dropped"),
        pytest.param(["busi"], set(), id="whole-words-only"),
        pytest.param(["busi*"], set(), id="asterisk-is-not-a-wildcard"),
    ],
)
def test_search_text_is_a_phrase_of_whole_words(
    contacts: ContactStore, client: Any, texts: list[str], expected: set[str]
) -> None:
    """An item matches its words consecutively, in order, ignoring case and punctuation."""
    assert found(client, [criterion("AGENT", texts)]) == expected


TWO = [criterion("AGENT", ["cancel"]), criterion("CUSTOMER", ["hello"])]


@pytest.mark.parametrize(
    ("outer", "expected"),
    [
        pytest.param("MATCH_ANY", {"C2"}, id="any-criterion"),
        pytest.param("MATCH_ALL", set(), id="all-criteria"),
        pytest.param(None, set(), id="omitted-means-all"),
        pytest.param("MATCH_EXACT", set(), id="exact-as-all"),
        pytest.param("MATCH_NONE", {"C1", "multi", "silent"}, id="no-criterion"),
    ],
)
def test_outer_match_type_combines_the_criteria(
    contacts: ContactStore, client: Any, outer: str | None, expected: set[str]
) -> None:
    """[AGENT said cancel, CUSTOMER said hello] combined by the Transcript's MatchType."""
    assert found(client, TWO, outer) == expected


@pytest.mark.parametrize(
    ("criteria", "outer", "expected"),
    [
        pytest.param(
            [criterion("AGENT", ["thank you"]), criterion("CUSTOMER", ["cancel"])],
            "MATCH_ALL",
            {"C1"},
            id="all-different-roles",
        ),
        pytest.param(
            [criterion("AGENT", ["goodbye"]), criterion("CUSTOMER", ["hello"])],
            "MATCH_ANY",
            {"C2", "multi"},
            id="any-different-roles",
        ),
    ],
)
def test_criteria_on_different_roles(
    contacts: ContactStore,
    client: Any,
    criteria: list[dict[str, Any]],
    outer: str,
    expected: set[str],
) -> None:
    """Each criterion reads only its own participant's turns."""
    assert found(client, criteria, outer) == expected


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        pytest.param("MATCH_NONE", None, id="criterion-match-none"),
        pytest.param("MATCH_ANY", "MATCH_NONE", id="transcript-match-none"),
    ],
)
def test_match_none_returns_only_analysed_contacts(
    contacts: ContactStore, client: Any, inner: str, outer: str | None
) -> None:
    """Nobody said `zebra`, yet MATCH_NONE leaves out C3, C4, C6, which have no transcript."""
    assert found(client, [criterion("CUSTOMER", ["zebra"], inner)], outer) == ANALYSED


def test_empty_criteria_list_is_no_filter(contacts: ContactStore, client: Any) -> None:
    """Transcript with no criteria filters nothing."""
    assert found(client, []) == EVERY
