"""Transcript and Name text is analysed as Contact Lens search analyses it: the OpenSearch
`standard` analyzer (spec 3.5).

Tokens follow the word boundaries of Unicode Standard Annex #29 and are lower-cased: a word
keeps inner apostrophes and periods (`it’s`, `example.com`), a number its inner periods and
commas (`3.5`, `1,000`); hyphens, `@` and other punctuation split and disappear; each Han
ideograph and Hiragana character is a token of its own, Katakana and Hangul words stay whole;
a Thai run is one token and an emoji is a token, as Lucene's StandardTokenizer gives them.
Each `SearchText` item is analysed the same way and must occur as consecutive whole tokens.
Every case runs twice: against a customer's transcript turn and against the contact's Name,
each contact holding the same sentence in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

SENTENCES = {
    "opensearch": "It’s fun to contribute a brand-new PR or 2 to OpenSearch!",
    "japanese": "明日はタクシーで東京駅に行きたいです。",
    "chinese": "我明天想去北京站看看。",
    "korean": "한국어 단어를 배워요",
    "thai": "ภาษาไทย ง่าย",
    "contraction": "I don't think it’s ready",
    "numbers": "The rate is 3.5 percent on 1,000 dollars",
    "dotted": "Visit Example.com or U.S.A. sites",
    "email": "Write to John@Example.com please",
    "hyphen": "A state-of-the-art, brand-new plan",
    "emoji": "Thanks 👋 see you",
}
SAID = set(SENTENCES)
#: Contacts without the text searched: no transcript and no name.
SILENT = {"plain"}
EVERY = SAID | SILENT


def _contact(number: int, key: str, sentence: str) -> dict[str, Any]:
    return {
        "Id": key,
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(10, number),
        "Name": sentence,
        "Transcript": [
            {"ParticipantRole": "AGENT", "Content": "How can I help?"},
            {"ParticipantRole": "CUSTOMER", "Content": sentence},
        ],
    }


CONTACTS = [
    *(_contact(number, key, sentence) for number, (key, sentence) in enumerate(SENTENCES.items())),
    {
        "Id": "plain",
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(11),
    },
]


@pytest.fixture
def contacts(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    connect_contacts.add_many(CONTACTS, instance_id=I1)
    with freeze_time(NOW):
        yield connect_contacts


def _criteria(where: str, texts: list[str], match_type: str) -> dict[str, Any]:
    if where == "name":
        return {"Name": {"SearchText": texts, "MatchType": match_type}}
    criterion = {"ParticipantRole": "CUSTOMER", "SearchText": texts, "MatchType": match_type}
    return {"ContactAnalysis": {"Transcript": {"Criteria": [criterion]}}}


def found(client: Any, where: str, texts: list[str], match_type: str = "MATCH_ANY") -> set[str]:
    request = base_request(SearchCriteria=_criteria(where, texts, match_type))
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


WHERE = pytest.mark.parametrize("where", ["transcript", "name"])

#: The OpenSearch documentation's example, and the tokens it lists for it.
OPENSEARCH_TOKENS = ["it’s", "fun", "to", "contribute", "a", "brand", "new", "pr", "or", "2"]
OPENSEARCH_TOKENS += ["to", "opensearch"]


@WHERE
@pytest.mark.parametrize("token", sorted(set(OPENSEARCH_TOKENS)))
def test_each_token_of_the_opensearch_example_is_found(
    contacts: ContactStore, client: Any, where: str, token: str
) -> None:
    """Every token the docs list for the example finds it (and `to`, `a`, `2` only it)."""
    assert "opensearch" in found(client, where, [token])


@WHERE
def test_the_opensearch_example_is_exactly_its_listed_tokens(
    contacts: ContactStore, client: Any, where: str
) -> None:
    """The listed tokens, as one phrase, are the whole sentence: none is missing or extra."""
    assert found(client, where, [" ".join(OPENSEARCH_TOKENS)]) == {"opensearch"}
    assert found(client, where, [" ".join(OPENSEARCH_TOKENS[1:])]) == {"opensearch"}
    assert found(client, where, [" ".join(OPENSEARCH_TOKENS[:-1])]) == {"opensearch"}


@WHERE
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("IT’S FUN", {"opensearch"}, id="lower-cased"),
        pytest.param("brand-new pr", {"opensearch"}, id="searched-hyphen-splits-too"),
        pytest.param("opensearch!", {"opensearch"}, id="punctuation-disappears"),
        pytest.param("it", set(), id="apostrophe-word-is-one-token"),
        pytest.param("s fun", set(), id="no-token-after-the-apostrophe"),
        pytest.param("it's", set(), id="apostrophes-are-not-folded"),
        pytest.param("brandnew", set(), id="hyphen-parts-are-not-joined"),
        pytest.param("pr 2", set(), id="phrase-tokens-must-be-consecutive"),
        pytest.param("opensearch to", set(), id="phrase-order-counts"),
    ],
)
def test_the_opensearch_example(
    contacts: ContactStore, client: Any, where: str, text: str, expected: set[str]
) -> None:
    """The example sentence is found only through its tokens, whole, in order."""
    assert found(client, where, [text]) == expected


CASES = [
    # Japanese: one token per ideograph and Hiragana character, Katakana words whole.
    pytest.param("東京", {"japanese"}, id="japanese-ideographs-inside-a-sentence"),
    pytest.param("東京駅に行きたい", {"japanese"}, id="japanese-phrase-across-scripts"),
    pytest.param("京", {"japanese", "chinese"}, id="one-ideograph-is-a-token"),
    pytest.param("きた", {"japanese"}, id="hiragana-characters-are-tokens"),
    pytest.param("タクシー", {"japanese"}, id="katakana-word-is-one-token"),
    pytest.param("タク", set(), id="katakana-word-is-not-split"),
    pytest.param("駅東京", set(), id="japanese-order-counts"),
    pytest.param("大阪", set(), id="japanese-absent"),
    # Chinese: one token per ideograph.
    pytest.param("北京", {"chinese"}, id="chinese-ideographs-inside-a-sentence"),
    pytest.param("北京站", {"chinese"}, id="chinese-three-ideographs"),
    pytest.param("京北", set(), id="chinese-order-counts"),
    pytest.param("南京", set(), id="chinese-absent"),
    # Hangul words stay whole; a South-East Asian run is one token, as Lucene keeps it.
    pytest.param("한국어", {"korean"}, id="hangul-word-whole"),
    pytest.param("한국", set(), id="hangul-word-not-split"),
    pytest.param("ภาษาไทย", {"thai"}, id="thai-run-whole"),
    pytest.param("ไทย", set(), id="thai-run-not-split"),
    # Contractions are one token.
    pytest.param("don't", {"contraction"}, id="contraction-whole"),
    pytest.param("DON'T think", {"contraction"}, id="contraction-in-a-phrase"),
    pytest.param("don", set(), id="contraction-not-split-before"),
    pytest.param("t", set(), id="contraction-not-split-after"),
    pytest.param("it’s ready", {"contraction"}, id="curly-apostrophe-contraction"),
    pytest.param("s", set(), id="curly-apostrophe-not-split"),
    # Decimals and digit groups are one token.
    pytest.param("3.5", {"numbers"}, id="decimal-whole"),
    pytest.param("3.5 percent", {"numbers"}, id="decimal-in-a-phrase"),
    pytest.param("3", set(), id="decimal-integer-part-alone"),
    pytest.param("5", set(), id="decimal-fraction-alone"),
    pytest.param("1,000", {"numbers"}, id="thousands-whole"),
    pytest.param("1", set(), id="thousands-not-split-before"),
    pytest.param("000", set(), id="thousands-not-split-after"),
    # Dotted names are one token; a trailing period is not part of it.
    pytest.param("example.com", {"dotted", "email"}, id="dotted-name-whole"),
    pytest.param("EXAMPLE.COM", {"dotted", "email"}, id="dotted-name-any-case"),
    pytest.param("example", set(), id="dotted-name-not-split-before"),
    pytest.param("com", set(), id="dotted-name-not-split-after"),
    pytest.param("u.s.a", {"dotted"}, id="abbreviation-without-its-last-period"),
    pytest.param("u.s.a. sites", {"dotted"}, id="abbreviation-in-a-phrase"),
    pytest.param("usa", set(), id="abbreviation-not-joined"),
    # E-mail addresses split at @ only.
    pytest.param("john", {"email"}, id="email-local-part"),
    pytest.param("john example.com", {"email"}, id="email-parts-consecutive"),
    pytest.param("john@example.com", {"email"}, id="email-searched-as-typed"),
    pytest.param("to john", {"email"}, id="email-inside-a-sentence"),
    # Hyphens split and disappear.
    pytest.param("state", {"hyphen"}, id="hyphen-first-part"),
    pytest.param("of the art", {"hyphen"}, id="hyphen-inner-parts"),
    pytest.param("state-of-the-art", {"hyphen"}, id="hyphenated-searched-as-typed"),
    pytest.param("art brand", {"hyphen"}, id="comma-between-words-disappears"),
    pytest.param("stateoftheart", set(), id="hyphen-parts-not-joined"),
    # An emoji is a token of its own (Lucene's <EMOJI> type); other symbols are not.
    pytest.param("👋", {"emoji"}, id="emoji-is-a-token"),
    pytest.param("thanks 👋 see", {"emoji"}, id="emoji-in-a-phrase"),
    pytest.param("thanks see", set(), id="emoji-is-not-skipped"),
]


@WHERE
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_tokenising(
    contacts: ContactStore, client: Any, where: str, text: str, expected: set[str]
) -> None:
    """A SearchText item finds the texts holding its tokens consecutively and whole."""
    assert found(client, where, [text]) == expected


@WHERE
@pytest.mark.parametrize(
    ("match_type", "expected"),
    [
        pytest.param("MATCH_ANY", set(), id="any"),
        pytest.param("MATCH_ALL", set(), id="all"),
        pytest.param("MATCH_NONE", SAID, id="none"),
    ],
)
def test_text_without_tokens_occurs_nowhere(
    contacts: ContactStore, client: Any, where: str, match_type: str, expected: set[str]
) -> None:
    """Only punctuation and symbols: no tokens, so it is never found; NONE keeps every contact
    that has the text (contacts without it are excluded, as always under NONE)."""
    assert found(client, where, ["?! * -"], match_type) == expected


@WHERE
@pytest.mark.parametrize("match_type", ["MATCH_ALL", "MATCH_ANY", "MATCH_NONE"])
def test_empty_search_text_filters_nothing(
    contacts: ContactStore, client: Any, where: str, match_type: str
) -> None:
    """`SearchText: []` filters nothing under any MatchType, contacts without the text
    included (as every empty list of the request)."""
    assert found(client, where, [], match_type) == EVERY


def test_empty_name_search_text_filters_nothing_under_exact(
    contacts: ContactStore, client: Any
) -> None:
    """Under MATCH_EXACT too."""
    assert found(client, "name", [], "MATCH_EXACT") == EVERY


@pytest.mark.parametrize(
    ("outer", "expected"),
    [
        pytest.param("MATCH_ALL", {"email"}, id="all"),
        pytest.param("MATCH_ANY", {"email"}, id="any"),
        pytest.param("MATCH_NONE", SAID - {"email"}, id="none"),
    ],
)
def test_transcript_criterion_with_empty_search_text_is_left_out(
    contacts: ContactStore, client: Any, outer: str, expected: set[str]
) -> None:
    """Beside another criterion, the empty one takes no part in the outer MatchType."""
    criteria = [
        {"ParticipantRole": "AGENT", "SearchText": [], "MatchType": "MATCH_ALL"},
        {"ParticipantRole": "CUSTOMER", "SearchText": ["john"], "MatchType": "MATCH_ANY"},
    ]
    transcript = {"Criteria": criteria, "MatchType": outer}
    request = base_request(SearchCriteria={"ContactAnalysis": {"Transcript": transcript}})
    assert set(names(client.search_contacts(**request))) == expected
