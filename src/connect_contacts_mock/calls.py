"""The call log and its assertions, in the spirit of aws-sdk-client-mock's matchers.

Every request the mock answers is recorded with its operation, its decoded parameters and the
answer given; assertion helpers (for one operation, or for any) fail with a message that lists
what was received.
"""

from __future__ import annotations

import functools
import json
import pprint
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request and the answer it got.

    `params` are the decoded parameters, from the path, query and body alike (timestamps as
    aware UTC datetimes), or None when the body was not a JSON object; `body` is the answer's
    body as sent; `error_code` and `error_message` are set for an error answer; `operation`
    is the model's name of the operation called.
    """

    params: dict[str, Any] | None
    status: int
    request_id: str
    body: bytes = b""
    error_code: str | None = None
    error_message: str | None = None
    operation: str = "SearchContacts"

    @functools.cached_property
    def response(self) -> dict[str, Any] | None:
        """The body of a success as sent (decoded on first use: timestamps are epoch numbers,
        as on the wire; an empty body is `{}`); None for an error answer."""
        if self.status != 200:
            return None
        decoded: dict[str, Any] = json.loads(self.body) if self.body else {}
        return decoded


def contains(actual: Any, expected: Any) -> bool:
    """Whether `actual` holds `expected`: dicts by subset at any depth, everything else by ==."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


class CallAssertions:
    """Assertion helpers over `self.calls`; mixed into ContactStore.

    Each looks at the calls of one operation, `operation=` (a model name such as
    "DescribeContact"; SearchContacts by default, as before other operations were answered),
    or at the calls of every operation with `operation=None`."""

    calls: list[Call]

    def calls_to(self, operation: str) -> list[Call]:
        """The calls of one operation, in order."""
        return [call for call in self.calls if call.operation == operation]

    def _chosen(self, operation: str | None) -> list[Call]:
        return self.calls if operation is None else self.calls_to(operation)

    def _received(self, operation: str | None) -> str:
        what = f"{operation or 'Connect'} request"
        calls = self._chosen(operation)
        lines = [f"{len(calls)} {what}(s) received:" if calls else f"no {what} was received"]
        for number, call in enumerate(calls, 1):
            outcome = call.error_code or f"{call.status} OK"
            named = "" if operation else f"{call.operation} "
            lines.append(
                f"  {number}. {named}-> {outcome}: {pprint.pformat(call.params, width=90)}"
            )
        others = sorted({call.operation for call in self.calls} - {operation})
        if operation is not None and others:
            lines.append(
                f"(requests of {', '.join(others)} were received too: pass operation= to "
                "assert on them, or operation=None for every operation)"
            )
        return "\n".join(lines)

    def assert_called(
        self, times: int | None = None, *, operation: str | None = "SearchContacts"
    ) -> None:
        """At least one request was received; with `times`, exactly that many."""
        count = len(self._chosen(operation))
        if (times is None and count == 0) or (times is not None and count != times):
            wanted = "at least once" if times is None else f"{times} time(s)"
            raise AssertionError(
                f"expected {operation or 'Connect requests'} {wanted}; {self._received(operation)}"
            )

    def assert_not_called(self, *, operation: str | None = "SearchContacts") -> None:
        """No request was received."""
        if self._chosen(operation):
            raise AssertionError(
                f"expected no {operation or 'Connect'} request; {self._received(operation)}"
            )

    def assert_called_with(
        self, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """Some request carried (a subset of) these parameters."""
        if not any(contains(call.params, params) for call in self._chosen(operation)):
            raise AssertionError(
                f"no {operation or 'Connect'} request carried "
                f"{pprint.pformat(params, width=90)}; {self._received(operation)}"
            )

    def assert_last_called_with(
        self, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """The latest request carried (a subset of) these parameters."""
        calls = self._chosen(operation)
        if not calls or not contains(calls[-1].params, params):
            raise AssertionError(
                f"the last {operation or 'Connect'} request did not carry "
                f"{pprint.pformat(params, width=90)}; {self._received(operation)}"
            )

    def assert_nth_called_with(
        self, number: int, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """The `number`-th request (from 1) carried (a subset of) these parameters."""
        calls = self._chosen(operation)
        if len(calls) < number or not contains(calls[number - 1].params, params):
            raise AssertionError(
                f"{operation or 'Connect'} request {number} did not carry "
                f"{pprint.pformat(params, width=90)}; {self._received(operation)}"
            )
