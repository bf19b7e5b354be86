"""Whatever contact a test seeds, `add` refuses it cleanly or boto3 finds it and reads it back.

Contacts are generated from the installed model's `Contact` (DescribeContact's output) plus the
store's search-only members, recursively: every member, nested structures, lists and maps,
strings up to and beyond their limits, valid and invalid enums, and timestamps of every kind
(aware and naive, years 1 and 9999, UTC offsets of up to ±14:00 that push an instant past
those edges, epoch numbers, ISO strings). Each is either refused with InvalidContactError,
leaving the store as it was, or found by SearchContacts and by DescribeContact, both answers
parsed by botocore into values of their output shapes, and read back as it was added.
The budget is fixed (`max_examples`, derandomised) so the run is the same, and quick, in CI.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
from typing import Any

import boto3
import pytest
from botocore.config import Config
from freezegun import freeze_time
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from connect_contacts_mock import ContactStore, InvalidContactError
from connect_contacts_mock.model import installed_model
from shape_spots import spots

# See tests/test_properties.py: both warnings would replace the report of a failing example.
pytestmark = [
    pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings(
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]

MODEL = installed_model()
DESCRIBE = MODEL.operation_view("DescribeContact")
#: DescribeContact's `Contact`: what the service returns, so what the store takes.
CONTACT: Any = DESCRIBE.output_shape.members["Contact"]  # type: ignore[union-attr]
#: `Contact` plus the members the store keeps for other operations (`Transcript`, ...).
STORED = MODEL.stored_contact_shape
SEARCH = MODEL.operation_view("SearchContacts")
REGION = "us-east-1"
#: The instance a store adds contacts to by default.
DEFAULT_INSTANCE = ContactStore().instance_id
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
FIRST = datetime.datetime(1, 1, 1, tzinfo=UTC)
LAST = datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
LAST_SECOND = LAST.replace(microsecond=0)
#: A contact of the store besides the generated one, so "unchanged" means something.
RESIDENT = {
    "Id": "resident",
    "Channel": "VOICE",
    "InitiationMethod": "INBOUND",
    "InitiationTimestamp": datetime.datetime(2024, 5, 1, 10, tzinfo=UTC),
    "Attributes": {"Plan": "Gold"},
}
#: How many items a generated list or map holds at most, when its limit is not the point.
SMALL = 2
#: Lengths up to which a string is sometimes drawn at its very maximum (and one beyond).
LONGEST_DRAWN = 5000

BUDGET = settings(
    max_examples=300,
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

# -- timestamps ----------------------------------------------------------------------------------

OFFSETS = st.sampled_from([0, 14 * 60, -14 * 60, 5 * 60 + 30, -(9 * 60 + 30), 23 * 60 + 59]).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
#: Instants of every part of the range: the edges, near 2024, anywhere in years 1 to 9999.
UTC_INSTANTS = st.one_of(
    st.sampled_from(
        [FIRST, LAST, FIRST + datetime.timedelta(hours=13), LAST - datetime.timedelta(hours=13)]
    ),
    st.datetimes(datetime.datetime(2023, 1, 1), datetime.datetime(2025, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
    st.datetimes().map(lambda moment: moment.replace(tzinfo=UTC)),
)


def _in(moment: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """The same instant in another zone, when a datetime can hold it there (else in UTC)."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment


#: Valid timestamps: aware in UTC or another offset, or naive (meaning UTC).
VALID_TIMES = st.one_of(
    UTC_INSTANTS,
    st.tuples(UTC_INSTANTS, OFFSETS).map(lambda pair: _in(*pair)),
    UTC_INSTANTS.map(lambda moment: moment.replace(tzinfo=None)),
)
#: Invalid timestamps: instants before year 1 or after 9999 in UTC (a wall time at the edge
#: with an offset past it), and values of other types the store does not read as timestamps.
INVALID_TIMES = st.one_of(
    st.sampled_from(
        [
            datetime.datetime(
                1, 1, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
            ),
            datetime.datetime(1, 1, 1, 13, tzinfo=datetime.timezone(datetime.timedelta(hours=14))),
            datetime.datetime(
                9999, 12, 31, 23, tzinfo=datetime.timezone(-datetime.timedelta(hours=1))
            ),
            datetime.datetime(
                9999, 12, 31, 10, tzinfo=datetime.timezone(-datetime.timedelta(hours=14))
            ),
            datetime.date(2024, 5, 1),
            datetime.time(10, 0),
            "2024-05-01T10:00:00Z",
            "0001-01-01T00:00:00",
            "yesterday",
            1714557600,
            1714557600.5,
            -62135596801,
            float("nan"),
            True,
        ]
    ),
    st.integers(-(2**40), 2**40),
)

# -- contacts from the model ---------------------------------------------------------------------

#: Values of the wrong JSON type for any shape (None is not one: it means "not set").
WRONG_TYPES = st.one_of(
    st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=6)
)


def _python_pattern(shape: Any) -> re.Pattern[str] | None:
    """The shape's pattern when Python's `re` reads it as the model means it (not the
    Java-only `\\p{..}` classes)."""
    pattern: str | None = shape.metadata.get("pattern")
    if not pattern or "\\p{" in pattern or "\\P{" in pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error:
        return None


class ContactBuilder:
    """Strategies for the values of each shape of a contact, built once per (shape, path).

    `invalid` mixes invalid values in at every node. A shape met again inside itself (the
    segment attribute values, the routing expressions) is built with its scalar members only,
    so every value is finite."""

    def __init__(self, *, invalid: bool, times: Any = None) -> None:
        self.invalid = invalid
        self.times = VALID_TIMES if times is None else times
        self._built: dict[tuple[str, str, str], st.SearchStrategy[Any]] = {}

    def build(self, shape: Any, path: str, ancestors: tuple[str, ...] = ()) -> Any:
        key = ("build", shape.name, path)
        if key not in self._built:
            valid = self.valid(shape, path, ancestors)
            if self.invalid:
                valid = st.one_of(valid, valid, valid, valid, self.wrong(shape, path, ancestors))
            self._built[key] = valid
        return self._built[key]

    # valid values ------------------------------------------------------------------------

    def valid(self, shape: Any, path: str, ancestors: tuple[str, ...] = ()) -> Any:
        key = ("valid", shape.name, path)
        if key not in self._built:
            self._built[key] = self._valid(shape, path, ancestors)
        return self._built[key]

    def _valid(self, shape: Any, path: str, ancestors: tuple[str, ...]) -> Any:
        kind = shape.type_name
        inside = (*ancestors, shape.name)
        low = shape.metadata.get("min")
        high = shape.metadata.get("max")
        if kind == "structure":
            return self._structure(shape, path, ancestors)
        if kind in ("list", "map"):
            least = low or 0
            most = max(least, SMALL if high is None else min(high, SMALL))
            if kind == "list":
                item = self.build(shape.member, f"{path}[]", inside)
                drawn = st.lists(item, min_size=least, max_size=most)
                if high is not None and high <= 50:  # sometimes exactly at the limit
                    drawn = st.one_of(drawn, st.lists(item, min_size=high, max_size=high))
                return drawn
            keys = self.valid(shape.key, f"{path}{{}}", inside)
            values = self.build(shape.value, f"{path}{{}}", inside)
            entries = st.dictionaries(keys, values, min_size=least, max_size=most)
            if high is not None and high <= 50:
                entries = st.one_of(
                    entries, st.dictionaries(keys, values, min_size=high, max_size=high)
                )
            return entries
        if kind == "string":
            return self._string(shape, low or 0, high)
        if kind in ("integer", "long"):
            bottom = -(2**31) if low is None else int(low)
            top = (2**31 - 1 if kind == "integer" else 2**63 - 1) if high is None else int(high)
            return st.one_of(st.sampled_from([bottom, top]), st.integers(bottom, top))
        if kind in ("float", "double"):
            return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            return self.times
        return st.none()

    def _string(self, shape: Any, low: int, high: int | None) -> Any:
        enum = MODEL.enum(shape)
        if enum:
            return st.sampled_from(enum)
        pattern = _python_pattern(shape)
        if pattern is not None:
            return st.from_regex(pattern, alphabet=st.characters(codec="utf-8")).filter(
                lambda text: low <= len(text) <= (high or len(text))
            )
        top = low + 12 if high is None else min(high, low + 12)
        free = st.text(st.characters(codec="utf-8"), min_size=low, max_size=top)
        if high is not None and high <= LONGEST_DRAWN:
            return st.one_of(free, st.just("y" * high))
        return free

    def _structure(self, shape: Any, path: str, ancestors: tuple[str, ...]) -> Any:
        inside = (*ancestors, shape.name)
        names = list(shape.members)
        if shape.name in ancestors:  # recursion: scalar members only
            names = [
                name
                for name in names
                if shape.members[name].type_name not in ("structure", "list", "map")
            ]
        members = {
            name: self.build(shape.members[name], f"{path}.{name}" if path else name, inside)
            for name in names
        }
        if shape.metadata.get("union"):
            return st.one_of(
                *(st.fixed_dictionaries({name: member}) for name, member in members.items())
            )
        required = set(shape.required_members)
        return st.fixed_dictionaries(
            {name: member for name, member in members.items() if name in required},
            optional={name: member for name, member in members.items() if name not in required},
        )

    # invalid values ----------------------------------------------------------------------

    def wrong(self, shape: Any, path: str, ancestors: tuple[str, ...] = ()) -> Any:
        key = ("wrong", shape.name, path)
        if key not in self._built:
            self._built[key] = self._wrong(shape, path, ancestors)
        return self._built[key]

    def _wrong(self, shape: Any, path: str, ancestors: tuple[str, ...]) -> Any:
        kind = shape.type_name
        inside = (*ancestors, shape.name)
        low = shape.metadata.get("min")
        high = shape.metadata.get("max")
        valid = self.valid(shape, path, ancestors)
        options: list[Any] = [WRONG_TYPES]
        if kind == "structure":
            required = list(shape.required_members)
            if required:
                options.append(
                    st.tuples(valid, st.sampled_from(required)).map(
                        lambda pair: {k: v for k, v in pair[0].items() if k != pair[1]}
                    )
                )
            options.append(valid.map(lambda value: {**value, "NotAMember": "x"}))
            if shape.metadata.get("union"):
                options.append(st.just({}))
                if len(shape.members) > 1:
                    options.append(st.tuples(valid, valid).map(lambda pair: {**pair[0], **pair[1]}))
            options.append(valid.map(lambda value: [value]))
        elif kind == "list":
            item = self.valid(shape.member, f"{path}[]", inside)
            if high is not None:
                options.append(item.map(lambda one: [one] * (high + 1)))
            if low:
                options.append(st.just([]))
            options.append(st.lists(item, max_size=2).map(tuple))
            options.append(
                st.lists(self.wrong(shape.member, f"{path}[]", inside), min_size=1, max_size=2)
            )
        elif kind == "map":
            value = self.valid(shape.value, f"{path}{{}}", inside)
            if high is not None:
                options.append(value.map(lambda one: {f"k{n}": one for n in range(high + 1)}))
            if low:
                options.append(st.just({}))
            key_high = shape.key.metadata.get("max")
            bad_keys = ["", "bad key", "aws:x", 7, *(["k" * (key_high + 1)] if key_high else [])]
            options.append(
                st.tuples(st.sampled_from(bad_keys), value).map(lambda pair: {pair[0]: pair[1]})
            )
            options.append(
                self.wrong(shape.value, f"{path}{{}}", inside).map(lambda one: {"k": one})
            )
        elif kind == "string":
            enum = MODEL.enum(shape)
            if enum:
                options.append(
                    st.sampled_from(["FAX", "", enum[0].lower(), f" {enum[0]}", enum[0] + "\x00"])
                )
            if high is not None:
                options.append(st.just("x" * (high + 1)))
            if low:
                options.append(st.just(""))
            if _python_pattern(shape) is not None:
                options.append(st.sampled_from(["", " ", "not/this", "ab\n"]))
            options.append(st.just("lone \ud800 surrogate"))
        elif kind in ("integer", "long"):
            if low is not None:
                options.append(st.integers(int(low) - 1000, int(low) - 1))
            if high is not None:
                options.append(st.integers(int(high) + 1, int(high) + 2**40))
            options.append(st.sampled_from([1.5, "5", True]))
        elif kind in ("float", "double"):
            options.append(st.sampled_from([float("nan"), float("inf"), float("-inf"), "1.0"]))
            if low is not None:
                options.append(st.just(low - 1))
            if high is not None:
                options.append(st.just(high + 1))
        elif kind == "timestamp":
            options.append(INVALID_TIMES)
        return st.one_of(options)


VALID = ContactBuilder(invalid=False)
WRONG = ContactBuilder(invalid=True)
ACCEPTED = ContactBuilder(invalid=False, times=VALID_TIMES)
#: The members every searchable contact has, valid, so generated contacts are often accepted.
ESSENTIAL = ("Channel", "InitiationMethod", "InitiationTimestamp")


@st.composite
def valid_contacts(draw: st.DrawFn, builder: ContactBuilder = VALID) -> dict[str, Any]:
    """A contact the model accepts, with the members every contact has, and an `Arn` only
    when it names the contact where it is added (else the store refuses it, as documented)."""
    contact: dict[str, Any] = draw(builder.build(STORED, ""))
    for name in ESSENTIAL:
        contact[name] = draw(builder.build(STORED.members[name], name))
    contact.pop("Arn", None)
    if draw(st.booleans()) and "Id" in contact:
        contact["Arn"] = _arn(DEFAULT_INSTANCE, contact["Id"])
    if "DisconnectTimestamp" in contact and _utc(contact["DisconnectTimestamp"]) < _utc(
        contact["InitiationTimestamp"]
    ):
        del contact["DisconnectTimestamp"]  # a contact cannot end before it starts
    return contact


@st.composite
def one_fault(draw: st.DrawFn) -> dict[str, Any]:
    """A valid contact with exactly one invalid value somewhere in it, at any depth."""
    contact = copy.deepcopy(draw(valid_contacts()))
    container, key, shape, path = draw(st.sampled_from(list(spots(contact, STORED, ""))))
    container[key] = draw(WRONG.wrong(shape, path))
    return contact


CONTACTS = st.one_of(
    valid_contacts(),
    valid_contacts(),
    one_fault(),
    WRONG.build(STORED, ""),
    st.sampled_from([None, [], "contact", {}]),
)


# -- reading back ----------------------------------------------------------------------------


def _arn(instance_id: str, contact_id: str) -> str:
    return f"arn:aws:connect:{REGION}:123456789012:instance/{instance_id}/contact/{contact_id}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """The instant of a timestamp as the store reads it: a naive one means UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _second(seconds: float) -> datetime.datetime:
    """A whole second in years 1 to 9999, as boto3 sends request timestamps."""
    return EPOCH + datetime.timedelta(seconds=min(max(seconds, -62135596800), 253402300799))


def _plain(value: Any) -> Any:
    """A contact as the store keeps it: members and map entries set to None left out."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def assert_read_back(added: Any, answered: Any, shape: Any, path: str = "Contact") -> None:
    """What an answer carries of a contact is what was added: the same members, strings,
    numbers and instants (to the millisecond the wire carries)."""
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(answered, dict), (path, answered)
        for name, value in added.items():
            if name in shape.members and value is not None:
                assert name in answered, f"{path}.{name} was added but is not answered"
                assert_read_back(value, answered[name], shape.members[name], f"{path}.{name}")
    elif kind == "list":
        assert isinstance(answered, list) and len(answered) == len(added), (path, answered)
        for index, (one, other) in enumerate(zip(added, answered, strict=True)):
            assert_read_back(one, other, shape.member, f"{path}[{index}]")
    elif kind == "map":
        assert isinstance(answered, dict), (path, answered)
        assert set(answered) == {key for key, value in added.items() if value is not None}, path
        for key, value in answered.items():
            assert_read_back(added[key], value, shape.value, f"{path}[{key!r}]")
    elif kind == "timestamp":
        # the wire carries epoch seconds to the millisecond (the store truncates to it), as a
        # number whose last digits near year 9999 are a few microseconds off
        sent = (_utc(added) - EPOCH) // datetime.timedelta(milliseconds=1)
        read = round((_utc(answered) - EPOCH) / datetime.timedelta(milliseconds=1))
        assert read == sent, (path, added, answered)
    elif kind in ("float", "double"):
        assert math.isclose(answered, added, rel_tol=1e-15), (path, added, answered)
    else:
        assert answered == added, (path, added, answered)


@pytest.fixture
def store(connect_contacts: ContactStore) -> ContactStore:
    return connect_contacts


@pytest.fixture(scope="module")
def client() -> Any:
    return boto3.client("connect", region_name=REGION, config=Config(retries={"max_attempts": 0}))


def _found(store: ContactStore, client: Any, contact: dict[str, Any], contact_id: str) -> None:
    """SearchContacts over the second of its initiation returns the contact, DescribeContact
    returns it, and both read back what was added; the clock is at its initiation (up to the
    last whole second of 9999)."""
    initiated = _utc(contact["InitiationTimestamp"])
    clock = min(initiated, LAST_SECOND)
    second = math.floor((initiated - EPOCH).total_seconds())
    window = {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": _second(second - 1),
        "EndTime": _second(second + 1),
    }
    # boto3 sends whole seconds, and the last one a request can name is 9999-12-31T23:59:59:
    # a contact initiated later in that second is out of reach of every window
    searchable = initiated <= LAST_SECOND
    with freeze_time(clock):
        if searchable:
            found = client.search_contacts(InstanceId=store.instance_id, TimeRange=window)
        described = client.describe_contact(InstanceId=store.instance_id, ContactId=contact_id)
    for response, view in ((found, SEARCH), (described, DESCRIBE)) if searchable else ():
        parsed = {key: value for key, value in response.items() if key != "ResponseMetadata"}
        problems = MODEL.python_checker.check(view.output_shape, parsed)
        assert not problems, (view.name, problems)
    if searchable:
        [summary] = [hit for hit in found["Contacts"] if hit["Id"] == contact_id]
        assert summary["Arn"] == _arn(store.instance_id, contact_id)
        summary_shape = MODEL.summary_shape
        shared = {name: value for name, value in contact.items() if name in summary_shape.members}
        shared.pop("Arn", None)
        assert_read_back(shared, summary, summary_shape, "ContactSearchSummary")
    else:
        event("initiated in the last second of 9999: described only")
    parsed = {key: value for key, value in described.items() if key != "ResponseMetadata"}
    assert not MODEL.python_checker.check(DESCRIBE.output_shape, parsed)
    answered = described["Contact"]
    assert answered["Id"] == contact_id
    assert answered["Arn"] == _arn(store.instance_id, contact_id)
    assert_read_back({**contact, "Id": contact_id}, answered, CONTACT)


# -- the properties ------------------------------------------------------------------------------


@BUDGET
@given(contact=CONTACTS)
def test_a_generated_contact_is_refused_cleanly_or_found_and_read_back(
    store: ContactStore, client: Any, contact: Any
) -> None:
    """`add` raises InvalidContactError and changes nothing, or the contact is found by
    SearchContacts and DescribeContact, read back as added, and `get` gives it as added."""
    store.clear()
    store.add(RESIDENT)
    before = list(store)
    given_contact = copy.deepcopy(contact)
    try:
        contact_id = store.add(contact)
    except InvalidContactError as error:
        assert str(error).startswith("contact"), str(error)
        assert len(store) == 1 and list(store) == before
        event("refused")
        return
    finally:
        assert _same(contact, given_contact), "add changed the dict it was given"
    event("added")
    assert isinstance(contact, dict)
    expected = {**_plain(contact), "Id": contact_id}
    expected.pop("Arn", None)
    assert store.get(contact_id) == expected
    assert len(store) == 2
    _found(store, client, contact, contact_id)


@settings(BUDGET, max_examples=40)
@given(contact=CONTACTS)
def test_a_batch_with_a_generated_contact_is_added_whole_or_not_at_all(
    store: ContactStore, contact: Any
) -> None:
    """`add_many` adds the resident and the generated contact, or neither, naming the
    generated one as the second of the batch."""
    store.clear()
    resident = {**RESIDENT, "Id": "resident-2"}
    try:
        ids = store.add_many([resident, contact])
    except InvalidContactError as error:
        assert str(error).startswith("contact 2 of the batch"), str(error)
        assert len(store) == 0
        event("refused")
        return
    event("added")
    assert ids[0] == "resident-2" and len(store) == 2


@settings(BUDGET, max_examples=150)
@given(contact=valid_contacts(ACCEPTED))
def test_a_contact_the_model_accepts_is_added(store: ContactStore, contact: dict[str, Any]) -> None:
    """A contact valid by the model (its members, limits, enums, patterns and timestamps in
    years 1 to 9999 UTC, aware or naive) is never refused."""
    store.clear()
    contact_id = store.add(contact)
    assert store.get(contact_id)["Id"] == contact_id


def test_the_last_second_of_9999_is_accepted_with_any_offset(store: ContactStore) -> None:
    in_utc = datetime.datetime(9999, 12, 31, 23, 59, 59, 500000, tzinfo=UTC)
    west = datetime.timezone(-datetime.timedelta(hours=14))
    for moment in (in_utc, in_utc.astimezone(west)):
        store.add(
            {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": moment}
        )
    assert len(store) == 2


def test_the_generator_covers_every_member_of_the_contact_and_reaches_both_outcomes(
    store: ContactStore,
) -> None:
    """Guard for the properties above: every member of the installed model's `Contact` is
    in some generated contact the store accepts, and generated contacts are refused too."""
    accepted: set[str] = set()
    outcomes: set[str] = set()

    def add(contact: Any) -> None:
        store.clear()
        try:
            store.add(contact)
        except InvalidContactError:
            outcomes.add("refused")
        else:
            outcomes.add("added")
            accepted.update(contact)

    settings(BUDGET, max_examples=100)(given(contact=valid_contacts(ACCEPTED))(add))()
    settings(BUDGET, max_examples=60)(given(contact=CONTACTS)(add))()
    assert set(CONTACT.members) <= accepted, set(CONTACT.members) - accepted
    assert outcomes == {"refused", "added"}


def _same(one: Any, other: Any) -> bool:
    """Equality that also holds for NaN values (a NaN is not equal to itself)."""
    if isinstance(one, float) and isinstance(other, float) and math.isnan(one):
        return math.isnan(other)
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, (list, tuple)) and isinstance(other, (list, tuple)):
        return len(one) == len(other) and all(_same(a, b) for a, b in zip(one, other, strict=True))
    return bool(one == other) and type(one) is type(other)
