"""Sort: every FieldName of the installed model in both orders, the default order, ties by Id
ascending, contacts lacking the sort value last, and EXPIRY_TIMESTAMP's sources."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

#: Window 2024-04-30T00:00Z..2024-05-03T00:00Z: the section-10 contacts C1..C6.
SINCE_APRIL_30 = {
    "Type": "INITIATION_TIMESTAMP",
    "StartTime": at(0, day=30, month=4),
    "EndTime": at(0, day=3),
}


def order_of(client: Any, sort: dict[str, str] | None, time_range: Any = None) -> list[str]:
    request = base_request(TimeRange=time_range or SINCE_APRIL_30)
    if sort is not None:
        request["Sort"] = sort
    return names(client.search_contacts(**request))


#: Expected order of C1..C6 for each field and order. Ids sort C1 < C2 < ... < C6.
ORDERS = {
    ("INITIATION_TIMESTAMP", "ASCENDING"): "C5 C1 C2 C3 C4 C6",
    ("INITIATION_TIMESTAMP", "DESCENDING"): "C6 C4 C3 C2 C1 C5",
    ("SCHEDULED_TIMESTAMP", "ASCENDING"): "C3 C1 C2 C4 C5 C6",
    ("SCHEDULED_TIMESTAMP", "DESCENDING"): "C3 C1 C2 C4 C5 C6",
    ("CONNECTED_TO_AGENT_TIMESTAMP", "ASCENDING"): "C5 C1 C2 C6 C3 C4",
    ("CONNECTED_TO_AGENT_TIMESTAMP", "DESCENDING"): "C6 C2 C1 C5 C3 C4",
    ("DISCONNECT_TIMESTAMP", "ASCENDING"): "C5 C1 C6 C2 C3 C4",
    ("DISCONNECT_TIMESTAMP", "DESCENDING"): "C6 C1 C5 C2 C3 C4",
    ("INITIATION_METHOD", "ASCENDING"): "C3 C1 C2 C4 C5 C6",
    ("INITIATION_METHOD", "DESCENDING"): "C6 C5 C1 C2 C4 C3",
    ("CHANNEL", "ASCENDING"): "C2 C4 C3 C1 C5 C6",
    ("CHANNEL", "DESCENDING"): "C1 C5 C6 C3 C4 C2",
    ("EXPIRY_TIMESTAMP", "ASCENDING"): "C1 C2 C3 C4 C5 C6",
    ("EXPIRY_TIMESTAMP", "DESCENDING"): "C1 C2 C3 C4 C5 C6",
}


def test_table_covers_every_sort_field_and_order_of_the_installed_model(client: Any) -> None:
    """Each Sort.FieldName x Sort.Order of the installed botocore model has a row in ORDERS."""
    sort = client.meta.service_model.operation_model("SearchContacts").input_shape.members["Sort"]
    fields, orders = sort.members["FieldName"].enum, sort.members["Order"].enum
    assert set(ORDERS) == {(field, order) for field in fields for order in orders}


@pytest.mark.parametrize(
    ("field", "order"), list(ORDERS), ids=[f"{field}-{order}" for field, order in ORDERS]
)
def test_sort_field_and_order(spec_contacts: Any, client: Any, field: str, order: str) -> None:
    """Values in the order asked; equal values by Id ascending; missing values last."""
    sort = {"FieldName": field, "Order": order}
    assert order_of(client, sort) == ORDERS[(field, order)].split()


def test_default_order_is_initiation_timestamp_descending(spec_contacts: Any, client: Any) -> None:
    """Without Sort, the newest contact comes first."""
    assert order_of(client, None) == ORDERS[("INITIATION_TIMESTAMP", "DESCENDING")].split()


def plain(contact_id: str, moment: datetime.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "Id": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": moment,
        **fields,
    }


@pytest.mark.parametrize("order", ["ASCENDING", "DESCENDING"])
@pytest.mark.parametrize("field", ["INITIATION_TIMESTAMP", "CHANNEL", "INITIATION_METHOD"])
def test_ties_are_broken_by_id_ascending_in_both_orders(
    spec_contacts: ContactStore, client: Any, field: str, order: str
) -> None:
    """Contacts with the same sort value come by Id ascending, whatever order they were added in."""
    spec_contacts.add_many(
        [plain("tie-b", at(15)), plain("tie-c", at(15)), plain("tie-a", at(15))], instance_id=I1
    )
    window = {"Type": "INITIATION_TIMESTAMP", "StartTime": at(15), "EndTime": at(15)}
    assert order_of(client, {"FieldName": field, "Order": order}, window) == [
        "tie-a",
        "tie-b",
        "tie-c",
    ]


# -- EXPIRY_TIMESTAMP ----------------------------------------------------------------------------


def expiry_segment(value: dict[str, Any]) -> dict[str, Any]:
    return {"connect:ContactExpiry": {"ValueMap": {"ExpiryTimeStamp": value}}}


def step(expiry: datetime.datetime, status: str = "ACTIVE") -> dict[str, Any]:
    return {
        "RoutingCriteria": {"Steps": [{"Expiry": {"ExpiryTimestamp": expiry}, "Status": status}]}
    }


EXPIRING = [
    plain(
        "iso-text",
        at(10),
        SegmentAttributes=expiry_segment({"ValueString": "2024-05-03T12:00:00Z"}),
    ),
    plain(
        "epoch-seconds",
        at(11),
        SegmentAttributes=expiry_segment({"ValueInteger": int(at(6, day=2).timestamp())}),
    ),
    plain("routing-step", at(12), **step(at(18, day=2))),
    plain(
        "segment-wins",
        at(13),
        SegmentAttributes=expiry_segment({"ValueString": "2024-05-02T00:00:00+00:00"}),
        **step(at(0, day=5)),
    ),
    plain("expired-step", at(14), **step(at(12), status="EXPIRED")),
    plain(
        "duration-only",
        at(15),
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 1440}}}
        },
    ),
]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param(
            "ASCENDING",
            "segment-wins epoch-seconds routing-step iso-text duration-only expired-step",
            id="ascending",
        ),
        pytest.param(
            "DESCENDING",
            "iso-text routing-step epoch-seconds segment-wins duration-only expired-step",
            id="descending",
        ),
    ],
)
def test_expiry_timestamp_reads_the_contact_expiry_segment_then_the_active_step(
    connect_contacts: ContactStore, client: Any, order: str, expected: str
) -> None:
    """EXPIRY_TIMESTAMP: connect:ContactExpiry's ExpiryTimeStamp (ISO text or epoch seconds),
    else the active routing step's expiry; contacts with neither come last."""
    connect_contacts.add_many(EXPIRING, instance_id=I1)
    day = {"Type": "INITIATION_TIMESTAMP", "StartTime": at(0), "EndTime": at(0, day=2)}
    with freeze_time(NOW):
        assert order_of(client, {"FieldName": "EXPIRY_TIMESTAMP", "Order": order}, day) == (
            expected.split()
        )
