"""The generated projection (`projection.Projector`) writes exactly what the plain way writes.

A search's `ContactSearchSummary` and DescribeContact's `Contact` are written straight from each
stored contact's frozen form by code generated per layout; the rule they follow is the plain
way, `COMPACT_TEXT.encode(to_wire(thawed contact, shape, frozen=True))`. The two must give the
same text, byte for byte, for every contact the store takes: the factory's mix, its mutations
the store still accepts, and contacts generated from the model's `Contact` shape (every
member, limits, years 1 and 9999, other time zones). Where the generated code declines a value
it answers None and the plain way answers instead.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings

from connect_contacts_mock import ContactStore, InvalidContactError, factory
from connect_contacts_mock.contact import StoredContact
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.projection import projector
from connect_contacts_mock.wire import COMPACT_TEXT, to_wire
from test_contact_copier_agrees import cases
from test_generated_contacts import BUDGET, valid_contacts

MODEL = installed_model()
SHAPES = {
    "ContactSearchSummary": MODEL.summary_shape,
    "Contact": MODEL.operation_view("DescribeContact").output_shape.members["Contact"],
}


def stored(store: ContactStore) -> list[StoredContact]:
    return [
        record for instance in store._instances.values() for record in instance.contacts.values()
    ]


def projected(record: StoredContact, shape: Any) -> str | None:
    freezer = record._freezer
    return projector(freezer.codec, shape).text(record.frozen, freezer.table.strings)


def plain(record: StoredContact, shape: Any) -> str:
    text: str = COMPACT_TEXT.encode(to_wire(record.snapshot(), shape, frozen=True))
    return text


def disagreements(store: ContactStore) -> list[tuple[str, str, str | None]]:
    return [
        (name, plain(record, shape), projected(record, shape))
        for record in stored(store)
        for name, shape in SHAPES.items()
        if projected(record, shape) not in (None, plain(record, shape))
    ]


@pytest.fixture(params=["small store", "compact forms"])
def forms(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A small store's forms (strings in place, the encoding unmarshalled), or the compact
    ones a store takes past its first 256 contacts (strings numbered, marshalled)."""
    if request.param == "compact forms":
        monkeypatch.setattr("connect_contacts_mock.store._SMALL_STORE", 0)
    return str(request.param)


def test_the_factory_mix_and_its_accepted_mutations_are_written_as_the_plain_way_writes_them(
    forms: str,
) -> None:
    taken, found = 0, []
    for contact in cases():
        store = ContactStore()  # one each: a mutation keeps its original's Id
        try:
            store.add(contact)
        except InvalidContactError:
            continue
        taken += 1
        found += disagreements(store)
    assert taken > 500  # the 400 originals, and the mutations the store still takes
    assert found == []


def test_the_factory_mix_is_written_straight_from_the_frozen_form() -> None:
    """The generated code takes every layout the factory makes: none falls back."""
    store = ContactStore()
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    store.add_many(factory.mix(500, start=start, end=start + datetime.timedelta(days=3), seed=5))
    for name, shape in SHAPES.items():
        declined = [record.id for record in stored(store) if projected(record, shape) is None]
        assert declined == [], name


@settings(BUDGET, max_examples=200)
@given(contact=valid_contacts())
def test_a_contact_generated_from_the_model_is_written_as_the_plain_way_writes_it(
    forms: str, contact: dict[str, Any]
) -> None:
    store = ContactStore()
    try:
        store.add(contact)
    except InvalidContactError:
        return  # refused at add: nothing is written for it
    assert disagreements(store) == []
