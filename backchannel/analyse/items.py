"""Deals and proposals of a knowledge base as rows a person can read: names, sources, disagreements.

Shared by ``backchannel deals``, ``backchannel proposals`` and the web app.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from backchannel.analyse.timeline import discrepancies_by_item, find_actor, sources_of
from backchannel.kb.store import KnowledgeBase
from backchannel.text.normalise import match_key


def _common(item: Any, docs: dict[str, dict[str, Any]], disc: dict[str, list[Any]]) -> dict[str, Any]:
    row = asdict(item)
    row["evidence"] = [s.to_dict() | {"source": docs.get(s.doc, {}).get("source")} for s in item.evidence]
    row["sources"] = sorted({docs.get(s.doc, {}).get("source") or s.doc for s in item.evidence})
    row["discrepancies"] = [asdict(d) for d in disc.get(item.id, [])]
    return row


def deals(kb: KnowledgeBase, *, actor: str | None = None, sector: str | None = None,
          status: str | None = None) -> list[dict[str, Any]]:
    """Every deal, most reported first, optionally for one actor, sector or status."""
    actors = kb.items("actors")
    names = {a.id: a.name for a in actors}
    wanted = find_actor(actors, actor) if actor else None
    docs, disc = sources_of(kb), discrepancies_by_item(kb)
    rows = []
    for d in kb.items("deals"):
        if wanted is not None and not wanted & set(d.parties):
            continue
        if sector and (d.sector or "") != sector:
            continue
        if status and (d.status or "") != status:
            continue
        row = _common(d, docs, disc)
        row["party_names"] = [names.get(p, p) for p in d.parties]
        rows.append(row)
    rows.sort(key=lambda r: (-r["corroboration"], r["asset"] or "", r["id"]))
    return rows


def proposals(kb: KnowledgeBase, *, actor: str | None = None, issue: str | None = None) -> list[dict[str, Any]]:
    """Every proposal, named plans first, optionally for one actor (proposer or reacting) or issue."""
    actors = kb.items("actors")
    names = {a.id: a.name for a in actors}
    wanted = find_actor(actors, actor) if actor else None
    docs, disc = sources_of(kb), discrepancies_by_item(kb)
    key = match_key(issue) if issue else None
    rows = []
    for p in kb.items("proposals"):
        involved = {p.proposer} | {r.get("actor") for r in p.reactions}
        if wanted is not None and not wanted & involved:
            continue
        if key and not any(key in match_key(i.get("issue", "")) for i in p.issues):
            continue
        row = _common(p, docs, disc)
        row["proposer_name"] = names.get(p.proposer, p.proposer) if p.proposer else None
        row["reactions"] = [r | {"actor_name": names.get(r.get("actor"), r.get("actor"))} for r in p.reactions]
        rows.append(row)
    rows.sort(key=lambda r: (r["attrs"].get("kind") != "named plan", -r["corroboration"], r["name"]))
    return rows
