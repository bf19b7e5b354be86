"""The two kinds of failure: what the service answers, and what a Python caller did wrong.

`ServiceError` never leaves the package as a Python exception: the wire layer turns it into the
error response the real service would send, which botocore then raises as a modelled
`ClientError`. `InvalidContactError` and `MockUsageError` are raised at the API surface only
(`ContactStore.add`, misuse of the decorator), so a mistake fails on the line that made it.
"""

from __future__ import annotations


class ServiceError(Exception):
    """An error answer of SearchContacts: the modelled exception name and its message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def invalid_parameter(message: str) -> ServiceError:
    """Well-formed input with a value the service refuses (400)."""
    return ServiceError("InvalidParameterException", message)


def invalid_request(message: str) -> ServiceError:
    """A malformed request: not JSON, wrong JSON types, unknown or unsupported members (400)."""
    return ServiceError("InvalidRequestException", message)


def resource_not_found(message: str) -> ServiceError:
    """The instance is not known in the caller's account and region (404)."""
    return ServiceError("ResourceNotFoundException", message)


class InvalidContactError(ValueError):
    """A contact handed to the store that the real service could never have returned.

    The message names the contact, the field path, the value and what is allowed.
    """


class MockUsageError(TypeError):
    """The mock itself was used in a way it cannot support; the message says what to do."""


class MockWarning(UserWarning):
    """An answer that is faithful but easy to misread: the service would answer the same, and
    the warning says what was left out and how to change it. Turn the category into errors
    with pytest's `filterwarnings = error::connect_contacts_mock.MockWarning`."""


class RetentionWarning(MockWarning):
    """A search left out contacts only because they are older than the 24-month retention."""


class UnsearchableAttributeWarning(MockWarning):
    """A search named a contact-attribute key that is not declared searchable."""
