"""ContactStore: the contacts one activation of the mock answers from.

Each activation gets its own store. Contacts are validated against the installed model when they
are added (a bad fixture fails on the line that wrote it, naming the field), then kept per
instance with everything a search reads prepared in advance.
"""

from __future__ import annotations

import gc
import itertools
import os
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import botocore

from . import lifecycle
from ._options import DEFAULT_ACCOUNT_ID, DEFAULT_INSTANCE_ID
from .calls import Call, CallAssertions
from .contact import Interner, StoredContact, arn, epoch_ms
from .copier import ContactCodec, Encoded, Freezer
from .errors import InvalidContactError, MockUsageError
from .faults import DEFAULT_MESSAGES, Fault, Faults, Predicate
from .fixtures import parse
from .model import ModelView, installed_model
from .partitions import partition_of
from .query import CHAINS, ContactIndex
from .validation import Rejected, plain_copy, show

#: How many contacts of a store (over all its instances) keep the forms of a small store: their
#: strings in place, their encoding unmarshalled, their mappings unshared (see `Freezer` and
#: `StoredContact`). Later ones take the forms that save memory where contacts are many.
_SMALL_STORE = 256
#: Members every searchable contact has (ContactSearchSummary documents them as always set).
_ALWAYS_PRESENT = ("Channel", "InitiationMethod", "InitiationTimestamp")


@dataclass
class Instance:
    """A Connect instance known to the store: known in `region`, or in every region (None)."""

    instance_id: str
    account_id: str
    region: str | None
    contacts: dict[str, StoredContact] = field(default_factory=dict)
    index: ContactIndex = field(default_factory=ContactIndex)
    #: Changes whenever the contacts change: a search result remembered from an earlier
    #: generation is stale.
    generation: int = 0
    #: What each creating call with a ClientToken answered, by (region, operation, token):
    #: see `operations._idempotency`.
    client_tokens: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def visible_in(self, region: str) -> bool:
        return self.region is None or self.region == region

    def chain(self, member: str, root: str) -> list[StoredContact]:
        """The contacts of one chain (`member`: "InitialContactId", an attribute group, or
        "ContactAssociationId", a contact tree) rooted at `root`: the root first when stored,
        then the contacts linked to it, in the order added. Found without a scan."""
        head = self.contacts.get(root)
        members = self.index.linked(member, root)
        if head is not None and getattr(head, CHAINS[member]) == root:
            return [head, *members]
        return members


@dataclass
class _Staged:
    """Contacts checked and prepared for one instance, not yet in the store."""

    key: tuple[str, str]
    instance: Instance
    records: list[StoredContact]


class ContactStore(CallAssertions):
    """Contacts of one or more Connect instances, and the SearchContacts requests received.

    `add` takes a dict in the shape of DescribeContact's `Contact` (PascalCase members, datetimes
    for timestamps) plus the search-only `Transcript`; see the README for the full contract.
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        region: str | None = None,
        instance_id: str = DEFAULT_INSTANCE_ID,
        searchable_attributes: Iterable[str] | None = None,
        model: ModelView | None = None,
    ) -> None:
        self.model = model or installed_model()
        self.account_id = account_id
        self.region = region
        keys = searchable_keys(searchable_attributes)
        self.searchable_attributes = frozenset(keys) if keys is not None else None
        self._instance_id = instance_id
        self._instances: dict[tuple[str, str], Instance] = {}
        self._lock = threading.RLock()
        self._copy_contact = _contact_copier(self.model)
        self._shared = Interner()
        #: Contacts added since the store was made or cleared: the first `_SMALL_STORE` keep
        #: the small forms.
        self._committed = 0
        self.calls: list[Call] = []
        """Every request received, of every operation, with the answer given, in order."""
        self.faults = Faults()
        self.add_instance(instance_id, region=region)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Decoded parameters of every SearchContacts request received, in order (timestamps as
        aware UTC datetimes); bodies that were not a JSON object are left out. Every
        operation's calls are in `calls`."""
        return [
            call.params
            for call in self.calls
            if call.params is not None and call.operation == "SearchContacts"
        ]

    def load(
        self, source: str | os.PathLike[str] | list[Any] | dict[str, Any] | Iterable[Any]
    ) -> list[str]:
        """Add the contacts of a fixture file (JSON; YAML with PyYAML) or of already-parsed
        data (a document, or any iterable of contacts, documents and paths), validated as
        `add` does; return their Ids. Timestamps are ISO-8601 strings, or
        relative to now such as "-2h", "+30m" or "-1d".

        The whole document is checked before anything is added, so a bad contact adds
        nothing; the error names the file, the instance and the contact's position.

        A file written by `save` is read back as it was saved (its instances, with their
        regions, and its searchable attributes where this store declares none), without
        checking its contacts again; one from another version or model, cut short or
        changed, is refused, as is a contact Id an instance of this store already has."""
        # Imported here: most test runs never load a saved store, and it costs the import.
        from .saved import build as build_saved
        from .saved import is_saved, paused_collection, refuse_known_ids
        from .saved import read as read_saved

        if is_saved(source):  # see `saved`: all or none, as for a fixture
            with paused_collection():  # one pause for the whole load
                saved = read_saved(source, model=self.model)
                with self._lock:
                    parts = [
                        _Staged(key, self._instances.get(key) or Instance(*key[::-1], None), [])
                        for key in saved.keys
                    ]
                    refuse_known_ids(saved, [part.instance.contacts for part in parts])
                    built = build_saved(saved, self._shared.freezer(self._copy_contact))
                    for part, kept, records in zip(parts, saved.instances, built, strict=True):
                        part.records = records
                        part.instance.region = kept.region or part.instance.region
                    if self.searchable_attributes is None and saved.searchable_attributes:
                        self.searchable_attributes = frozenset(saved.searchable_attributes)
                    self._commit(parts)
            return saved.ids
        batches = parse(source, self.model.stored_contact_shape)
        with self._lock:
            staged: list[_Staged] = []
            for batch in batches:
                try:
                    staged.append(
                        self._stage(
                            batch.contacts, batch.instance_id, batch=True, staged_before=staged
                        )
                    )
                except InvalidContactError as error:
                    raise InvalidContactError(f"{batch.label}: {error}") from None
            for batch, part in zip(batches, staged, strict=True):
                if batch.region is not None:  # as add_instance(instance_id, region=region)
                    part.instance.region = batch.region
            self._commit(staged)
        return [record.id for part in staged for record in part.records]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the store to `path`, for `load` (and the server's `--data`) to read back at
        once: every instance (account, Id, region, contacts in the order added) and the
        searchable attributes. The contacts are kept as stored, already checked, so loading
        checks nothing again; only this package version, with the same model, reads the file.
        The calls received, queued faults and ClientToken answers are not saved."""
        from .saved import write as write_saved

        with self._lock:
            write_saved(
                path,
                [
                    (known.account_id, known.instance_id, known.region, known.contacts.values())
                    for known in self._instances.values()
                ],
                model=self.model,
                freezer=self._shared.freezer(self._copy_contact),
                searchable_attributes=self.searchable_attributes,
            )

    def serve(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limit_time_window: bool = True,
        throttle: bool | tuple[float, int] = False,
    ) -> AbstractContextManager[str]:
        """`with contacts.serve() as url:` answers `POST {url}/search-contacts` from this store
        over HTTP on loopback, for the AWS CLI and other SDKs (`--endpoint-url`); same options as
        `mock_search_contacts`. Needs werkzeug (`pip install connect-contacts-mock[server]`)."""
        from .faults import TokenBucket
        from .server import serve

        return serve(
            self,
            host=host,
            port=port,
            limit_time_window=limit_time_window,
            throttle=TokenBucket.from_option(throttle),
        )

    def fail_next(
        self,
        error: str = "ThrottlingException",
        *,
        times: int | None = 1,
        message: str | None = None,
        when: Predicate | None = None,
        operation: str = "SearchContacts",
    ) -> None:
        """Answer the next `times` requests of `operation` (None: every request) with the
        modelled `error`.

        `when`, a predicate over the decoded request parameters, limits the fault to matching
        requests. Faults are answered before the request is processed, as the service's front
        door does, so botocore's retry handler sees them (429 and 500 are retried).
        """
        try:
            view = self.model.operation_view(operation)
        except KeyError:
            raise MockUsageError(
                f"{operation!r} is not an operation of Connect in the installed botocore "
                "model; name it as the model does, such as 'DescribeContact'"
            ) from None
        allowed = view.modelled_errors
        if error not in allowed:
            raise MockUsageError(
                f"{error!r} is not an error of {operation} in the installed botocore model; "
                f"choose one of {', '.join(allowed)}"
            )
        if times is not None and times < 1:
            raise MockUsageError(f"times must be at least 1 (or None for always), got {times}")
        text = message or DEFAULT_MESSAGES.get(error, f"Injected {error}")
        self.faults.add(Fault(error, text, times, when, operation))

    @property
    def instance_id(self) -> str:
        """The default instance: contacts added without `instance_id` go here."""
        return self._instance_id

    def add_instance(
        self, instance_id: str, *, region: str | None = None, account_id: str | None = None
    ) -> str:
        """Make `instance_id` known (with no contacts yet) and return it.

        With `region`, the instance exists only in that region; without, in every region.
        """
        if not instance_id:
            raise InvalidContactError(
                f"instance_id must be a non-empty string, got {show(instance_id)}"
            )
        account = account_id or self.account_id
        self._check_instance_id(instance_id)
        with self._lock:
            known = self._instances.get((account, instance_id))
            if known is None:
                self._instances[(account, instance_id)] = Instance(instance_id, account, region)
            elif region is not None:
                known.region = region
        return instance_id

    def add(self, contact: dict[str, Any], *, instance_id: str | None = None) -> str:
        """Validate and add one contact; return its Id (generated when absent)."""
        return self._add([contact], instance_id, batch=False)[0]

    def add_many(
        self, contacts: Iterable[dict[str, Any]], *, instance_id: str | None = None
    ) -> list[str]:
        """Validate and add several contacts at once: all are added, or none is. An error names
        the contact by its position in `contacts` ("contact 3 of the batch")."""
        return self._add(contacts, instance_id, batch=True)

    def _add(
        self, contacts: Iterable[dict[str, Any]], instance_id: str | None, *, batch: bool
    ) -> list[str]:
        with self._lock:
            staged = self._stage(contacts, instance_id, batch=batch)
            self._commit([staged])
        return [record.id for record in staged.records]

    def _stage(
        self,
        contacts: Iterable[dict[str, Any]],
        instance_id: str | None,
        *,
        batch: bool,
        staged_before: Iterable[_Staged] = (),
    ) -> _Staged:
        """Check and prepare contacts for one instance without changing the store (call under
        the lock). Ids must be new to the instance, to this batch and to `staged_before`.

        The garbage collector pauses meanwhile (its previous state restored after): a batch
        makes millions of objects that all stay, and each collection would walk them again."""
        target = instance_id or self._instance_id
        if (self.account_id, target) not in self._instances:
            self._check_instance_id(target)
        # a new instance is known once its contacts are in: a refusal leaves no trace
        key = (self.account_id, target)
        instance = self._instances.get(key) or next(
            (earlier.instance for earlier in staged_before if earlier.key == key),
            Instance(target, self.account_id, None),
        )
        staged_ids = {
            record.id
            for earlier in staged_before
            if earlier.key == key
            for record in earlier.records
        }
        batch_ids: set[str] = set()
        records: list[StoredContact] = []
        freezer = self._shared.freezer(self._copy_contact)
        # the first contacts of a store keep the small forms (see `_SMALL_STORE`)
        in_place_upto = (
            _SMALL_STORE - self._committed - sum(len(earlier.records) for earlier in staged_before)
        )
        collecting = gc.isenabled()
        gc.disable()
        source, position = iter(contacts), 0
        try:
            # In blocks of 64: a generator's work and the checks each run while their own
            # data is in the processor's caches, rather than taking turns contact by contact.
            while block := list(itertools.islice(source, 64)):
                for contact in block:
                    position += 1
                    ordinal = position if batch else None
                    record = self._prepare(
                        contact,
                        ordinal,
                        instance,
                        freezer=freezer,
                        in_place=position <= in_place_upto,
                    )
                    contact_id = record.id
                    if contact_id in batch_ids or contact_id in staged_ids:
                        earlier = (
                            "in this batch" if contact_id in batch_ids else "of an earlier entry"
                        )
                        raise InvalidContactError(
                            f"contact {ordinal} of the batch (Id {contact_id!r}): an earlier "
                            f"contact {earlier} has the same Id in instance "
                            f"{instance.instance_id!r}; Ids are unique within an instance"
                        )
                    batch_ids.add(contact_id)
                    records.append(record)
        finally:
            if collecting:
                gc.enable()
        return _Staged(key, instance, records)

    def _commit(self, staged: Iterable[_Staged]) -> None:
        """Put staged contacts in (call under the lock, in the same hold as `_stage`); the
        garbage collector pauses meanwhile, as in `_stage`."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            for part in staged:
                self._instances.setdefault(part.key, part.instance)
                records = part.records
                ids = [record.id for record in records]
                part.instance.contacts.update(zip(ids, records, strict=True))
                self._committed += len(records)
                part.instance.index.add(part.records)
                part.instance.generation += 1
        finally:
            if collecting:
                gc.enable()

    def clear(self) -> None:
        """Remove every contact, the calls received and queued faults; instances stay known."""
        with self._lock:
            for instance in self._instances.values():
                instance.contacts.clear()
                instance.index.clear()
                instance.client_tokens.clear()
                instance.generation += 1
            self._shared = Interner()
            self._committed = 0
            self.calls.clear()
            self.faults.clear()

    def get(self, contact_id: str, *, instance_id: str | None = None) -> dict[str, Any]:
        """The stored contact dict (with its Id), as it was added."""
        wanted = instance_id or self._instance_id
        instance = self._instances.get((self.account_id, wanted))
        if instance is None:
            raise KeyError(f"no instance {wanted!r} in account {self.account_id}")
        try:
            record = instance.contacts[contact_id]
        except KeyError:
            raise KeyError(
                f"no contact {contact_id!r} in instance {instance.instance_id!r}"
            ) from None
        return record.contact(self.model.stored_contact_shape)

    def __len__(self) -> int:
        return sum(len(instance.contacts) for instance in self._instances.values())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every stored contact dict, instance by instance, in the order added."""
        for instance in list(self._instances.values()):
            for record in list(instance.contacts.values()):
                yield record.contact(self.model.stored_contact_shape)

    def __repr__(self) -> str:
        return (
            f"<ContactStore {len(self)} contacts in {len(self._instances)} instances, "
            f"account {self.account_id}>"
        )

    # -- used by the service layer -------------------------------------------------------------

    def find_instance(
        self, instance_id: str, region: str, account_id: str | None
    ) -> Instance | None:
        """The instance a request names, if the caller's account and region know it."""
        instance = self._instances.get((account_id or self.account_id, instance_id))
        if instance is None or not instance.visible_in(region):
            return None
        return instance

    def known_instances(self) -> list[Instance]:
        return list(self._instances.values())

    def instance_not_found_message(
        self, instance_id: str, region: str, account_id: str | None
    ) -> str:
        """What ResourceNotFoundException says of an instance the caller cannot see: where the
        mock knows it, or how to make it known."""
        account = account_id or self.account_id
        found = f"Instance {instance_id!r} not found in account {account}, region {region}."
        elsewhere = sorted(
            f"region {known.region} of account {known.account_id}"
            for known in self.known_instances()
            if known.instance_id == instance_id
        )
        if elsewhere:
            return (
                f"{found} The mock knows it only in {', '.join(elsewhere)}; send the request "
                f"there, or have it answer here with contacts.add_instance({instance_id!r}, "
                f"region={region!r}, account_id={account!r})"
            )
        return (
            f"{found} To make it known to the mock, call contacts.add_instance({instance_id!r}) "
            f"or add contacts with instance_id={instance_id!r}"
        )

    # -- moving a contact along, as a contact centre does between API calls -----------------

    def queue(
        self, contact_id: str, queue_id: str, *, instance_id: str | None = None
    ) -> dict[str, Any]:
        """Put the contact in queue `queue_id` now (`QueueInfo {Id, EnqueueTimestamp}`), as a
        flow does; refused with InvalidContactError when it has ended, is with an agent, is
        paused or already waits. Returns the contact as stored afterwards."""
        return lifecycle.queue(self, contact_id, queue_id, instance_id=instance_id)

    def connect_agent(
        self, contact_id: str, agent_id: str, *, instance_id: str | None = None
    ) -> dict[str, Any]:
        """Connect the contact to agent `agent_id` now (`AgentInfo` with its accepted and
        connected timestamps), as routing does; refused when it has ended, is paused or is
        already with an agent. Returns the contact as stored afterwards."""
        return lifecycle.connect_agent(self, contact_id, agent_id, instance_id=instance_id)

    def end_after_contact_work(
        self, contact_id: str, *, instance_id: str | None = None
    ) -> dict[str, Any]:
        """End the agent's after-contact work now (ending the contact first if it is still in
        progress), setting the `AgentInfo.AfterContactWork*` members. Returns the contact as
        stored afterwards."""
        return lifecycle.end_after_contact_work(self, contact_id, instance_id=instance_id)

    def atomically(self) -> AbstractContextManager[Any]:
        """Hold while reading contacts to decide their replacement, so that no other change
        lands in between (the store's lock is re-entrant: `replace_contacts` may run inside)."""
        return self._lock

    def insert_contacts(
        self, instance: Instance, contacts: list[dict[str, Any]]
    ) -> list[StoredContact]:
        """Add contacts made by an operation to `instance` (a known instance of any account),
        checked as `add` checks them, all or none; Ids must be new to the instance."""
        with self._lock:
            records = [self._prepare(contact, None, instance) for contact in contacts]
            if len({record.id for record in records}) < len(records):
                raise InvalidContactError(
                    f"two new contacts share an Id in instance {instance.instance_id!r}; Ids "
                    "are unique within an instance"
                )
            self._commit([_Staged((instance.account_id, instance.instance_id), instance, records)])
        return records

    def replace_contact(
        self,
        instance: Instance,
        contact_id: str,
        change: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> StoredContact:
        """Replace one stored contact by `change(contact)` atomically; see `replace_contacts`."""
        return self.replace_contacts(instance, {contact_id: change})[contact_id]

    def replace_contacts(
        self,
        instance: Instance,
        changes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]],
    ) -> dict[str, StoredContact]:
        """Replace stored contacts of `instance`, each by `change(contact)`, all or none.

        `change` receives a fresh dict of the contact as `get` gives it and returns the new
        one (its Id is kept). Every new contact is checked as `add` checks it before any is
        swapped in, so a refused one (InvalidContactError, naming the field) changes nothing.
        Each swap updates the instance's indexes for that contact alone (no re-index), and the
        instance's generation moves, so no remembered query answers with an old contact."""
        with self._lock:
            prepared: dict[str, tuple[StoredContact, StoredContact]] = {}
            for contact_id, change in changes.items():
                old = instance.contacts[contact_id]
                new_contact = change(old.contact(self.model.stored_contact_shape))
                new_contact["Id"] = contact_id
                prepared[contact_id] = (
                    old,
                    self._prepare(new_contact, None, instance, replacing=True),
                )
            for contact_id, (old, record) in prepared.items():
                instance.contacts[contact_id] = record
                instance.index.replace(old, record)
            instance.generation += 1
        return {contact_id: record for contact_id, (_, record) in prepared.items()}

    # -- internals -------------------------------------------------------------------------

    def _prepare(
        self,
        contact: Any,
        ordinal: int | None,
        instance: Instance,
        *,
        replacing: bool = False,
        freezer: Freezer | None = None,
        in_place: bool | None = None,
    ) -> StoredContact:
        """The stored form of `contact` for `instance`, checked as `add` checks it; `freezer`:
        the store's (see `Interner.freezer`), when the caller has it at hand; `in_place`:
        whether it takes the small forms (None: while the store is small, see `_SMALL_STORE`)."""
        if not isinstance(contact, dict):
            raise InvalidContactError(
                f"{_label({}, ordinal)}: expected a dict in the shape of DescribeContact's "
                f"Contact, got {type(contact).__name__}"
            )
        if freezer is None:
            freezer = self._shared.freezer(self._copy_contact)
        encoded: Encoded = None  # the encoding of `stored`, while nothing is changed in it
        if in_place is None:
            in_place = self._committed < _SMALL_STORE
        try:
            stored, encoded = (freezer.copy_small if in_place else freezer.copy)(contact)
        except (Rejected, RecursionError):
            stored = self._checked_copy(contact, ordinal)
        if not (
            "Channel" in stored and "InitiationMethod" in stored and "InitiationTimestamp" in stored
        ):
            missing = [name for name in _ALWAYS_PRESENT if name not in stored]
            raise InvalidContactError(
                f"{_label(contact, ordinal)}: field "
                f"{', '.join(repr(name) for name in missing)} is required: every "
                "contact SearchContacts returns has Channel, InitiationMethod and "
                "InitiationTimestamp"
            )
        ended, began = stored.get("DisconnectTimestamp"), stored["InitiationTimestamp"]
        if ended is not None and (
            ended // 1000 < began // 1000  # both frozen: epoch microseconds
            if ended.__class__ is int and began.__class__ is int
            else epoch_ms(ended) < epoch_ms(began)  # type: ignore[operator]
        ):
            initiated, disconnected = contact["InitiationTimestamp"], contact["DisconnectTimestamp"]
            raise InvalidContactError(
                f"{_label(contact, ordinal)}: field 'DisconnectTimestamp': "
                f"{disconnected.isoformat()} is before InitiationTimestamp "
                f"{initiated.isoformat()}; a contact cannot end before it starts"
            )
        contact_id = stored.get("Id")
        if not contact_id:
            stored["Id"] = contact_id = str(uuid.uuid4())
            encoded = None
        if contact_id in instance.contacts and not replacing:
            raise InvalidContactError(
                f"{_label(contact, ordinal)}: field 'Id': {contact_id!r} is already in instance "
                f"{instance.instance_id!r}; Ids are unique within an instance"
            )
        given_arn = stored.pop("Arn", None)
        if given_arn is not None:
            encoded = None
            problem = _arn_problem(given_arn, instance, contact_id)
            if problem is not None:
                raise InvalidContactError(
                    f"{_label(contact, ordinal)}: field 'Arn': {show(given_arn)} does not name "
                    f"this contact; {problem}, or be left out (the store derives it)"
                )
        return StoredContact(stored, self._shared, freezer, encoded, small=in_place)

    def _check_instance_id(self, instance_id: str) -> None:
        """An instance id the model's `InstanceId` accepts: no request could name another."""
        shape = self.model.service_model.shape_for("InstanceId")
        problems = self.model.python_checker.check(shape, instance_id, "instance_id")
        if problems:
            raise InvalidContactError(
                f"{problems[0]}; no request could name such an instance (the model's "
                "InstanceId), so its contacts could never be found: give a valid instance id"
            )

    def _checked_copy(self, contact: dict[str, Any], ordinal: int | None) -> dict[str, Any]:
        """The slow path, for a contact the fast copy refused: the checker says what is wrong."""
        label = _label(contact, ordinal)
        try:
            problems = self.model.python_checker.check(self.model.stored_contact_shape, contact)
        except RecursionError:
            raise InvalidContactError(
                f"{label}: nested too deeply to check (does a value contain itself?); a contact "
                "is plain data in the shape of DescribeContact's Contact"
            ) from None
        if problems:
            details = "; ".join(
                self._explain(problem.path, problem.message) for problem in problems[:10]
            )
            if len(problems) > 10:
                details += f"; and {len(problems) - 10:,} more"
            raise InvalidContactError(
                f"{label}: {details} (checked against Contact in the installed botocore "
                f"{botocore.__version__} model)"
            )
        copied: dict[str, Any] = plain_copy(contact)  # the checker accepts it: keep it as it is
        return copied

    def _explain(self, path: str, message: str) -> str:
        top = path.split(".", 1)[0].split("[", 1)[0]
        if (
            message.startswith("unknown member")
            and "." not in path
            and top in ("AiAgentInfo",)
            and top not in self.model.search_only_members
        ):
            return (
                f"field {top!r}: the installed botocore {botocore.__version__} has no "
                f"ContactSearchSummary.{top}; a newer botocore (1.43.22 or later) has it"
            )
        return f"field {path!r}: {message}"


def _arn_problem(given_arn: str, instance: Instance, contact_id: str) -> str | None:
    """Why a contact's given `Arn` does not name it in `instance`, or None when it does: the
    account, instance and Id must be where it is stored, the region the instance's (any region
    for an instance known in every region), and the partition that region's (`partition_of`)."""
    suffix = f":{instance.account_id}:instance/{instance.instance_id}/contact/{contact_id}"
    if instance.region is not None:
        expected = arn(instance.region, instance.account_id, instance.instance_id, contact_id)
        if given_arn == expected:
            return None
        return f"it must be {expected} (instance {instance.instance_id!r} is in {instance.region})"
    head = given_arn[: -len(suffix)].split(":") if given_arn.endswith(suffix) else []
    if len(head) == 4 and head[0] == "arn" and head[2] == "connect" and head[3]:
        partition, region = head[1], head[3]
        if partition == partition_of(region):
            return None
        return (
            f"partition {partition!r} is not that of region {region}: it must be "
            f"arn:{partition_of(region)}:connect:{region}{suffix}"
        )
    return f"it must be arn:<partition>:connect:<region>{suffix}"


def searchable_keys(keys: Iterable[str] | None) -> tuple[str, ...] | None:
    """The `searchable_attributes` option as a tuple; a lone string is a mistake, not keys."""
    if isinstance(keys, str):
        raise MockUsageError(
            f"searchable_attributes takes a list of keys, got the string {keys!r}; write [{keys!r}]"
        )
    return tuple(keys) if keys is not None else None


def _label(contact: dict[str, Any], ordinal: int | None) -> str:
    """How an error message names a contact."""
    position = "contact" if ordinal is None else f"contact {ordinal} of the batch"
    return position + (f" (Id {show(contact['Id'])})" if "Id" in contact else "")


_copiers: weakref.WeakKeyDictionary[ModelView, ContactCodec] = weakref.WeakKeyDictionary()


def _contact_copier(model: ModelView) -> ContactCodec:
    """The validating copy of a contact for `model` (and its frozen form), generated once per
    model and shared by its stores (see `copier`)."""
    found = _copiers.get(model)
    if found is None:
        found = ContactCodec(model.stored_contact_shape)
        _copiers[model] = found
    return found
