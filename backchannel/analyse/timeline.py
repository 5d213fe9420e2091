"""The chronology of a knowledge base: events in date order, with their sources and disagreements.

The command line (``backchannel timeline``) and the web app read the same rows from here,
so a person sees the same story either way. Each row says how sure the date is (its
precision, the words it was read from, and the basis: written, counted from the article's
date, carried from the narrative) and how many documents and outlets report the event.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Iterable

from backchannel.kb.model import Actor, Discrepancy, Event
from backchannel.kb.store import KnowledgeBase
from backchannel.text.normalise import match_key


def actor_names(kb: KnowledgeBase) -> dict[str, str]:
    """Actor id -> canonical name."""
    return {a.id: a.name for a in kb.items("actors")}


def find_actor(actors: Iterable[Actor], query: str) -> set[str]:
    """Ids of the actors a user means by ``query`` (an id, a name or any alias, in any script)."""
    key = match_key(query)
    out = set()
    for a in actors:
        names = [a.id, a.name, *a.aliases, *[n for ns in a.names.values() for n in ns]]
        if any(match_key(n) == key for n in names) or any(key and key in match_key(n).split() for n in names):
            out.add(a.id)
    return out


def date_sort_key(date: str | None) -> tuple[int, str]:
    """Undated last; a month sorts at its start, before the days in it."""
    return (1, "") if not date else (0, date)


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if not date:
        return False
    if since and date[:len(since)] < since[:len(date)]:
        return False
    if until and date[:len(until)] > until[:len(date)]:
        return False
    return True


def discrepancies_by_item(kb: KnowledgeBase) -> dict[str, list[Discrepancy]]:
    out: dict[str, list[Discrepancy]] = {}
    for d in kb.items("discrepancies"):
        out.setdefault(d.item_id, []).append(d)
    return out


def sources_of(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Document id -> its file name, outlet and date, for citing evidence."""
    return {d["id"]: {"source": d["source"], "outlet": d.get("outlet"), "date": d.get("date")}
            for d in kb.documents()}


def event_row(e: Event, names: dict[str, str], docs: dict[str, dict[str, Any]],
              disagreements: list[Discrepancy]) -> dict[str, Any]:
    """One timeline row: the event's fields, participant names, its sources and disagreements."""
    row = asdict(e)
    row["evidence"] = [s.to_dict() | {"source": docs.get(s.doc, {}).get("source")} for s in e.evidence]
    row["participant_names"] = [names.get(p, p) for p in e.participants]
    row["sources"] = sorted({docs.get(s.doc, {}).get("source") or s.doc for s in e.evidence})
    row["date_basis"] = e.attrs.get("date_basis")
    row["date_from"] = e.attrs.get("date_from")
    row["status"] = e.attrs.get("status", "reported")
    row["discrepancies"] = [asdict(d) for d in disagreements]
    return row


def timeline(kb: KnowledgeBase, *, actor: str | None = None, since: str | None = None, until: str | None = None,
             types: Iterable[str] = (), min_sources: int = 1, undated: bool = True) -> list[dict[str, Any]]:
    """The events in date order (undated ones last, unless ``undated`` is False), filtered.

    ``actor`` is a name, alias or id; ``since``/``until`` ISO dates of any precision (an
    event dated "2025-04" is inside ``since="2025-04-02"``'s month and is kept);
    ``min_sources`` the fewest documents that must report an event.
    """
    actors = kb.items("actors")
    names = {a.id: a.name for a in actors}
    wanted = find_actor(actors, actor) if actor else None
    type_set = set(types)
    docs = sources_of(kb)
    disc = discrepancies_by_item(kb)
    rows = []
    for e in kb.items("events"):
        if wanted is not None and not wanted & set(e.participants):
            continue
        if type_set and e.type not in type_set:
            continue
        if e.corroboration < min_sources:
            continue
        if since or until:
            if not _in_range(e.date, since, until):
                continue
        elif not e.date and not undated:
            continue
        rows.append(event_row(e, names, docs, disc.get(e.id, [])))
    rows.sort(key=lambda r: (date_sort_key(r["date"]), -r["corroboration"], r["id"]))
    return rows
