"""The SQLite store: one file per knowledge base, tables made from the data model.

Tables for items (actors, events, deals, ...) are derived from the dataclasses in
:mod:`backchannel.kb.model`: scalar fields become columns, lists and dicts JSON columns,
and every ``list[Span]`` goes to the shared ``evidence`` table (actor mentions to
``mentions``). Readable views (``event_participants``, ``evidence_with_outlet``, ...) make the
file pleasant in Datasette. A build writes a new file beside the old one and renames it
over, so an interrupted build leaves the previous knowledge base intact.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import types
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator

from backchannel import __version__
from backchannel.errors import BackchannelError
from backchannel.kb.model import ITEM_TYPES, Actor, Corpus
from backchannel.text.document import Document, Span
from backchannel.text.normalise import loose_key

SCHEMA_VERSION = 1
_REVIEW_COLUMNS = ("id", "at", "by", "verdict", "kind", "item", "field", "why", "status", "detail")
_SPAN_FIELDS = {"evidence", "mentions"}

_BASE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT UNIQUE, format TEXT, language TEXT, languages TEXT,
    date TEXT, date_basis TEXT, outlet TEXT, url TEXT, title TEXT, encoding TEXT,
    meta TEXT, text TEXT NOT NULL, chars INTEGER);
CREATE TABLE sentences (
    doc TEXT NOT NULL REFERENCES documents(id), idx INTEGER, start INTEGER, "end" INTEGER,
    language TEXT, text TEXT, PRIMARY KEY (doc, idx));
CREATE TABLE mentions (
    doc TEXT NOT NULL REFERENCES documents(id), start INTEGER, "end" INTEGER, text TEXT,
    kind TEXT, key TEXT, value TEXT, actor TEXT);
CREATE INDEX mentions_doc ON mentions(doc, start);
CREATE INDEX mentions_actor ON mentions(actor);
CREATE TABLE evidence (
    item_kind TEXT, item_id TEXT, doc TEXT REFERENCES documents(id), start INTEGER, "end" INTEGER, text TEXT);
CREATE INDEX evidence_item ON evidence(item_kind, item_id);
CREATE INDEX evidence_doc ON evidence(doc);
CREATE TABLE judgements (kind TEXT, subject TEXT, decision TEXT, reason TEXT);
CREATE TABLE reviews (id TEXT, at TEXT, "by" TEXT, verdict TEXT, kind TEXT, item TEXT, field TEXT, why TEXT,
    status TEXT, detail TEXT);
CREATE TABLE read_errors (path TEXT, code TEXT, reason TEXT);
CREATE VIRTUAL TABLE sentences_fts USING fts5(norm, loose, doc UNINDEXED, idx UNINDEXED, tokenize='unicode61 remove_diacritics 2');
"""

_VIEWS = """
CREATE VIEW event_participants AS
    SELECT events.id AS event, events.type, events.date, j.value AS actor, actors.name AS actor_name,
        CASE WHEN EXISTS (SELECT 1 FROM json_each(events.source) r WHERE r.value = j.value) THEN 'source'
             WHEN EXISTS (SELECT 1 FROM json_each(events.target) r WHERE r.value = j.value) THEN 'target'
             WHEN EXISTS (SELECT 1 FROM json_each(events.host) r WHERE r.value = j.value) THEN 'host'
             ELSE 'participant' END AS role
    FROM events, json_each(events.participants) j LEFT JOIN actors ON actors.id = j.value;
CREATE VIEW deal_parties AS
    SELECT deals.id AS deal, deals.asset, j.value AS actor, actors.name AS actor_name
    FROM deals, json_each(deals.parties) j LEFT JOIN actors ON actors.id = j.value;
CREATE VIEW evidence_with_outlet AS
    SELECT evidence.*, documents.source, documents.outlet, documents.date AS document_date
    FROM evidence JOIN documents ON documents.id = evidence.doc;
CREATE VIEW actor_mentions_per_document AS
    SELECT actors.id AS actor, actors.name, documents.source, COUNT(*) AS mentions
    FROM mentions JOIN actors ON actors.id = mentions.actor JOIN documents ON documents.id = mentions.doc
    GROUP BY actors.id, documents.id;
"""


def _column_type(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _column_type(args[0]) if len(args) == 1 else "TEXT"
    if tp is int:
        return "INTEGER"
    if tp is float:
        return "REAL"
    if origin in (list, dict) or tp in (list, dict):
        return "JSON"
    return "TEXT"


def _item_columns(cls: type) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _column_type(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in _SPAN_FIELDS]


def schema_sql() -> str:
    """The whole schema: base tables, one table per item type from the data model, views."""
    parts = [_BASE]
    for kind, cls in ITEM_TYPES.items():
        cols = ", ".join(f'"{name}" {"TEXT" if ctype == "JSON" else ctype}' + (" PRIMARY KEY" if name == "id" else "")
                         for name, ctype in _item_columns(cls))
        parts.append(f"CREATE TABLE {kind} ({cols});")
    parts.append(_VIEWS)
    return "\n".join(parts)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Span):
        return value.to_dict()
    if dataclasses.is_dataclass(value):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _encode(value: Any, ctype: str) -> Any:
    return json.dumps(_jsonable(value), ensure_ascii=False) if ctype == "JSON" else value


class KnowledgeBase:
    """A Backchannel knowledge-base file: open it to read, or :meth:`write` a corpus into a new one."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise BackchannelError("BC010", f"no knowledge base at {self.path}",
                                   "build one first: backchannel build FOLDER --db " + str(self.path))
        self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackchannelError("BC011", f"{self.path} is not a Backchannel knowledge base ({exc})",
                                   "pass the .db file written by backchannel build") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    @staticmethod
    def write(path: Path | str, corpus: Corpus, *, read_errors: Iterable[tuple[str, str, str]] = (),
              options: dict[str, Any] | None = None) -> Path:
        """Write ``corpus`` to a fresh file and move it over ``path`` in one step."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            conn = sqlite3.connect(tmp)
            with conn:
                conn.executescript(schema_sql())
                _write_meta(conn, options or {})
                _write_documents(conn, corpus)
                _write_items(conn, corpus)
                conn.executemany("INSERT INTO read_errors VALUES (?, ?, ?)", list(read_errors))
                conn.executemany("INSERT INTO judgements VALUES (:kind, :subject, :decision, :reason)",
                                 corpus.judgements)
                conn.executemany("INSERT INTO reviews VALUES (:id, :at, :by, :verdict, :kind, :item, :field, :why, "
                                 ":status, :detail)", [{k: r.get(k) for k in _REVIEW_COLUMNS} for r in corpus.reviews])
            conn.close()
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    # ------------------------------------------------------------------ reading

    def reviews(self) -> list[dict[str, Any]]:
        """What became of each of the analyst's judgements in the last build (none before reviews existed)."""
        try:
            return [dict(r) for r in self.conn.execute("SELECT * FROM reviews ORDER BY rowid")]
        except sqlite3.OperationalError:
            return []

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}

    def documents(self, with_text: bool = False) -> list[dict[str, Any]]:
        cols = "*" if with_text else "id, source, content_hash, format, language, languages, date, date_basis, outlet, url, title, encoding, chars"
        out = []
        for row in self.conn.execute(f"SELECT {cols} FROM documents ORDER BY source"):
            d = dict(row)
            d["languages"] = json.loads(d["languages"] or "[]")
            if "meta" in d:
                d["meta"] = json.loads(d["meta"] or "{}")
            out.append(d)
        return out

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ? OR source = ?", (doc_id, doc_id)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["languages"] = json.loads(d["languages"] or "[]")
        d["meta"] = json.loads(d["meta"] or "{}")
        return d

    def load_documents(self) -> Iterator[Document]:
        """The stored documents as :class:`Document` s, so a build can add to an existing base."""
        for d in self.documents(with_text=True):
            meta = d["meta"]
            yield Document(source=d["source"], text=d["text"], id=d["id"], content_hash=d["content_hash"], language=d["language"],
                           languages=d["languages"], date=d["date"], date_basis=d["date_basis"],
                           outlet=d["outlet"], url=d["url"], title=d["title"], format=d["format"], meta=meta)

    def items(self, kind: str) -> list[Any]:
        """All items of one kind (``actors``, ``events``, ...) as model objects with their spans."""
        cls = ITEM_TYPES[kind]
        cols = dict(_item_columns(cls))
        spans: dict[str, list[Span]] = {}
        if kind == "actors":
            q = 'SELECT actor AS item, doc, start, "end", text FROM mentions WHERE actor IS NOT NULL ORDER BY doc, start'
            args: tuple[Any, ...] = ()
        else:
            q = 'SELECT item_id AS item, doc, start, "end", text FROM evidence WHERE item_kind = ? ORDER BY rowid'
            args = (kind,)
        for r in self.conn.execute(q, args):
            spans.setdefault(r["item"], []).append(Span(r["doc"], r["start"], r["end"], r["text"]))
        out = []
        for row in self.conn.execute(f"SELECT * FROM {kind} ORDER BY rowid"):
            values = {k: (json.loads(row[k]) if cols[k] == "JSON" and row[k] is not None else row[k]) for k in cols}
            span_field = "mentions" if cls is Actor else "evidence"
            if span_field in {f.name for f in dataclasses.fields(cls)}:
                values[span_field] = spans.get(row["id"], [])
            out.append(cls(**values))
        return out

    def mentions(self, doc: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        q, args = 'SELECT * FROM mentions WHERE 1=1', []
        if doc:
            q, args = q + " AND doc = ?", args + [doc]
        if kind:
            q, args = q + " AND kind = ?", args + [kind]
        return [{**dict(r), "value": json.loads(r["value"] or "{}")} for r in self.conn.execute(q + " ORDER BY doc, start", args)]

    def read_errors(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM read_errors")]

    def stats(self) -> dict[str, Any]:
        """Counts a person checks first: documents by language and outlet, items by kind."""
        count = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        out: dict[str, Any] = {"documents": count("SELECT COUNT(*) FROM documents"),
                               "sentences": count("SELECT COUNT(*) FROM sentences"),
                               "characters": count("SELECT COALESCE(SUM(chars), 0) FROM documents")}
        for kind in ITEM_TYPES:
            out[kind] = count(f"SELECT COUNT(*) FROM {kind}")
        out["mentions"] = count("SELECT COUNT(*) FROM mentions")
        out["by_language"] = dict(self.conn.execute("SELECT language, COUNT(*) FROM documents GROUP BY language").fetchall())
        out["by_outlet"] = dict(self.conn.execute(
            "SELECT COALESCE(outlet, '(unknown)'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall())
        dates = self.conn.execute("SELECT MIN(date), MAX(date) FROM documents WHERE date IS NOT NULL").fetchone()
        out["dates"] = {"first": dates[0], "last": dates[1]}
        out["read_errors"] = count("SELECT COUNT(*) FROM read_errors")
        out["built"] = self.meta().get("built_at")
        return out

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences matching every word of ``query`` in normalised or loose (spelling-tolerant) form."""
        from backchannel.text.layer import analyse

        words = [t.norm for t in analyse(query).tokens]
        if not words:
            return []
        terms = []
        for w in words:
            norm = w.replace('"', '""')
            loose = loose_key(w).replace('"', '""')
            terms.append(f'(norm : "{norm}" OR loose : "{loose}")')
        sql = """SELECT f.doc, f.idx, s.start, s."end", s.text, d.source, d.outlet, d.date, bm25(sentences_fts) AS rank
                 FROM sentences_fts f JOIN sentences s ON s.doc = f.doc AND s.idx = f.idx
                 JOIN documents d ON d.id = f.doc
                 WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?"""
        return [dict(r) for r in self.conn.execute(sql, (" AND ".join(terms), limit))]


def _write_meta(conn: sqlite3.Connection, options: dict[str, Any]) -> None:
    rows = {"schema_version": str(SCHEMA_VERSION), "backchannel_version": __version__,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "options": json.dumps(options, ensure_ascii=False, default=str)}
    conn.executemany("INSERT INTO meta VALUES (?, ?)", rows.items())


def _write_documents(conn: sqlite3.Connection, corpus: Corpus) -> None:
    for a in corpus.analyses:
        d = a.doc
        conn.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (d.id, d.source, d.content_hash, d.format, d.language, json.dumps(d.languages), d.date, d.date_basis,
                      d.outlet, d.url, d.title, d.meta.get("encoding"), json.dumps(d.meta, ensure_ascii=False),
                      d.text, len(d.text)))
        sents = a.layer.sentences
        conn.executemany('INSERT INTO sentences VALUES (?,?,?,?,?,?)',
                         [(d.id, i, s.start, s.end, s.language, d.text[s.start:s.end]) for i, s in enumerate(sents)])
        fts = []
        for i, s in enumerate(sents):
            toks = a.layer.tokens_in(s.start, s.end)
            fts.append((" ".join(t.norm for t in toks), " ".join(loose_key(t.norm) for t in toks), d.id, i))
        conn.executemany("INSERT INTO sentences_fts (norm, loose, doc, idx) VALUES (?,?,?,?)", fts)
        a.release()


def _write_items(conn: sqlite3.Connection, corpus: Corpus) -> None:
    actor_of_key = {k: a.id for a in corpus.actors for k in a.keys}
    for a in corpus.analyses:
        conn.executemany('INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?)',
                         [(m.span.doc, m.span.start, m.span.end, m.span.text, m.kind, m.key,
                           json.dumps(_jsonable(m.value), ensure_ascii=False),
                           actor_of_key.get(m.key) if m.kind == "actor" else None) for m in a.mentions])
    for kind, cls in ITEM_TYPES.items():
        cols = _item_columns(cls)
        names = ", ".join(f'"{n}"' for n, _ in cols)
        marks = ", ".join("?" for _ in cols)
        for item in corpus.items(kind):
            conn.execute(f"INSERT INTO {kind} ({names}) VALUES ({marks})",
                         [_encode(getattr(item, n), t) for n, t in cols])
            if kind != "actors" and hasattr(item, "evidence"):
                conn.executemany('INSERT INTO evidence VALUES (?,?,?,?,?,?)',
                                 [(kind, item.id, s.doc, s.start, s.end, s.text) for s in item.evidence])
