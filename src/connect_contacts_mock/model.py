"""The installed botocore service model of Amazon Connect, as the mock needs it.

Everything the mock knows about shapes and limits comes from here, read at run time, so a newer
botocore brings its new members and constraints without code changes. A `ModelView` can also be
built from a modified copy of the service description (tests do this to prove it).

The store takes contacts in the shape of DescribeContact's `Contact`, plus members that the
service keeps but DescribeContact does not return: `Transcript` (Contact Lens turns),
`References` (the contact's references, in the shape the Start operations and UpdateContact
take them, read by ListContactReferences) and, where the installed model's
`ContactSearchSummary` has it, `AiAgentInfo`. Those members are added to a copy of the model as
the synthetic shape `StoredContact` so one engine validates all.
"""

from __future__ import annotations

import functools
from typing import Any, cast

import botocore.session
from botocore.model import OperationModel, ServiceModel

from .validation import Shape, ShapeChecker
from .wire import Located, located_members

SERVICE_NAME = "connect"
OPERATION_NAME = "SearchContacts"
STORED_CONTACT = "ConnectContactsMockStoredContact"
_TRANSCRIPT = "ConnectContactsMockTranscript"
_TRANSCRIPT_TURN = "ConnectContactsMockTranscriptTurn"
_TRANSCRIPT_CONTENT = "ConnectContactsMockTranscriptContent"

#: Search-only members the store accepts beside DescribeContact's `Contact` members, with the
#: summary member they come from when the installed model has it.
SEARCH_ONLY_FROM_SUMMARY = ("AiAgentInfo",)


class OperationView:
    """One operation of the model as the mock needs it: its shapes, where it is routed
    (method and `requestUri`), and the errors it may answer with their statuses."""

    def __init__(self, service_model: ServiceModel, name: str) -> None:
        self.name = name
        self.operation: OperationModel = service_model.operation_model(name)
        self.input_shape: Shape = cast(Any, self.operation.input_shape)
        self.output_shape: Shape | None = cast(Any, self.operation.output_shape)
        http = self.operation.http
        self.method: str = http.get("method", "POST")
        path, _, literal_query = http.get("requestUri", "/").partition("?")
        self.path_template: str = path
        #: Query keys the `requestUri` itself carries (rare; kept so routing can ignore them).
        self.literal_query: str = literal_query
        #: The input members read from the path, query or headers (found once, not per call).
        self.located: tuple[Located, ...] = located_members(self.input_shape)
        self._statuses = {
            shape.name: int(shape.metadata.get("error", {}).get("httpStatusCode", 400))
            for shape in self.operation.error_shapes
        }

    @property
    def modelled_errors(self) -> tuple[str, ...]:
        """The exception names the operation declares, as the service would send them."""
        return tuple(self._statuses)

    def models(self, code: str) -> bool:
        """Whether the operation may answer with `code`. botocore maps AccessDeniedException
        on every operation, modelled or not."""
        return code in self._statuses or code == "AccessDeniedException"

    def validation_error(self, malformed: bool) -> str:
        """The error a request that fails the model's checks gets: InvalidRequestException for
        a malformed one, InvalidParameterException for a bad value, each only where the
        operation models it (else the other one)."""
        preferred, other = (
            ("InvalidRequestException", "InvalidParameterException")
            if malformed
            else ("InvalidParameterException", "InvalidRequestException")
        )
        return preferred if preferred in self._statuses or other not in self._statuses else other


class ModelView:
    """Shapes, limits and error codes of the Connect operations from one service description.

    The attributes named after SearchContacts (`operation`, `input_shape`, `output_shape`,
    `summary_shape`, `modelled_errors`) describe that operation; `operation_view(name)` gives
    any other one.
    """

    def __init__(self, service_description: dict[str, Any]) -> None:
        # A copy of the top level and of the shape table, which gains the synthetic shapes:
        # nothing nested is changed, so nothing nested is copied (a deep copy of Connect's
        # description costs a tenth of a second, most of a first activation).
        shapes = dict(service_description["shapes"])
        description = {**service_description, "shapes": shapes}
        self.search_only_members = _add_stored_contact_shape(
            shapes, description.get("operations", {})
        )
        self.service_model = ServiceModel(description, service_name=SERVICE_NAME)
        self.operation: OperationModel = self.service_model.operation_model(OPERATION_NAME)
        self.input_shape: Shape = cast(Any, self.operation.input_shape)
        self.output_shape: Shape = cast(Any, self.operation.output_shape)
        self.summary_shape: Shape = self.output_shape.members["Contacts"].member
        self.stored_contact_shape: Shape = self.service_model.shape_for(STORED_CONTACT)
        self.search_criteria_shape: Shape = self.input_shape.members["SearchCriteria"]
        self.wire_checker = ShapeChecker("wire")
        self.python_checker = ShapeChecker("python")
        self._views: dict[str, OperationView] = {}
        self._operation_names = frozenset(self.service_model.operation_names)
        self._statuses = self.operation_view(OPERATION_NAME)._statuses

    @property
    def modelled_errors(self) -> tuple[str, ...]:
        """The exception names SearchContacts declares, as the service would send them."""
        return tuple(self._statuses)

    @property
    def operation_names(self) -> frozenset[str]:
        """Every operation of the service description."""
        return self._operation_names

    def operation_view(self, name: str) -> OperationView:
        """The view of operation `name`, built on first use; KeyError when the model lacks it."""
        found = self._views.get(name)
        if found is None:
            if name not in self._operation_names:
                raise KeyError(name)
            found = self._views[name] = OperationView(self.service_model, name)
        return found

    def error_status(self, code: str) -> int:
        """The HTTP status the model gives to the error `code`."""
        if code in self._statuses:
            return self._statuses[code]
        try:
            shape = self.service_model.shape_for(code)
        except Exception:  # an unmodelled code: answered as a server fault
            return 500
        return int(shape.metadata.get("error", {}).get("httpStatusCode", 400))

    def enum(self, shape: Shape) -> tuple[str, ...]:
        """The allowed values of an enum shape (empty for free text)."""
        return tuple(getattr(shape, "enum", None) or ())

    def time_range_types(self) -> tuple[str, ...]:
        """Values of `TimeRange.Type` in the installed model."""
        return self.enum(self.input_shape.members["TimeRange"].members["Type"])

    def sort_fields(self) -> tuple[str, ...]:
        """Values of `Sort.FieldName` in the installed model."""
        return self.enum(self.input_shape.members["Sort"].members["FieldName"])


def _add_stored_contact_shape(
    shapes: dict[str, Any], operations: dict[str, Any]
) -> tuple[str, ...]:
    """Add `StoredContact` (Contact + search-only members) to a copy of the shapes."""
    contact = shapes["Contact"]
    members = dict(contact.get("members", {}))
    shapes[_TRANSCRIPT_CONTENT] = {"type": "string", "min": 1}
    shapes[_TRANSCRIPT_TURN] = {
        "type": "structure",
        "required": ["ParticipantRole", "Content"],
        "members": {
            "ParticipantRole": {"shape": "ParticipantRole"},
            "Content": {"shape": _TRANSCRIPT_CONTENT},
        },
    }
    shapes[_TRANSCRIPT] = {"type": "list", "member": {"shape": _TRANSCRIPT_TURN}}
    members["Transcript"] = {"shape": _TRANSCRIPT}
    search_only = ["Transcript"]
    references = _references_shape(shapes, operations)
    if references is not None and "References" not in members:
        members["References"] = {"shape": references}
        search_only.append("References")
    summary = shapes.get("ContactSearchSummary", {}).get("members", {})
    for name in SEARCH_ONLY_FROM_SUMMARY:
        if name in summary and name not in members:
            members[name] = dict(summary[name])
            search_only.append(name)
    shapes[STORED_CONTACT] = {"type": "structure", "members": members}
    return tuple(search_only)


def _references_shape(shapes: dict[str, Any], operations: dict[str, Any]) -> str | None:
    """The shape UpdateContact (and the Start operations) take `References` in."""
    for operation in ("UpdateContact", "StartTaskContact"):
        input_name = operations.get(operation, {}).get("input", {}).get("shape")
        request = shapes.get(input_name, {}).get("members", {}) if input_name else {}
        if "References" in request:
            return str(request["References"]["shape"])
    return None


@functools.lru_cache(maxsize=1)
def installed_service_description() -> dict[str, Any]:
    """The Connect service description shipped with the installed botocore."""
    loader = botocore.session.get_session().get_component("data_loader")
    description: dict[str, Any] = loader.load_service_model(SERVICE_NAME, "service-2")
    return description


@functools.lru_cache(maxsize=1)
def installed_model() -> ModelView:
    """The view of the installed model; built on first use, not at import."""
    return ModelView(installed_service_description())
