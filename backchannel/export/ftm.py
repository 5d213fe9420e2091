"""The knowledge base as FollowTheMoney entities (JSON lines), for Aleph, yente and the ``ftm`` tools.

Actors become Person / Organization / Company / PublicBody, events Event (with ``involved``
parties, date and place), ties the interval schema that fits (Family, Directorship,
Membership, Associate, ..., else UnknownLink), deals and settlement proposals Project with
ProjectParticipant links, articles Article. Each actor, event and project is tied to the
articles that mention it by a Documentation entity whose summary quotes the text and whose
description gives the character offsets, so provenance survives the trip; ties carry their
articles as ``proof``. Sanctions screening results (``backchannel screen``) become Sanction
entities and the ``sanction`` topic. Ids are derived from the knowledge-base ids, so a
rebuild gives the same entity ids. The schema mapping is data: ``ftm_mapping.yaml``.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry

from backchannel.analyse.screening import stored_deal_flags, stored_matches
from backchannel.datafiles import safe_load
from backchannel.kb.model import Actor, Deal, Event, Proposal, Tie
from backchannel.kb.store import KnowledgeBase
from backchannel.text.document import Span

_MAPPING = Path(__file__).with_name("ftm_mapping.yaml")
_NS = "backchannel"
RECORD_NOTE = "Backchannel id: "


@lru_cache(maxsize=1)
def _mapping() -> dict[str, Any]:
    with _MAPPING.open(encoding="utf-8") as fh:
        return safe_load(fh)


def actor_schema(actor_type: str | None) -> str:
    """The FtM schema name of a Backchannel actor type (Organization when unknown)."""
    return _mapping()["actor_schemata"].get((actor_type or "").lower(), "Organization")


def tie_schema(kind: str) -> str:
    """The FtM interval schema a tie kind suggests, before checking its ends fit."""
    words = set(re.split(r"[_\-\s]+", kind.lower()))
    for rule in _mapping()["tie_schemata"]:
        if words & set(rule["words"]):
            return rule["schema"]
    return "UnknownLink"


def _entity(schema: str, *id_parts: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(_NS, *id_parts)
    return proxy


def _record(proxy: EntityProxy, kb_id: str) -> None:
    """Keep the knowledge-base id: ``recordId`` where the schema has it, else a note."""
    if proxy.schema.get("recordId"):
        proxy.add("recordId", kb_id)
    else:
        proxy.add("notes", f"{RECORD_NOTE}{kb_id}")


def _offsets(spans: Iterable[Span]) -> str:
    return "; ".join(f"characters {s.start}-{s.end}: {s.text}" for s in spans)


class _Exporter:
    """Builds the entities of one knowledge base; keeps the actor entities to link ties to."""

    def __init__(self, kb: KnowledgeBase, with_text: bool) -> None:
        self.kb = kb
        self.with_text = with_text
        self.articles: dict[str, EntityProxy] = {}
        self.actors: dict[str, EntityProxy] = {}
        self.skipped: list[str] = []

    def run(self) -> Iterator[EntityProxy]:
        yield from self._articles()
        matches = stored_matches(self.kb.conn)
        for actor in self.kb.items("actors"):
            yield from self._actor(actor, matches.get(actor.id, []))
        for event in self.kb.items("events"):
            yield from self._event(event)
        flags = stored_deal_flags(self.kb.conn)
        for deal in self.kb.items("deals"):
            yield from self._deal(deal, flags.get(deal.id, []))
        for proposal in self.kb.items("proposals"):
            yield from self._proposal(proposal)
        for tie in self.kb.items("ties"):
            yield from self._tie(tie)

    # -------------------------------------------------------------- documents

    def _articles(self) -> Iterator[EntityProxy]:
        for doc in self.kb.documents(with_text=self.with_text):
            art = _entity("Article", "document", doc["id"])
            art.add("title", doc["title"] or doc["source"])
            art.add("fileName", doc["source"])
            art.add("publisher", doc["outlet"])
            art.add("publishedAt", doc["date"])
            art.add("sourceUrl", doc["url"])
            for lang in doc["languages"] or [doc["language"]]:
                art.add("language", registry.language.clean(lang))
            _record(art, doc["id"])
            if self.with_text:
                art.add("bodyText", doc["text"])
            self.articles[doc["id"]] = art
            yield art

    def _documentation(self, entity: EntityProxy, role: str, spans: list[Span]) -> Iterator[EntityProxy]:
        """One Documentation per article that holds evidence of ``entity``."""
        by_doc: dict[str, list[Span]] = defaultdict(list)
        for s in spans:
            by_doc[s.doc].append(s)
        for doc_id, doc_spans in by_doc.items():
            article = self.articles.get(doc_id)
            if article is None:
                continue
            link = _entity("Documentation", "documentation", entity.id or "", doc_id)
            link.add("document", article)
            link.add("entity", entity)
            link.add("role", role)
            link.add("summary", " … ".join(dict.fromkeys(s.text for s in doc_spans)))
            link.add("description", _offsets(doc_spans))
            yield link

    # -------------------------------------------------------------- actors

    def _actor(self, actor: Actor, matches: list[dict[str, Any]]) -> Iterator[EntityProxy]:
        schema = actor_schema(actor.type)
        ent = _entity(schema, "actor", actor.id)
        ent.add("name", actor.name)
        names = [n for ns in actor.names.values() for n in ns] + list(actor.aliases)
        ent.add("alias", [n for n in dict.fromkeys(names) if n != actor.name])
        ent.add("wikidataId", actor.wikidata)
        _record(ent, actor.id)
        if actor.side:
            ent.add("keywords", f"side: {actor.side}")
            ent.add("country", registry.country.clean(actor.side))
        if schema == "Person":
            ent.add("position", actor.roles)
        else:
            ent.add("description", "; ".join(actor.roles) or None)
        if matches:
            ent.add("topics", "sanction")
        self.actors[actor.id] = ent
        yield ent
        for m in matches:
            sanction = _entity("Sanction", "sanction", actor.id, m["list"], m["entity_id"])
            sanction.add("entity", ent)
            sanction.add("authority", m["list"])
            sanction.add("program", m["program"] or None)
            sanction.add("recordId", m["entity_id"])
            sanction.add("summary", f"Name screening: '{m['matched_name']}' matches the listed "
                                    f"'{m['entity_name']}' ({m['entity_id']}) with score {m['score']:.2f}")
            yield sanction
        yield from self._documentation(ent, "mentioned", actor.mentions)

    def _linked(self, actor_ids: Iterable[str]) -> list[EntityProxy]:
        return [self.actors[a] for a in actor_ids if a in self.actors]

    # -------------------------------------------------------------- events, deals, proposals

    def _event(self, event: Event) -> Iterator[EntityProxy]:
        ent = _entity("Event", "event", event.id)
        ent.add("name", " ".join(x for x in (event.type, event.date or "", event.place or "") if x).strip())
        ent.add("date", event.date)
        ent.add("location", event.place)
        ent.add("summary", event.summary)
        ent.add("keywords", [k for k in (event.type, event.plover) if k])
        ent.add("involved", self._linked(event.participants))
        ent.add("organizer", self._linked(event.host))
        _record(ent, event.id)
        ent.add("notes", f"reported by {event.corroboration} article(s): {', '.join(event.outlets)}"
                if event.outlets else None)
        yield ent
        yield from self._documentation(ent, "evidence", event.evidence)
        yield from self._directed(ent, event)

    def _directed(self, ent: EntityProxy, event: Event) -> Iterator[EntityProxy]:
        """Who did what to whom, as FtM links: one UnknownLink from each source to each target
        ("US Treasury → Rosneft", role "sanction"), dated, pointing back to the event."""
        for s in self._linked(event.source):
            for t in self._linked(event.target):
                link = _entity("UnknownLink", "event-role", event.id, s.id or "", t.id or "")
                link.add("subject", s)
                link.add("object", t)
                link.add("role", event.type)
                link.add("date", event.date)
                link.add("summary", event.summary)
                link.add("description", f"event {ent.id}")
                _record(link, event.id)
                yield link

    def _project(self, kind: str, item_id: str, name: str) -> EntityProxy:
        ent = _entity("Project", kind, item_id)
        ent.add("name", name)
        ent.add("keywords", kind)
        _record(ent, item_id)
        return ent

    def _participants(self, project: EntityProxy, roles: list[tuple[str, str]]) -> Iterator[EntityProxy]:
        for actor_id, role in roles:
            actor = self.actors.get(actor_id)
            if actor is None:
                continue
            link = _entity("ProjectParticipant", "participant", project.id or "", actor_id, role)
            link.add("project", project)
            link.add("participant", actor)
            link.add("role", role)
            yield link

    def _deal(self, deal: Deal, flags: list[dict[str, Any]]) -> Iterator[EntityProxy]:
        ent = self._project("deal", deal.id, deal.asset or f"deal {deal.id}")
        ent.add("status", deal.status)
        ent.add("goal", deal.condition)
        ent.add("keywords", deal.sector)
        value = deal.value or {}
        currency = _mapping()["currencies"].get(str(value.get("unit", "")))
        if currency and isinstance(value.get("amount"), (int, float)):
            ent.add("amount", value["amount"])
            ent.add("currency", currency)
        elif value:
            ent.add("description", " ".join(str(value.get(k, "")) for k in ("amount", "unit")).strip())
        for flag in flags:
            ent.add("notes", flag["detail"])
            ent.add("keywords", flag["flag"].replace("_", " "))
        yield ent
        yield from self._participants(ent, [(a, "party") for a in deal.parties])
        yield from self._documentation(ent, "evidence", deal.evidence)

    def _proposal(self, proposal: Proposal) -> Iterator[EntityProxy]:
        ent = self._project("settlement proposal", proposal.id, proposal.name)
        ent.add("goal", [_issue_text(i) for i in proposal.issues if _issue_text(i)])
        yield ent
        roles = [(proposal.proposer, "proposer")] if proposal.proposer else []
        roles += [(r["actor"], str(r.get("stance") or "reaction")) for r in proposal.reactions if r.get("actor")]
        yield from self._participants(ent, roles)
        yield from self._documentation(ent, "evidence", proposal.evidence)

    # -------------------------------------------------------------- ties

    def _tie(self, tie: Tie) -> Iterator[EntityProxy]:
        source, target = self.actors.get(tie.source), self.actors.get(tie.target)
        if source is None or target is None:
            self.skipped.append(f"tie {tie.id}: an end is not an exported actor")
            return
        schema = model.get(tie_schema(tie.kind))
        if schema is None or not _fits(schema, source, target):
            schema = model["UnknownLink"]
        ent = _entity(schema.name, "tie", tie.id)
        ent.add(str(schema.edge_source), source)
        ent.add(str(schema.edge_target), target)
        role_prop = "relationship" if schema.get("relationship") else "role"
        ent.add(role_prop, tie.label or tie.kind.replace("_", " "))
        _record(ent, tie.id)
        ent.add("summary", " … ".join(dict.fromkeys(s.text for s in tie.evidence)) or None)
        ent.add("description", _offsets(tie.evidence) or None)
        ent.add("proof", [self.articles[s.doc] for s in tie.evidence if s.doc in self.articles])
        yield ent


def _issue_text(issue: dict[str, Any]) -> str:
    return ": ".join(str(issue[k]) for k in ("issue", "position") if issue.get(k))


def _fits(schema: Schema, source: EntityProxy, target: EntityProxy) -> bool:
    """Whether the two entities can be the two ends of an interval of ``schema``."""
    if not schema.edge_source or not schema.edge_target:
        return False
    src, tgt = schema.get(schema.edge_source), schema.get(schema.edge_target)
    return bool(src and tgt and src.range and tgt.range
                and source.schema.is_a(src.range) and target.schema.is_a(tgt.range))


def ftm_entities(db: Path | str, *, with_text: bool = True) -> tuple[list[EntityProxy], list[str]]:
    """Every entity of the knowledge base, each validated by the FtM schema; and what was skipped."""
    with KnowledgeBase(db) as kb:
        exporter = _Exporter(kb, with_text)
        entities = []
        for ent in exporter.run():
            try:
                ent.schema.validate(ent.to_dict())  # type: ignore[arg-type]  # to_dict() is the data it checks
            except InvalidData as exc:
                exporter.skipped.append(f"{ent.schema.name} {ent.id}: {exc.errors}")
                continue
            entities.append(ent)
    return entities, exporter.skipped


def write_ftm(db: Path | str, fh: TextIO, *, with_text: bool = True) -> list[str]:
    """Write the entities as FtM JSON lines to ``fh``; returns the notes on anything skipped."""
    entities, skipped = ftm_entities(db, with_text=with_text)
    for ent in entities:
        fh.write(json.dumps(ent.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return skipped
