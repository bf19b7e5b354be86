"""The call log and its assertions, in the spirit of aws-sdk-client-mock's matchers.

Every SearchContacts request the mock receives is recorded with its decoded parameters and the
answer given; assertion helpers fail with a message that lists what was received.
"""

from __future__ import annotations

import functools
import json
import pprint
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One SearchContacts request and the answer it got.

    `params` are the decoded parameters (timestamps as aware UTC datetimes), or None when the body
    was not a JSON object; `body` is the answer's body as sent; `error_code` and `error_message`
    are set for an error answer.
    """

    params: dict[str, Any] | None
    status: int
    request_id: str
    body: bytes = b""
    error_code: str | None = None
    error_message: str | None = None

    @functools.cached_property
    def response(self) -> dict[str, Any] | None:
        """The body of a success as sent (decoded on first use: timestamps are epoch numbers,
        as on the wire); None for an error answer."""
        if self.status != 200:
            return None
        decoded: dict[str, Any] = json.loads(self.body)
        return decoded


def contains(actual: Any, expected: Any) -> bool:
    """Whether `actual` holds `expected`: dicts by subset at any depth, everything else by ==."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


class CallAssertions:
    """Assertion helpers over `self.calls`; mixed into ContactStore."""

    calls: list[Call]

    def _received(self) -> str:
        if not self.calls:
            return "no SearchContacts request was received"
        lines = [f"{len(self.calls)} SearchContacts request(s) received:"]
        for number, call in enumerate(self.calls, 1):
            outcome = call.error_code or f"{call.status} OK"
            lines.append(f"  {number}. -> {outcome}: {pprint.pformat(call.params, width=90)}")
        return "\n".join(lines)

    def assert_called(self, times: int | None = None) -> None:
        """At least one request was received; with `times`, exactly that many."""
        count = len(self.calls)
        if (times is None and count == 0) or (times is not None and count != times):
            wanted = "at least once" if times is None else f"{times} time(s)"
            raise AssertionError(f"expected SearchContacts {wanted}; {self._received()}")

    def assert_not_called(self) -> None:
        """No request was received."""
        if self.calls:
            raise AssertionError(f"expected no SearchContacts request; {self._received()}")

    def assert_called_with(self, **params: Any) -> None:
        """Some request carried (a subset of) these parameters."""
        if not any(contains(call.params, params) for call in self.calls):
            raise AssertionError(
                f"no SearchContacts request carried {pprint.pformat(params, width=90)}; "
                f"{self._received()}"
            )

    def assert_last_called_with(self, **params: Any) -> None:
        """The latest request carried (a subset of) these parameters."""
        if not self.calls or not contains(self.calls[-1].params, params):
            raise AssertionError(
                f"the last SearchContacts request did not carry "
                f"{pprint.pformat(params, width=90)}; {self._received()}"
            )

    def assert_nth_called_with(self, number: int, **params: Any) -> None:
        """The `number`-th request (from 1) carried (a subset of) these parameters."""
        if len(self.calls) < number or not contains(self.calls[number - 1].params, params):
            raise AssertionError(
                f"SearchContacts request {number} did not carry "
                f"{pprint.pformat(params, width=90)}; {self._received()}"
            )
