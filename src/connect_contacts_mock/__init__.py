"""connect-contacts-mock: Amazon Connect SearchContacts, answered offline and truthfully.

    from connect_contacts_mock import mock_search_contacts

    with mock_search_contacts() as contacts:
        contacts.add({"Channel": "VOICE", "InitiationMethod": "INBOUND",
                      "InitiationTimestamp": datetime.datetime.now(datetime.timezone.utc)})
        boto3.client("connect", region_name="us-east-1").search_contacts(...)

Importing the package registers one inert botocore handler, so clients created afterwards are
reached; the pytest plugin imports it when pytest starts.
"""

from __future__ import annotations

from . import _botocore_events, factory
from ._mock import SearchContactsMock, mock_search_contacts
from ._options import DEFAULT_ACCOUNT_ID, DEFAULT_INSTANCE_ID
from .errors import (
    InvalidContactError,
    MockUsageError,
    MockWarning,
    RetentionWarning,
    UnsearchableAttributeWarning,
)
from .model import ModelView
from .store import ContactStore

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_INSTANCE_ID",
    "ContactStore",
    "InvalidContactError",
    "MockUsageError",
    "MockWarning",
    "ModelView",
    "RetentionWarning",
    "SearchContactsMock",
    "UnsearchableAttributeWarning",
    "__version__",
    "factory",
    "mock_search_contacts",
]

_botocore_events.install()
