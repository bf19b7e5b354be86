"""ListRealtimeContactAnalysisSegmentsV2: a chat's real-time analysis, from its stored transcript.

The store keeps a contact's `Transcript` turns (`ParticipantRole`, `Content`) and nothing else
Contact Lens produces, so the analysis answered is the transcript: one `Transcript` segment per
turn, in order. Every other segment type has no stored data and gives no segment. The
operation supports CHAT contacts only; a chat without a transcript has no analysis at all.

Ids are stable across runs and processes: each is a name-based UUID (version 5) under the
contact's own namespace, `uuid5(SEGMENTS_NAMESPACE, ContactId)`. A turn's segment Id is
`uuid5(contact namespace, str(index))` (0-based) and a participant's Id
`uuid5(contact namespace, ParticipantRole)`, so every turn of one role shares a ParticipantId,
and anything else that speaks of the same participant (a post-contact analysis file) can
derive the same Id with `participant_id`.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from connect_contacts_mock import paging
from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.contact import epoch_ms
from connect_contacts_mock.errors import ServiceError, invalid_request, resource_not_found
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.validation import Shape

#: The namespace every Id of this operation derives from, fixed so a contact's Ids are the
#: same in every run and process: `uuid5(NAMESPACE_URL,
#: "urn:connect-contacts-mock:realtime-contact-analysis")`, which is
#: 0d5aa36b-704e-5e16-ad3f-44ce57a6f31c.
SEGMENTS_NAMESPACE = uuid.UUID("0d5aa36b-704e-5e16-ad3f-44ce57a6f31c")
#: The members that must stay the same while paging (not MaxResults, not NextToken).
QUERY_MEMBERS = ("InstanceId", "ContactId", "OutputType", "SegmentTypes")
#: The page size when MaxResults is left out: the model's largest (its documentation gives
#: no default).
DEFAULT_MAX_RESULTS = 100
#: Milliseconds between two turns on the analysis clock (5 s): the store keeps no time per turn.
TURN_SPACING_MS = 5_000
#: The only channel the operation answers for ("This API supports CHAT channels only").
SUPPORTED_CHANNEL = "CHAT"
#: The only output stored: the transcript as it was said.
STORED_OUTPUT = "Raw"
CONTENT_TYPE = "text/plain"

#: What a request is answered from: its parameters, the segment types asked for and the
#: query's fingerprint (what a NextToken is bound to).
_Checked = tuple[dict[str, Any], frozenset[str], str]


def contact_namespace(contact_id: str) -> uuid.UUID:
    """The namespace of one contact's Ids."""
    return uuid.uuid5(SEGMENTS_NAMESPACE, contact_id)


def participant_id(contact_id: str, role: str) -> str:
    """The ParticipantId of the participant with `role` in the contact's analysis."""
    return str(uuid.uuid5(contact_namespace(contact_id), role))


def segment_id(contact_id: str, index: int) -> str:
    """The Id of the transcript segment of turn `index` (0-based) of the contact."""
    return str(uuid.uuid5(contact_namespace(contact_id), str(index)))


class ListRealtimeContactAnalysisSegmentsV2(Operation):
    """The contact's Transcript segments, a page at a time, with the chat's Status.

    Errors, in the order they are found: the contact not shown (ResourceNotFoundException,
    as every lookup), a contact of another channel than CHAT (InvalidRequestException), a
    chat without a stored transcript (ResourceNotFoundException "No analysis found for
    contact"), `OutputType` Redacted (OutputTypeNotFoundException: no redacted variant is
    stored), a NextToken not issued for this query (InvalidRequestException: the operation
    models no InvalidParameterException)."""

    def check(self, params: dict[str, Any]) -> _Checked:
        # An unknown SegmentTypes value (`TRANSCRIPT`) has already failed the model's enum.
        wanted = frozenset(params["SegmentTypes"])
        return params, wanted, paging.fingerprint(params, members=QUERY_MEMBERS)

    def answer(self, checked: _Checked, context: Context) -> dict[str, Any]:
        params, wanted, query = checked
        _, record = context.contact(params["InstanceId"], params["ContactId"])
        if record.channel != SUPPORTED_CHANNEL:
            raise invalid_request(_unsupported_channel(params["ContactId"], record.channel))
        contact = record.snapshot()
        turns: list[dict[str, Any]] | None = contact.get("Transcript")
        if turns is None:
            raise resource_not_found("No analysis found for contact")
        if params["OutputType"] != STORED_OUTPUT:
            raise ServiceError(
                "OutputTypeNotFoundException",
                f"OutputType {params['OutputType']!r} is not available for contact "
                f"{params['ContactId']!r}: only the {STORED_OUTPUT} output is stored; "
                f"request OutputType {STORED_OUTPUT!r}",
            )
        offset = _offset(params.get("NextToken"), query)
        segments = (
            _transcript_segments(record.id, turns, _start_ms(contact), _content_limit(context))
            if "Transcript" in wanted
            else []
        )
        page_size = params.get("MaxResults", DEFAULT_MAX_RESULTS)
        page = segments[offset : offset + page_size]
        result: dict[str, Any] = {
            "Channel": record.channel,
            "Status": "IN_PROGRESS" if record.disconnect_ms is None else "COMPLETED",
            "Segments": page,
        }
        next_offset = offset + len(page)
        if next_offset < len(segments):
            result["NextToken"] = paging.encode(paging.PageToken(query, next_offset, now_ms()))
        return result


def _unsupported_channel(contact_id: str, channel: str) -> str:
    hint = (
        "; the real-time analysis of a voice contact is read with the Contact Lens API "
        "(connect-contact-lens ListRealtimeContactAnalysisSegments)"
        if channel == "VOICE"
        else ""
    )
    return (
        f"ContactId: contact {contact_id!r} is a {channel} contact, and "
        f"ListRealtimeContactAnalysisSegmentsV2 supports CHAT contacts only{hint}"
    )


def _offset(token: str | None, query: str) -> int:
    """Where the page starts: 0 without a token, else the token's offset. A token that is
    garbled, expired or of another query is an InvalidRequestException (the operation models
    no InvalidParameterException)."""
    if not token:
        return 0
    return paging.decode(token, query, members=QUERY_MEMBERS, refuse=invalid_request).offset


def _start_ms(contact: dict[str, Any]) -> int:
    """When the analysis clock starts: the chat reaching the system, else its initiation."""
    connected = epoch_ms(contact.get("ConnectedToSystemTimestamp"))
    if connected is not None:
        return connected
    initiated = epoch_ms(contact["InitiationTimestamp"])
    assert initiated is not None  # every stored contact has one
    return initiated


def _content_limit(context: Context) -> int | None:
    """The longest `Content` the installed model lets a Transcript segment carry."""
    output: Shape | None = context.view.output_shape
    if output is None:
        return None
    transcript = output.members["Segments"].member.members["Transcript"]
    limit = transcript.members["Content"].metadata.get("max")
    return int(limit) if limit is not None else None


def _transcript_segments(
    contact_id: str, turns: list[dict[str, Any]], start_ms: int, content_limit: int | None
) -> list[dict[str, Any]]:
    """One `{"Transcript": ...}` segment per stored turn, in order (one union key each).

    `DisplayName` is left out (the store keeps no names); `Content` is the turn's, cut to the
    model's limit when a stored turn is longer than a segment can carry."""
    participants: dict[str, str] = {}
    segments: list[dict[str, Any]] = []
    for index, turn in enumerate(turns):
        role = turn["ParticipantRole"]
        if role not in participants:
            participants[role] = participant_id(contact_id, role)
        content: str = turn["Content"]
        if content_limit is not None and len(content) > content_limit:
            content = content[:content_limit]
        moment = _at(start_ms + TURN_SPACING_MS * index)
        transcript: dict[str, Any] = {
            "Id": segment_id(contact_id, index),
            "ParticipantId": participants[role],
            "ParticipantRole": role,
            "Content": content,
            "ContentType": CONTENT_TYPE,
            "Time": {"AbsoluteTime": moment},
        }
        sentiment = turn.get("Sentiment")
        if sentiment is not None:
            transcript["Sentiment"] = sentiment
        segments.append({"Transcript": transcript})
    return segments


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _at(milliseconds: int) -> datetime.datetime:
    """An aware UTC datetime of epoch milliseconds (the wire writes it as ISO-8601 text, as
    the model's `timestampFormat: iso8601` says)."""
    return _EPOCH + datetime.timedelta(milliseconds=milliseconds)
