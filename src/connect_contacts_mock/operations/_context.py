"""What an operation receives besides its parameters: where the call was sent, and the store
with the lookups every operation shares (instance, contact), each failing as the service does."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connect_contacts_mock._clock import from_seconds, now_ms
from connect_contacts_mock._moto import moto_has_instance
from connect_contacts_mock.contact import EXPIRING_CHANNELS, StoredContact
from connect_contacts_mock.errors import InvalidContactError, invalid_parameter, resource_not_found
from connect_contacts_mock.lifecycle import ended_ms
from connect_contacts_mock.model import OperationView
from connect_contacts_mock.store import ContactStore, Instance
from connect_contacts_mock.timerules import retention_cutoff

#: What the service answers for a contact it does not show: one that never existed, one of
#: another instance and one past the 24-month retention alike (nothing leaks between them).
CONTACT_NOT_FOUND = "Contact not found"


@dataclass
class Context:
    """One call of an operation: the model's view of it, the store, the region it was sent to
    and the account it is billed to."""

    view: OperationView
    store: ContactStore
    region: str
    account_id: str

    def find_instance(self, instance_id: str) -> Instance | None:
        """The instance the call names, when the caller's account and region know it; an
        instance moto's `mock_aws` created is made known to the store."""
        store = self.store
        instance = store.find_instance(instance_id, self.region, self.account_id)
        if instance is None and moto_has_instance(self.account_id, self.region, instance_id):
            store.add_instance(instance_id, region=self.region, account_id=self.account_id)
            instance = store.find_instance(instance_id, self.region, self.account_id)
        return instance

    def instance(self, instance_id: str) -> Instance:
        """The instance the call names, else ResourceNotFoundException saying where it is."""
        instance = self.find_instance(instance_id)
        if instance is None:
            raise resource_not_found(
                self.store.instance_not_found_message(instance_id, self.region, self.account_id)
            )
        return instance

    def contact(self, instance_id: str, contact_id: str) -> tuple[Instance, StoredContact]:
        """The instance and the contact the call names. A contact of another instance, one that
        never existed and one past retention are the same ResourceNotFoundException."""
        instance = self.instance(instance_id)
        record = instance.contacts.get(contact_id)
        if record is None or record.initiation_ms < retention_cutoff():
            raise resource_not_found(CONTACT_NOT_FOUND)
        return instance, self._expired(instance, record)

    def _expired(self, instance: Instance, record: StoredContact) -> StoredContact:
        """The contact as it is now: a task or email past its `connect:ContactExpiry` ends
        when first touched, with `DisconnectTimestamp` = the expiry and `DisconnectReason`
        EXPIRED (the service ends them by itself; the mock does it lazily, so a seeded
        contact without an expiry never ends)."""
        if record.disconnect_ms is not None or record.channel not in EXPIRING_CHANNELS:
            return record
        with self.store.atomically():
            current = instance.contacts.get(record.id, record)
            if current.disconnect_ms is not None:
                return current
            expired = ended_ms(current.snapshot())  # the expiry, if it has passed
            if expired is None:
                return current
            ended = max(expired, current.initiation_ms)

            def end(contact: dict[str, Any]) -> dict[str, Any]:
                contact["DisconnectTimestamp"] = from_seconds(ended / 1000)
                contact["DisconnectReason"] = "EXPIRED"
                return contact

            return self.store.replace_contact(instance, record.id, end)

    def now(self) -> datetime.datetime:
        """The mock clock's now (frozen or moved by freezegun and time-machine), as an aware
        UTC datetime with millisecond precision, for the timestamps an update sets."""
        return from_seconds(now_ms() / 1000)

    def replace(
        self,
        instance: Instance,
        changes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]],
        member: str,
    ) -> None:
        """Replace contacts all or none (`ContactStore.replace_contacts`); a change that would
        leave a contact the model refuses is an InvalidParameterException about `member`, the
        request member that carried it, and changes nothing."""
        try:
            self.store.replace_contacts(instance, changes)
        except InvalidContactError as error:
            raise invalid_parameter(
                f"{member}: the updated contact would not be valid ({error}); nothing was changed"
            ) from None

    def create(self, instance: Instance, contacts: list[dict[str, Any]]) -> list[StoredContact]:
        """Add the contacts an operation makes, all or none (`ContactStore.insert_contacts`);
        one the model refuses is an InvalidParameterException naming the field, and nothing is
        added."""
        try:
            return self.store.insert_contacts(instance, contacts)
        except InvalidContactError as error:
            raise invalid_parameter(
                f"the new contact would not be valid ({error}); nothing was created"
            ) from None
