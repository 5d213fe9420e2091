"""The one query layer behind every page of the web app and its JSON twin.

A knowledge base does not change while it is served, so the item tables (actors, events,
deals, proposals, ties, discrepancies) and the document list are read once into memory
with the indexes the pages need (events by actor, items by outlet, ...). The large tables
(documents' text, mentions, evidence, sentences) stay in SQLite and are read a page at a
time through its indexes. A rebuild replaces the file; the next request sees that and
reloads, so ``backchannel build`` and ``backchannel serve`` can run side by side.
"""
from __future__ import annotations

import gc
import json
import math
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from backchannel.analyse.screening import speaks_of_sanctions_relief
from backchannel.kb.store import KnowledgeBase
from backchannel.review.judgements import ACTOR_LISTS, ACTOR_ONE, FIELDS
from backchannel.text.layer import analyse, script_language
from backchannel.text.normalise import loose_key, match_key

_RTL_LANGUAGES = {"ar", "fa", "ur", "he"}
ITEM_KINDS = ("events", "deals", "proposals")
QUEUE_KINDS = ("events", "deals", "proposals", "ties", "actors")  # what the review queue lists, in this order on a tie
DISCREPANCIES_SHOWN = 50  # per page of the Sources page
ACTOR_ITEMS_SHOWN = 100  # events and deals listed on an actor's page; the timeline has them all
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


# ---------------------------------------------------------------- small helpers


def text_dir(language: str | None) -> str:
    """The HTML ``dir`` for a sentence or document language ('auto' when unknown)."""
    if not language or language == "und":
        return "auto"
    first = language.split("+")[0]
    return "rtl" if first in _RTL_LANGUAGES else "ltr"


def reader_href(doc: str, start: int, end: int) -> str:
    """The reader URL that opens ``doc`` with ``[start, end)`` highlighted and in view."""
    return f"/doc/{quote(doc, safe='')}?hl={start}-{end}#hl"


def date_label(date: str | None, precision: str | None = None) -> str:
    """A date as written to the precision it is known: '2 April 2025', 'April 2025', '2025'."""
    if not date:
        return "undated"
    parts = date.split("-")
    try:
        if len(parts) >= 3 and precision not in ("month", "year"):
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) >= 2 and precision != "year":
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return parts[0]


def date_precision(date: str | None, stated: str | None = None) -> str | None:
    """The precision of an ISO date: the stated one, else read from its length."""
    if not date:
        return None
    if stated:
        return stated
    return {1: "year", 2: "month"}.get(len(date.split("-")), "day")


def month_key(date: str | None, precision: str | None = None) -> str:
    """The timeline group of a date: 'YYYY-MM', 'YYYY' for a year-only date, '' when undated."""
    if not date:
        return ""
    if precision == "year" or len(date) < 7:
        return date[:4]
    return date[:7]


def month_title(key: str) -> str:
    if not key:
        return "Undated"
    if len(key) == 4:
        return f"{key} · month not stated"
    return date_label(key, "month")


def duration_label(hours: float | None) -> str | None:
    if hours is None:
        return None
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours >= 48:
        return f"{hours / 24:g} days"
    return f"{hours:g} h"


def value_label(value: Any) -> str | None:
    """A deal's value as a reader would say it: '9.9 %', '300 bn USD'."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        return str(value)
    if value.get("text"):
        return str(value["text"])
    amount = value.get("amount")
    parts: list[str] = []
    if isinstance(amount, (int, float)):
        scaled, suffix = float(amount), ""
        for size, name in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
            if abs(scaled) >= size:
                scaled, suffix = scaled / size, name
                break
        parts.append(f"{scaled:,.6g}{' ' + suffix if suffix else ''}")
    elif amount is not None:
        parts.append(str(amount))
    for key in ("unit", "currency"):
        if value.get(key) and value[key] not in parts:
            parts.append(str(value[key]))
    if value.get("approximate"):
        parts.insert(0, "about")
    return " ".join(parts) if parts else json.dumps(value, ensure_ascii=False)


def _months(present: Iterable[str], most: int = 240) -> list[str]:
    """Every month from the first to the last of ``present`` ('YYYY-MM'), gaps included."""
    months = sorted(m for m in present if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit())
    if not months:
        return []
    (y, mo), (y1, mo1) = (int(months[0][:4]), int(months[0][5:])), (int(months[-1][:4]), int(months[-1][5:]))
    if (y1 - y) * 12 + mo1 - mo > most:
        return months
    out = []
    while (y, mo) <= (y1, mo1):
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def pages(total: int, page: int, size: int) -> dict[str, int]:
    """Pagination facts every list endpoint returns."""
    count = max(1, math.ceil(total / size)) if size else 1
    return {"total": total, "page": page, "pages": count, "size": size}


# ---------------------------------------------------------------- the in-memory index


@dataclass
class Index:
    """What is read once per knowledge base: the small tables and the joins the pages need."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    deals: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    kind_of: dict[str, str] = field(default_factory=dict)
    first_evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence_count: dict[str, int] = field(default_factory=dict)
    item_outlets: dict[str, list[str]] = field(default_factory=dict)
    items_of_actor: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    mention_count: dict[str, int] = field(default_factory=dict)
    mention_docs: dict[str, int] = field(default_factory=dict)
    sanctions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deal_flags: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    screened: bool = False
    discrepancies_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)
    name_keys: dict[str, list[str]] = field(default_factory=dict)
    name_loose: dict[str, set[str]] = field(default_factory=dict)
    relief: dict[str, bool] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    network_cache: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)

    def actors_named(self, q: str) -> list[str]:
        """Actors whose names contain ``q``, or whose name words match every word of it in any spelling."""
        key = match_key(q)
        loose = {loose_key(w) for w in key.split()}
        return [a for a, names in self.name_keys.items()
                if any(key in n for n in names) or (loose and loose <= self.name_loose[a])]

    def involvement(self, actor: str) -> int:
        """How much an actor figures: items it takes part in plus documents that name it."""
        items = self.items_of_actor.get(actor, {})
        return sum(len(v) for v in items.values()) + self.mention_docs.get(actor, 0)


_ITEM_SQL = {
    "actors": "SELECT * FROM actors",
    "events": "SELECT * FROM events",
    "deals": "SELECT * FROM deals",
    "proposals": "SELECT * FROM proposals",
    "ties": "SELECT * FROM ties",
    "discrepancies": "SELECT * FROM discrepancies",
}
_JSON_FIELDS: dict[str, Any] = {"aliases": [], "names": {}, "roles": [], "keys": [], "merge_reasons": [], "participants": [],
                "outlets": [], "attrs": {}, "parties": [], "value": None, "issues": [], "reactions": [],
                "readings": [], "review": None}


def _rows(conn: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    out = []
    for row in conn.execute(_ITEM_SQL[kind] + " ORDER BY rowid"):
        d = dict(row)
        for key, default in _JSON_FIELDS.items():
            if key in d:
                d[key] = _json(d[key], default)
        if kind == "events":  # ties have source/target columns too, as plain actor ids
            for key in ("source", "target", "host"):
                d[key] = _json(d.get(key), [])
        out.append(d)
    return out


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def reviewed(item: dict[str, Any]) -> bool:
    """Whether the analyst has checked ``item`` (confirmed it, or corrected it: both are checked)."""
    return (item.get("review") or {}).get("status") in ("confirmed", "corrected")


def _sort_key_event(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e.get("date") is None, e.get("date") or "", e.get("type") or "", e["id"])


def load_index(conn: sqlite3.Connection) -> Index:
    """Read the small tables and build the joins every page uses."""
    ix = Index()
    for d in conn.execute("SELECT id, source, language, languages, date, outlet, title, chars, url FROM documents"):
        ix.documents[d["id"]] = dict(d)
    ix.outlets = sorted({d["outlet"] for d in ix.documents.values() if d["outlet"]})
    ix.actors = {a["id"]: a for a in _rows(conn, "actors")}
    ix.name_keys = {a["id"]: sorted({match_key(n) for n in [a["name"], *a["aliases"]] if n}) for a in ix.actors.values()}
    ix.name_loose = {a: {loose_key(w) for n in keys for w in n.split()} for a, keys in ix.name_keys.items()}
    ix.events = sorted(_rows(conn, "events"), key=_sort_key_event)
    ix.deals = _rows(conn, "deals")
    ix.proposals = _rows(conn, "proposals")
    ix.ties = _rows(conn, "ties")
    ix.discrepancies = _rows(conn, "discrepancies")
    for kind in ("events", "deals", "proposals", "ties"):
        for item in getattr(ix, kind):
            ix.by_id[item["id"]] = item
            ix.kind_of[item["id"]] = kind
    docs_of: dict[str, set[str]] = {}
    for r in conn.execute('SELECT item_id, doc, start, "end", text FROM evidence ORDER BY rowid'):
        item = r["item_id"]
        ix.evidence_count[item] = ix.evidence_count.get(item, 0) + 1
        if item not in ix.first_evidence:
            ix.first_evidence[item] = {"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"]}
        docs_of.setdefault(item, set()).add(r["doc"])
    for kind in (*ITEM_KINDS, "ties"):
        for item in getattr(ix, kind):
            outlets = set(item.get("outlets") or [])
            outlets |= {ix.documents[d]["outlet"] for d in docs_of.get(item["id"], ()) if d in ix.documents
                        and ix.documents[d]["outlet"]}
            ix.item_outlets[item["id"]] = sorted(outlets)

    seen: dict[str, dict[str, dict[str, None]]] = {}

    def involve(actor: str | None, kind: str, item: str) -> None:
        if actor:
            seen.setdefault(actor, {}).setdefault(kind, {})[item] = None

    for e in ix.events:
        for a in e["participants"]:
            involve(a, "events", e["id"])
    for d in ix.deals:
        for a in d["parties"]:
            involve(a, "deals", d["id"])
    for p in ix.proposals:
        involve(p.get("proposer"), "proposals", p["id"])
        for r in p["reactions"]:
            if isinstance(r, dict):
                involve(r.get("actor"), "proposals", p["id"])
    ix.items_of_actor = {a: {k: list(v) for k, v in kinds.items()} for a, kinds in seen.items()}
    for r in conn.execute("SELECT actor, COUNT(*) AS n, COUNT(DISTINCT doc) AS docs FROM mentions "
                          "WHERE actor IS NOT NULL GROUP BY actor"):
        ix.mention_count[r["actor"]] = r["n"]
        ix.mention_docs[r["actor"]] = r["docs"]
    if _table_exists(conn, "sanctions_matches"):
        for r in conn.execute("SELECT * FROM sanctions_matches ORDER BY score DESC"):
            ix.sanctions.setdefault(r["actor"], []).append(dict(r))
    ix.screened = _table_exists(conn, "deal_flags")
    if ix.screened:
        for r in conn.execute("SELECT * FROM deal_flags ORDER BY rowid"):
            ix.deal_flags.setdefault(r["deal"], []).append(dict(r))
    for d in ix.discrepancies:
        ix.discrepancies_of.setdefault(d["item_id"], []).append(d)
    return ix


# ---------------------------------------------------------------- the query layer


class WebKB:
    """A knowledge base as the web app reads it; reloads itself when the file is rebuilt."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._stamp: tuple[int, int, int] | None = None
        self._kb: KnowledgeBase | None = None
        self._index: Index | None = None
        self.refresh()

    def _file_stamp(self) -> tuple[int, int, int]:
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> None:
        """Reopen the file if a build replaced it since it was last read."""
        with self._lock:
            try:
                stamp = self._file_stamp()
            except FileNotFoundError:
                stamp = None
            if self._kb is not None and stamp == self._stamp:
                return
            kb = KnowledgeBase(self.path)  # raises a friendly error if the file is gone or foreign
            if self._kb is not None:
                self._kb.close()
            self._kb, self._stamp, self._index = kb, stamp, None

    def reload(self) -> None:
        """Reopen the file now, whatever its stamp says: a judgement's rebuild has just replaced it.
        The old connection is left to the garbage collector, not closed, so a page being served
        from it at this moment still finishes."""
        with self._lock:
            self._kb, self._stamp = None, None
            self.refresh()

    @property
    def kb(self) -> KnowledgeBase:
        assert self._kb is not None
        return self._kb

    @property
    def conn(self) -> sqlite3.Connection:
        return self.kb.conn

    @property
    def ix(self) -> Index:
        with self._lock:
            if self._index is None:
                gc.unfreeze()  # let an index replaced by a rebuild be collected
                self._index = load_index(self.conn)
                gc.collect()
                gc.freeze()  # the index lives as long as the app: keep the collector from walking it
            return self._index

    def close(self) -> None:
        if self._kb is not None:
            self._kb.close()

    # ---------------------------------------------------------- shared shapes

    def actor_ref(self, actor_id: str | None) -> dict[str, Any] | None:
        """A short actor record for lists: id, name, side, and whether a sanctions list names it."""
        if not actor_id:
            return None
        a = self.ix.actors.get(actor_id)
        if a is None:
            return {"id": actor_id, "name": actor_id, "side": None, "type": None, "flagged": False, "known": False,
                    "href": f"/actor/{quote(actor_id, safe='')}"}
        return {"id": a["id"], "name": a["name"], "side": a.get("side"), "type": a.get("type"),
                "flagged": actor_id in self.ix.sanctions, "known": True, "href": f"/actor/{quote(actor_id, safe='')}"}

    def evidence_ref(self, span: dict[str, Any] | None) -> dict[str, Any] | None:
        if not span:
            return None
        doc = self.ix.documents.get(span["doc"], {})
        return {**span, "href": reader_href(span["doc"], span["start"], span["end"]),
                "source": doc.get("source"), "outlet": doc.get("outlet"), "date": doc.get("date"),
                "dir": text_dir(script_language(span.get("text") or ""))}

    def item_title(self, item_id: str) -> str:
        item = self.ix.by_id.get(item_id)
        kind = self.ix.kind_of.get(item_id)
        if item is None:
            a = self.ix.actors.get(item_id)
            return a["name"] if a else item_id
        if kind == "events":
            who = ", ".join(self.actor_ref(p)["name"] for p in item["participants"][:3])  # type: ignore[index]
            return f"{item['type']} · {date_label(item.get('date'), item.get('date_precision'))}" + (f" · {who}" if who else "")
        if kind == "deals":
            return item.get("asset") or "deal"
        if kind == "proposals":
            return item.get("name") or "proposal"
        if kind == "ties":
            ends = [(self.actor_ref(item.get(k)) or {}).get("name", "?") for k in ("source", "target")]
            return f"{ends[0]} · {(item.get('kind') or 'tie').replace('_', ' ')} · {ends[1]}"
        return item.get("label") or item.get("kind") or item_id

    def item_href(self, item_id: str) -> str:
        kind = self.ix.kind_of.get(item_id)
        if kind in ("events", "deals", "proposals", "ties"):
            return f"/{kind[:-1]}/{quote(item_id, safe='')}"
        if item_id in self.ix.actors:
            return f"/actor/{quote(item_id, safe='')}"
        return "#"

    def event_row(self, e: dict[str, Any]) -> dict[str, Any]:
        precision = date_precision(e.get("date"), e.get("date_precision"))
        outlets = self.ix.item_outlets.get(e["id"], [])
        return {"id": e["id"], "type": e.get("type"), "plover": e.get("plover"), "date": e.get("date"),
                "date_precision": precision, "date_label": date_label(e.get("date"), precision),
                "date_phrase": e.get("date_phrase"), "month": month_key(e.get("date"), precision),
                "place": e.get("place"), "participants": [self.actor_ref(p) for p in e["participants"] if p],
                **{role: [self.actor_ref(p) for p in e.get(role) or [] if p] for role in ("source", "target", "host")},
                "confidence": e.get("confidence"), "confidence_tier": (e.get("attrs") or {}).get("confidence_tier"),
                "duration_hours": e.get("duration_hours"), "duration_label": duration_label(e.get("duration_hours")),
                "summary": e.get("summary"), "outlets": outlets,
                "corroboration": max(len(outlets), 1) if outlets else (e.get("corroboration") or 1),
                "documents": e.get("corroboration") or 1,
                "evidence": self.evidence_ref(self.ix.first_evidence.get(e["id"])),
                "evidence_count": self.ix.evidence_count.get(e["id"], 0),
                "disputed": e["id"] in self.ix.discrepancies_of, "review": e.get("review"),
                "href": f"/event/{quote(e['id'], safe='')}"}

    def deal_row(self, d: dict[str, Any]) -> dict[str, Any]:
        parties = [self.actor_ref(p) for p in d["parties"] if p]
        reasons = [f.get("detail") or str(f.get("flag") or "").replace("_", " ") for f in self.ix.deal_flags.get(d["id"], [])]
        if not self.ix.screened:  # never screened: flag what the stored data already shows
            reasons += [f"{p['name']} is on a sanctions list" for p in parties if p and p["flagged"]]
            condition = d.get("condition")
            if condition and condition not in self.ix.relief:
                self.ix.relief[condition] = speaks_of_sanctions_relief(condition)
            if condition and self.ix.relief[condition]:
                reasons.append("the condition is about sanctions relief")
        return {"id": d["id"], "asset": d.get("asset"), "parties": parties, "sector": d.get("sector"),
                "value": d.get("value"), "value_label": value_label(d.get("value")), "condition": d.get("condition"),
                "status": d.get("status"), "outlets": self.ix.item_outlets.get(d["id"], []),
                "corroboration": d.get("corroboration") or 1,
                "sanctions_flag": bool(reasons), "sanctions_reason": "; ".join(dict.fromkeys(reasons)) or None,
                "evidence": self.evidence_ref(self.ix.first_evidence.get(d["id"])),
                "evidence_count": self.ix.evidence_count.get(d["id"], 0),
                "disputed": d["id"] in self.ix.discrepancies_of, "review": d.get("review"),
                "href": f"/deal/{quote(d['id'], safe='')}"}

    def proposal_row(self, p: dict[str, Any]) -> dict[str, Any]:
        stances: dict[str, list[dict[str, Any] | None]] = {"backs": [], "rejects": [], "mixed": []}
        for r in p["reactions"]:
            if isinstance(r, dict) and r.get("actor"):
                stances.setdefault(str(r.get("stance") or "mixed"), []).append(self.actor_ref(r["actor"]))
        issues = [{"issue": str(i.get("issue") or "(unnamed issue)"), "position": i.get("position")}
                  for i in p["issues"] if isinstance(i, dict)]
        return {"id": p["id"], "name": p.get("name"), "proposer": self.actor_ref(p.get("proposer")),
                "issues": issues, "stances": stances, "outlets": self.ix.item_outlets.get(p["id"], []),
                "corroboration": p.get("corroboration") or 1,
                "evidence": self.evidence_ref(self.ix.first_evidence.get(p["id"])),
                "evidence_count": self.ix.evidence_count.get(p["id"], 0),
                "disputed": p["id"] in self.ix.discrepancies_of, "review": p.get("review"),
                "href": f"/proposal/{quote(p['id'], safe='')}"}

    def tie_row(self, t: dict[str, Any]) -> dict[str, Any]:
        return {"id": t["id"], "tie_kind": t.get("kind"), "label": t.get("label"), "source": self.actor_ref(t.get("source")),
                "target": self.actor_ref(t.get("target")), "outlets": self.ix.item_outlets.get(t["id"], []),
                "corroboration": 1, "evidence": self.evidence_ref(self.ix.first_evidence.get(t["id"])),
                "evidence_count": self.ix.evidence_count.get(t["id"], 0), "review": t.get("review"),
                "href": f"/tie/{quote(t['id'], safe='')}"}

    # ---------------------------------------------------------- overview

    def overview(self) -> dict[str, Any]:
        """What the corpus holds and where to start (computed once per knowledge base)."""
        if "overview" not in self.ix.memo:
            self.ix.memo["overview"] = self._overview()
        return self.ix.memo["overview"]

    def _overview(self) -> dict[str, Any]:
        ix = self.ix
        stats = self.kb.stats()
        counts = dict(self.conn.execute("SELECT substr(date, 1, 7) AS m, COUNT(*) FROM documents "
                                        "WHERE length(date) >= 7 GROUP BY m ORDER BY m").fetchall())
        by_month = [{"month": m, "label": date_label(m, "month"), "documents": counts.get(m, 0)} for m in _months(counts)]
        undated = self.conn.execute("SELECT COUNT(*) FROM documents WHERE date IS NULL").fetchone()[0]
        top = sorted(ix.actors, key=lambda a: (-ix.involvement(a), ix.actors[a]["name"]))[:12]
        corroborated = sorted(ix.events, key=lambda e: (-len(ix.item_outlets.get(e["id"], [])),
                                                        -(e.get("corroboration") or 1), _sort_key_event(e)))[:8]
        dated = [e for e in ix.events if e.get("date")]
        return {"path": str(self.path), "built": stats.get("built"), "counts": {
                    k: stats[k] for k in ("documents", "sentences", "actors", "events", "deals", "proposals", "ties",
                                          "discrepancies", "mentions", "read_errors")},
                "by_outlet": [{"outlet": k, "documents": v} for k, v in stats["by_outlet"].items()],
                "by_language": [{"language": k or "und", "documents": v} for k, v in stats["by_language"].items()],
                "by_month": by_month, "undated_documents": undated, "dates": stats["dates"],
                "event_span": {"first": dated[0]["date"] if dated else None, "last": dated[-1]["date"] if dated else None},
                "top_actors": [{**self.actor_ref(a), "involvement": ix.involvement(a),  # type: ignore[dict-item]
                                "documents": ix.mention_docs.get(a, 0)} for a in top],
                "corroborated_events": [self.event_row(e) for e in corroborated],
                "flagged_actors": len(ix.sanctions), "has_sanctions": bool(ix.sanctions)}

    # ---------------------------------------------------------- timeline

    def event_types(self) -> list[str]:
        """Every event type present (the timeline's type filter)."""
        if "types" not in self.ix.memo:
            self.ix.memo["types"] = sorted({e["type"] for e in self.ix.events if e.get("type")})
        return self.ix.memo["types"]

    def event_actors(self) -> list[dict[str, Any]]:
        """Every actor taking part in an event, by name (the timeline's actor filter)."""
        if "event_actors" not in self.ix.memo:
            refs = (self.actor_ref(a) for a, items in self.ix.items_of_actor.items() if items.get("events"))
            self.ix.memo["event_actors"] = sorted(refs, key=lambda a: a["name"].lower())  # type: ignore[index]
        return self.ix.memo["event_actors"]

    def timeline(self, actor: str | None = None, type: str | None = None, outlet: str | None = None,
                 page: int = 1, size: int = 100, confirmed: bool = False) -> dict[str, Any]:
        """Events in date order (undated last), filtered by actor, type and outlet (and to those the
        analyst checked), one page at a time."""
        ix = self.ix
        events = ix.events
        if actor:
            wanted = set(ix.items_of_actor.get(actor, {}).get("events", []))
            events = [e for e in events if e["id"] in wanted]
        if type:
            events = [e for e in events if e.get("type") == type]
        if outlet:
            events = [e for e in events if outlet in ix.item_outlets.get(e["id"], [])]
        if confirmed:
            events = [e for e in events if reviewed(e)]
        page = max(1, page)
        chosen = events[(page - 1) * size: page * size]
        return {**pages(len(events), page, size),
                "filters": {"actor": actor, "type": type, "outlet": outlet, "confirmed": confirmed},
                "events": [self.event_row(e) for e in chosen]}

    # ---------------------------------------------------------- items

    def evidence_of(self, item_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """Every evidence span of an item, with the sentence around it, for the item page."""
        rows = self.conn.execute('SELECT doc, start, "end", text FROM evidence WHERE item_id = ? ORDER BY rowid LIMIT ?',
                                 (item_id, limit)).fetchall()
        return [self._with_context(dict(r)) for r in rows]

    def _with_context(self, span: dict[str, Any], width: int = 120) -> dict[str, Any]:
        """The span with the rest of its sentence around it (at most ``width`` characters each side)."""
        sent = self.conn.execute('SELECT start, "end" FROM sentences WHERE doc = ? AND start <= ? ORDER BY idx DESC LIMIT 1',
                                 (span["doc"], span["start"])).fetchone()
        lo, hi = (sent[0], max(sent[1], span["end"])) if sent else (0, span["end"] + width)
        lo, hi = max(lo, span["start"] - width), min(hi, span["end"] + width)
        row = self.conn.execute("SELECT substr(text, ?, ?), substr(text, ?, ?) FROM documents WHERE id = ?",
                                (lo + 1, span["start"] - lo, span["end"] + 1, hi - span["end"], span["doc"])).fetchone()
        before, after = (row[0], row[1]) if row else ("", "")
        cut_before = sent is None or lo > sent[0]
        cut_after = sent is None or hi < sent[1]
        ref = self.evidence_ref(span) or {}
        ref.update(before=("…" if cut_before and lo > 0 else "") + before.replace("\n", " "),
                   after=after.replace("\n", " ") + ("…" if cut_after and after else ""),
                   dir=text_dir(script_language(before + span["text"] + after)))
        return ref

    def item(self, kind: str, item_id: str) -> dict[str, Any] | None:
        """One event, deal, proposal or tie with all its evidence and the discrepancies about it."""
        item = self.ix.by_id.get(item_id)
        if item is None or self.ix.kind_of.get(item_id) != kind:
            return None
        row = {"events": self.event_row, "deals": self.deal_row, "proposals": self.proposal_row,
               "ties": self.tie_row}[kind](item)
        row["kind"] = kind
        row["attrs"] = item.get("attrs") or {}
        row["evidence"] = self.evidence_of(item_id)
        row["discrepancies"] = [self.discrepancy_row(d) for d in self.ix.discrepancies_of.get(item_id, [])]
        if kind == "events":
            row["plover_mode"] = item.get("plover_mode")
        return row

    def deals(self, actor: str | None = None, status: str | None = None, sector: str | None = None,
              page: int = 1, size: int = 200, confirmed: bool = False) -> dict[str, Any]:
        deals = self.ix.deals
        if actor:
            deals = [d for d in deals if actor in d["parties"]]
        if status:
            deals = [d for d in deals if d.get("status") == status]
        if sector:
            deals = [d for d in deals if d.get("sector") == sector]
        if confirmed:
            deals = [d for d in deals if reviewed(d)]
        page = max(1, page)
        chosen = deals[(page - 1) * size: page * size]
        return {**pages(len(deals), page, size),
                "filters": {"actor": actor, "status": status, "sector": sector, "confirmed": confirmed},
                "statuses": sorted({d["status"] for d in self.ix.deals if d.get("status")}),
                "sectors": sorted({d["sector"] for d in self.ix.deals if d.get("sector")}),
                "has_sanctions": bool(self.ix.sanctions), "deals": [self.deal_row(d) for d in chosen]}

    def proposals(self, confirmed: bool = False) -> dict[str, Any]:
        """Every proposal (or those the analyst checked), and the proposal × issue matrix of their positions."""
        rows = [self.proposal_row(p) for p in self.ix.proposals if not confirmed or reviewed(p)]
        count: dict[str, int] = {}
        for p in rows:
            for i in p["issues"]:
                count[i["issue"]] = count.get(i["issue"], 0) + 1
        issues = sorted(count, key=lambda k: (-count[k], k.lower()))
        matrix = []
        for issue in issues:
            cells = []
            for p in rows:
                positions = [i["position"] for i in p["issues"] if i["issue"] == issue]
                cells.append({"proposal": p["id"], "positions": [x for x in positions if x is not None],
                              "covered": bool(positions)})
            matrix.append({"issue": issue, "proposals": count[issue], "cells": cells})
        return {"proposals": rows, "issues": issues, "matrix": matrix, "filters": {"confirmed": confirmed}}

    # ---------------------------------------------------------- actors

    def actors(self, side: str | None = None, type: str | None = None, q: str | None = None,
               page: int = 1, size: int = 200, confirmed: bool = False) -> dict[str, Any]:
        ix = self.ix
        ids = sorted(ix.actors, key=lambda a: (-ix.involvement(a), ix.actors[a]["name"].lower()))
        if side:
            ids = [a for a in ids if (ix.actors[a].get("side") or "unknown") == side]
        if type:
            ids = [a for a in ids if ix.actors[a].get("type") == type]
        if q:
            named = set(ix.actors_named(q))
            ids = [a for a in ids if a in named]
        if confirmed:
            ids = [a for a in ids if reviewed(ix.actors[a])]
        page = max(1, page)
        rows = []
        for a in ids[(page - 1) * size: page * size]:
            actor = ix.actors[a]
            items = ix.items_of_actor.get(a, {})
            rows.append({**self.actor_ref(a), "aliases": actor["aliases"][:6],  # type: ignore[dict-item]
                         "roles": actor["roles"][:3], "events": len(items.get("events", [])),
                         "deals": len(items.get("deals", [])), "proposals": len(items.get("proposals", [])),
                         "mentions": ix.mention_count.get(a, 0), "documents": ix.mention_docs.get(a, 0),
                         "involvement": ix.involvement(a), "review": actor.get("review")})
        return {**pages(len(ids), page, size), "filters": {"side": side, "type": type, "q": q, "confirmed": confirmed},
                "sides": sorted({a.get("side") or "unknown" for a in ix.actors.values()}),
                "types": sorted({a.get("type") for a in ix.actors.values() if a.get("type")}), "actors": rows}

    def actor(self, actor_id: str, page: int = 1, size: int = 50) -> dict[str, Any] | None:
        """One actor: names in every script, roles, ties, events, deals, proposals and mentions in context."""
        ix = self.ix
        a = ix.actors.get(actor_id)
        if a is None:
            return None
        items = ix.items_of_actor.get(actor_id, {})
        names = {lang: list(v) for lang, v in (a.get("names") or {}).items() if v}
        listed = {n for v in names.values() for n in v}
        other = [n for n in a["aliases"] if n not in listed]
        if other:
            by_script: dict[str, list[str]] = {}
            for n in other:
                by_script.setdefault(script_language(n), []).append(n)
            for lang, v in by_script.items():
                names.setdefault(lang, []).extend(v)
        ties = []
        for t in ix.ties:
            if actor_id in (t["source"], t["target"]):
                other_id = t["target"] if t["source"] == actor_id else t["source"]
                ties.append({"id": t["id"], "kind": t["kind"], "label": t.get("label"), "outgoing": t["source"] == actor_id,
                             "review": t.get("review"), "href": f"/tie/{quote(t['id'], safe='')}",
                             "other": self.actor_ref(other_id),
                             "evidence": self.evidence_ref(ix.first_evidence.get(t["id"]))})
        together: dict[str, int] = {}
        for kind in ("events", "deals"):
            for item_id in items.get(kind, []):
                item = ix.by_id[item_id]
                for other_id in item.get("participants") or item.get("parties") or []:
                    if other_id != actor_id:
                        together[other_id] = together.get(other_id, 0) + 1
        associates = [{**self.actor_ref(o), "shared": n}  # type: ignore[dict-item]
                      for o, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:20]]
        event_ids = sorted(items.get("events", []), key=lambda e: _sort_key_event(ix.by_id[e]))
        deal_ids = items.get("deals", [])
        events = [self.event_row(ix.by_id[e]) for e in event_ids[:ACTOR_ITEMS_SHOWN]]
        total = ix.mention_count.get(actor_id, 0)
        return {"id": actor_id, "name": a["name"], "type": a.get("type"), "side": a.get("side"),
                "wikidata": a.get("wikidata"), "source": a.get("source"), "names": names, "roles": a["roles"],
                "review": a.get("review"),
                "merge_reasons": a["merge_reasons"], "sanctions": ix.sanctions.get(actor_id, []),
                "ties": ties, "associates": associates, "events": events, "events_total": len(event_ids),
                "deals": [self.deal_row(ix.by_id[d]) for d in deal_ids[:ACTOR_ITEMS_SHOWN]], "deals_total": len(deal_ids),
                "proposals": [self.proposal_row(ix.by_id[p]) for p in items.get("proposals", [])],
                "documents": ix.mention_docs.get(actor_id, 0),
                "mentions": {**pages(total, max(1, page), size), "items": self.actor_mentions(actor_id, page, size)}}

    def actor_mentions(self, actor_id: str, page: int = 1, size: int = 50) -> list[dict[str, Any]]:
        """One page of an actor's mentions, newest documents first, each with its context."""
        rows = self.conn.execute(
            'SELECT m.doc, m.start, m."end", m.text FROM mentions m JOIN documents d ON d.id = m.doc '
            'WHERE m.actor = ? ORDER BY d.date IS NULL, d.date DESC, d.source, m.start LIMIT ? OFFSET ?',
            (actor_id, size, (max(1, page) - 1) * size)).fetchall()
        return [self._with_context(dict(r), width=90) for r in rows]

    # ---------------------------------------------------------- network

    def network(self, limit: int = 100, side: str | None = None) -> dict[str, Any]:
        """The actor graph laid out once per knowledge base (see :mod:`backchannel.web.network`)."""
        from backchannel.web.network import build_network

        key = (limit, side)
        with self._lock:
            if key not in self.ix.network_cache:
                self.ix.network_cache[key] = build_network(self, limit=limit, side=side)
            return self.ix.network_cache[key]

    # ---------------------------------------------------------- sources

    def _reading_value(self, value: Any) -> dict[str, Any]:
        """How one outlet's reading reads: actors as actors, amounts as amounts, the rest as text."""
        if isinstance(value, list) and value and all(isinstance(v, str) and v in self.ix.actors for v in value):
            return {"value_actors": [self.actor_ref(v) for v in value], "value_text": None}
        if isinstance(value, str) and value in self.ix.actors:
            return {"value_actors": [self.actor_ref(value)], "value_text": None}
        if isinstance(value, dict):
            return {"value_actors": [], "value_text": value_label(value)}
        if isinstance(value, list):
            return {"value_actors": [], "value_text": ", ".join(str(v) for v in value)}
        return {"value_actors": [], "value_text": None if value is None else str(value)}

    def discrepancy_row(self, d: dict[str, Any]) -> dict[str, Any]:
        readings = []
        for r in d["readings"]:
            if not isinstance(r, dict):
                continue
            spans = [s for s in (r.get("evidence") or []) if isinstance(s, dict) and {"doc", "start", "end"} <= s.keys()]
            readings.append({"value": r.get("value"), **self._reading_value(r.get("value")), "outlets": r.get("outlets") or [],
                             "docs": [{"id": doc, "source": self.ix.documents.get(doc, {}).get("source", doc)}
                                      for doc in (r.get("docs") or [])],
                             "evidence": [self._with_context({**s, "text": s.get("text") or ""}, 80) for s in spans]})
        return {"id": d["id"], "item_kind": d["item_kind"], "item_id": d["item_id"], "field": d["field"],
                "item_title": self.item_title(d["item_id"]), "item_href": self.item_href(d["item_id"]),
                "readings": readings}

    def _outlet_summary(self) -> tuple[list[dict[str, Any]], list[tuple[str, dict[str, Any]]]]:
        """Per outlet: documents, languages, dates and items reported; and all items, most reported first."""
        ix = self.ix
        if "outlets" not in ix.memo:
            summary = []
            for r in self.conn.execute(
                    "SELECT COALESCE(outlet, '') AS outlet, COUNT(*) AS documents, MIN(date) AS first, MAX(date) AS last, "
                    "group_concat(DISTINCT language) AS languages FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"):
                summary.append({**dict(r), "languages": sorted(set((r["languages"] or "").split(","))),
                                **{k: 0 for k in ITEM_KINDS}, "alone": 0})
            by_outlet = {s["outlet"]: s for s in summary}
            items = [(kind, it) for kind in ITEM_KINDS for it in getattr(ix, kind)]
            for kind, it in items:
                outs = ix.item_outlets.get(it["id"], [])
                for o in outs:
                    if o in by_outlet:
                        by_outlet[o][kind] += 1
                        by_outlet[o]["alone"] += len(outs) == 1
            items.sort(key=lambda ki: (-len(ix.item_outlets.get(ki[1]["id"], [])), ki[0], ki[1]["id"]))
            ix.memo["outlets"] = (summary, items)
        return ix.memo["outlets"]

    def sources(self, outlet: str | None = None, page: int = 1, size: int = 50, dpage: int = 1) -> dict[str, Any]:
        """Which outlet reports which items (page ``page``), and the discrepancies between outlets
        (page ``dpage``, :data:`DISCREPANCIES_SHOWN` a page)."""
        ix = self.ix
        summary, items = self._outlet_summary()
        if outlet:
            items = [(k, it) for k, it in items if outlet in ix.item_outlets.get(it["id"], [])]
        columns = [s["outlet"] for s in summary if s["outlet"] and any(s[k] for k in ITEM_KINDS)][:12]
        page = max(1, page)
        coverage = [{"kind": k[:-1], "id": it["id"], "title": self.item_title(it["id"]), "href": self.item_href(it["id"]),
                     "outlets": ix.item_outlets.get(it["id"], [])} for k, it in items[(page - 1) * size: page * size]]
        dpage = max(1, dpage)
        shown = ix.discrepancies[(dpage - 1) * DISCREPANCIES_SHOWN: dpage * DISCREPANCIES_SHOWN]
        return {**pages(len(items), page, size), "outlet": outlet, "outlets": summary, "columns": columns,
                "coverage": coverage, "discrepancy_pages": pages(len(ix.discrepancies), dpage, DISCREPANCIES_SHOWN),
                "discrepancies": [self.discrepancy_row(d) for d in shown]}

    # ---------------------------------------------------------- documents

    def documents(self, outlet: str | None = None, language: str | None = None, page: int = 1,
                  size: int = 100) -> dict[str, Any]:
        where, args = ["1=1"], []
        if outlet:
            where.append("outlet = ?")
            args.append(outlet)
        if language:
            where.append("language = ?")
            args.append(language)
        cond = " AND ".join(where)
        total = self.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {cond}", args).fetchone()[0]
        page = max(1, page)
        rows = self.conn.execute(
            f"SELECT id, source, title, outlet, date, language, chars FROM documents WHERE {cond} "
            "ORDER BY date IS NULL, date DESC, source LIMIT ? OFFSET ?", [*args, size, (page - 1) * size]).fetchall()
        languages = [r[0] for r in self.conn.execute("SELECT DISTINCT language FROM documents ORDER BY 1") if r[0]]
        return {**pages(total, page, size), "filters": {"outlet": outlet, "language": language},
                "outlets": self.ix.outlets, "languages": languages,
                "documents": [{**dict(r), "href": f"/doc/{quote(r['id'], safe='')}", "dir": text_dir(r["language"])} for r in rows]}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document with its sentences, mentions and the items whose evidence lies in it."""
        doc = self.kb.document(doc_id)
        if doc is None:
            return None
        did = doc["id"]
        sentences = [dict(r) for r in self.conn.execute(
            'SELECT idx, start, "end", language FROM sentences WHERE doc = ? ORDER BY idx', (did,))]
        mentions = [dict(r) for r in self.conn.execute(
            'SELECT start, "end", text, kind, key, value, actor FROM mentions WHERE doc = ? ORDER BY start', (did,))]
        for m in mentions:
            m["value"] = _json(m["value"], {})
        evidence = [dict(r) for r in self.conn.execute(
            'SELECT item_kind, item_id, start, "end", text FROM evidence WHERE doc = ? ORDER BY start', (did,))]
        items: dict[str, dict[str, Any]] = {}
        for ev in evidence:
            ev["title"] = self.item_title(ev["item_id"])
            ev["href"] = self.item_href(ev["item_id"])
            entry = items.setdefault(ev["item_id"], {"id": ev["item_id"], "kind": ev["item_kind"], "title": ev["title"],
                                                     "href": ev["href"], "spans": []})
            entry["spans"].append({"start": ev["start"], "end": ev["end"], "href": reader_href(did, ev["start"], ev["end"])})
        actors: dict[str, int] = {}
        for m in mentions:
            if m["actor"]:
                actors[m["actor"]] = actors.get(m["actor"], 0) + 1
            self._link_mention(m, evidence)
        doc.pop("meta", None)
        return {**doc, "dir": text_dir(doc.get("language")), "sentences": sentences, "mentions": mentions,
                "evidence": evidence, "items": sorted(items.values(), key=lambda i: (i["kind"], i["spans"][0]["start"])),
                "actors": [{**self.actor_ref(a), "mentions": n}  # type: ignore[dict-item]
                           for a, n in sorted(actors.items(), key=lambda kv: -kv[1])]}

    _PREFERRED_ITEM = {"trigger": "events", "date": "events", "place": "events", "amount": "deals", "role": "ties"}

    def _link_mention(self, m: dict[str, Any], evidence: list[dict[str, Any]]) -> None:
        """Where a highlighted mention leads: its actor, else the item whose evidence holds it, else a search."""
        reading = (m["value"].get("iso") or m["value"].get("date")) if m["kind"] == "date" else None
        if m["kind"] == "amount":
            reading = value_label(m["value"])
        elif m["kind"] in ("trigger", "place", "role") and m.get("key"):
            reading = m["key"]
        if m["actor"]:
            ref = self.actor_ref(m["actor"]) or {}
            m["href"], m["title"] = f"/actor/{quote(m['actor'], safe='')}", f"actor · {ref.get('name')}"
            return
        covering = [ev for ev in evidence if ev["start"] <= m["start"] and m["end"] <= ev["end"]]
        preferred = [ev for ev in covering if ev["item_kind"] == self._PREFERRED_ITEM.get(m["kind"])]
        chosen = (preferred or covering)[0] if covering else None
        title = f"{m['kind']}" + (f" · {reading}" if reading else "")
        if chosen is not None:
            m["href"], m["title"] = chosen["href"], f"{title} · {chosen['title']}"
        else:
            m["href"], m["title"] = f"/search?q={quote(m['text'])}", title

    # ---------------------------------------------------------- search

    def search(self, q: str, page: int = 1, size: int = 50) -> dict[str, Any]:
        """Sentences matching every word of ``q`` (normalised, spelling-tolerant) and actors named so."""
        q = (q or "").strip()
        if not q:
            return {**pages(0, 1, size), "q": q, "hits": [], "actors": [], "more": False}
        page = max(1, page)
        found = self.kb.search(q, limit=page * size + 1)
        chosen = found[(page - 1) * size: page * size]
        words = [t.norm for t in analyse(q).tokens]
        keys = set(words) | {loose_key(w) for w in words}
        hits = []
        for h in chosen:
            layer = analyse(h["text"])
            marks = [(t.start, t.end) for t in layer.tokens if t.norm in keys or loose_key(t.norm) in keys]
            hits.append({"doc": h["doc"], "source": h["source"], "outlet": h["outlet"], "date": h["date"],
                         "start": h["start"], "end": h["end"], "text": h["text"], "marks": marks,
                         "dir": text_dir(script_language(h["text"])), "href": reader_href(h["doc"], h["start"], h["end"])})
        actors = [self.actor_ref(a) for a in self.ix.actors_named(q)[:20]]
        return {"q": q, "page": page, "size": size, "more": len(found) > page * size, "hits": hits, "actors": actors}

    # ---------------------------------------------------------- review

    def _support(self, kind: str, item: dict[str, Any]) -> tuple[Any, ...]:
        """How well an item is borne out, weakest first: an event's confidence, then how many outlets
        (for an actor: articles) report it and how much evidence (mentions) it has."""
        ix = self.ix
        if kind == "actors":
            outlets, evidence = ix.mention_docs.get(item["id"], 0), ix.mention_count.get(item["id"], 0)
        else:
            outlets, evidence = len(ix.item_outlets.get(item["id"], [])), ix.evidence_count.get(item["id"], 0)
        conf = item.get("confidence") if kind == "events" else None
        return (conf is None, conf or 0.0, outlets, evidence, QUEUE_KINDS.index(kind), item["id"])

    def _queue(self, kind: str | None) -> list[tuple[str, dict[str, Any]]]:
        """Every item not yet reviewed, weakest first (sorted once per knowledge base: a judgement
        rebuilds the base, and with it this list)."""
        ix = self.ix
        key = f"queue:{kind or ''}"
        if key not in ix.memo:
            rows = [(self._support(k, it), k, it) for k in QUEUE_KINDS if kind in (None, k)
                    for it in (ix.actors.values() if k == "actors" else getattr(ix, k)) if not reviewed(it)]
            rows.sort(key=lambda r: r[0])
            ix.memo[key] = [(k, it) for _, k, it in rows]
        return ix.memo[key]

    def queue_row(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        """One line of the review queue: what the item is, why it is this far up, and its current
        values for the edit form."""
        ix = self.ix
        _, _, outlets, evidence, _, _ = self._support(kind, item)
        conf = item.get("confidence") if kind == "events" else None
        if kind == "actors":
            reason = f"named in {outlets} article{'s' if outlets != 1 else ''}, {evidence} mention{'s' if evidence != 1 else ''}"
        else:
            reason = (f"confidence {conf:.2f} · " if conf is not None else "") + \
                f"{outlets} outlet{'s' if outlets != 1 else ''}, {evidence} evidence span{'s' if evidence != 1 else ''}"
        return {"kind": kind, "id": item["id"], "title": self.item_title(item["id"]), "href": self.item_href(item["id"]),
                "confidence": conf, "outlets": outlets, "evidence_count": evidence, "reason": reason,
                "evidence": None if kind == "actors" else self.evidence_ref(ix.first_evidence.get(item["id"])),
                "aliases": item.get("aliases", [])[:6] if kind == "actors" else [],
                "fields": self.edit_values(kind, item["id"]) or {}}

    def review_queue(self, kind: str | None = None, page: int = 1, size: int = 50) -> dict[str, Any]:
        """The items nobody has confirmed or corrected yet, the least supported first, one page at a time."""
        rows = self._queue(kind)
        counts: dict[str, int] = {k: 0 for k in QUEUE_KINDS}
        for k, _ in self._queue(None):
            counts[k] += 1
        page = max(1, page)
        return {**pages(len(rows), page, size), "kind": kind, "kinds": counts,
                "items": [self.queue_row(k, it) for k, it in rows[(page - 1) * size: page * size]]}

    def _actor_text(self, actor_id: str) -> str:
        """How an edit form writes an actor: its name when that name leads back to it (the judgement
        looks names up), else its id."""
        ix = self.ix
        if "first_named" not in ix.memo:
            first: dict[str, str] = {}
            for other, keys in ix.name_keys.items():
                for k in keys:
                    first.setdefault(k, other)
            ix.memo["first_named"] = first
        actor = ix.actors.get(actor_id)
        if actor is None or ix.memo["first_named"].get(match_key(actor["name"])) != actor_id or ";" in actor["name"]:
            return actor_id
        return str(actor["name"])

    def edit_values(self, kind: str, item_id: str) -> dict[str, str] | None:
        """The fields a judgement can set on this item, as the edit form shows them (actor lists
        as names separated by ';')."""
        item = self.ix.actors.get(item_id) if kind == "actors" else self.ix.by_id.get(item_id)
        if item is None:
            return None
        out = {}
        for name in FIELDS[kind]:
            value = item.get(name)
            if name in ACTOR_LISTS:
                out[name] = "; ".join(self._actor_text(a) for a in value or [] if a)
            elif name in ACTOR_ONE:
                out[name] = self._actor_text(value) if value else ""
            else:
                out[name] = "" if value is None else str(value)
        return out

    def same_candidates(self, event_id: str, most: int = 30) -> list[dict[str, str]]:
        """Events of the same month (or also undated) that this one might be a second telling of:
        those of the same day and with a participant in common first."""
        e = self.ix.by_id.get(event_id)
        if e is None:
            return []
        if "events_by_month" not in self.ix.memo:
            by_month: dict[str, list[dict[str, Any]]] = {}
            for o in self.ix.events:
                by_month.setdefault(month_key(o.get("date"), o.get("date_precision")), []).append(o)
            self.ix.memo["events_by_month"] = by_month
        who = set(e["participants"])
        near = [o for o in self.ix.memo["events_by_month"].get(month_key(e.get("date"), e.get("date_precision")), [])
                if o["id"] != event_id]
        near.sort(key=lambda o: (o.get("date") != e.get("date"), not who & set(o["participants"])))
        return [{"id": o["id"], "title": self.item_title(o["id"])} for o in near[:most]]

    def actor_forms(self, actor_id: str) -> list[dict[str, Any]]:
        """How an actor's mentions are written, most frequent first: what a split can move."""
        return [dict(r) for r in self.conn.execute(
            "SELECT text, COUNT(*) AS mentions FROM mentions WHERE actor = ? GROUP BY text ORDER BY 2 DESC, 1 LIMIT 60",
            (actor_id,))]

    def review_lists(self) -> dict[str, list[Any]]:
        """The values the edit forms suggest (actors, event types, sides, ...), once per knowledge base."""
        ix = self.ix
        if "review_lists" not in ix.memo:
            def present(items: Iterable[dict[str, Any]], key: str) -> list[str]:
                return sorted({str(x[key]) for x in items if x.get(key)})
            ix.memo["review_lists"] = {
                "actors": sorted(({"value": self._actor_text(a["id"]), "label": f"{a['name']} · {a.get('side') or 'no side'}"}
                                  for a in ix.actors.values()), key=lambda x: x["label"].lower()),
                "event_types": present(ix.events, "type"), "actor_types": present(ix.actors.values(), "type"),
                "sides": present(ix.actors.values(), "side"), "statuses": present(ix.deals, "status"),
                "sectors": present(ix.deals, "sector"), "tie_kinds": present(ix.ties, "kind")}
        return ix.memo["review_lists"]
