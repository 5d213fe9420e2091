"""Make one judgement: check it against the knowledge base, append it, and show its effect.

The command line (``backchannel judge``) and the web app's review actions both come here,
so a judgement means the same whichever way it was made.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backchannel.errors import BackchannelError
from backchannel.kb.store import KnowledgeBase
from backchannel.review.judgements import (ACTOR_LISTS, ACTOR_ONE, KINDS, VERDICTS, Judgement, append,
                                          check_field, fingerprint, judgements_path, now, reviewer)
from backchannel.text.normalise import match_key


def locate(kb: KnowledgeBase, ident: str) -> tuple[str, Any]:
    """(kind, item) of an id in the knowledge base; an actor may also be named."""
    for kind in KINDS:
        for item in kb.items(kind):
            if item.id == ident:
                return kind, item
    key = match_key(ident)
    for a in kb.items("actors"):
        if key in {match_key(n) for n in [a.name, *a.aliases]}:
            return "actors", a
    raise BackchannelError("BC041", f"no item {ident!r} in {kb.path}",
                           "use an id from `backchannel timeline`, `deals`, `proposals` or `actors --json`, "
                           "or an actor's name")


def _actor_value(kb: KnowledgeBase, ref: str) -> dict[str, str]:
    kind, item = locate(kb, ref)
    if kind != "actors":
        raise BackchannelError("BC041", f"{ref!r} is not an actor", "name an actor, or give its id")
    return {"id": item.id, "name": item.name}


def rebuild(db: Path) -> None:
    """Build again from the stored articles (analyses come from the cache) so a judgement
    shows at once, with the options the knowledge base was built with."""
    from backchannel.pipeline import BuildOptions, build

    with KnowledgeBase(db) as kb:
        opts = json.loads(kb.meta().get("options") or "{}")
    sides = opts.get("sides_file")
    build([], db, BuildOptions(use_kb=opts.get("use_kb", True), kb_files=[Path(p) for p in opts.get("kb_files") or []],
                               sides_file=Path(sides) if sides else None))


def record(db: Path, item: str, verdict: str, args: list[str], *, by: str | None = None, why: str = "",
           new_name: str | None = None, moves: list[dict[str, Any]] | None = None,
           rebuild_now: bool = True) -> dict[str, Any]:
    """Judge ``item`` (an id, or an actor's name): ``args`` are the field and value of a
    ``set``, or the other item of a ``merge`` / ``same``. Nothing is written unless the
    judgement can be made. Returns what was recorded and, after the rebuild, its outcome."""
    with KnowledgeBase(db) as kb:
        kind, target = locate(kb, item)
        names = {a.id: a.name for a in kb.items("actors")}
        j = Judgement(kind=kind, verdict=verdict, item=fingerprint(kind, target, names), by=reviewer(by), at=now(), why=why)
        if verdict not in VERDICTS:
            raise BackchannelError("BC040", f"{verdict!r} is not a verdict", f"one of: {', '.join(VERDICTS)}")
        if verdict == "set":
            if not args:
                raise BackchannelError("BC040", "set needs a field (and its new value; none clears it)",
                                       "e.g. set date 2025-08-06")
            j.field, values = args[0], list(args[1:])
            check_field(kind, j.field)
            if j.field in ACTOR_LISTS:
                j.value = [_actor_value(kb, v) for v in values]
            elif j.field in ACTOR_ONE:
                j.value = _actor_value(kb, values[0]) if values else None
            else:
                j.value = " ".join(values) or None  # no value: the field is cleared ("set place")
        elif verdict in ("merge", "same"):
            if len(args) != 1:
                raise BackchannelError("BC040", f"{verdict} needs the other item", f"e.g. {verdict} ID")
            other_kind, other = locate(kb, args[0])
            wanted = "actors" if verdict == "merge" else "events"
            if kind != wanted or other_kind != wanted:
                raise BackchannelError("BC040", f"{verdict} joins two {wanted}", "give two ids of that kind")
            j.other = fingerprint(other_kind, other, names)
        elif verdict == "split":
            if kind != "actors" or not moves:
                raise BackchannelError("BC040", "split takes an actor and the mentions that leave it",
                                       "add --form TEXT or --mention DOC:START, and --name NEW")
            j.moves, j.new_name = list(moves), new_name
        elif args:
            raise BackchannelError("BC040", f"{verdict} takes no value", f"drop {' '.join(args)!r}")
    path = judgements_path(db)
    append(path, j)
    result: dict[str, Any] = {"judgement": j.id, "file": str(path), "kind": kind, "item": target.id,
                              "verdict": verdict, "field": j.field}
    if rebuild_now:
        rebuild(db)
        with KnowledgeBase(db) as kb:
            outcome = next((r for r in kb.reviews() if r["id"] == j.id), None)
        result.update(status=outcome["status"] if outcome else "not applied", detail=outcome["detail"] if outcome else "")
    return result


def queue(kb: KnowledgeBase, kinds: tuple[str, ...] = ("events", "deals", "proposals")) -> list[tuple[str, Any]]:
    """The items still to review, the least certain first: events by confidence, the others by
    how many documents report them (one source is the weakest)."""
    out: list[tuple[float, str, Any]] = []
    for kind in kinds:
        for item in kb.items(kind):
            if item.review:
                continue
            certainty = item.confidence if kind == "events" and item.confidence is not None else \
                min(1.0, 0.3 * getattr(item, "corroboration", 1))
            out.append((certainty, kind, item))
    out.sort(key=lambda t: (t[0], t[1], t[2].id))
    return [(kind, item) for _c, kind, item in out]
