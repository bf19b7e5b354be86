"""ListContactReferences: the references stored on a contact, of the types asked for.

A contact's references are its `References` member in the store (the map the Start operations
and UpdateContact take: reference name -> `{Type, Value, Status, Arn, StatusReason}`). Each is
answered as the `ReferenceSummary` union member of its type, with exactly one key per element.

Which union member answers which `ReferenceType` is read from the installed model at run time:
the type's words in CamelCase (`EMAIL_MESSAGE_PLAIN_TEXT` -> `EmailMessagePlainText`). A type
that has no union member in the installed model (CONTACT_ANALYSIS in botocore releases whose
`ReferenceSummary` lacks `ContactAnalysis`) is left out of the answer: botocore could only show
it as `SDK_UNKNOWN_MEMBER`.
"""

from __future__ import annotations

import functools
from typing import Any

from connect_contacts_mock.errors import invalid_request
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.validation import Shape

#: The stored member that holds a contact's references.
STORED_MEMBER = "References"


class ListContactReferences(Operation):
    """The references of the contact named (not of its chain) whose `Type` is one of
    `ReferenceTypes`, in the order they were stored, each with `Name` = its key.

    `NextToken` is never sent: the model says it "is always returned as null", and a request's
    token "is not expected to be set", so a token sent anyway changes nothing (the whole list is
    answered). A type the model does not know has already failed its enum at the front door
    (InvalidParameterException)."""

    def precheck(self, params: dict[str, Any]) -> None:
        """Before the model's checks: a request without `ReferenceTypes` (boto3 sends no
        `referenceTypes` at all for `ReferenceTypes=[]`) is malformed, an
        InvalidRequestException, not the model's missing-member InvalidParameterException."""
        if not params.get("ReferenceTypes"):
            raise invalid_request(
                "ReferenceTypes: at least one reference type is required (boto3 sends none "
                "for an empty list); name the types to list, for example ['URL']"
            )

    def check(self, params: dict[str, Any]) -> tuple[str, str, frozenset[str]]:
        return params["InstanceId"], params["ContactId"], frozenset(params["ReferenceTypes"])

    def answer(self, checked: tuple[str, str, frozenset[str]], context: Context) -> dict[str, Any]:
        instance_id, contact_id, wanted = checked
        _, record = context.contact(instance_id, contact_id)
        references: dict[str, dict[str, Any]] = record.snapshot().get(STORED_MEMBER) or {}
        summary = _summary_shape(context)
        members = union_members(_reference_types(context), tuple(summary.members))
        listed = []
        for name, reference in references.items():
            kind = reference["Type"]
            member = members.get(kind)
            if member is not None and kind in wanted:
                listed.append({member: _fields(name, reference, summary.members[member])})
        return {"ReferenceSummaryList": listed}


@functools.lru_cache(maxsize=8)
def union_members(types: tuple[str, ...], members: tuple[str, ...]) -> dict[str, str]:
    """The `ReferenceSummary` member answering each of `types` (the model's `ReferenceType`
    values), by type: the type's words in CamelCase, where the union has a member of that
    name (`members`); a type without one is not among them."""
    known = frozenset(members)
    return {
        kind: camel
        for kind in types
        if (camel := "".join(word.capitalize() for word in kind.split("_"))) in known
    }


def _reference_types(context: Context) -> tuple[str, ...]:
    """The `ReferenceType` values of the installed model (the enum of `ReferenceTypes`)."""
    kinds: Shape = context.view.input_shape.members["ReferenceTypes"].member
    return tuple(getattr(kinds, "enum", None) or ())


def _summary_shape(context: Context) -> Shape:
    output = context.view.output_shape
    assert output is not None  # the model gives ListContactReferences an output
    summary: Shape = output.members["ReferenceSummaryList"].member
    return summary


def _fields(name: str, reference: dict[str, Any], member: Shape) -> dict[str, Any]:
    """The union member's members: `Name` is the reference's key, the others are copied
    from the stored reference where present (never null)."""
    fields: dict[str, Any] = {}
    for field in member.members:
        if field == "Name":
            fields[field] = name
        else:
            value = reference.get(field)
            if value is not None:
                fields[field] = value
    return fields
