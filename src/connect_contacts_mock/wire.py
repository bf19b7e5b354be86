"""Bytes in, bytes out: the rest-json form of Connect requests and answers.

A request arrives as botocore (or any SDK) serialised it: members in the path, the query, the
headers or the JSON body, wherever the model's `location` puts each. `Request` is that request
whatever the transport; `decode_request` reads every member back from its place. Answers leave
as the status, headers and JSON body the real service sends: epoch-number timestamps, absent
members omitted (never `null`), and errors carrying `x-amzn-ErrorType` and a
`{"Message": ...}` body so every SDK raises the modelled exception class.
"""

from __future__ import annotations

import datetime
import functools
import json
import random
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from ._clock import from_seconds, to_ms
from .errors import ServiceError, invalid_request
from .partitions import partition_of
from .shapes import walk
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


class Request:
    """One request as it reached the mock, from the in-process hook or the HTTP server.

    `path` and `query` are as sent (percent-encoded); `region` is where it was sent and
    `access_key` what it was signed with (None when unsigned). A plain class: one is made
    per call, and a dataclass would cost every import its generated code."""

    __slots__ = ("operation", "method", "path", "query", "headers", "body", "region", "access_key")

    def __init__(
        self,
        operation: str,
        method: str,
        path: str,
        query: str,
        headers: Any,
        body: bytes | str | None,
        region: str,
        access_key: str | None = None,
    ) -> None:
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.region = region
        self.access_key = access_key

    def __repr__(self) -> str:
        return (
            f"Request(operation={self.operation!r}, method={self.method!r}, "
            f"path={self.path!r}, query={self.query!r}, region={self.region!r})"
        )


@functools.lru_cache(maxsize=512)
def path_pattern(template: str) -> re.Pattern[str]:
    """The regex a `requestUri` path such as `/contacts/{InstanceId}/{ContactId}` compiles
    to: each label matches one percent-encoded path segment (`{Key+}`: the rest of the
    path), and nothing else of the path may differ."""
    parts: list[str] = []
    position = 0
    for label in re.finditer(r"\{([A-Za-z0-9_]+)(\+?)\}", template):
        parts.append(re.escape(template[position : label.start()]))
        parts.append(f"(?P<{label.group(1)}>{'.+' if label.group(2) else '[^/]+'})")
        position = label.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts))


def match_path(template: str, path: str) -> dict[str, str] | None:
    """The URI members of `path` (percent-decoded) when it is the template's path, else None."""
    found = path_pattern(template).fullmatch(path)
    if found is None:
        return None
    return {name: unquote(value) for name, value in found.groupdict().items()}


#: An input member read from outside the body: its name, its shape and its location.
Located = tuple[str, Shape, str]


def located_members(input_shape: Shape | None) -> tuple[Located, ...]:
    """The members of `input_shape` that travel in the path, query or headers, with their
    location (none for an operation without input)."""
    if input_shape is None:
        return ()
    return tuple(
        (name, member, member.serialization["location"])
        for name, member in input_shape.members.items()
        if member.serialization.get("location")
    )


def decode_request(
    request: Request,
    input_shape: Shape,
    path_template: str,
    located: tuple[Located, ...] | None = None,
) -> dict[str, Any]:
    """Every input member of `request`, read from where the model puts it: `uri` from the path,
    `querystring` from the query (a list from its repeated key), `header` from the headers,
    the rest from the JSON body. Values outside the body are strings on the wire; they are
    turned into the member's type where they read as one, and kept as strings otherwise (the
    model check then names them). `located`: `located_members(input_shape)`, when the caller
    keeps it."""
    params = decode_body(request.body)
    if located is None:
        located = located_members(input_shape)
    if not located:
        return params
    uri = match_path(path_template, request.path) or {}
    query: dict[str, list[str]] = {}
    for key, value in parse_qsl(request.query, keep_blank_values=True):
        query.setdefault(key, []).append(value)
    for name, member, location in located:
        wire_name = member.serialization.get("name", name)
        if location == "uri" and wire_name in uri:
            params[name] = uri[wire_name]
        elif location == "querystring" and wire_name in query:
            values = query[wire_name]
            if member.type_name == "list":
                params[name] = [_scalar(value, member.member) for value in values]
            else:
                params[name] = _scalar(values[-1], member)
        elif location == "header":
            header = _header(request.headers, wire_name)
            if header is not None:
                params[name] = _scalar(header, member)
    return params


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return None if value is None else str(value)


def _scalar(text: str, shape: Shape) -> Any:
    """A string of the path, query or headers as the member's type, when it reads as one."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError:
        return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


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
    `None` members are omitted and datetimes become epoch seconds with millisecond precision
    (ISO-8601 text where the shape says `timestampFormat: iso8601`).

    With `frozen`, a timestamp may also be an int of epoch microseconds, as the store keeps a
    UTC datetime."""
    return walk(value, shape, _frozen_to_wire if frozen else _to_wire, project=True)


def _to_wire(value: Any, shape: Shape, path: str | None = None) -> Any:
    if not isinstance(value, datetime.datetime):
        return value
    return _wire_time(to_ms(value), shape)


def _frozen_to_wire(value: Any, shape: Shape, path: str | None = None) -> Any:
    if type(value) is int:
        return _wire_time(value // 1000, shape)
    return _to_wire(value, shape)


def _wire_time(milliseconds: int, shape: Shape) -> Any:
    if shape.serialization.get("timestampFormat") == "iso8601":
        return iso_ms(milliseconds)
    return milliseconds // 1000 if milliseconds % 1000 == 0 else milliseconds / 1000


def iso_ms(milliseconds: int) -> str:
    """An instant as the ISO-8601 text of a member with `timestampFormat: iso8601`
    (`2019-11-08T02:41:28.172Z`)."""
    moment = from_seconds(milliseconds / 1000)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{milliseconds % 1000:03d}Z"


def from_wire(value: Any, shape: Shape) -> Any:
    """A decoded JSON value with its timestamps turned into aware UTC datetimes.

    Used for the request log; values of the wrong type are kept as they came.
    """
    return walk(value, shape, _from_wire)


def _from_wire(value: Any, shape: Shape, path: str | None = None) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
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
    head = '{"Arn":' + _TEXT.encode(f"arn:{partition_of(region)}:connect:{region}")[:-1]
    parts = ['{"Contacts":[', ",".join([head + fragment for fragment in fragments])]
    parts.append(f'],"TotalCount":{result["TotalCount"]}')
    if "NextToken" in result:
        parts.append(f',"NextToken":{_TEXT.encode(result["NextToken"])}')
    parts.append("}")
    return Answer(200, "".join(parts).encode("utf-8"), _headers())


def with_arn(member: str, arn: str, encoded: str) -> Answer:
    """The 200 answer `{member: object}`, where `object` is `encoded` (a JSON object encoded
    once and kept) with `Arn` first."""
    rest = "}" if encoded == "{}" else "," + encoded[1:]
    body = f'{{"{member}":{{"Arn":{COMPACT_TEXT.encode(arn)}{rest}}}'
    return Answer(200, body.encode("utf-8"), _headers())


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


def success(result: dict[str, Any], output_shape: Shape | None, *, frozen: bool = False) -> Answer:
    """The 200 answer of an operation's result, projected onto its output shape. An output
    shape without members answers an empty body, as the service does."""
    if output_shape is None or not output_shape.members:
        return Answer(200, b"", _headers())
    body = _TEXT.encode(to_wire(result, output_shape, frozen=frozen))
    return Answer(200, body.encode("utf-8"), _headers())
