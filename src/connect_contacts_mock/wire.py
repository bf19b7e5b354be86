"""Bytes in, bytes out: the rest-json form of SearchContacts requests and answers.

Requests arrive as the JSON body botocore (or any SDK) serialised; answers leave as the status,
headers and JSON body the real service sends: epoch-number timestamps, absent members omitted
(never `null`), and errors carrying `x-amzn-ErrorType` and a `{"Message": ...}` body so every
SDK raises the modelled exception class.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field
from typing import Any

from ._clock import from_seconds, to_ms
from .errors import ServiceError, invalid_request
from .validation import Shape

#: Encoders built once (json.dumps with options builds one per call).
_TEXT = json.JSONEncoder(ensure_ascii=False)
COMPACT_TEXT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


@dataclass(slots=True)  # not frozen: a frozen dataclass pays a setattr call per field
class Answer:
    """A transport-neutral HTTP answer: the in-process hook and the server both send it."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None


def decode_body(body: bytes | str | None) -> dict[str, Any]:
    """The request's JSON object; a body that is not one is a malformed request."""
    if body is None or body in (b"", ""):
        return {}
    try:
        text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
        decoded = json.loads(text)
    except (UnicodeDecodeError, ValueError) as error:
        raise invalid_request(f"The request body is not valid JSON: {error}") from None
    except RecursionError:
        raise invalid_request("The request body is nested too deeply to be a request") from None
    if not isinstance(decoded, dict):
        raise invalid_request(
            f"The request body must be a JSON object, got {type(decoded).__name__}"
        )
    return decoded


def to_wire(value: Any, shape: Shape, *, frozen: bool = False) -> Any:
    """`value` projected onto `shape` and made JSON-ready: members the shape lacks are dropped,
    `None` members are omitted and datetimes become epoch seconds with millisecond precision.

    With `frozen`, a timestamp may also be an int of epoch microseconds, as the store keeps a
    UTC datetime."""
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return value
        members = shape.members
        return {
            name: to_wire(item, members[name], frozen=frozen)
            for name, item in value.items()
            if item is not None and name in members
        }
    if kind == "list":
        return [to_wire(item, shape.member, frozen=frozen) for item in value]
    if kind == "map":
        return {
            key: to_wire(item, shape.value, frozen=frozen)
            for key, item in value.items()
            if item is not None
        }
    if kind == "timestamp":
        if isinstance(value, datetime.datetime):
            milliseconds = to_ms(value)
        elif frozen and type(value) is int:
            milliseconds = value // 1000
        else:
            return value
        return milliseconds // 1000 if milliseconds % 1000 == 0 else milliseconds / 1000
    return value


def from_wire(value: Any, shape: Shape) -> Any:
    """A decoded JSON value with its timestamps turned into aware UTC datetimes.

    Used for the request log; values of the wrong type are kept as they came.
    """
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict) and not shape.is_document_type:
        members = shape.members
        return {
            name: from_wire(item, members[name]) if name in members else item
            for name, item in value.items()
        }
    if kind == "list" and isinstance(value, list):
        return [from_wire(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: from_wire(item, shape.value) for key, item in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_seconds(value)
        except (OverflowError, ValueError):
            return value
    return value


def request_id() -> str:
    """A new request id in the service's form, a random (version 4) UUID."""
    digits = f"{random.getrandbits(128):032x}"
    variant = "89ab"[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": request_id()}
    if extra:
        headers.update(extra)
    return headers


def search_page(result: dict[str, Any], fragments: list[str], region: str) -> Answer:
    """The 200 answer of a search page: `result` holds TotalCount and NextToken; the Contacts
    are joined from each contact's summary encoded once (`fragments`: what follows the region
    in its Arn, then its other members; see `StoredContact.wire_tail`)."""
    head = '{"Arn":' + _TEXT.encode("arn:aws:connect:" + region)[:-1]
    parts = ['{"Contacts":[', ",".join([head + fragment for fragment in fragments])]
    parts.append(f'],"TotalCount":{result["TotalCount"]}')
    if "NextToken" in result:
        parts.append(f',"NextToken":{_TEXT.encode(result["NextToken"])}')
    parts.append("}")
    return Answer(200, "".join(parts).encode("utf-8"), _headers())


def failure(error: ServiceError, status: int) -> Answer:
    """The error answer of `error` with the status the model gives it.

    ASCII-escaped, because a message may quote the request (an unknown member name, say), and
    a request may hold text that is no valid UTF-8, such as a lone surrogate."""
    body = json.dumps({"Message": error.message}).encode("ascii")
    return Answer(
        status,
        body,
        _headers({"x-amzn-ErrorType": error.code}),
        error_code=error.code,
        error_message=error.message,
    )
