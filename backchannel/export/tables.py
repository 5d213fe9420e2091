"""The knowledge base as CSV files (one per table and view), and a Datasette metadata file.

CSV is what spreadsheets, pandas, R and DuckDB all read. Files are UTF-8 with a byte-order
mark so that Excel shows Arabic text correctly (pandas, DuckDB and csvkit skip the mark);
list and dict columns stay JSON text, exactly as stored. The Datasette metadata gives each
table and column the description written in the data model (``kb/model.py``), so the file
explains itself when opened with ``datasette kb.db --metadata metadata.json``.
"""
from __future__ import annotations

import csv
import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

from backchannel.kb.model import ITEM_TYPES
from backchannel.kb.store import KnowledgeBase

# Full-text index internals: not tables a person reads.
_HIDDEN_PREFIXES = ("sqlite_", "sentences_fts")

TABLE_DOCS = {
    "meta": "How and when this knowledge base was built (and screened).",
    "documents": "Every article read: source file, outlet, date, language and the exact text the offsets point into.",
    "sentences": "Sentences of each article with their character offsets.",
    "mentions": "Recognised text spans (actor names, places, dates, amounts, triggers) with offsets; "
                "actor mentions carry the resolved actor id.",
    "evidence": "The text spans behind every event, deal, proposal and tie (document, offsets, text).",
    "judgements": "Decisions the build took (merges, rejections) and why.",
    "read_errors": "Files that could not be read, and why.",
    "event_participants": "One row per actor taking part in an event.",
    "deal_parties": "One row per party to a deal.",
    "evidence_with_outlet": "Evidence spans with the outlet, file and date of their article.",
    "actor_mentions_per_document": "How often each actor is mentioned in each article.",
    "sanctions_matches": "Actors that match an entity on a sanctions list (backchannel screen): list, programme, score.",
    "actor_sanctions": "Sanctions matches with the actor's name, type and side.",
    "deal_flags": "Deals with a listed party (sanctioned_party) or conditioned on sanctions relief (sanctions_relief).",
    "sanctions_screenings": "The list files screened, when, with what threshold and result.",
}


def readable_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, 'table'|'view') of every table and view a person would read."""
    rows = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY type, name")
    return [(n, t) for n, t in rows if not n.startswith(_HIDDEN_PREFIXES)]


def write_csv(db: Path | str, folder: Path | str) -> list[Path]:
    """Write one ``<table>.csv`` per table and view into ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with KnowledgeBase(db) as kb:
        for name, _ in readable_tables(kb.conn):
            cur = kb.conn.execute(f'SELECT * FROM "{name}"')
            path = folder / f"{name}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([c[0] for c in cur.description])
                writer.writerows(cur)
            written.append(path)
    return written


def datasette_metadata(db: Path | str) -> dict[str, Any]:
    """Datasette metadata: a title, and a description of every table, view and model column."""
    path = Path(db)
    tables: dict[str, Any] = {}
    with KnowledgeBase(path) as kb:
        present = dict(readable_tables(kb.conn))
    for name in present:
        entry: dict[str, Any] = {}
        if name in TABLE_DOCS:
            entry["description"] = TABLE_DOCS[name]
        cls = ITEM_TYPES.get(name)
        if cls is not None:
            entry["description"] = (cls.__doc__ or "").strip().splitlines()[0]
            entry["columns"] = {f.name: f.metadata["doc"] for f in dataclasses.fields(cls) if "doc" in f.metadata}
        tables[name] = entry
    tables.setdefault("documents", {})["sort_desc"] = "date"
    return {"title": "Backchannel knowledge base",
            "description": "Who is involved, what happened, which deals and terms were on the table, "
                           "and which articles say so. Every item links to the exact text behind it.",
            "databases": {path.stem: {"tables": tables}}}
