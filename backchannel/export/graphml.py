"""The knowledge base as a graph (GraphML), for Gephi, Cytoscape, networkx and igraph.

Nodes are actors, events, deals and proposals (attribute ``kind`` tells which, so a tool can
filter or colour by it); edges are ties between actors (``kind`` = the tie's kind) and an
actor's part in an event (``participant``), a deal (``party``) or a proposal (``proposer``,
or the stance of a reaction). Every node and edge carries how many articles back it and a
short quote; list values are joined with " | " because GraphML holds only scalars.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from backchannel.analyse.screening import stored_deal_flags, stored_matches
from backchannel.kb.store import KnowledgeBase
from backchannel.text.document import Span

SEP = " | "


def _join(values: Iterable[Any]) -> str:
    return SEP.join(str(v) for v in dict.fromkeys(values) if v not in (None, ""))


def _sources(spans: list[Span], outlet_of: dict[str, str]) -> dict[str, Any]:
    docs = list(dict.fromkeys(s.doc for s in spans))
    return {"documents": len(docs), "outlets": _join(outlet_of.get(d, "") for d in docs),
            "quote": spans[0].text[:300] if spans else ""}


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML keeps str/int/float/bool; drop None so a column's type stays one type."""
    return {k: v for k, v in attrs.items() if v is not None}


def kb_graph(db: Path | str) -> nx.MultiDiGraph:
    """Actors, events, deals and proposals, and what links them, as a networkx graph."""
    g = nx.MultiDiGraph(name="Backchannel knowledge base")
    with KnowledgeBase(db) as kb:
        outlet_of = {d["id"]: d["outlet"] or d["source"] for d in kb.documents()}
        matches = stored_matches(kb.conn)
        flags = stored_deal_flags(kb.conn)
        for a in kb.items("actors"):
            listed = matches.get(a.id, [])
            g.add_node(a.id, **_scalars({
                "kind": "actor", "label": a.name, "type": a.type, "side": a.side or "",
                "aliases": _join(a.aliases), "roles": _join(a.roles), "wikidata": a.wikidata or "",
                "mentions": len(a.mentions), **_sources(a.mentions, outlet_of),
                "sanctioned": bool(listed), "sanctions": _join(f"{m['list']}: {m['program']}".rstrip(": ") for m in listed)}))
        for t in kb.items("ties"):
            if t.source in g and t.target in g:
                g.add_edge(t.source, t.target, key=t.id, **_scalars({
                    "kind": t.kind, "label": t.label or t.kind.replace("_", " "), **_sources(t.evidence, outlet_of)}))
        for e in kb.items("events"):
            g.add_node(e.id, **_scalars({"kind": "event", "label": f"{e.type} {e.date or ''}".strip(), "type": e.type,
                                         "date": e.date or "", "place": e.place or "", "summary": e.summary or "",
                                         **_sources(e.evidence, outlet_of)}))
            roles = {a: role for role in ("source", "target", "host") for a in getattr(e, role)}
            for a in e.participants:  # an edge says the actor's role in the event, never more
                if a in g:
                    role = roles.get(a, "participant")
                    if role == "target":
                        g.add_edge(e.id, a, key=role, kind=role)  # the event points at whom it was done to
                    else:
                        g.add_edge(a, e.id, key=role, kind=role)
        for d in kb.items("deals"):
            flag_list = flags.get(d.id, [])
            g.add_node(d.id, **_scalars({"kind": "deal", "label": d.asset or d.id, "sector": d.sector or "",
                                         "status": d.status or "", "condition": d.condition or "",
                                         "flags": _join(f["flag"] for f in flag_list), **_sources(d.evidence, outlet_of)}))
            _link(g, d.parties, d.id, "party")
        for p in kb.items("proposals"):
            g.add_node(p.id, **_scalars({"kind": "proposal", "label": p.name,
                                         "issues": _join(i.get("issue") for i in p.issues),
                                         **_sources(p.evidence, outlet_of)}))
            if p.proposer:
                _link(g, [p.proposer], p.id, "proposer")
            for r in p.reactions:
                _link(g, [r.get("actor")], p.id, str(r.get("stance") or "reaction"))
    return g


def _link(g: nx.MultiDiGraph, actors: Iterable[str | None], item: str, kind: str) -> None:
    for a in actors:
        if a and a in g:
            g.add_edge(a, item, key=kind, kind=kind)


def write_graphml(db: Path | str, path: Path | str) -> nx.MultiDiGraph:
    """Write the graph to ``path`` as GraphML and return it."""
    g = kb_graph(db)
    nx.write_graphml(g, path, encoding="utf-8", prettyprint=True)
    return g
