"""The JSON export other tools (and ``../shared/eval/score.py``) read; see ``docs/export.md``.

It carries every field of the data model; the fields CONTRACT.md names keep their names.
Documents carry their ``text`` so that spans can be checked against what was read.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from backchannel.analyse.screening import screened, stored_deal_flags, stored_matches
from backchannel.kb.model import ITEM_TYPES
from backchannel.kb.store import KnowledgeBase, _jsonable


def export_kb(db_path: Path | str, *, with_text: bool = True) -> dict[str, Any]:
    """The whole knowledge base as one JSON-ready dict (documents, actors, events, deals, ...)."""
    with KnowledgeBase(db_path) as kb:
        out: dict[str, Any] = {"backchannel": kb.meta().get("backchannel_version"),
                               "built_at": kb.meta().get("built_at")}
        out["documents"] = [{k: v for k, v in d.items() if k not in ("meta", "chars") and (with_text or k != "text")}
                            for d in kb.documents(with_text=with_text)]
        for kind in ITEM_TYPES:
            out[kind] = [_jsonable(dataclasses.asdict(item)) for item in kb.items(kind)]
        out["read_errors"] = kb.read_errors()
        _add_screening(out, kb)
    return out


def _add_screening(out: dict[str, Any], kb: KnowledgeBase) -> None:
    """Sanctions flags (``backchannel screen``): actors get ``sanctions``, deals ``flags``; only once screened."""
    lists = screened(kb.conn)
    if not lists:
        return
    matches, flags = stored_matches(kb.conn), stored_deal_flags(kb.conn)
    out["sanctions_screenings"] = lists
    for actor in out["actors"]:
        actor["sanctions"] = matches.get(actor["id"], [])
    for deal in out["deals"]:
        deal["flags"] = flags.get(deal["id"], [])
