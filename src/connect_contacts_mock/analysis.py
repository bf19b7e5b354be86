"""Text as Contact Lens search sees it: the OpenSearch `standard` analyzer.

That analyzer is Lucene's `StandardTokenizer` (the word boundaries of Unicode Standard Annex
#29) followed by lower-casing. The boundaries come from the `regex` package's Unicode word
segmentation; of the segments, the tokens are those Lucene emits:

* words and numbers: a word keeps its inner apostrophes, periods and underscores (`it's`,
  `example.com`, `snake_case`), a number its inner periods and commas (`3.5`, `1,000`); hyphens,
  `@`, `/`, other punctuation and spaces end a token and are dropped;
* each Han ideograph and each Hiragana character alone (`東京駅に` is `東 京 駅 に`); Katakana
  runs and Hangul words whole;
* a run of South-East Asian letters (Thai, Lao, Khmer, Myanmar) whole: Lucene keeps them
  together rather than guess their word breaks without a dictionary;
* an emoji sequence (with its modifiers and joiners, or a flag) as one token, as Lucene does.

Analysed text is kept as its tokens joined by single spaces (a token never holds a space or a
line break), so a phrase is found with one substring test: its `needle` in the text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

# A token starts at a word boundary with a letter, digit, mark, connector or emoji, and runs to
# the next boundary; a South-East Asian run (no boundaries of its own worth keeping) is tried
# first. `(?V1w)`: Unicode word boundaries for `\b`.
_SEGMENT_PATTERN = (
    r"(?V1w)\p{Line_Break=Complex_Context}"
    r"[\p{Line_Break=Complex_Context}\p{Word_Break=Extend}\p{Word_Break=Format}\p{Word_Break=ZWJ}]*"
    r"|\b[\w\p{Extended_Pictographic}\p{Regional_Indicator}].*?\b"
)
# Underscores alone (`_`, `__`) are a segment of their own but no token.
_CONNECTORS_ONLY_PATTERN = r"\p{Pc}+"


@functools.cache
def _compiled() -> tuple[Any, Any]:
    """The two patterns, compiled on first use: `regex` takes longer to import than the whole
    rest of the package, and a test that searches no text never needs it."""
    import regex

    return (
        regex.compile(_SEGMENT_PATTERN, regex.DOTALL),
        regex.compile(_CONNECTORS_ONLY_PATTERN),
    )


def tokens(text: str) -> str:
    """`text` as the search analyser sees it: its lower-case tokens joined by single spaces."""
    segment, connectors = _compiled()
    connectors_only = connectors.fullmatch
    return " ".join(token for token in segment.findall(text.lower()) if not connectors_only(token))


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whether the analysed `phrase` occurs in the analysed `haystack` as consecutive whole
    tokens. A phrase without tokens (only punctuation, say) occurs nowhere."""
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def needle(phrase: str) -> str | None:
    """What an analysed `phrase` is looked for as in analysed text (see `by_participant`);
    None for a phrase without tokens, which occurs nowhere."""
    return f" {phrase} " if phrase else None


def by_participant(turns: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Analysed transcript turns, `(ParticipantRole, tokens)`, as one text per role: each turn
    between spaces and ended by a line break, so a `needle` is found inside one turn only."""
    said: dict[str, list[str]] = {}
    for role, analysed in turns:
        said.setdefault(role, []).append(f" {analysed} \n")
    return {role: "".join(parts) for role, parts in said.items()}
