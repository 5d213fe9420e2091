"""The data model, defined once.

These dataclasses are what every stage produces and consumes, what the store turns into
tables (one column per scalar field, JSON for lists and dicts, a shared ``evidence`` table
for spans), and what the exports serialise. A field's ``doc`` metadata becomes the column's
description in the database and the docs.

Per-document stages refer to actors by *local keys* (``Mention.key``); corpus stages
(``resolve/``) map those keys to actor ids, so extraction never needs the whole corpus.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from backchannel.text.document import Document, Span
from backchannel.text.layer import TextLayer


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


def stable_id(prefix: str, *parts: object) -> str:
    """A deterministic id from an item's key parts, so a rebuild gives the same ids."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{digest}"


@dataclass
class Mention:
    """A recognised piece of text: an actor name, place, date, amount, event trigger or role."""

    span: Span
    kind: str = field(metadata=_doc("actor, place, date, amount, trigger or role"))
    key: str = field(default="", metadata=_doc("what it refers to: a local actor key, a place id, an event type"))
    value: dict[str, Any] = field(default_factory=dict, metadata=_doc("the normalised reading (ISO date, number and unit, ...)"))


@dataclass
class Actor:
    """One real person, company, agency, fund or state, however many names it goes by."""

    id: str
    name: str = field(metadata=_doc("canonical name (English where known)"))
    type: str = field(default="organization", metadata=_doc("person, organization, company, government_body, state, ..."))
    side: str | None = field(default=None, metadata=_doc(
        "whom it stands with in the story: a side of data/sides.yaml or build --sides, else its state's name"))
    aliases: list[str] = field(default_factory=list, metadata=_doc("every surface form seen or known"))
    names: dict[str, list[str]] = field(default_factory=dict, metadata=_doc("names by language code"))
    roles: list[str] = field(default_factory=list, metadata=_doc("roles and titles, known or stated in the text"))
    wikidata: str | None = None
    source: str = field(default="kb", metadata=_doc("kb (from the actor knowledge base) or discovered"))
    keys: list[str] = field(default_factory=list, metadata=_doc("local keys of the mentions resolved into this actor"))
    mentions: list[Span] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list, metadata=_doc("why the mentions were judged one actor"))
    review: dict[str, Any] | None = field(default=None, metadata=_doc(
        "the analyst's judgement: status confirmed or corrected, by, at, why (backchannel judge)"))


@dataclass
class Tie:
    """A stated relation between two actors (heads, member of, son-in-law of, friend of, ...)."""

    id: str
    source: str
    target: str
    kind: str
    label: str | None = None
    review: dict[str, Any] | None = field(default=None, metadata=_doc(
        "the analyst's judgement: status confirmed or corrected, by, at, why (backchannel judge)"))
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Event:
    """Something that happened (or was reported to): a meeting, call, visit, sanction, leak, ..."""

    id: str
    type: str = field(metadata=_doc("one of the event types in data/vocab.yaml (CONTRACT.md's list)"))
    plover: str | None = field(default=None, metadata=_doc("PLOVER event type, e.g. CONSULT"))
    plover_mode: str | None = None
    date: str | None = field(default=None, metadata=_doc("ISO date to the precision the text supports"))
    date_precision: str | None = field(default=None, metadata=_doc("day, month or year"))
    date_phrase: str | None = field(default=None, metadata=_doc("the words the date was read from"))
    place: str | None = None
    participants: list[str] = field(default_factory=list, metadata=_doc("actor ids"))
    source: list[str] = field(default_factory=list, metadata=_doc(
        "who acted (PLOVER source): who imposed, granted, offered, asked, refused, visited, spoke; a subset of participants"))
    target: list[str] = field(default_factory=list, metadata=_doc(
        "whom it was aimed at or done to (PLOVER target); a subset of participants"))
    host: list[str] = field(default_factory=list, metadata=_doc("who received the others, where the text says so"))
    confidence: float | None = field(default=None, metadata=_doc(
        "0-1, from how it was found (data/confidence.yaml); attrs.confidence_from gives the reasons"))
    duration_hours: float | None = None
    summary: str | None = None
    outlets: list[str] = field(default_factory=list, metadata=_doc("outlets whose articles report it"))
    corroboration: int = field(default=1, metadata=_doc("how many documents report it"))
    attrs: dict[str, Any] = field(default_factory=dict)
    review: dict[str, Any] | None = field(default=None, metadata=_doc(
        "the analyst's judgement: status confirmed or corrected, by, at, why (backchannel judge)"))
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Deal:
    """A business deal or economic offer proposed, discussed or explored."""

    id: str
    asset: str | None = field(default=None, metadata=_doc("asset or project (Sakhalin-1, Nord Stream 2, ...)"))
    parties: list[str] = field(default_factory=list, metadata=_doc("actor ids"))
    sector: str | None = None
    value: dict[str, Any] | None = field(default=None, metadata=_doc("{'amount': 9.9, 'unit': '%'} and the like"))
    condition: str | None = None
    status: str | None = field(default=None, metadata=_doc("proposed, discussed, explored, negotiating, agreed"))
    outlets: list[str] = field(default_factory=list)
    corroboration: int = 1
    attrs: dict[str, Any] = field(default_factory=dict)
    review: dict[str, Any] | None = field(default=None, metadata=_doc(
        "the analyst's judgement: status confirmed or corrected, by, at, why (backchannel judge)"))
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Proposal:
    """A settlement proposal: a named plan or an offer, the issues it covers and who stands where."""

    id: str
    name: str
    proposer: str | None = field(default=None, metadata=_doc("actor id"))
    issues: list[dict[str, Any]] = field(default_factory=list, metadata=_doc("[{'issue': 'territory: Donetsk', 'position': ...}]"))
    reactions: list[dict[str, Any]] = field(default_factory=list, metadata=_doc("[{'actor': id, 'stance': 'backs'|'rejects'|'mixed'}]"))
    outlets: list[str] = field(default_factory=list)
    corroboration: int = 1
    attrs: dict[str, Any] = field(default_factory=dict)
    review: dict[str, Any] | None = field(default=None, metadata=_doc(
        "the analyst's judgement: status confirmed or corrected, by, at, why (backchannel judge)"))
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Discrepancy:
    """Outlets that disagree about one item: the field and each reading with its sources."""

    id: str
    item_kind: str
    item_id: str
    field: str
    readings: list[dict[str, Any]] = field(default_factory=list, metadata=_doc("[{'value', 'docs', 'outlets', 'evidence'}]"))


ITEM_TYPES: dict[str, type] = {"actors": Actor, "ties": Tie, "events": Event, "deals": Deal,
                               "proposals": Proposal, "discrepancies": Discrepancy}


@dataclass
class DocAnalysis:
    """Everything the per-document stages found in one document (actors by local key).

    The text layer (sentences, tokens, normalised text) is derived from ``doc.text`` and is
    most of an analysis's size, so it is not kept when an analysis is pickled (for the cache
    or a worker's answer) nor after :meth:`release`; ``layer`` computes it again on first use,
    which costs a few per cent of the analysis."""

    doc: Document
    layer: TextLayer | None = None
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def mentions_of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    def release(self) -> None:
        """Drop the text layer until it is needed again (corpus stages go document by document)."""
        self.__dict__["_layer"] = None

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_layer"}


def _layer(self: DocAnalysis) -> TextLayer:
    if self.__dict__.get("_layer") is None:
        from backchannel.text.layer import analyse
        self.__dict__["_layer"] = analyse(self.doc.text)
    return self.__dict__["_layer"]


def _set_layer(self: DocAnalysis, value: TextLayer | None) -> None:
    self.__dict__["_layer"] = value


# Set after the class so the dataclass keeps ``layer`` as an argument of its constructor.
DocAnalysis.layer = property(_layer, _set_layer, doc="The document's text layer, computed when missing.")  # type: ignore[assignment]


@dataclass
class Corpus:
    """The corpus-level result the store writes: documents, their analyses, resolved items."""

    analyses: list[DocAnalysis] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    judgements: list[dict[str, Any]] = field(default_factory=list)  # the machine's (actor merges)
    reviews: list[dict[str, Any]] = field(default_factory=list)  # the analyst's, and what became of each
    actor_of_key: dict[str, str] = field(default_factory=dict)

    def actor_id(self, key: str) -> str | None:
        """The resolved actor id of a local actor key (set by actor resolution)."""
        return self.actor_of_key.get(key)

    def items(self, kind: str) -> list[Any]:
        return getattr(self, kind)
