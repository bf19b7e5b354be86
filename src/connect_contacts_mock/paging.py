"""NextToken: opaque, bound to its query, new on every page, refused when garbled or expired.

A token carries the query's fingerprint (InstanceId, TimeRange, SearchCriteria and Sort, not
MaxResults, so callers may change the page size between pages), how far the walk has come, the
time it was issued and, for a keyset walk, the sort value and Id of the last contact returned (so
the next page resumes after that contact, whatever was added or changed meanwhile). It is signed
so a garbled one is caught.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._clock import now_ms
from .errors import ServiceError, invalid_parameter

TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000
_SECRET = os.urandom(16)
#: Encoders built once (json.dumps with options builds one per call).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


#: The members that identify a SearchContacts query across pages.
SEARCH_QUERY = ("InstanceId", "TimeRange", "SearchCriteria", "Sort")


def fingerprint(params: dict[str, Any], members: tuple[str, ...] = SEARCH_QUERY) -> str:
    """What identifies a query across pages: the request's `members` (those that must stay
    the same while paging; not the page size or the token)."""
    query = {name: params.get(name) for name in members}
    canonical = _CANONICAL.encode(query)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:24]


#: Where a keyset walk resumes: the sort value (epoch milliseconds, a string or None when the
#: contact lacks the sorted field) and the Id of the last contact returned.
Cursor = tuple[int | str | None, str]


@dataclass(frozen=True)
class PageToken:
    query: str
    #: The next page's offset; in a keyset walk, how many results the walk has returned.
    offset: int
    issued_ms: int
    after: Cursor | None = None


def _sign(payload: bytes) -> str:
    digest = hmac.digest(_SECRET, payload, "sha256")[:12]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def encode(token: PageToken) -> str:
    # The JSON array [query, offset, issued_ms(, value, id)]: the query is a hex digest made here
    # (`fingerprint`), so nothing needs escaping.
    payload = f'["{token.query}",{token.offset:d},{token.issued_ms:d}'
    if token.after is None:
        payload += "]"
    else:
        value, contact_id = token.after
        payload += f",{_CANONICAL.encode(value)},{_CANONICAL.encode(contact_id)}]"
    data = payload.encode("ascii")
    body = base64.urlsafe_b64encode(data).decode("ascii")
    return f"{body}.{_sign(data)}"


def decode(
    text: str,
    query: str,
    members: tuple[str, ...] = SEARCH_QUERY,
    refuse: Callable[[str], ServiceError] = invalid_parameter,
) -> PageToken:
    """The token `text`, checked against the query it is replayed with and the clock.

    `members`: those `query` is the fingerprint of, named when the token is of another query;
    `refuse`: the error the operation models for a bad parameter (InvalidParameterException,
    else InvalidRequestException)."""
    try:
        body, signature = text.split(".", 1)
        payload = base64.urlsafe_b64decode(body.encode("ascii"))
        if not hmac.compare_digest(signature, _sign(payload)):
            raise ValueError("bad signature")
        fields = json.loads(payload)
        token = PageToken(str(fields[0]), int(fields[1]), int(fields[2]), _cursor(fields[3:]))
    except (ValueError, TypeError, IndexError, KeyError, UnicodeError, binascii.Error):
        raise refuse(
            "NextToken: the token is not valid; pass the NextToken of the previous page "
            "unchanged, or leave it out to start again"
        ) from None
    if token.query != query:
        *others, last = members
        raise refuse(
            f"NextToken: the token belongs to a different query; {', '.join(others)} and "
            f"{last} must stay the same while paging (MaxResults may change); leave "
            "NextToken out to start again"
        )
    if now_ms() - token.issued_ms > TOKEN_LIFETIME_MS:
        raise refuse("NextToken: the token has expired (tokens last 24 hours)")
    return token


def _cursor(fields: list[Any]) -> Cursor | None:
    if not fields:
        return None
    value, contact_id = fields
    if not isinstance(contact_id, str) or not isinstance(value, (int, str, type(None))):
        raise ValueError("not a cursor")
    return value, contact_id
