"""ClientToken: a creating call sent again with the same token answers what the first did.

botocore fills in a token when the caller gives none and reuses it on its own retries, so a
start retried after a 500 must not make a second contact. Scope: the instance (so the account),
the region and the operation; a token lasts 7 days on the mock clock ("The token is valid for 7
days after creation", the model's documentation of StartOutboundVoiceContact and others). The
same token with other parameters is refused: IdempotencyException where the operation models
it, else InvalidRequestException. Parameters are compared without the token itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.errors import ServiceError, invalid_request
from connect_contacts_mock.store import Instance
from connect_contacts_mock.validation import plain_copy

from ._context import Context

TOKEN_MEMBER = "ClientToken"
TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class _Remembered:
    params: dict[str, Any]
    result: dict[str, Any]
    at_ms: int


def once_per_token(
    context: Context,
    instance: Instance,
    params: dict[str, Any],
    create: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """`create()`'s result, or, for a token already used with the same parameters, the result
    it gave then (nothing new is made). Runs under the store's lock, so two calls racing with
    one token make one contact."""
    token = params.get(TOKEN_MEMBER)
    if not token:
        return create()
    key = (context.region, context.view.name, token)
    compared = {name: value for name, value in params.items() if name != TOKEN_MEMBER}
    with context.store.atomically():
        known: _Remembered | None = instance.client_tokens.get(key)
        now = now_ms()
        if known is not None and now - known.at_ms <= TOKEN_LIFETIME_MS:
            if known.params != compared:
                raise _reused(context, token)
            again: dict[str, Any] = plain_copy(known.result)
            return again
        result = create()
        instance.client_tokens[key] = _Remembered(compared, plain_copy(result), now)
        return result


def _reused(context: Context, token: str) -> ServiceError:
    message = (
        f"ClientToken {token!r} already used with different parameters for "
        f"{context.view.name} in the last 7 days; send a new token (or none: boto3 makes "
        "one) for a new request, or the same parameters to get the first answer again"
    )
    if context.view.models("IdempotencyException"):
        return ServiceError("IdempotencyException", message)
    return invalid_request(message)
