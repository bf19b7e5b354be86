"""The primary TimeRange: which timestamp each Type reads, inclusive millisecond bounds, windows
in the future, the 8-week span and the 24-month retention of contact data (mock clock)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

MS = datetime.timedelta(milliseconds=1)
TYPES = (
    "INITIATION_TIMESTAMP",
    "SCHEDULED_TIMESTAMP",
    "CONNECTED_TO_AGENT_TIMESTAMP",
    "DISCONNECT_TIMESTAMP",
    "ENQUEUE_TIMESTAMP",
)


def window(kind: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    return {"Type": kind, "StartTime": start, "EndTime": end}


def search(client: Any, time_range: dict[str, Any], instance_id: str = I1) -> dict[str, Any]:
    response: dict[str, Any] = client.search_contacts(
        **base_request(InstanceId=instance_id, TimeRange=time_range)
    )
    return response


def found(client: Any, time_range: dict[str, Any], instance_id: str = I1) -> set[str]:
    response = search(client, time_range, instance_id)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


def with_timestamp(kind: str, contact_id: str, moment: datetime.datetime) -> dict[str, Any]:
    """A contact initiated at 09:00 on 2024-05-01 (or at `moment`) whose `kind` is `moment`."""
    contact: dict[str, Any] = {
        "Id": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(9),
    }
    if kind == "INITIATION_TIMESTAMP":
        contact["InitiationTimestamp"] = moment
    elif kind == "SCHEDULED_TIMESTAMP":
        contact.update(Channel="TASK", InitiationMethod="API", ScheduledTimestamp=moment)
    elif kind == "CONNECTED_TO_AGENT_TIMESTAMP":
        contact["AgentInfo"] = {"Id": "agent", "ConnectedToAgentTimestamp": moment}
    elif kind == "DISCONNECT_TIMESTAMP":
        contact["DisconnectTimestamp"] = moment
    else:
        contact["QueueInfo"] = {"Id": "queue", "EnqueueTimestamp": moment}
    return contact


@pytest.fixture
def store(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    """Instance I1 without contacts, with the mock clock at 2024-05-10T00:00Z."""
    connect_contacts.add_instance(I1)
    with freeze_time(NOW):
        yield connect_contacts


# -- Which timestamp each Type reads -------------------------------------------------------------

#: Window 2024-04-30T00:00Z..2024-05-03T00:00Z over the section-10 contacts, by Type.
BY_TYPE = {
    "INITIATION_TIMESTAMP": {"C5", "C1", "C2", "C3", "C4", "C6"},
    "SCHEDULED_TIMESTAMP": {"C3"},
    "CONNECTED_TO_AGENT_TIMESTAMP": {"C5", "C1", "C2", "C6"},
    "DISCONNECT_TIMESTAMP": {"C5", "C1", "C6"},
    "ENQUEUE_TIMESTAMP": {"C1", "C2", "C4", "C6"},
}


def test_tables_cover_every_time_range_type_of_the_installed_model(client: Any) -> None:
    """Each SearchContactsTimeRangeType of the installed botocore model is tested below."""
    enum = client.meta.service_model.shape_for("SearchContactsTimeRangeType").enum
    assert set(TYPES) == set(enum) == set(BY_TYPE)


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_compares_its_own_timestamp(spec_contacts: Any, client: Any, kind: str) -> None:
    """The window applies to the timestamp the Type names; contacts lacking it are left out."""
    assert found(client, window(kind, at(0, day=30, month=4), at(0, day=3))) == BY_TYPE[kind]


@pytest.mark.parametrize("kind", TYPES)
def test_contact_lacking_the_timestamp_is_never_returned(
    store: ContactStore, client: Any, kind: str
) -> None:
    """A contact that has only an InitiationTimestamp is found only by INITIATION windows."""
    store.add(with_timestamp("INITIATION_TIMESTAMP", "bare", at(10)), instance_id=I1)
    expected = {"bare"} if kind == "INITIATION_TIMESTAMP" else set()
    assert found(client, window(kind, at(0, day=9, month=4), at(0, day=9))) == expected


# -- Inclusive bounds, millisecond precision -----------------------------------------------------

INSTANTS = {
    "just-before-start": at(9, 59, 59) + 999 * MS,
    "at-start": at(10),
    "inside": at(10) + 500 * MS,
    "at-end": at(10, 0, 1),
    "sub-millisecond-after-end": at(10, 0, 1) + datetime.timedelta(microseconds=400),
    "just-after-end": at(10, 0, 1) + MS,
}


@pytest.mark.parametrize("kind", TYPES)
def test_bounds_are_inclusive_at_millisecond_precision(
    store: ContactStore, client: Any, kind: str
) -> None:
    """Window 10:00:00..10:00:01 keeps timestamps from 10:00:00.000 to 10:00:01.000 inclusive."""
    store.add_many(
        [with_timestamp(kind, name, moment) for name, moment in INSTANTS.items()],
        instance_id=I1,
    )
    assert found(client, window(kind, at(10), at(10, 0, 1))) == {
        "at-start",
        "inside",
        "at-end",
        "sub-millisecond-after-end",
    }


def test_window_ends_where_botocore_serialised_it(store: ContactStore, client: Any) -> None:
    """botocore sends whole seconds (older releases) or sub-seconds (newer ones): the mock
    compares against exactly what was sent, so 10:00:00.500 is inside an EndTime of
    10:00:00.900 when the fraction travels, and outside when it was cut to 10:00:00."""
    store.add(
        with_timestamp("INITIATION_TIMESTAMP", "half-past", at(10) + 500 * MS), instance_id=I1
    )
    hits = found(client, window("INITIATION_TIMESTAMP", at(9), at(10) + 900 * MS))
    sent = store.requests[-1]["TimeRange"]["EndTime"]
    assert sent in (at(10), at(10) + 900 * MS)
    assert hits == ({"half-past"} if sent > at(10) else set())


def test_bounds_at_the_same_instant_as_a_sub_second_timestamp_include_it(
    store: ContactStore, client: Any
) -> None:
    """Inclusive bounds hold at the stored instant even when it has sub-second digits."""
    moment = at(10) + 567 * MS + datetime.timedelta(microseconds=800)
    store.add(with_timestamp("INITIATION_TIMESTAMP", "exact", moment), instance_id=I1)
    hits = found(client, window("INITIATION_TIMESTAMP", moment, moment))
    sent = store.requests[-1]["TimeRange"]
    if sent["StartTime"] == sent["EndTime"] == moment:  # a botocore that sends sub-seconds
        assert hits == {"exact"}
    else:  # an older botocore cut both bounds to 10:00:00, before the contact
        assert (sent["StartTime"], hits) == (at(10), set())


@pytest.mark.parametrize("kind", TYPES)
def test_single_instant_window_finds_the_contact_at_that_instant(
    store: ContactStore, client: Any, kind: str
) -> None:
    """StartTime == EndTime is a valid window holding exactly that instant."""
    store.add_many(
        [with_timestamp(kind, "at", at(10)), with_timestamp(kind, "after", at(10, 0, 1))],
        instance_id=I1,
    )
    assert found(client, window(kind, at(10), at(10))) == {"at"}


# -- Windows in the future -----------------------------------------------------------------------


def test_window_in_the_future_finds_scheduled_tasks(store: ContactStore, client: Any) -> None:
    """With the clock at 2024-05-10, a SCHEDULED window on 2024-05-11 finds tomorrow's task."""
    store.add(with_timestamp("SCHEDULED_TIMESTAMP", "tomorrow", at(9, day=11)), instance_id=I1)
    assert found(client, window("SCHEDULED_TIMESTAMP", at(0, day=11), at(0, day=12))) == {
        "tomorrow"
    }


def test_window_in_the_future_without_contacts_is_an_empty_page(
    store: ContactStore, client: Any
) -> None:
    """An INITIATION window after the clock is accepted and answers no contacts."""
    response = search(client, window("INITIATION_TIMESTAMP", at(0, day=20), at(0, day=21)))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Contacts"] == []
    assert response["TotalCount"] == 0


# -- Span and order of the bounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "accepted"),
    [
        pytest.param(at(0, day=26, month=6), True, id="exactly-56-days"),
        pytest.param(at(0, 0, 1, day=26, month=6), False, id="56-days-and-a-second"),
        pytest.param(at(0, day=27, month=6), False, id="57-days"),
    ],
)
def test_window_spans_at_most_eight_weeks(
    store: ContactStore, client: Any, end: datetime.datetime, accepted: bool
) -> None:
    """EndTime - StartTime over 56 days is refused with InvalidParameterException."""
    span = window("INITIATION_TIMESTAMP", at(0), end)
    if accepted:
        assert search(client, span)["ResponseMetadata"]["HTTPStatusCode"] == 200
    else:
        with pytest.raises(client.exceptions.InvalidParameterException) as raised:
            search(client, span)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.connect_contacts(limit_time_window=False)
def test_span_limit_can_be_switched_off(spec_contacts: Any, client: Any) -> None:
    """With limit_time_window=False a window of a whole year is accepted."""
    year = window("INITIATION_TIMESTAMP", at(0, day=1, month=1), at(0, day=1, month=1, year=2025))
    assert found(client, year) == {"C1", "C2", "C3", "C4", "C5", "C6"}


@pytest.mark.parametrize("kind", TYPES)
def test_start_after_end_is_an_invalid_parameter(
    store: ContactStore, client: Any, kind: str
) -> None:
    """A window whose StartTime is after its EndTime is refused for every Type."""
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        search(client, window(kind, at(10, 0, 1), at(10)))
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# -- Retention: 24 months from initiation --------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "oldest"),
    [
        pytest.param(NOW, datetime.datetime(2022, 5, 10, tzinfo=NOW.tzinfo), id="mid-month"),
        pytest.param(
            datetime.datetime(2024, 2, 29, 12, tzinfo=NOW.tzinfo),
            datetime.datetime(2022, 2, 28, 12, tzinfo=NOW.tzinfo),
            id="leap-day-clock-keeps-month-end",
        ),
    ],
)
def test_contacts_older_than_24_months_are_invisible(
    connect_contacts: ContactStore,
    client: Any,
    clock: datetime.datetime,
    oldest: datetime.datetime,
) -> None:
    """A contact initiated exactly 24 months ago is found; one a millisecond older is not."""
    connect_contacts.add_many(
        [
            with_timestamp("INITIATION_TIMESTAMP", "oldest-kept", oldest),
            with_timestamp("INITIATION_TIMESTAMP", "deleted", oldest - MS),
        ],
        instance_id=I1,
    )
    span = window("INITIATION_TIMESTAMP", oldest - datetime.timedelta(days=7), oldest + MS)
    with freeze_time(clock):
        assert found(client, span) == {"oldest-kept"}


def test_contact_disappears_when_the_clock_passes_24_months(
    connect_contacts: ContactStore, client: Any
) -> None:
    """The clock is read at each search: 2024-05-01T10:00Z is gone at 2026-05-01T10:00:00.001."""
    connect_contacts.add(with_timestamp("INITIATION_TIMESTAMP", "c", at(10)), instance_id=I1)
    day = window("INITIATION_TIMESTAMP", at(0), at(0, day=2))
    with freeze_time(at(10, year=2026)) as clock:
        assert found(client, day) == {"c"}
        clock.tick(MS)
        assert found(client, day) == set()


@pytest.mark.parametrize("kind", ["INITIATION_TIMESTAMP", "DISCONNECT_TIMESTAMP"])
def test_expired_contact_is_invisible_to_every_type(
    spec_contacts: Any, client: Any, kind: str
) -> None:
    """C7 (2022-01-01) is past retention: no window on its timestamps finds it, and no error."""
    response = search(
        client, window(kind, at(0, day=31, month=12, year=2021), at(1, year=2022, month=1))
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["Contacts"] == []
    assert response["TotalCount"] == 0
