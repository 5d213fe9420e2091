"""The build: read → normalise → recognise → extract (per document) → resolve (corpus) → store.

Per-document stages are pure functions of one :class:`DocAnalysis` and run in any order of
documents (in parallel with ``jobs > 1``); corpus stages run after them over all analyses.
Each stage is a small function with one job, listed below in the order it runs, like a
spaCy pipeline. A stage that needs configuration reads it from :class:`BuildOptions`.
"""
from __future__ import annotations

import importlib
import os
import pickle
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from backchannel.analyse.screening import screen, screened
from backchannel.corpus import ReadOptions, iter_files, read_file
from backchannel.corpus.copies import wire_copies
from backchannel.errors import BackchannelError, ReadError
from backchannel.kb.cache import AnalysisCache, document_key, fingerprint
from backchannel.kb.model import Corpus, DocAnalysis
from backchannel.kb.store import KnowledgeBase
from backchannel.review.judgements import judgements_path
from backchannel.text.document import Document
from backchannel.text.layer import analyse

# Stages by dotted name ("module:function"), so this list reads as the pipeline and a
# stage's module is only imported when a build runs.
DOCUMENT_STAGES: list[str] = [
    "backchannel.recognise.actors:recognise_actors",
    "backchannel.recognise.discover:discover_actors",
    "backchannel.recognise.dates:recognise_dates",
    "backchannel.recognise.amounts:recognise_amounts",
    "backchannel.recognise.places:recognise_places",
    "backchannel.recognise.triggers:recognise_triggers",
    "backchannel.extract.ties:extract_ties",
    "backchannel.extract.events:extract_events",
    "backchannel.extract.deals:extract_deals",
    "backchannel.extract.proposals:extract_proposals",
]
CORPUS_STAGES: list[str] = [
    "backchannel.resolve.actors:resolve_actors",
    "backchannel.resolve.events:resolve_events",
    "backchannel.resolve.items:resolve_items",
    "backchannel.resolve.copies:credit_copies",
    "backchannel.review.apply:apply_judgements",
]


@dataclass
class BuildOptions:
    """Everything a build can be told: which actor knowledge bases to use, limits, parallelism."""

    use_kb: bool = True
    kb_files: list[Path] = field(default_factory=list)
    read: ReadOptions = field(default_factory=ReadOptions)
    jobs: int = 1
    cache: bool = True
    sides_file: Path | None = None  # the story's sides (data/sides.yaml's format); None: the shipped story's
    judgements_file: Path | None = None  # the analyst's judgements; build() uses the file beside --db
    wire_copies: bool = True  # analyse a reprinted dispatch once (corpus/copies.py); off: every document alone

    def describe(self) -> dict[str, Any]:
        return {"use_kb": self.use_kb, "kb_files": [str(p) for p in self.kb_files],
                "sides_file": str(self.sides_file) if self.sides_file else None,
                "overrides": self.read.overrides, "max_bytes": self.read.max_bytes}


@dataclass
class BuildReport:
    """What a build did, for the CLI to print and scripts to read."""

    db: Path
    files: int = 0
    documents: int = 0
    new_documents: int = 0
    cached: int = 0
    duplicates: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    rescreened: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    judgements: int = 0  # the analyst's judgements found beside the knowledge base and applied again
    copies: int = 0  # documents that are wire copies of another (stored, not analysed again)

    def to_dict(self) -> dict[str, Any]:
        return {"db": str(self.db), "files": self.files, "documents": self.documents,
                "new_documents": self.new_documents, "cached": self.cached, "duplicates": self.duplicates,
                "errors": [{"path": e.path, "code": e.code, "reason": e.reason, "hint": e.hint} for e in self.errors],
                "counts": self.counts, "judgements": self.judgements, "copies": self.copies, "rescreened": self.rescreened, "notes": self.notes, "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}


def _resolve(name: str) -> Callable[..., None]:
    module, func = name.split(":")
    return getattr(importlib.import_module(module), func)


def analyse_document(doc: Document, options: BuildOptions) -> DocAnalysis:
    """Run the text layer and every per-document stage on one document."""
    layer = _layer(doc)
    analysis = DocAnalysis(doc=doc, layer=layer)
    for name in DOCUMENT_STAGES:
        try:
            _resolve(name)(analysis, options)
        except Exception as exc:  # one stage failing on one odd document never stops a build
            analysis.notes.append(f"{name.rsplit(':', 1)[1]} skipped: {type(exc).__name__}: {exc}")
    return analysis


def _layer(doc: Document) -> Any:
    """The document's text layer; the document takes its languages from it where it has none."""
    layer = analyse(doc.text)
    if not doc.languages:
        doc.languages = layer.languages
    if not doc.language:
        doc.language = "+".join(sorted(doc.languages, key=lambda lg: _first_offset(layer, lg)))
    return layer


def _copy_analysis(doc: Document) -> DocAnalysis:
    """A wire copy's analysis: its sentences and languages (to store and search it), no items
    of its own (its original's carry its outlet)."""
    return DocAnalysis(doc=doc, layer=_layer(doc), notes=[f"a wire copy of {doc.meta['copy_of']}: analysed there"])


def _first_offset(layer: Any, language: str) -> int:
    return next((s.start for s in layer.sentences if s.language == language), len(layer.text))


def resolve_corpus(analyses: list[DocAnalysis], options: BuildOptions) -> Corpus:
    """Run the corpus stages (actor resolution, event merging, ...) over all analyses."""
    corpus = Corpus(analyses=analyses)
    for name in CORPUS_STAGES:
        _resolve(name)(corpus, options)
    return corpus


def read_sources(paths: Iterable[Path], options: BuildOptions, report: BuildReport,
                 known: dict[str, Document] | None = None,
                 progress: Callable[[str], None] | None = None) -> list[Document]:
    """Read every file; bad files become report entries, duplicates (same content) are read once."""
    seen: dict[str, Document] = {d.content_hash: d for d in (known or {}).values()}
    ids = {d.id for d in seen.values()}
    fresh: list[Document] = []
    for root in paths:
        if not root.exists():
            raise BackchannelError("BC013", f"{root} does not exist", "pass a folder or a file of articles")
        for path in iter_files(root):
            report.files += 1
            if progress:
                progress(path.name)
            try:
                docs = read_file(path, options.read)
            except ReadError as exc:
                report.errors.append(exc)
                continue
            for doc in docs:
                if doc.content_hash in seen:
                    report.duplicates.append(f"{doc.source} = {seen[doc.content_hash].source}")
                    continue
                if doc.id in ids:  # same file name elsewhere, other content: keep both, apart
                    doc.id = f"{doc.id}~{doc.content_hash[:6]}"
                seen[doc.content_hash] = doc
                ids.add(doc.id)
                fresh.append(doc)
    return fresh


def build(paths: list[Path], db: Path, options: BuildOptions | None = None, *, replace: bool = False,
          progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Build (or extend) the knowledge base at ``db`` from the articles under ``paths``.

    Documents already in ``db`` are kept and processed again with the new ones (unless
    ``replace``), so adding a folder never loses what was there and corpus-level resolution
    sees everything. ``progress(stage, done, total)`` is called as work advances.
    """
    options = options or BuildOptions()
    if options.judgements_file is None:
        options = dataclasses.replace(options, judgements_file=judgements_path(db))
    report = BuildReport(db=db)
    t0 = time.perf_counter()
    known: dict[str, Document] = {}
    if db.exists() and not replace:
        with KnowledgeBase(db) as kb:
            known = {d.id: d for d in kb.load_documents()}
    fresh = read_sources(paths, options, report, known,
                         (lambda name: progress("read", report.files, 0)) if progress else None)
    docs = list(known.values()) + fresh
    report.new_documents, report.documents = len(fresh), len(docs)
    report.seconds["read"] = time.perf_counter() - t0
    if not docs:
        raise BackchannelError("BC013", "no article could be read", "see the messages above for each file")

    t1 = time.perf_counter()
    copies = wire_copies(docs) if options.wire_copies else {}
    for doc in docs:  # a document is a copy (or not) of what this build holds, not of what an earlier one did
        doc.meta.pop("copy_of", None)
        if doc.id in copies:
            doc.meta["copy_of"] = copies[doc.id]
    report.copies = len(copies)
    originals = _analyse_cached([d for d in docs if d.id not in copies], options, report, progress)
    by_id = {a.doc.id: a for a in originals}
    analyses = [by_id[d.id] if d.id in by_id else _copy_analysis(d) for d in docs]
    report.seconds["per_document"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    corpus = resolve_corpus(analyses, options)
    report.seconds["corpus"] = time.perf_counter() - t2
    report.judgements = len([r for r in corpus.reviews if r.get("id")])
    report.notes += [f"judgement {r['id'] or ''} ({r.get('verdict') or 'line'} {r.get('item') or ''}): "
                     f"{r['status']}: {r['detail']}".replace("  ", " ") for r in corpus.reviews if r["status"] != "applied"]

    t3 = time.perf_counter()
    old_errors: list[tuple[str, str, str]] = []
    screenings: list[dict[str, Any]] = []
    if known:
        with KnowledgeBase(db) as kb:
            old_errors = [(e["path"], e["code"], e["reason"]) for e in kb.read_errors()]
            screenings = screened(kb.conn)
    errors = old_errors + [(e.path, e.code, e.reason) for e in report.errors]
    KnowledgeBase.write(db, corpus, read_errors=errors, options=options.describe())
    report.seconds["store"] = time.perf_counter() - t3
    _screen_again(db, screenings, report)
    report.seconds["total"] = time.perf_counter() - t0
    report.counts = {kind: len(corpus.items(kind)) for kind in ("actors", "events", "deals", "proposals", "ties", "discrepancies")}
    return report


def _screen_again(db: Path, screenings: list[dict[str, Any]], report: BuildReport) -> None:
    """Screen the new knowledge base against the sanctions lists the old one was screened
    against, so a rebuild never silently drops sanctions flags."""
    for entry in screenings:
        path = Path(entry["file"])
        if path.is_file():
            screen(db, [path], threshold=float(entry["threshold"]))
            report.rescreened.append(str(path))
        else:
            report.errors.append(ReadError(str(path), "BC008", "sanctions list screened before is gone; "
                                           "its flags were dropped", "screen again: backchannel screen --sanctions FILE"))


def _analyse_cached(docs: list[Document], options: BuildOptions, report: BuildReport,
                    progress: Callable[[str, int, int], None] | None) -> list[DocAnalysis]:
    """Every document's analysis, from the user's analysis cache where the same document went
    through the same pipeline before (``kb/cache.py``), analysed afresh otherwise."""
    notes: list[str] = []
    cache = AnalysisCache.open(notes) if options.cache else None
    if cache is None:
        report.notes += notes
        return [pickle.loads(b) for b in _analyse_all(docs, options, progress)]
    pipeline = fingerprint(options.use_kb, options.kb_files)
    keys = [document_key(doc, pipeline) for doc in docs]
    try:
        found = dict(cache.get_many(keys))
    except sqlite3.Error as exc:
        report.notes.append(f"analysis cache {cache.path} not read ({exc}); every article is analysed")
        found = {}
    for key, doc in zip(keys, docs):
        if key in found:  # the document as read now: its path may have moved since
            doc.language = doc.language or found[key].doc.language
            doc.languages = doc.languages or found[key].doc.languages
            found[key].doc = doc
    todo = [i for i, k in enumerate(keys) if k not in found]
    report.cached = len(docs) - len(todo)
    fresh = _analyse_all([docs[i] for i in todo], options, progress, offset=report.cached, total=len(docs))
    try:
        cache.put_many((keys[i], docs[i].id, blob) for i, blob in zip(todo, fresh))
        cache.prune()
    except sqlite3.Error as exc:
        report.notes.append(f"analysis cache {cache.path} not written ({exc}); the next build analyses these again")
    finally:
        cache.close()
    found.update((keys[i], pickle.loads(blob)) for i, blob in zip(todo, fresh))
    return [found[k] for k in keys]


def _analyse_pickled(doc: Document, options: BuildOptions) -> bytes:
    """One document's analysis as the bytes the cache keeps (and a worker sends back)."""
    return pickle.dumps(analyse_document(doc, options), protocol=pickle.HIGHEST_PROTOCOL)


def _analyse_all(docs: list[Document], options: BuildOptions, progress: Callable[[str, int, int], None] | None,
                 offset: int = 0, total: int | None = None) -> list[bytes]:
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    total = len(docs) if total is None else total
    out: list[bytes] = []
    if jobs > 1 and len(docs) >= 16 * jobs:  # fewer: starting the workers costs more than they save
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for blob in pool.map(_analyse_pickled, docs, [options] * len(docs), chunksize=16):
                out.append(blob)
                if progress:
                    progress("analyse", offset + len(out), total)
        return out
    for doc in docs:
        out.append(_analyse_pickled(doc, options))
        if progress:
            progress("analyse", offset + len(out), total)
    return out
