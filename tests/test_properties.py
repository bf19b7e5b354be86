"""Whatever a caller sends, a boto3 call ends in a parsed answer or a modelled ClientError.

Requests are generated from the installed model's input shape, recursively: every member,
every constraint, valid values and invalid ones (wrong types, nulls, unknown members, missing
required members, values beyond each limit) at any depth. A second property feeds arbitrary
bytes as the body. Neither may raise a bare Python exception, answer a 500 or change the store.
The budget is fixed (`max_examples`, derandomised) so the run is the same, and quick, in CI.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import A1, A2, I1, Q1, Q2, REGION, base_request
from connect_contacts_mock import ContactStore
from connect_contacts_mock import criteria as criteria_module
from connect_contacts_mock.model import installed_model

# When an example fails, hypothesis's report imports libcst (to suggest an @example patch),
# which warns that mypy_extensions.TypedDict is deprecated; under `filterwarnings = error`
# that warning would replace the report of the failing example.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

MODEL = installed_model()
INPUT = MODEL.input_shape
MAX_DEPTH = 8
#: How many items a generated list holds at most when its limit is not what is being tested.
SMALL = 3

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
    else botocore itself cannot serialise). `invalid` mixes in invalid values at every node."""

    def __init__(self, *, wire: bool, invalid: bool, sparse: bool = False) -> None:
        self.wire = wire
        self.invalid = invalid
        self.sparse = sparse

    def build(self, shape: Any, path: str = "", depth: int = 0) -> st.SearchStrategy[Any]:
        valid = self.valid_value(shape, path, depth)
        if not self.invalid:
            return valid
        wrong = self.invalid_value(shape, path, depth)
        return st.one_of(valid, valid, valid, valid, wrong)

    # valid values ------------------------------------------------------------------------

    def valid_value(self, shape: Any, path: str, depth: int) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        if path == "InstanceId":
            return st.sampled_from([I1, I1, I1, OTHER_INSTANCE])
        if kind == "structure":
            return self._structure(shape, path, depth)
        if kind == "list":
            low = shape.metadata.get("min") or 0
            high = shape.metadata.get("max")
            size = max(low, SMALL if high is None else min(high, SMALL))
            if depth >= MAX_DEPTH:
                size = low
            member = self.build(shape.member, f"{path}[]", depth + 1)
            return st.lists(member, min_size=low, max_size=size)
        if kind == "string":
            enum = MODEL.enum(shape)
            if enum:
                return st.sampled_from(enum)
            pattern = shape.metadata.get("pattern")
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
                return st.one_of(NEAR_FIXTURE, NEAR_FIXTURE.map(lambda seconds: seconds + 0.5))
            return NEAR_FIXTURE.map(
                lambda seconds: datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
            )
        return ANY_JSON if self.wire else st.none()

    def _structure(self, shape: Any, path: str, depth: int) -> st.SearchStrategy[Any]:
        required = set(shape.required_members)
        members = {
            name: self.build(member, f"{path}.{name}" if path else name, depth + 1)
            for name, member in shape.members.items()
        }
        mandatory = {name: members[name] for name in members if name in required}
        optional = {} if depth >= MAX_DEPTH else {
            name: members[name] for name in members if name not in required
        }  # fmt: skip
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

    def invalid_value(self, shape: Any, path: str, depth: int) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        options: list[st.SearchStrategy[Any]] = []
        if kind == "structure" and shape.members:
            valid = self._structure(shape, path, depth)
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
            member = self.valid_value(shape.member, f"{path}[]", depth + 1)
            if high is not None:
                options.append(member.map(lambda item: [item] * (high + 1)))
            if low:
                options.append(st.lists(member, max_size=low - 1))
            if self.wire:
                options.append(st.lists(st.none(), min_size=1, max_size=2))
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
        if self.wire:
            options.append(ANY_JSON)
        if not options:
            return self.valid_value(shape, path, depth)
        return st.one_of(options)


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


def _spots(value: Any, shape: Any, path: str) -> Iterator[tuple[Any, Any, Any, str]]:
    """Every place of a generated request where a value of a known shape sits or could sit:
    (container, key, shape, path); absent optional members included."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            where = f"{path}.{name}" if path else name
            yield value, name, member, where
            if name in value:
                yield from _spots(value[name], member, where)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index, shape.member, f"{path}[]"
            yield from _spots(item, shape.member, f"{path}[]")


@st.composite
def one_fault(draw: st.DrawFn, *, wire: bool) -> dict[str, Any]:
    """A valid request with exactly one invalid value put somewhere in it, at any depth, so
    the fault gets past every other check and reaches the code behind it."""
    request: dict[str, Any] = draw(Builder(wire=wire, invalid=False, sparse=True).build(INPUT))
    spots = list(_spots(request, INPUT, ""))
    container, key, shape, path = draw(st.sampled_from(spots))
    container[key] = draw(Builder(wire=wire, invalid=True).invalid_value(shape, path, 1))
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
        self.client.meta.events.register_first(
            "before-send.connect.SearchContacts", self._replace_body
        )

    def _replace_body(self, request: Any, **_: Any) -> None:
        if self._pending:
            request.body = self._pending.pop()

    def send(self, body: bytes) -> dict[str, Any]:
        self._pending.append(body)
        result: dict[str, Any] = self.client.search_contacts(**base_request())
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
