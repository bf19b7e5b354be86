"""The fixture of the contact-operations spec, section 12: the search fixture (instance I1, C1 to
C7, clock 2024-05-10T00:00Z) plus a second instance I2 holding X1; C1 carries references."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.parsers import RestJSONParser
from freezegun import freeze_time

from conftest import C1, I1, NOW, SPEC_CONTACTS, at
from connect_contacts_mock import ContactStore
from connect_contacts_mock.calls import Call

from ._harness import I2, X1

C1_REFERENCES = {
    "crm": {"Type": "URL", "Value": "https://crm/1"},
    "amount": {"Type": "NUMBER", "Value": "12"},
}


def operations_contacts() -> list[dict[str, Any]]:
    """The contacts of I1 for the operation tests (a fresh copy each time)."""
    contacts = copy.deepcopy(SPEC_CONTACTS)
    for contact in contacts:
        if contact["Id"] == C1:
            contact["References"] = copy.deepcopy(C1_REFERENCES)
    return contacts


@pytest.fixture
def operations_store(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    """Section 12's fixture, with the mock clock at 2024-05-10T00:00Z."""
    connect_contacts.add_many(operations_contacts(), instance_id=I1)
    connect_contacts.add(
        {
            "Id": X1,
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": at(9),
        },
        instance_id=I2,
    )
    with freeze_time(NOW):
        yield connect_contacts


@pytest.fixture(autouse=True)
def answers_follow_the_model(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, every answer the store gave is one the real service could give: an
    error is in the operation's modelled list, and a success parses with botocore into a value
    the output shape accepts (every max, pattern and enum; unions with exactly one member),
    as botocore's Stubber checks canned responses."""
    if "connect_contacts" not in request.fixturenames:
        yield
        return
    store: ContactStore = request.getfixturevalue("connect_contacts")
    yield
    for call in store.calls:
        assert_follows_the_model(store, call)


def assert_follows_the_model(store: ContactStore, call: Call) -> None:
    view = store.model.operation_view(call.operation)
    if call.error_code is not None:
        assert view.models(call.error_code), (call.operation, call.error_code)
        return
    assert call.status == 200, call
    if view.output_shape is None or not view.output_shape.members:
        assert call.body == b"", (call.operation, call.body)
        return
    assert b"null" not in call.body, call.body
    parsed = RestJSONParser().parse(
        {"body": call.body, "headers": {}, "status_code": 200}, view.output_shape
    )
    parsed.pop("ResponseMetadata", None)
    problems = store.model.python_checker.check(view.output_shape, parsed)
    assert not problems, (call.operation, problems)
