"""Whatever a caller sends, a boto3 call ends in a parsed answer or a modelled ClientError.

Requests are generated from the installed model's input shape, recursively: every member,
every constraint, valid values and invalid ones (wrong types, nulls, unknown members, missing
required members, values beyond each limit, extra nesting) at any depth. SearchContacts gets
them as boto3 parameters, as JSON bodies and as arbitrary bytes; every other operation the mock
answers (read from its registry) as boto3 parameters and, where it takes a body, as JSON
bodies. None may raise a bare Python exception or answer a 500; an error answer is one the
operation models and leaves the store as it was, and so does any answer of a reading
operation. The budget is fixed (`max_examples`, derandomised) so the run is the same, and
quick, in CI.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
import importlib
import json
import logging
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
import tests.operations as operation_tests
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from freezegun import freeze_time
from hypothesis import HealthCheck, Phase, event, example, find, given, settings
from hypothesis import strategies as st

from conftest import (
    A1,
    A2,
    C1,
    C2,
    C3,
    C4,
    C5,
    C6,
    C7,
    I1,
    NOW,
    Q1,
    Q2,
    REGION,
    SPEC_CONTACTS,
    base_request,
)
from connect_contacts_mock import ContactStore
from connect_contacts_mock import criteria as criteria_module
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.operations import registered
from shape_spots import spots

# When an example fails, hypothesis's report imports libcst (to suggest an @example patch),
# which warns that mypy_extensions.TypedDict is deprecated; and it describes the strategy,
# which for a whole input shape is a long text it warns about. Under `filterwarnings =
# error` either warning would replace the report of the failing example.
pytestmark = [
    pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings(
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]

MODEL = installed_model()
INPUT = MODEL.input_shape
MAX_DEPTH = 8
#: How many items a generated list holds at most when its limit is not what is being tested.
SMALL = 3

#: Examples per operation for the boto3 parameters and for the bodies of every operation.
PER_OPERATION = 50
PER_OPERATION_BODIES = 30
BUDGET = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

OTHER_INSTANCE = "22222222-2222-2222-2222-222222222222"
#: The only valid values of these shapes (by shape name) in generated SearchContacts requests.
SEARCH_HINTS: dict[str, list[Any]] = {"InstanceId": [I1, I1, I1, OTHER_INSTANCE]}
#: Values that occur in the spec fixture, so generated criteria sometimes match contacts.
FIXTURE_WORDS = [
    *(I1, Q1, Q2, A1, A2, "H1", "H2", "H3", "Plan", "Gold", "Silver", "Dept", "Sales"),
    *("connect:Subtype", "connect:Chat", "cancel", "hello", "refund", "us-east-1"),
]
#: Epoch seconds from 2024-04-30T00:00Z to 2024-05-03T00:00Z, around the fixture's contacts,
#: often at a midnight so that windows cover whole days.
NEAR_FIXTURE = st.one_of(
    st.sampled_from([1714435200, 1714521600, 1714608000, 1714694400]),
    st.integers(1714435200, 1714694400),
)


# -- strategies derived from the model -----------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def text_for(shape: Any, *, surrogates: bool) -> st.SearchStrategy[str]:
    """Text within the shape's length limits (at most 12 characters beyond its minimum), often
    a word of the fixture."""
    low = shape.metadata.get("min") or 0
    high = shape.metadata.get("max")
    top = low + 12 if high is None else min(high, low + 12)
    alphabet = st.characters(codec=None if surrogates else "utf-8")
    words = [word for word in FIXTURE_WORDS if low <= len(word) <= (high or len(word))]
    free = st.text(alphabet, min_size=low, max_size=top)
    return st.one_of(st.sampled_from(words), free) if words else free


class Builder:
    """Builds a strategy for each shape.

    `wire=True` builds decoded JSON (timestamps as epoch numbers) including values of the wrong
    JSON type; `wire=False` builds boto3 parameters of the right Python types only (anything
    else botocore itself cannot serialise), unless `loose`, which mixes in values of any JSON
    type, strings for timestamps and extra nesting (botocore refuses some of them itself).
    `invalid` mixes in invalid values at every node. `hints` gives, by shape name, the only
    valid values of that shape (ids of the fixture, so requests name what it holds); `times`
    the valid timestamps, in epoch seconds. A shape met again inside itself (a recursive
    shape) is built with its required members only, so every value is finite."""

    def __init__(
        self,
        *,
        wire: bool,
        invalid: bool,
        sparse: bool = False,
        loose: bool = False,
        hints: dict[str, list[Any]] | None = None,
        times: st.SearchStrategy[int] | None = None,
    ) -> None:
        self.wire = wire
        self.invalid = invalid
        self.sparse = sparse
        self.loose = loose
        self.hints = SEARCH_HINTS if hints is None else hints
        self.times = NEAR_FIXTURE if times is None else times
        self._built: dict[tuple[str, str, str, int], st.SearchStrategy[Any]] = {}

    def build(
        self, shape: Any, path: str = "", depth: int = 0, ancestors: tuple[str, ...] = ()
    ) -> st.SearchStrategy[Any]:
        key = ("build", shape.name, path, depth)
        found = self._built.get(key)
        if found is None:
            valid = self.valid_value(shape, path, depth, ancestors)
            if self.invalid:
                wrong = self.invalid_value(shape, path, depth, ancestors)
                valid = st.one_of(valid, valid, valid, valid, wrong)
            found = self._built[key] = valid
        return found

    # valid values ------------------------------------------------------------------------

    def valid_value(
        self, shape: Any, path: str, depth: int, ancestors: tuple[str, ...] = ()
    ) -> st.SearchStrategy[Any]:
        key = ("valid", shape.name, path, depth)
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._valid(shape, path, depth, ancestors)
        return found

    def _valid(
        self, shape: Any, path: str, depth: int, ancestors: tuple[str, ...]
    ) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        if shape.name in self.hints:
            return st.sampled_from(self.hints[shape.name])
        if shape.name in ancestors:
            depth = MAX_DEPTH
        inside = (*ancestors, shape.name)
        if kind == "structure":
            return self._structure(shape, path, depth, ancestors)
        if kind in ("list", "map"):
            low = shape.metadata.get("min") or 0
            high = shape.metadata.get("max")
            size = max(low, SMALL if high is None else min(high, SMALL))
            if depth >= MAX_DEPTH:
                size = low
            if kind == "list":
                if size == 0:
                    return st.just([])
                member = self.build(shape.member, f"{path}[]", depth + 1, inside)
                return st.lists(member, min_size=low, max_size=size)
            if size == 0:
                return st.just({})
            keys = self.valid_value(shape.key, f"{path}{{}}", depth + 1, inside)
            values = self.build(shape.value, f"{path}{{}}", depth + 1, inside)
            return st.dictionaries(keys, values, min_size=low, max_size=size)
        if kind == "string":
            enum = MODEL.enum(shape)
            if enum:
                return st.sampled_from(enum)
            pattern = _python_pattern(shape)
            if pattern:
                alphabet = st.characters(codec=None if self.wire else "utf-8")
                return st.from_regex(pattern, fullmatch=False, alphabet=alphabet).filter(
                    lambda text: len(text) <= (shape.metadata.get("max") or len(text))
                )
            return text_for(shape, surrogates=self.wire)
        if kind in ("integer", "long"):
            low = shape.metadata.get("min", -(2**31))
            high = shape.metadata.get("max", 2**31 - 1)
            return st.integers(low, min(high, low + 200))
        if kind in ("float", "double"):
            return st.floats(allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            if self.wire:
                return st.one_of(self.times, self.times.map(lambda seconds: seconds + 0.5))
            return self.times.map(
                lambda seconds: datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
            )
        return ANY_JSON if self.wire else st.none()

    def _structure(
        self, shape: Any, path: str, depth: int, ancestors: tuple[str, ...] = ()
    ) -> st.SearchStrategy[Any]:
        if shape.name in ancestors:
            depth = MAX_DEPTH
        inside = (*ancestors, shape.name)
        required = set(shape.required_members)
        wanted = [
            name for name in shape.members if name in required or depth < MAX_DEPTH
        ]  # a structure past the depth limit gets its required members only
        members = {
            name: self.build(
                shape.members[name], f"{path}.{name}" if path else name, depth + 1, inside
            )
            for name in wanted
        }
        mandatory = {name: members[name] for name in members if name in required}
        optional = {name: members[name] for name in members if name not in required}
        if self.sparse and optional:
            # at most one optional member per structure: criteria that still match something
            one = st.one_of(
                st.just({}),
                *(st.fixed_dictionaries({name: member}) for name, member in optional.items()),
            )
            built = st.tuples(st.fixed_dictionaries(mandatory), one).map(
                lambda pair: {**pair[0], **pair[1]}
            )
        else:
            built = st.fixed_dictionaries(mandatory, optional=optional)
        if {"StartTime", "EndTime"} <= set(shape.members):
            built = built.map(_in_order)
        return built

    # invalid values -----------------------------------------------------------------------

    def invalid_value(
        self, shape: Any, path: str, depth: int, ancestors: tuple[str, ...] = ()
    ) -> st.SearchStrategy[Any]:
        key = ("invalid", shape.name, path, depth)
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._invalid(shape, path, depth, ancestors)
        return found

    def _invalid(
        self, shape: Any, path: str, depth: int, ancestors: tuple[str, ...]
    ) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        inside = (*ancestors, shape.name)
        options: list[st.SearchStrategy[Any]] = []
        if kind == "structure" and shape.members:
            valid = self._structure(shape, path, depth, ancestors)
            required = list(shape.required_members)
            if required:
                options.append(
                    st.tuples(valid, st.sampled_from(required)).map(
                        lambda pair: {k: v for k, v in pair[0].items() if k != pair[1]}
                    )
                )
            if {"StartTime", "EndTime"} <= set(shape.members):
                options.append(valid.map(_reversed))
            if self.wire:
                options.append(valid.map(lambda value: {**value, "NotAMember": 1}))
                if required:
                    options.append(
                        st.tuples(valid, st.sampled_from(required)).map(
                            lambda pair: {**pair[0], pair[1]: None}
                        )
                    )
        elif kind == "list":
            member = self.valid_value(shape.member, f"{path}[]", depth + 1, inside)
            if high is not None:
                options.append(member.map(lambda item: [item] * (high + 1)))
            if low:
                options.append(st.lists(member, max_size=low - 1))
            if self.wire:
                options.append(st.lists(st.none(), min_size=1, max_size=2))
        elif kind == "map":
            value = self.valid_value(shape.value, f"{path}{{}}", depth + 1, inside)
            if high is not None:
                options.append(value.map(lambda item: {f"k{n}": item for n in range(high + 1)}))
            if low:
                options.append(st.just({}))
            key_high = shape.key.metadata.get("max")
            bad_keys = ["", " ", "bad key", "aws:x", *(["x" * (key_high + 1)] if key_high else [])]
            options.append(
                st.tuples(st.sampled_from(bad_keys), value).map(lambda pair: {pair[0]: pair[1]})
            )
            if self.wire:
                options.append(st.just({"k": None}))
        elif kind == "string":
            if MODEL.enum(shape):
                options.append(st.sampled_from(["FAX", "", "match_all", "INITIATION TIMESTAMP"]))
            if high is not None:
                options.append(st.just("x" * (high + 1)))
            if low:
                options.append(st.just(""))
            if shape.metadata.get("pattern"):
                options.append(st.sampled_from(["US_EAST", "", "1-2", "ab"]))
        elif kind in ("integer", "long"):
            if low is not None:
                options.append(st.integers(low - 1000, low - 1))
            if high is not None:
                options.append(st.integers(high + 1, high + 2**40))
        elif kind == "timestamp":
            if self.wire:
                options.append(st.sampled_from([1e20, -1e20, 10**30, 253402300800, 0, -1]))
            else:  # boto3 accepts only real instants: take the edges (1970, 2286, fractions)
                options.append(st.sampled_from([0, 10**10, 1714521600.999]))
            if self.loose:  # botocore parses an ISO string, and refuses other text itself
                options.append(
                    st.sampled_from(["2024-05-11T00:00:00Z", "0001-01-01T00:00:00Z", "soon"])
                )
        if self.wire or self.loose:
            options.append(ANY_JSON)
            valid_here = self.valid_value(shape, path, depth, ancestors)
            options.append(valid_here.map(lambda value: [value]))  # one level too deep
            options.append(valid_here.map(lambda value: {"Nested": value}))
        if not options:
            return self.valid_value(shape, path, depth, ancestors)
        return st.one_of(options)


def _python_pattern(shape: Any) -> str | None:
    """The shape's pattern when Python's `re` reads it as the model means it; None for the
    Java-only ones (`\\p{L}`, say), whose values are then drawn as free text."""
    pattern: str | None = shape.metadata.get("pattern")
    if not pattern or "\\p{" in pattern or "\\P{" in pattern:
        return None
    try:
        re.compile(pattern)
    except re.error:
        return None
    return pattern


def _in_order(window: dict[str, Any]) -> dict[str, Any]:
    """A time window whose StartTime is not after its EndTime."""
    start, end = window["StartTime"], window["EndTime"]
    comparable = (int, float) if isinstance(start, (int, float)) else (datetime.datetime,)
    if isinstance(end, bool) or isinstance(start, bool) or not isinstance(end, comparable):
        return window  # an invalid bound was generated here: leave it as it is
    if not isinstance(start, comparable) or start <= end:
        return window
    return {**window, "StartTime": end, "EndTime": start}


def _reversed(window: dict[str, Any]) -> dict[str, Any]:
    """The same window with its bounds swapped (StartTime after EndTime when they differ)."""
    start, end = window.get("StartTime"), window.get("EndTime")
    return {**window, "StartTime": end, "EndTime": start}


@st.composite
def one_fault(
    draw: st.DrawFn,
    *,
    wire: bool,
    shape: Any = None,
    valid: st.SearchStrategy[dict[str, Any]] | None = None,
    wrong: Builder | None = None,
) -> dict[str, Any]:
    """A valid request with exactly one invalid value put somewhere in it, at any depth, so
    the fault gets past every other check and reaches the code behind it. The request is
    drawn from `valid` and the fault from `wrong`; by default SearchContacts' builders."""
    shape = INPUT if shape is None else shape
    if valid is None:
        valid = Builder(wire=wire, invalid=False, sparse=True).build(shape)
    wrong = wrong or Builder(wire=wire, invalid=True)
    request: dict[str, Any] = copy.deepcopy(draw(valid))
    places = list(spots(request, shape, ""))
    container, key, member, path = draw(st.sampled_from(places))
    container[key] = draw(wrong.invalid_value(member, path, 1))
    return request


def requests(*, wire: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Sparse valid requests (which often find contacts), dense valid ones, valid ones with one
    fault somewhere, and ones with invalid values mixed in at every depth."""
    return st.one_of(
        Builder(wire=wire, invalid=False, sparse=True).build(INPUT),
        Builder(wire=wire, invalid=False).build(INPUT),
        one_fault(wire=wire),
        one_fault(wire=wire),
        Builder(wire=wire, invalid=True).build(INPUT),
    )


WIRE_REQUESTS = requests(wire=True)
PARAM_REQUESTS = requests(wire=False)
VALID_BODIES = (
    Builder(wire=True, invalid=False)
    .build(INPUT)
    .map(lambda value: json.dumps(value).encode("utf-8"))
)
ARBITRARY_BODIES = st.one_of(
    st.binary(max_size=300),
    ANY_JSON.map(lambda value: json.dumps(value).encode("utf-8")),
    st.tuples(VALID_BODIES, st.integers(0, 400)).map(lambda pair: pair[0][: pair[1]]),
    st.tuples(VALID_BODIES, st.integers(0, 400), st.binary(min_size=1, max_size=3)).map(
        lambda triple: triple[0][: triple[1]] + triple[2] + triple[0][triple[1] + 1 :]
    ),
)


# -- the harness ---------------------------------------------------------------------------------


class RawSender:
    """A client whose next request body can be replaced by arbitrary bytes."""

    def __init__(self, config: Config) -> None:
        self.client = boto3.client("connect", region_name=REGION, config=config)
        self._pending: list[bytes] = []
        #: Whether botocore sent the last request (it refuses some parameters before).
        self.sent = False
        self.client.meta.events.register_first("before-send.connect", self._replace_body)

    def _replace_body(self, request: Any, **_: Any) -> None:
        self.sent = True
        if self._pending:
            request.body = self._pending.pop()

    def send(self, body: bytes) -> dict[str, Any]:
        self._pending.append(body)
        result: dict[str, Any] = self.client.search_contacts(**base_request())
        return result

    def call(self, operation: str, params: dict[str, Any], body: bytes) -> dict[str, Any]:
        """`operation` called with `params` (botocore puts them where the model says), its
        body then replaced by `body`."""
        self._pending[:] = [body]
        try:
            result: dict[str, Any] = getattr(self.client, xform_name(operation))(**params)
        finally:
            self._pending.clear()  # botocore refused the parameters before sending
        return result


@pytest.fixture(scope="module")
def raw_sender() -> RawSender:
    return RawSender(Config(parameter_validation=False, retries={"max_attempts": 0}))


@pytest.fixture(scope="module")
def clients() -> dict[bool, Any]:
    """boto3 clients with and without botocore's parameter validation."""
    return {
        checked: boto3.client(
            "connect",
            region_name=REGION,
            config=Config(parameter_validation=checked, retries={"max_attempts": 0}),
        )
        for checked in (True, False)
    }


@pytest.fixture
def unchanged(spec_contacts: ContactStore) -> Iterator[Callable[[], None]]:
    """A check that the store still holds exactly the fixture contacts."""
    before = copy.deepcopy(list(spec_contacts))

    def check() -> None:
        assert copy.deepcopy(list(spec_contacts)) == before

    yield check
    check()


def assert_parsed_or_modelled(call: Callable[[], dict[str, Any]], client: Any) -> str:
    """Run one boto3 call: a parsed 200, or a modelled ClientError other than our 500.

    Returns what happened (the error code, or whether the 200 found contacts)."""
    try:
        response = call()
    except ClientError as error:
        code = error.response["Error"]["Code"]
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert code in MODEL.modelled_errors, code
        assert code != "InternalServiceException", error.response["Message"]
        assert isinstance(error, getattr(client.exceptions, code))
        assert status == MODEL.error_status(code)
        assert error.response["Message"]
        event(code)
        return code
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert isinstance(response["TotalCount"], int)
    assert len(response["Contacts"]) <= response["TotalCount"]
    for summary in response["Contacts"]:
        assert summary["Arn"].endswith(f"/contact/{summary['Id']}")
        assert summary["InitiationTimestamp"].tzinfo is not None
    outcome = "200 with contacts" if response["Contacts"] else "200 without contacts"
    event(outcome)
    return outcome


def decodes_to_object(body: bytes) -> bool:
    if body == b"":
        return True
    try:
        return isinstance(json.loads(body.decode("utf-8")), dict)
    except (ValueError, RecursionError):
        return False


# -- the properties ------------------------------------------------------------------------------


@BUDGET
@given(body=WIRE_REQUESTS)
def test_any_request_from_the_model_gets_a_parsed_or_modelled_answer(
    spec_contacts: ContactStore,
    raw_sender: RawSender,
    unchanged: Callable[[], None],
    body: dict[str, Any],
) -> None:
    """Generated JSON requests (valid and invalid, at any depth) sent as the body."""
    received = len(spec_contacts.requests)
    encoded = json.dumps(body).encode("utf-8")
    assert_parsed_or_modelled(lambda: raw_sender.send(encoded), raw_sender.client)
    assert len(spec_contacts.requests) == received + (1 if isinstance(body, dict) else 0)
    unchanged()


@BUDGET
@given(params=PARAM_REQUESTS, checked=st.booleans())
def test_any_boto3_call_from_the_model_gets_a_parsed_or_modelled_answer(
    spec_contacts: ContactStore,
    clients: dict[bool, Any],
    unchanged: Callable[[], None],
    params: dict[str, Any],
    checked: bool,
) -> None:
    """Generated boto3 parameters; what botocore refuses itself never reaches the mock."""
    client = clients[checked]
    received = len(spec_contacts.requests)
    try:
        assert_parsed_or_modelled(lambda: client.search_contacts(**params), client)
    except ParamValidationError:
        event("ParamValidationError")
        assert checked
        assert len(spec_contacts.requests) == received
    else:
        assert len(spec_contacts.requests) == received + 1
    unchanged()


@BUDGET
@given(body=ARBITRARY_BODIES)
def test_arbitrary_bytes_get_a_modelled_answer(
    spec_contacts: ContactStore,
    raw_sender: RawSender,
    unchanged: Callable[[], None],
    body: bytes,
) -> None:
    """Any bytes at all: random, JSON of any shape, valid bodies cut short or corrupted."""
    received = len(spec_contacts.requests)
    assert_parsed_or_modelled(lambda: raw_sender.send(body), raw_sender.client)
    recorded = len(spec_contacts.requests) - received
    assert recorded == (1 if decodes_to_object(body) else 0)
    unchanged()


def test_the_generators_reach_successful_searches(
    spec_contacts: ContactStore, raw_sender: RawSender
) -> None:
    """Guard for the properties above: valid generated requests do produce 200s with hits,
    so the properties exercise the search, not only the validation."""
    outcomes: list[str] = []

    @settings(BUDGET, max_examples=150)
    @given(body=Builder(wire=True, invalid=False).build(INPUT))
    def run(body: dict[str, Any]) -> None:
        body.pop("NextToken", None)
        body.pop("SearchCriteria", None)
        encoded = json.dumps(body).encode("utf-8")
        outcome = assert_parsed_or_modelled(lambda: raw_sender.send(encoded), raw_sender.client)
        outcomes.append(outcome)

    run()
    assert outcomes.count("200 with contacts") >= 10
    assert "200 without contacts" in outcomes
    assert "ResourceNotFoundException" in outcomes


# -- every operation the mock answers --------------------------------------------------------------

#: The operations of the installed model that the mock answers, read from its registry.
ANSWERED = sorted(name for name in registered() if name in MODEL.operation_names)
#: Operations that only read: even their successes leave the store as it was.
READING = ("Describe", "Get", "List", "Search")
I2 = OTHER_INSTANCE
X1 = "x1000000-0000-4000-8000-000000000001"
UNKNOWN_INSTANCE = "33333333-3333-4333-8333-333333333333"
#: Two tasks of I1 beside the search fixture: T1 scheduled for tomorrow, T2 paused.
T1, T2 = "t1000000-0000-4000-8000-000000000001", "t2000000-0000-4000-8000-000000000002"
C1_REFERENCES = {
    "crm": {"Type": "URL", "Value": "https://crm/1"},
    "amount": {"Type": "NUMBER", "Value": "12"},
}
#: The only valid values of these shapes (by shape name) in generated requests: what the
#: fixture holds (C7 is past retention, X1 in the other instance) and what it does not.
OPERATION_HINTS: dict[str, list[Any]] = {
    "InstanceId": [I1, I1, I1, I2, UNKNOWN_INSTANCE],
    "ContactId": [C1, C2, C3, C4, C5, C6, C7, T1, T2, X1, "nope"],
    "QueueId": [Q1, Q2],
    "AgentResourceId": [A1, A2],
    "ContactFlowId": ["flow-1"],
    # the model's pattern is over-escaped (it matches only text with backslashes)
    "PhoneNumber": ["+15555550100", "+15555550111"],
}
_NOW_SECONDS = int(NOW.timestamp())
_DAY = 86_400
#: Epoch seconds from a day before the mock clock (2024-05-10T00:00Z) to 9 days after it,
#: often at a whole day or hour, so scheduled times fall on both sides of every limit.
NEAR_NOW = st.one_of(
    st.sampled_from([_NOW_SECONDS + offset for offset in (-_DAY, 3600, _DAY, 7 * _DAY)]),
    st.integers(_NOW_SECONDS - _DAY, _NOW_SECONDS + 9 * _DAY),
)


def _located(operation: str) -> frozenset[str]:
    """The input members botocore puts in the path, the query or a header."""
    shape = MODEL.operation_view(operation).input_shape
    return frozenset(
        name
        for name, member in shape.members.items()
        if member.serialization.get("location") is not None
    )


def operation_requests(
    operation: str, base: dict[str, Any], *, wire: bool
) -> st.SearchStrategy[Any]:
    """Requests of `operation` from its input shape, as `requests` builds SearchContacts'
    ones: sparse and dense valid ones, valid ones with one fault anywhere (in a generated one
    or in `base`, a request the fixture answers with 200) and invalid values at every depth.
    `wire=False`: boto3 parameters, loose (values of any JSON type, strings for
    timestamps, extra nesting); `wire=True`: decoded JSON, the body members of which are sent
    as the body (unknown members, nulls and values of any JSON type included), or any JSON."""
    shape = MODEL.operation_view(operation).input_shape
    sparse, dense, wrong = _builders(wire)
    if wire:
        base = _on_the_wire(base)
    # boto3 takes keyword arguments: invalid values in every member, but a dict at the top
    everywhere = wrong.build(shape) if wire else wrong._structure(shape, "", 0)
    return st.one_of(
        sparse.build(shape),
        dense.build(shape),
        one_fault(wire=wire, shape=shape, valid=sparse.build(shape), wrong=wrong),
        one_fault(wire=wire, shape=shape, valid=st.just(base), wrong=wrong),
        everywhere,
    )


@functools.cache
def _builders(wire: bool) -> tuple[Builder, Builder, Builder]:
    """The (sparse valid, dense valid, invalid) builders of the operations' requests."""

    def builder(*, invalid: bool, sparse: bool = False) -> Builder:
        return Builder(
            wire=wire,
            invalid=invalid,
            sparse=sparse,
            loose=not wire,
            hints=OPERATION_HINTS,
            times=NEAR_NOW,
        )

    return builder(invalid=False, sparse=True), builder(invalid=False), builder(invalid=True)


def _on_the_wire(value: Any) -> Any:
    """Decoded parameters as JSON carries them: datetimes as epoch seconds."""
    if isinstance(value, dict):
        return {key: _on_the_wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_on_the_wire(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return value


def _operation_examples() -> dict[str, Callable[[Any], Any]]:
    """The example call of each operation in tests/operations (its `EXAMPLES`), which the
    registry guards keep there for every operation but SearchContacts."""
    found: dict[str, Callable[[Any], Any]] = {
        "SearchContacts": lambda connect: connect.search_contacts(**base_request())
    }
    for module in pkgutil.iter_modules(operation_tests.__path__):
        if module.name.startswith("test_"):
            loaded = importlib.import_module(f"{operation_tests.__name__}.{module.name}")
            found.update(getattr(loaded, "EXAMPLES", {}))
    return found


def valid_base(store: ContactStore, sender: RawSender, operation: str) -> dict[str, Any]:
    """A request of `operation` the fixture answers with 200: the parameters of its example
    call (as the mock decoded them), or where the example needs more than the fixture (a
    contact paused first, say), the first generated valid request that succeeds."""
    method = getattr(sender.client, xform_name(operation))

    def succeeds(params: dict[str, Any]) -> bool:
        _seed(store)
        try:
            method(**copy.deepcopy(params))
        except Exception:  # refused by the mock, or by botocore: keep looking
            return False
        return True

    _seed(store)
    example = _operation_examples().get(operation)
    if example is not None:
        with contextlib.suppress(ClientError):
            example(sender.client)
        calls = store.calls_to(operation)
        # the example's last call, if it succeeds on the fixture as it is (not only after
        # the example's own earlier calls)
        if calls and calls[-1].params is not None and succeeds(calls[-1].params):
            return calls[-1].params
    shape = MODEL.operation_view(operation).input_shape
    sparse, dense, _ = _builders(False)

    found: dict[str, Any] = find(
        st.one_of(sparse.build(shape), dense.build(shape)),
        succeeds,
        settings=settings(BUDGET, max_examples=500, phases=[Phase.generate]),
    )
    return found


def _task(contact_id: str, **members: Any) -> dict[str, Any]:
    """A task of I1 as StartTaskContact makes it an hour before the mock clock, waiting in Q1
    and expiring a week later."""
    expiry = (NOW + 7 * datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    started = NOW - datetime.timedelta(hours=1)
    return {
        "Id": contact_id,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": started,
        "QueueInfo": {"Id": Q1, "EnqueueTimestamp": started},
        "SegmentAttributes": {
            "connect:ContactExpiry": {
                "ValueMap": {
                    "ExpiryDuration": {"ValueInteger": 10080},
                    "ExpiryTimeStamp": {"ValueString": expiry},
                }
            }
        },
        **members,
    }


def _seed(store: ContactStore) -> None:
    """The contact-operations fixture, afresh: the search fixture in I1 (C1 with references),
    the tasks T1 and T2, and X1 in I2; the calls received and the idempotency tokens
    forgotten."""
    store.clear()
    contacts = copy.deepcopy(SPEC_CONTACTS)
    contacts[0]["References"] = copy.deepcopy(C1_REFERENCES)
    contacts.append(_task(T1, ScheduledTimestamp=NOW + datetime.timedelta(days=1)))
    paused = NOW - datetime.timedelta(minutes=30)
    contacts.append(_task(T2, LastPausedTimestamp=paused, TotalPauseCount=1))
    store.add_many(contacts, instance_id=I1)
    store.add(
        {"Id": X1, "Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": NOW},
        instance_id=I2,
    )


@pytest.fixture
def operation_contacts(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    """The store, reseeded by each example (`_seed`), with the mock clock at 2024-05-10."""
    with freeze_time(NOW):
        yield connect_contacts


def _nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return any(item is None or _nulls(item) for item in value.values())
    if isinstance(value, list):
        return any(item is None or _nulls(item) for item in value)
    return False


def answered_as_modelled(
    store: ContactStore, sender: RawSender, operation: str, send: Callable[[], Any]
) -> str:
    """Run one call of `operation` on the freshly seeded store: botocore refuses it before
    sending (its serialiser cannot take some values when validation is off), or the mock
    answers a success that botocore parses into a value of the output shape, or a ClientError
    the operation models; an error leaves the store as it was, and so does any answer of an
    operation that only reads. Returns what happened."""
    view = MODEL.operation_view(operation)
    before = list(store)
    sender.sent = False
    try:
        response = send()
    except ClientError as error:
        code: str = error.response["Error"]["Code"]
        assert view.models(code), f"{operation} answered {code}, which its model does not list"
        assert code not in ("InternalServiceException", "ThrottlingException"), error.response
        assert isinstance(error, getattr(sender.client.exceptions, code))
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == MODEL.error_status(code)
        assert error.response["Error"]["Message"]
        assert [call.operation for call in store.calls] == [operation]
        assert list(store) == before, f"{operation} answered {code} and changed the store"
        event(f"{operation}: {code}")
        return code
    except Exception as error:
        assert not sender.sent, f"{type(error).__name__} out of a call the mock answered: {error}"
        event(f"{operation}: botocore refused to send it")
        return "refused by botocore"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    [call] = store.calls
    assert (call.operation, call.status) == (operation, 200), call
    assert not _nulls(json.loads(call.body) if call.body else {}), call.body
    parsed = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    if view.output_shape is not None:
        problems = MODEL.python_checker.check(view.output_shape, parsed)
        assert not problems, problems
    else:
        assert not parsed
    if operation.startswith(READING):
        assert list(store) == before, f"{operation} only reads, yet it changed the store"
    event(f"{operation}: 200")
    return "200"


def _check_reach(operation: str, outcomes: list[str]) -> None:
    """Guard for the properties below: the requests reach the operation itself (some are
    answered 200, the valid base at least) and its refusals (some get a modelled error)."""
    assert "200" in outcomes, f"no generated {operation} request succeeded: {set(outcomes)}"
    assert set(outcomes) - {"200", "refused by botocore"}, set(outcomes)


@pytest.mark.parametrize("operation", ANSWERED)
def test_every_operation_answers_generated_boto3_calls_as_its_model_says(
    operation_contacts: ContactStore, raw_sender: RawSender, operation: str
) -> None:
    """Generated boto3 parameters of every operation the mock answers (botocore's own
    validation off): a parsed success or a modelled error, and an error changes nothing."""
    outcomes: list[str] = []
    method = getattr(raw_sender.client, xform_name(operation))
    base = valid_base(operation_contacts, raw_sender, operation)

    @settings(BUDGET, max_examples=PER_OPERATION)
    @given(params=operation_requests(operation, base, wire=False))
    @example(params=base)
    def run(params: dict[str, Any]) -> None:
        _seed(operation_contacts)
        send = lambda: method(**params)  # noqa: E731
        outcomes.append(answered_as_modelled(operation_contacts, raw_sender, operation, send))

    run()
    _check_reach(operation, outcomes)


@pytest.mark.parametrize(
    "operation",
    [
        name
        for name in ANSWERED
        if set(MODEL.operation_view(name).input_shape.members) - _located(name)
    ],
)
def test_every_operation_answers_generated_bodies_as_its_model_says(
    operation_contacts: ContactStore, raw_sender: RawSender, operation: str
) -> None:
    """Generated JSON bodies of every operation that takes one (unknown members, nulls,
    values of any JSON type, any depth); the path and query members go where botocore puts
    them."""
    outcomes: list[str] = []
    located = _located(operation)
    base = valid_base(operation_contacts, raw_sender, operation)

    @settings(BUDGET, max_examples=PER_OPERATION_BODIES)
    @given(request=operation_requests(operation, base, wire=True))
    @example(request=_on_the_wire(base))
    def run(request: Any) -> None:
        _seed(operation_contacts)
        if isinstance(request, dict):
            params = {name: value for name, value in request.items() if name in located}
            body = {name: value for name, value in request.items() if name not in located}
        else:
            params, body = {}, request
        encoded = json.dumps(body).encode("utf-8")
        send = lambda: raw_sender.call(operation, params, encoded)  # noqa: E731
        outcomes.append(answered_as_modelled(operation_contacts, raw_sender, operation, send))

    run()
    _check_reach(operation, outcomes)


# -- a bug in the mock is a logged 500, never a bare exception ----------------------------------


def _broken_matcher(value: Any, context: Any) -> Any:
    raise RuntimeError("matcher exploded")


def test_a_bug_inside_the_engine_answers_500_and_is_logged(
    spec_contacts: ContactStore,
    clients: dict[bool, Any],
    unchanged: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setitem(criteria_module.MATCHERS, "Channels", _broken_matcher)
    client = clients[False]
    with (
        caplog.at_level(logging.ERROR, logger="connect_contacts_mock"),
        pytest.raises(client.exceptions.InternalServiceException) as caught,
    ):
        client.search_contacts(**base_request(SearchCriteria={"Channels": ["VOICE"]}))
    error = caught.value
    assert error.response["Error"]["Code"] == "InternalServiceException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 0
    message = error.response["Message"]
    assert "bug in the mock" in message
    assert "RuntimeError: matcher exploded" in message
    logged = [record for record in caplog.records if record.name == "connect_contacts_mock"]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR
    assert logged[0].exc_info is not None
    assert isinstance(logged[0].exc_info[1], RuntimeError)
    assert len(spec_contacts.requests) == 1
    unchanged()


def test_a_bug_in_validation_answers_500_and_the_next_call_works(
    spec_contacts: ContactStore,
    clients: dict[bool, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_check(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("shape")

    client = clients[False]
    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(MODEL.wire_checker, "check", broken_check)
        with pytest.raises(client.exceptions.InternalServiceException) as caught:
            client.search_contacts(**base_request())
    assert "bug in the mock" in caught.value.response["Message"]
    assert any(record.exc_info for record in caplog.records)
    assert client.search_contacts(**base_request())["TotalCount"] == 5
