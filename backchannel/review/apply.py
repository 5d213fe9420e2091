"""Apply the analyst's judgements to a freshly resolved corpus (the last corpus stage).

Each judgement finds its item again (:func:`find`): by id, else by the evidence it was judged
on (the item sharing most characters of those spans), else, for an actor, by name. It then
confirms, removes or corrects it, merges or splits actors, or joins two events. The outcome
of every judgement (applied, or why not) goes to ``corpus.reviews``, which the store keeps and
``backchannel judgements`` lists: a judgement that no longer finds its item is reported.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from backchannel.kb.model import Actor, Corpus, Event
from backchannel.resolve.events import summary
from backchannel.review.judgements import ACTOR_LISTS, ACTOR_ONE, Judgement, read
from backchannel.text.document import Span
from backchannel.text.normalise import match_key

_PRECISION = {4: "year", 7: "month", 10: "day"}


def apply_judgements(corpus: Corpus, options: object) -> None:
    """Corpus stage: re-apply every judgement in the build's judgements file, in order."""
    path: Path | None = getattr(options, "judgements_file", None)
    if path is None:
        return
    found, problems = read(path)
    corpus.reviews = [{"id": None, "status": "unreadable", "detail": p} for p in problems]
    for j in found:
        status, detail, item_id = _apply(corpus, j)
        corpus.reviews.append({"id": j.id, "at": j.at, "by": j.by, "verdict": j.verdict, "kind": j.kind,
                               "item": item_id or j.item.get("id"), "field": j.field, "why": j.why,
                               "status": status, "detail": detail})
    kept = {(k, x.id) for k in ("events", "deals", "proposals", "actors") for x in corpus.items(k)}
    corpus.discrepancies = [d for d in corpus.discrepancies if (d.item_kind, d.item_id) in kept]


def _apply(corpus: Corpus, j: Judgement) -> tuple[str, str, str | None]:
    item = find(corpus, j.kind, j.item)
    if item is None:
        return "not found", "no item has this id or shares its evidence any more", None
    mark = {"by": j.by, "at": j.at, "why": j.why, "judgement": j.id}
    if j.verdict == "confirm":
        item.review = {**(item.review or {}), **mark, "status": "confirmed"}
        return "applied", "confirmed", item.id
    if j.verdict == "reject":
        _remove(corpus, j.kind, item)
        return "applied", "removed", item.id
    if j.verdict == "set":
        return _set(corpus, j, item, mark)
    if j.verdict in ("merge", "same"):
        other = find(corpus, j.kind, j.other or {})
        if other is None:
            return "not found", "the second item is gone", item.id
        if other is item:
            return "applied", "already one", item.id
        (_merge_actors if j.kind == "actors" else _merge_events)(corpus, item, other)
        item.review = {**(item.review or {}), **mark, "status": "corrected"}
        return "applied", f"{other.id} joined {item.id}", item.id
    if j.verdict == "split" and j.kind == "actors":
        new = _split(corpus, item, j)
        if new is None:
            return "not found", "none of the mentions to move is still this actor's", item.id
        new.review = {**mark, "status": "corrected"}
        return "applied", f"{len(new.mentions)} mentions became {new.name}", item.id
    return "not applied", f"{j.verdict} does not apply to {j.kind}", item.id


def _spans_of(kind: str, item: Any) -> list[Span]:
    return item.mentions if kind == "actors" else getattr(item, "evidence", [])


def _overlap(spans: list[Span], wanted: dict[str, list[tuple[int, int]]]) -> int:
    total = 0
    for s in spans:
        for start, end in wanted.get(s.doc, ()):
            total += max(0, min(end, s.end) - max(start, s.start))
    return total


def find(corpus: Corpus, kind: str, fp: dict[str, Any]) -> Any | None:
    """The item ``fp`` (a judgement's fingerprint) names: same id, else most shared evidence,
    else (an actor) the same name."""
    items = corpus.items(kind)
    same = next((x for x in items if x.id == fp.get("id")), None)
    if same is not None:
        return same
    wanted: dict[str, list[tuple[int, int]]] = {}
    for doc, start, end, _text in fp.get("spans") or []:
        wanted.setdefault(doc, []).append((start, end))
    best, score = None, 0
    for x in items:
        s = _overlap(_spans_of(kind, x), wanted)
        if s > score:
            best, score = x, s
    if best is not None or kind != "actors" or not fp.get("name"):
        return best
    key = match_key(fp["name"])
    return next((a for a in items if key in {match_key(n) for n in [a.name, *a.aliases]}), None)


def actor_ref(corpus: Corpus, ref: Any) -> Actor | None:
    """The actor a judgement's value names: ``{"id", "name"}`` or a bare id or name."""
    ident, name = (ref.get("id"), ref.get("name")) if isinstance(ref, dict) else (ref, ref)
    by_id = next((a for a in corpus.actors if a.id == ident), None)
    if by_id is not None or not name:
        return by_id
    key = match_key(str(name))
    return next((a for a in corpus.actors if key in {match_key(n) for n in [a.name, *a.aliases]}), None)


def _set(corpus: Corpus, j: Judgement, item: Any, mark: dict[str, Any]) -> tuple[str, str, str | None]:
    name, value = j.field or "", j.value
    if name in ACTOR_LISTS or name in ACTOR_ONE:
        refs = value if isinstance(value, list) else [value]
        actors = [actor_ref(corpus, r) for r in refs if r not in (None, "")]
        if any(a is None for a in actors):
            missing = [r for r, a in zip(refs, actors) if a is None]
            return "not found", f"no actor {missing}", item.id
        value = [a.id for a in actors if a] if name in ACTOR_LISTS else (actors[0].id if actors else None)
    was = getattr(item, name)
    setattr(item, name, value)
    if isinstance(item, Event):
        if name in ("source", "target", "host"):  # whoever has a role takes part
            item.participants = list(dict.fromkeys([*item.participants, *value]))
        if name == "participants":
            for role in ("source", "target", "host"):
                setattr(item, role, [a for a in getattr(item, role) if a in value])
        if name == "place":
            item.attrs.pop("place_id", None)  # the gazetteer's reading is replaced by the analyst's
        if name == "date":
            item.date_precision = _PRECISION.get(len(value or ""))
            item.attrs["date_basis"] = f"set by {j.by}"
        if name != "summary":
            item.summary = summary(item, corpus)
    fields = {**((item.review or {}).get("fields") or {}), name: {"was": was, "now": value}}
    item.review = {**(item.review or {}), **mark, "status": "corrected", "fields": fields}
    return "applied", f"{name} set", item.id


def _replace_actor(corpus: Corpus, old: str, new: str | None, where: Callable[[Any], bool] = lambda _x: True) -> None:
    """Put ``new`` (or nothing) wherever items refer to actor ``old``."""
    def swap(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(x for x in ((new if i == old else i) for i in ids) if x))
    for e in corpus.events:
        if where(e):
            for role in ("participants", "source", "target", "host"):
                setattr(e, role, swap(getattr(e, role)))
    for d in corpus.deals:
        if where(d):
            d.parties = swap(d.parties)
    for p in corpus.proposals:
        if where(p):
            p.proposer = new if p.proposer == old else p.proposer
            p.reactions = [{**r, "actor": new} if r.get("actor") == old else r for r in p.reactions
                           if r.get("actor") != old or new]
    corpus.ties = [t for t in corpus.ties if not where(t) or new or old not in (t.source, t.target)]
    for t in corpus.ties:
        if where(t):
            t.source, t.target = (new if t.source == old else t.source), (new if t.target == old else t.target)


def _remove(corpus: Corpus, kind: str, item: Any) -> None:
    setattr(corpus, kind, [x for x in corpus.items(kind) if x is not item])
    if kind == "actors":
        _replace_actor(corpus, item.id, None)
        for k in item.keys:
            corpus.actor_of_key.pop(k, None)
        for e in corpus.events:
            e.summary = summary(e, corpus)


def _merge_actors(corpus: Corpus, keep: Actor, other: Actor) -> None:
    keep.aliases = list(dict.fromkeys([*keep.aliases, other.name, *other.aliases]))
    keep.keys = list(dict.fromkeys([*keep.keys, *other.keys]))
    keep.mentions = sorted([*keep.mentions, *other.mentions], key=lambda s: (s.doc, s.start))
    keep.roles = list(dict.fromkeys([*keep.roles, *other.roles]))
    keep.merge_reasons.append(f"{other.name} judged the same actor")
    for k in other.keys:
        corpus.actor_of_key[k] = keep.id
    corpus.actors = [a for a in corpus.actors if a is not other]
    _replace_actor(corpus, other.id, keep.id)
    for e in corpus.events:
        if keep.id in e.participants:
            e.summary = summary(e, corpus)


def _merge_events(corpus: Corpus, keep: Event, other: Event) -> None:
    keep.evidence = [*keep.evidence, *[s for s in other.evidence if s not in keep.evidence]]
    for role in ("participants", "source", "target", "host", "outlets"):
        setattr(keep, role, list(dict.fromkeys([*getattr(keep, role), *getattr(other, role)])))
    docs = set(keep.attrs.get("documents") or []) | set(other.attrs.get("documents") or [])
    keep.attrs["documents"] = sorted(docs)
    keep.attrs["reports"] = [*(keep.attrs.get("reports") or []), *(other.attrs.get("reports") or [])]
    keep.corroboration = max(len(docs), keep.corroboration)
    keep.date, keep.place = keep.date or other.date, keep.place or other.place
    keep.summary = summary(keep, corpus)
    corpus.events = [e for e in corpus.events if e is not other]


def _split(corpus: Corpus, actor: Actor, j: Judgement) -> Actor | None:
    """Move the mentions ``j.moves`` names (by span, or every mention of a surface form) to a
    new actor; items whose evidence holds only moved mentions follow them."""
    spans = {(m["doc"], m["start"]) for m in j.moves if "start" in m}
    forms = {match_key(m["text"]) for m in j.moves if "start" not in m and m.get("text")}
    moved = [s for s in actor.mentions if (s.doc, s.start) in spans or match_key(s.text) in forms]
    if not moved:
        return None
    new = Actor(id=f"a{j.id[:10]}", name=j.new_name or moved[0].text, type=actor.type, source="review",
                aliases=list(dict.fromkeys(s.text for s in moved)), mentions=moved,
                keys=[f"review:{j.id}"], merge_reasons=[f"split from {actor.name} by {j.by}"])
    moved_at = {(s.doc, s.start) for s in moved}
    actor.mentions = [s for s in actor.mentions if (s.doc, s.start) not in moved_at]
    for a in corpus.analyses:
        for m in a.mentions:
            if m.kind == "actor" and m.key in actor.keys and (m.span.doc, m.span.start) in moved_at:
                m.key = new.keys[0]
    corpus.actor_of_key[new.keys[0]] = new.id
    corpus.actors.append(new)
    stays = actor.mentions

    def follows(item: Any) -> bool:
        ev = getattr(item, "evidence", [])
        inside = lambda s: any(e.doc == s.doc and e.start <= s.start < e.end for e in ev)  # noqa: E731
        return any(inside(s) for s in moved) and not any(inside(s) for s in stays)
    _replace_actor(corpus, actor.id, new.id, follows)
    for e in corpus.events:
        if new.id in e.participants:
            e.summary = summary(e, corpus)
    return new
