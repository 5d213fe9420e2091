"""Shapes of the JSON API, so ``/openapi.json`` tells a script what each endpoint returns.

They describe the fields every response carries; responses may carry more (``extra``
fields are passed through), so adding a field to the query layer never breaks the API.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field



def _review() -> Any:
    return Field(None, description="null, or the analyst's judgement: status (confirmed or corrected), by, at, why, "
                                   "and for a correction the fields with their old and new values")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Paged(Open):
    total: int = Field(description="items matching the filters")
    page: int
    pages: int
    size: int = Field(description="items per page")


class ActorRef(Open):
    id: str
    name: str
    side: str | None = Field(None, description="US, Russia, Ukraine, Europe or other")
    type: str | None = None
    flagged: bool = Field(False, description="named on a sanctions list (when the knowledge base has matches)")


class Evidence(Open):
    doc: str = Field(description="document id")
    start: int = Field(description="character offset into the document text")
    end: int
    text: str = Field(description="exactly text[start:end]")
    href: str = Field(description="the reader, with this span highlighted")
    outlet: str | None = None
    source: str | None = None


class EventRow(Open):
    id: str
    type: str | None
    date: str | None = Field(description="ISO date to the precision the text supports")
    date_precision: str | None = Field(description="day, month or year; never a made-up day")
    date_label: str
    date_phrase: str | None = Field(description="the words the date was read from")
    place: str | None
    participants: list[ActorRef | None]
    source: list[ActorRef | None] = Field(default=[], description="who acted (PLOVER source)")
    target: list[ActorRef | None] = Field(default=[], description="whom it was aimed at (PLOVER target)")
    host: list[ActorRef | None] = Field(default=[], description="who received the others")
    confidence: float | None = Field(default=None, description="0-1, from how it was found")
    confidence_tier: str | None = Field(default=None, description="high, medium or low")
    duration_hours: float | None
    outlets: list[str]
    corroboration: int = Field(description="how many outlets report it")
    evidence: Evidence | None = Field(description="the first evidence span")
    evidence_count: int
    review: dict[str, Any] | None = _review()
    href: str


class Timeline(Paged):
    filters: dict[str, Any]
    events: list[EventRow]


class DealRow(Open):
    id: str
    asset: str | None
    parties: list[ActorRef | None]
    sector: str | None
    value: dict[str, Any] | None
    value_label: str | None
    condition: str | None
    status: str | None
    sanctions_flag: bool = Field(description="a party is on a sanctions list or the condition is about sanctions")
    evidence: Evidence | None
    review: dict[str, Any] | None = _review()
    href: str


class Deals(Paged):
    deals: list[DealRow]


class ProposalRow(Open):
    id: str
    name: str | None
    proposer: ActorRef | None
    issues: list[dict[str, Any]] = Field(description="[{issue, position}]")
    stances: dict[str, list[ActorRef | None]] = Field(description="actors by stance: backs, rejects, mixed")
    evidence: Evidence | None
    review: dict[str, Any] | None = _review()
    href: str


class Proposals(Open):
    proposals: list[ProposalRow]
    issues: list[str]
    matrix: list[dict[str, Any]] = Field(description="one row per issue, one cell per proposal")


class ItemDetail(Open):
    id: str
    kind: str = Field(description="events, deals, proposals or ties")
    review: dict[str, Any] | None = _review()
    evidence: list[Evidence] = Field(description="every evidence span, with context before and after")
    discrepancies: list[dict[str, Any]]


class ActorRow(ActorRef):
    events: int
    deals: int
    mentions: int
    documents: int
    involvement: int
    review: dict[str, Any] | None = _review()


class Actors(Paged):
    actors: list[ActorRow]


class ActorDetail(Open):
    id: str
    name: str
    names: dict[str, list[str]] = Field(description="names by language or script")
    roles: list[str]
    ties: list[dict[str, Any]]
    associates: list[dict[str, Any]] = Field(description="actors sharing events or deals, most shared first")
    events: list[EventRow]
    deals: list[DealRow]
    sanctions: list[dict[str, Any]]
    mentions: dict[str, Any] = Field(description="one page of mentions in context (page with ?page=)")
    review: dict[str, Any] | None = _review()


class Network(Open):
    nodes: list[dict[str, Any]] = Field(description="actors with x, y, r (SVG units) and side")
    edges: list[dict[str, Any]] = Field(description="actor pairs with weight and kinds (event, deal, stated tie)")
    legend: list[dict[str, Any]]


class Sources(Paged):
    outlets: list[dict[str, Any]]
    coverage: list[dict[str, Any]] = Field(description="items and the outlets that report them")
    discrepancies: list[dict[str, Any]] = Field(description="each with the readings of the outlets side by side")


class Documents(Paged):
    documents: list[dict[str, Any]]


class DocumentDetail(Open):
    id: str
    source: str
    text: str
    sentences: list[dict[str, Any]]
    mentions: list[dict[str, Any]] = Field(description="actor, place, date, amount, trigger and role spans")
    evidence: list[dict[str, Any]] = Field(description="evidence spans of items in this document")


class SearchHit(Open):
    doc: str
    start: int
    end: int
    text: str
    marks: list[tuple[int, int]] = Field(description="offsets of matched words inside the sentence")
    href: str


class Search(Open):
    q: str
    page: int
    more: bool
    hits: list[SearchHit]
    actors: list[ActorRef | None]


class Overview(Open):
    counts: dict[str, int]
    by_outlet: list[dict[str, Any]]
    by_language: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    top_actors: list[dict[str, Any]]


# ---------------------------------------------------------------- review (serve --review only)


class QueueItem(Open):
    kind: str = Field(description="events, deals, proposals, ties or actors")
    id: str
    title: str
    href: str
    confidence: float | None = Field(description="an event's confidence; null for other kinds")
    outlets: int = Field(description="outlets reporting it (for an actor: articles naming it)")
    evidence_count: int = Field(description="evidence spans (for an actor: mentions)")
    reason: str = Field(description="why it stands where it does in the queue, in words")
    fields: dict[str, str] = Field(description="what a judgement can set, with the present values")


class ReviewQueue(Paged):
    kinds: dict[str, int] = Field(description="items not yet reviewed, by kind")
    items: list[QueueItem]
    reviewer: str = Field(description="who the judgements made here are signed by")
    file: str = Field(description="the judgements file they are appended to")


class JudgeRequest(BaseModel):
    item: str = Field(description="the item's id, or an actor's name")
    verdict: Literal["confirm", "reject", "set", "merge", "split", "same"]
    changes: dict[str, str | list[str]] = Field(default={}, description=(
        "set: field -> new value, one judgement each (see docs/review.md for the fields of each kind); "
        "fields holding actors take a list of actor names or ids"))
    other: str | None = Field(None, description="merge: the other actor (id or name); same: the other event's id")
    forms: list[str] = Field(default=[], description="split: every mention written so leaves the actor")
    new_name: str | None = Field(None, description="split: the name of the actor the moved mentions form")
    why: str = Field("", description="why: the source checked, the reason for the change")


class Outcome(Open):
    judgement: str = Field(description="the judgement's id in the judgements file")
    verdict: str
    field: str | None
    status: str = Field(description="applied, not found, not applied")
    detail: str


class JudgeResult(Open):
    kind: str
    was: str = Field(description="the item's id when it was judged")
    item: str | None = Field(description="its id after the rebuild; null when it is gone")
    removed: bool
    href: str | None
    judgements: list[Outcome]
    file: str = Field(description="the judgements file")
