"""One matcher per `SearchCriteria` member, registered by member name.

Each matcher turns the member's value into a predicate over stored contacts (or `None` when the
value filters nothing, such as an empty list). Members are ANDed; values inside one list member
are ORed; `MatchType` follows the table of the spec (section 3.4). A member of the installed
model without a matcher here is refused by the service layer, never ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from .analysis import contains_phrase, needle, tokens
from .contact import TIMESTAMP_PATHS, StoredContact, timestamp_of
from .errors import invalid_parameter, invalid_request
from .timerules import window_bounds

Predicate = Callable[[StoredContact], bool]
Compiler = Callable[[Any, "QueryContext"], "Predicate | None"]


@dataclass(frozen=True)
class QueryContext:
    """What a matcher may need beyond the criterion: where the request was sent and the store's
    searchable-attribute declaration (`None`: every key is searchable)."""

    region: str
    instance_region: str | None
    searchable_attribute_keys: frozenset[str] | None


MATCHERS: dict[str, Compiler] = {}


def matcher(member: str) -> Callable[[Compiler], Compiler]:
    """Register the compiler of one `SearchCriteria` member; a name can be registered once."""

    def register(compiler: Compiler) -> Compiler:
        if member in MATCHERS:
            raise RuntimeError(f"SearchCriteria.{member} already has a matcher")
        MATCHERS[member] = compiler
        return compiler

    return register


def combine(results: Iterable[bool], match_type: str | None, default: str = "MATCH_ALL") -> bool:
    """Combine the outcomes of several tests by `MatchType` (EXACT combines as ALL)."""
    kind = match_type or default
    if kind == "MATCH_ANY":
        return any(results)
    if kind == "MATCH_NONE":
        return not any(results)
    return all(results)


def compile_criteria(criteria: dict[str, Any], context: QueryContext) -> dict[str, Predicate]:
    """The predicate of every member given that filters something, by member; the caller has
    already refused unknown members."""
    predicates = {}
    for member, value in criteria.items():
        if value is None:
            continue
        predicate = MATCHERS[member](value, context)
        if predicate is not None:
            predicates[member] = predicate
    return predicates


def _any_of(
    values: list[str] | None, read: Callable[[StoredContact], str | None]
) -> Predicate | None:
    if not values:
        return None
    wanted = frozenset(values)
    return lambda contact: read(contact) in wanted


#: The members matched as "the contact's attribute is one of the values", with the attribute
#: of `StoredContact` each reads. An index grouping contacts by that attribute answers such a
#: member exactly (see `query.INDEXED_CRITERIA`).
BY_VALUE = {
    "AgentIds": "agent_id",
    "QueueIds": "queue_id",
    "Channels": "channel",
    "InitiationMethods": "initiation_method",
}


def _by_value(member: str, attribute: str) -> None:
    read = attrgetter(attribute)

    def compile_any_of(value: list[str], context: QueryContext) -> Predicate | None:
        return _any_of(value, read)

    compile_any_of.__doc__ = f"A contact matches when its {member} value is one of those given."
    matcher(member)(compile_any_of)


for _member, _attribute in BY_VALUE.items():
    _by_value(_member, _attribute)


@matcher("ActiveRegions")
def _active_regions(value: list[str], context: QueryContext) -> Predicate | None:
    """Contacts without Global Resiliency metadata are active in their instance's region."""
    home = context.instance_region or context.region
    return _any_of(value, lambda contact: contact.active_region or home)


@matcher("AgentHierarchyGroups")
def _agent_hierarchy_groups(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """OR within a level, AND across levels, against the groups stored with the contact."""
    levels = [
        (index, frozenset(ids)) for index in range(5) if (ids := value.get(f"L{index + 1}Ids"))
    ]
    if not levels:
        return None
    return lambda contact: all(
        contact.hierarchy_group_ids[index] in wanted for index, wanted in levels
    )


@matcher("Name")
def _name(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """Phrase match on the contact's analysed name; EXACT compares the whole name. An empty
    `SearchText` filters nothing, whatever the MatchType."""
    match_type = value["MatchType"]
    texts = value.get("SearchText") or []
    if not texts:
        return None
    if match_type == "MATCH_EXACT":
        wanted = frozenset(" ".join(text.casefold().split()) for text in texts)
        return lambda contact: (
            contact.name is not None and " ".join(contact.name.casefold().split()) in wanted
        )
    phrases = [tokens(text) for text in texts]

    def predicate(contact: StoredContact) -> bool:
        if contact.name_tokens is None:
            return False
        name = contact.name_tokens
        return combine((contains_phrase(name, phrase) for phrase in phrases), match_type)

    return predicate


@matcher("ContactAnalysis")
def _contact_analysis(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """Phrase match in the analysed turns of one participant, per criterion. A criterion with
    an empty `SearchText` filters nothing, so it is left out of the combination; when every
    criterion is left out, the member filters nothing."""
    transcript = value.get("Transcript")
    if transcript is None:
        return None
    tests = [
        (item["ParticipantRole"], _phrases_test(item["SearchText"], item["MatchType"]))
        for item in transcript.get("Criteria") or []
        if item.get("SearchText")
    ]
    if not tests:
        return None
    outer = transcript.get("MatchType")
    if len(tests) == 1:  # the usual query: no outer combination to make
        ((role, test),) = tests
        if outer == "MATCH_NONE":
            return lambda contact: (
                contact.transcript is not None and not test(contact.transcript.get(role, ""))
            )
        return lambda contact: (
            contact.transcript is not None and test(contact.transcript.get(role, ""))
        )
    return lambda contact: (
        contact.transcript is not None
        and combine((test(contact.transcript.get(role, "")) for role, test in tests), outer)
    )


def _phrases_test(texts: list[str], match_type: str) -> Callable[[str], bool]:
    """Whether one participant's analysed turns (see `analysis.by_participant`) hold the
    phrases of `texts` as `match_type` combines them; a text without tokens never occurs."""
    needles = [needle(tokens(text)) for text in texts]
    present = [found for found in needles if found is not None]
    if match_type == "MATCH_NONE":
        return lambda said: not any(found in said for found in present)
    if match_type != "MATCH_ANY" and len(present) < len(needles):
        return lambda said: False  # ALL (EXACT): one phrase can never occur
    if len(present) == 1:
        (only,) = present
        return lambda said: only in said
    if match_type == "MATCH_ANY":
        return lambda said: any(found in said for found in present)
    return lambda said: all(found in said for found in present)


def _attribute_predicate(
    criteria: list[dict[str, Any]],
    match_type: str | None,
    read: Callable[[StoredContact], dict[str, str]],
    searchable: frozenset[str] | None,
) -> Predicate | None:
    """Shared by contact and segment attributes: the Values of one key are ORed, keys are
    combined by MatchType; an empty Values list tests that the key is present. A key not
    declared searchable is not indexed, so contacts lack it. Under MATCH_NONE a contact
    lacking a tested key is excluded."""
    if not criteria:
        return None
    # A key not declared searchable is never present: leave its test out of the lookups.
    tests = [
        (item["Key"], frozenset(item.get("Values") or ()))
        for item in criteria
        if searchable is None or item["Key"] in searchable
    ]
    some_hidden = len(tests) < len(criteria)
    kind = match_type or "MATCH_ALL"
    if kind == "MATCH_NONE":
        if some_hidden:
            return _never

        def none_of(contact: StoredContact) -> bool:
            values = read(contact)
            for key, _ in tests:
                if key not in values:
                    return False
            return not any(not wanted or values[key] in wanted for key, wanted in tests)

        return none_of
    if kind == "MATCH_ANY":
        if not tests:
            return _never
    elif some_hidden:  # every key must match, and one never can
        return _never
    if len(tests) == 1:
        key, wanted = tests[0]
        if wanted:
            return lambda contact: read(contact).get(key) in wanted
        return lambda contact: key in read(contact)
    holds_for_any = kind == "MATCH_ANY"

    def combined(contact: StoredContact) -> bool:
        values = read(contact)
        for key, wanted in tests:
            value = values.get(key)
            if (value is not None and (not wanted or value in wanted)) is holds_for_any:
                return holds_for_any
        return not holds_for_any

    return combined


def _never(contact: StoredContact) -> bool:
    return False


@matcher("SearchableContactAttributes")
def _contact_attributes(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    return _attribute_predicate(
        value.get("Criteria") or [],
        value.get("MatchType"),
        attrgetter("attributes"),
        context.searchable_attribute_keys,
    )


@matcher("SearchableSegmentAttributes")
def _segment_attributes(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    return _attribute_predicate(
        value.get("Criteria") or [],
        value.get("MatchType"),
        attrgetter("segment_values"),
        None,
    )


@matcher("RoutingCriteria")
def _routing_criteria(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """Each step compares its AgentIds with the contact's preferred agents; steps are ANDed."""
    steps = []
    for step in value.get("Steps") or []:
        agents = step.get("AgentCriteria") or {}
        ids = frozenset(agents.get("AgentIds") or ())
        if ids:
            steps.append((ids, agents.get("MatchType") or "MATCH_ANY"))
    if not steps:
        return None

    def step_holds(preferred: frozenset[str], ids: frozenset[str], kind: str) -> bool:
        if kind == "MATCH_ALL":
            return ids <= preferred
        if kind == "MATCH_EXACT":
            return ids == preferred
        if kind == "MATCH_NONE":
            return not ids & preferred
        return bool(ids & preferred)

    return lambda contact: (
        contact.routing_agent_ids is not None
        and all(step_holds(contact.routing_agent_ids, ids, kind) for ids, kind in steps)
    )


def _tag_holds(tags: dict[str, str], condition: dict[str, Any]) -> bool:
    key, value = condition.get("TagKey"), condition.get("TagValue")
    if key is None:
        return value is None or value in tags.values()
    if key not in tags:
        return False
    return value is None or tags[key] == value


@matcher("ContactTags")
def _contact_tags(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """A TagCondition holds when the tag has that value (key only: the tag is present);
    AndConditions all hold; OrConditions: some inner AND-list holds; members are ANDed."""
    single = value.get("TagCondition")
    and_list = value.get("AndConditions")
    or_lists = value.get("OrConditions")
    if single is None and not and_list and not or_lists:
        return None

    def predicate(contact: StoredContact) -> bool:
        tags = contact.tags
        if single is not None and not _tag_holds(tags, single):
            return False
        if and_list and not all(_tag_holds(tags, item) for item in and_list):
            return False
        return not or_lists or any(
            all(_tag_holds(tags, item) for item in group) for group in or_lists
        )

    return predicate


def time_window(kind: str, start_ms: int, end_ms: int) -> Predicate:
    """Contacts whose `kind` timestamp lies in [start, end]; lacking it never matches."""
    if kind not in TIMESTAMP_PATHS:
        raise invalid_request(
            f"TimeRange.Type {kind!r} is in the installed botocore model but this version of "
            "connect-contacts-mock does not support it yet"
        )

    read = timestamp_of(kind)

    def predicate(contact: StoredContact) -> bool:
        stamp = read(contact)
        return stamp is not None and start_ms <= stamp <= end_ms

    return predicate


def _lacks(kind: str) -> Predicate:
    read = timestamp_of(kind)
    return lambda contact: read(contact) is None


@matcher("AdditionalTimeRange")
def _additional_time_range(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """Windows and NOT_EXISTS conditions combined by MatchType; under MATCH_NONE a contact
    lacking a timestamp that a window tests is excluded, as a contact lacking a tested field is
    for every other criterion."""
    tests: list[Predicate] = []
    windowed: list[str] = []  # timestamps a window tests: under NONE a contact must have them
    for index, item in enumerate(value.get("Criteria") or []):
        path = f"SearchCriteria.AdditionalTimeRange.Criteria[{index}]"
        time_range, condition = item.get("TimeRange"), item.get("TimestampCondition")
        if (time_range is None) == (condition is None):
            raise invalid_parameter(f"{path}: set exactly one of TimeRange and TimestampCondition")
        if time_range is not None:
            start, end = window_bounds(time_range, f"{path}.TimeRange", limit_span=False)
            tests.append(time_window(time_range["Type"], start, end))
            windowed.append(time_range["Type"])
        else:
            kind = condition["Type"]
            if kind not in TIMESTAMP_PATHS:
                time_window(kind, 0, 0)  # refuses the unsupported type
            tests.append(_lacks(kind))
    if not tests:
        return None
    match_type = value["MatchType"]
    if match_type == "MATCH_NONE" and windowed:
        reads = [timestamp_of(kind) for kind in windowed]
        return lambda contact: (
            all(read(contact) is not None for read in reads)
            and not any(test(contact) for test in tests)
        )
    return lambda contact: combine((test(contact) for test in tests), match_type)


@matcher("AiAgents")
def _ai_agents(value: dict[str, Any], context: QueryContext) -> Predicate | None:
    """A contact matches when one of its AI agents satisfies every member of a criterion."""
    criteria = value.get("Criteria") or []
    wanted = []
    for index, item in enumerate(criteria):
        if item.get("VersionNumber") is not None and item.get("Id") is None:
            raise invalid_parameter(
                f"SearchCriteria.AiAgents.Criteria[{index}]: ID is required if VersionNumber "
                "is passed"
            )
        wanted.append(item)
    if not wanted:
        return None

    def agent_holds(agent: dict[str, Any], item: dict[str, Any]) -> bool:
        version_id = str(agent.get("AiAgentVersionId") or "").rsplit("/", 1)[-1]
        agent_id, _, version = version_id.partition(":")
        if item.get("Id") is not None:
            wanted_id, _, wanted_version = item["Id"].rsplit("/", 1)[-1].partition(":")
            if wanted_id != agent_id or (wanted_version and wanted_version != version):
                return False
        if item.get("VersionNumber") is not None and str(item["VersionNumber"]) != version:
            return False
        if (
            item.get("AiAgentEscalated") is not None
            and agent.get("AiAgentEscalated") != item["AiAgentEscalated"]
        ):
            return False
        return item.get("AiUseCase") is None or agent.get("AiUseCase") == item["AiUseCase"]

    return lambda contact: all(
        any(agent_holds(agent, item) for agent in contact.ai_agents) for item in wanted
    )
