"""Guards over every registered operation at once: each is in the installed model, routed by
its `http`, has an example call in its test file, and its example answers as the model says
(the `answers_follow_the_model` fixture checks every answer of every operation test)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
import tests.operations as operation_tests

from connect_contacts_mock import ContactStore
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.operations import Operation, registered

from ._harness import client


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
