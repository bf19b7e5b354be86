"""The store's generated copier (`copier.ContactCodec`) copies exactly what `ShapeCopier` copies.

`ContactStore.add` copies, checks and encodes a contact in one pass of code generated per layout;
wherever that code does not take a value it hands the structure to `ShapeCopier`, which the
checker agrees with (test_contact_copier_agrees.py). So the generated code must accept exactly
what `ShapeCopier` accepts, return the same copy (members in the same order), and its encoding
must decode back to that copy, as must the copy that keeps strings in place rather than
numbering them (a small store's). The cases are those of test_contact_copier_agrees.py, plus
values the fast path leaves to the generic one (other time zones, subclasses, bytearrays).
"""

from __future__ import annotations

import datetime
import enum
import random
from typing import Any

import pytest

from connect_contacts_mock import factory
from connect_contacts_mock.copier import ContactCodec, freeze_timestamp
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.validation import Rejected, ShapeCopier
from test_contact_copier_agrees import cases, mutated

SHAPE = installed_model().stored_contact_shape
REFERENCE = ShapeCopier(timestamp=freeze_timestamp).compile(SHAPE)
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)


class Channel(str, enum.Enum):
    VOICE = "VOICE"


def reference(contact: Any) -> dict[str, Any] | None:
    try:
        copied: dict[str, Any] = REFERENCE(contact)
    except Rejected:
        return None
    return copied


def generated(codec: ContactCodec, contact: Any) -> tuple[dict[str, Any], Any] | None:
    """The generated copy and encoding, strings numbered; the copy that keeps them in place
    (a small store's) must accept, copy and encode alike."""
    table = codec.table()
    in_place = codec.copier(None)
    try:
        copied, encoded = codec.copy(contact, table)
    except Rejected:
        with pytest.raises(Rejected):
            in_place(contact)
        return None
    assert codec.thaw(codec.freeze(copied, encoded, table), table) == copied
    assert codec.thaw(codec.freeze(copied, None, table), table) == copied
    kept, kept_encoded = in_place(contact)
    assert kept == copied and list(kept) == list(copied)
    assert codec.thaw(codec.freeze(kept, kept_encoded, table), table) == copied
    return copied, encoded


def unusual(contact: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The contact with a value the generated code leaves to the generic copy."""
    changed = dict(contact)
    choice = rng.randrange(4)
    if not isinstance(contact.get("InitiationTimestamp"), datetime.datetime):
        choice = 2 + choice % 2
    if choice == 0:
        changed["InitiationTimestamp"] = contact["InitiationTimestamp"].astimezone(
            datetime.timezone(datetime.timedelta(hours=2))
        )
    elif choice == 1:
        changed["InitiationTimestamp"] = contact["InitiationTimestamp"].replace(tzinfo=None)
    elif choice == 2:
        changed["Channel"] = Channel.VOICE
    else:
        changed["Attributes"] = {"Plan": None, "Tier": "1"}
    return changed


@pytest.mark.parametrize("batch", range(4))
def test_generated_copier_copies_what_the_shape_copier_copies(batch: int) -> None:
    codec = ContactCodec(SHAPE)  # a fresh one: layouts are generated from these cases
    rng = random.Random(batch)
    disagreements = []
    for number, contact in enumerate(cases()):
        if number % 4 != batch:
            continue
        for case in (contact, unusual(contact, rng), mutated(contact, rng)):
            expected, got = reference(case), generated(codec, case)
            if (expected is None) != (got is None) or (
                got is not None and (got[0] != expected or list(got[0]) != list(expected or ()))
            ):
                disagreements.append((case, expected, got))
    assert not disagreements, disagreements[:3]


def test_frozen_contact_keeps_subclasses_and_other_time_zones() -> None:
    codec = ContactCodec(SHAPE)
    table = codec.table()
    paris = datetime.timezone(datetime.timedelta(hours=1), "CET")
    contact = factory.voice_call(at=START) | {
        "Channel": Channel.VOICE,
        "InitiationTimestamp": START.astimezone(paris),
    }
    copied, encoded = codec.copy(contact, table)
    thawed = codec.thaw(codec.freeze(copied, encoded, table), table)
    assert thawed == copied
    assert type(thawed["Channel"]) is Channel
    assert thawed["InitiationTimestamp"].tzinfo == paris


def test_more_layouts_than_the_limit_are_copied_by_the_generic_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("connect_contacts_mock.copier.VARIANT_LIMIT", 2)
    codec = ContactCodec(SHAPE)
    table = codec.table()
    contacts = list(factory.mix(300, start=START, end=START + datetime.timedelta(days=2), seed=5))
    for contact in contacts:
        copied, encoded = codec.copy(contact, table)
        assert copied == REFERENCE(contact)
        assert codec.thaw(codec.freeze(copied, encoded, table), table) == copied
