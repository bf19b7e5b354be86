"""Guards over every registered operation at once: each is in the installed model, routed by
its `http`, has an example call in its test file, and its example answers as the model says
(the `answers_follow_the_model` fixture checks every answer of every operation test); every
operation naming a contact reports hidden contacts and unknown instances alike."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
import tests.operations as operation_tests
from botocore import xform_name

from conftest import C7
from connect_contacts_mock import ContactStore
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.operations import Operation, registered

from ._harness import X1, client, error_of


def _examples() -> dict[str, Callable[[Any], Any]]:
    found: dict[str, Callable[[Any], Any]] = {}
    for module in pkgutil.iter_modules(operation_tests.__path__):
        if module.name.startswith("test_"):
            loaded = importlib.import_module(f"{operation_tests.__name__}.{module.name}")
            found.update(getattr(loaded, "EXAMPLES", {}))
    return found


EXAMPLES = _examples()
MODEL = installed_model()
#: The operations of this botocore's model that the mock answers.
ANSWERED = sorted(name for name in registered() if name in MODEL.operation_names)


def test_every_registered_operation_is_an_operation_of_the_model() -> None:
    """A registered name the installed model lacks is only allowed for a newer model."""
    assert "SearchContacts" in ANSWERED and "DescribeContact" in ANSWERED
    for name in registered():
        assert name[0].isupper() and name.isalnum(), name


@pytest.mark.parametrize("operation", [name for name in ANSWERED if name != "SearchContacts"])
def test_every_registered_operation_has_an_example_answered_as_the_model_says(
    operations_store: ContactStore, operation: str
) -> None:
    assert operation in EXAMPLES, f"tests/operations has no EXAMPLES entry for {operation}"
    EXAMPLES[operation](client())
    call = operations_store.calls[-1]
    assert (call.operation, call.status) == (operation, 200), call


def test_a_name_is_registered_once() -> None:
    with pytest.raises(TypeError, match="registered twice"):

        class DescribeContact(Operation):  # noqa: F811 - the duplicate is the point
            pass


#: Contacts no operation may show (spec section 0.4): of another instance, never existed,
#: past the 24-month retention.
HIDDEN = {"of-another-instance": X1, "never-existed": "nope", "past-retention": C7}
#: What a hidden contact is answered: ResourceNotFoundException, except where the operation's
#: model gives it an answer of its own (section 0.4: StopContact's ContactNotFoundException,
#: HTTP 410, "does not exist").
NOT_FOUND = ("ResourceNotFoundException", 404, "Contact not found")
OWN_NOT_FOUND = {"StopContact": ("ContactNotFoundException", 410, "Contact not found")}
#: The member naming the contact, by the operations' input shapes.
CONTACT_MEMBERS = ("ContactId", "InitialContactId")
LOOKUP_OPERATIONS = [
    name
    for name in ANSWERED
    if any(member in MODEL.operation_view(name).input_shape.members for member in CONTACT_MEMBERS)
]


def _example_params(store: ContactStore, operation: str) -> dict[str, Any]:
    """The parameters of the operation's example call, as the mock decoded them."""
    EXAMPLES[operation](client())
    params = store.calls_to(operation)[-1].params
    assert params is not None
    store.clear()
    return params


def _call(operation: str, params: dict[str, Any]) -> Any:
    connect = client()
    return getattr(connect, xform_name(operation))(**params)


@pytest.mark.parametrize("hidden", list(HIDDEN), ids=list(HIDDEN))
@pytest.mark.parametrize("operation", LOOKUP_OPERATIONS)
def test_every_operation_reports_a_hidden_contact_as_not_found_and_changes_nothing(
    operations_store: ContactStore, operation: str, hidden: str
) -> None:
    """Section 0.4: nothing tells a contact of another instance, one that never existed and
    one past retention apart; the answer is the same for each (404, or the operation's own
    not-found answer)."""
    params = _example_params(operations_store, operation)
    member = next(name for name in CONTACT_MEMBERS if name in params)
    before = list(operations_store)
    code, status, message = error_of(lambda: _call(operation, {**params, member: HIDDEN[hidden]}))
    assert (code, status, message) == OWN_NOT_FOUND.get(operation, NOT_FOUND)
    assert list(operations_store) == before


@pytest.mark.parametrize("operation", LOOKUP_OPERATIONS)
def test_every_operation_reports_an_unknown_instance_naming_it(
    operations_store: ContactStore, operation: str
) -> None:
    params = _example_params(operations_store, operation)
    code, status, message = error_of(
        lambda: _call(operation, {**params, "InstanceId": "bad-instance"})
    )
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert "bad-instance" in message
