"""What the operation tests share: a client of the fixture's region, and the request a
boto3 call put on the wire (as a recorder of botocore's `before-send`, to check routing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3

REGION = "us-east-1"
#: The fixture's second instance and its one contact.
I2 = "22222222-2222-2222-2222-222222222222"
X1 = "x1000000-0000-4000-8000-000000000001"


def client() -> Any:
    return boto3.client("connect", region_name=REGION)


def sent(call: Callable[[Any], Any]) -> Any:
    """The prepared request `call(client)` sent (it is answered by the active mock too)."""
    connect = client()
    seen: list[Any] = []
    connect.meta.events.register_first(
        "before-send.connect", lambda request, **_: seen.append(request)
    )
    call(connect)
    return seen[-1]


def error_of(call: Callable[[], Any]) -> tuple[str, int, str]:
    """The (code, HTTP status, message) of the ClientError `call()` raises."""
    from botocore.exceptions import ClientError

    try:
        call()
    except ClientError as error:
        response = error.response
        return (
            response["Error"]["Code"],
            response["ResponseMetadata"]["HTTPStatusCode"],
            response["Error"]["Message"],
        )
    raise AssertionError("the call succeeded; an error was expected")


def default_attempts() -> int:
    """How many attempts a default client makes for a retried error: botocore's default retry
    mode is legacy (5 attempts) before 1.44 and standard (3) from it."""
    return 3 if client().meta.config.retries.get("mode") == "standard" else 5
