"""Per-document analyses kept between builds, so adding ten articles costs ten.

A document's analysis depends only on the document (its text and the metadata read with
it), on the code and data files of the pipeline, and on the actor knowledge bases the build
uses. The cache keys each analysis by a hash of all three, so a rebuild re-analyses only new
or changed documents, and every document when the pipeline or the knowledge base changed;
the corpus stages (resolution, merging) still run over everything.

The cache is a SQLite file in the user's own cache directory (``$BACKCHANNEL_CACHE``, else
``$XDG_CACHE_HOME/backchannel`` or ``~/.cache/backchannel``), not inside the knowledge base:
analyses are stored as pickles, and a pickle is code, so they are read only from a file
this user's builds wrote, never from a ``.db`` someone sent. A cache that cannot be opened
or written is skipped with a note; it never fails a build.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import sys
import time
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator

from backchannel.kb.model import DocAnalysis
from backchannel.text.document import Document

PACKAGE = Path(__file__).resolve().parents[1]
# Libraries whose behaviour the per-document stages depend on (fuzzy matching, YAML data).
_LIBRARIES = ("RapidFuzz", "PyYAML")
# Entries no build has used for this long are removed when a build ends.
KEEP_DAYS = 90


def cache_dir() -> Path:
    """Where the cache lives: ``$BACKCHANNEL_CACHE`` or the XDG cache directory."""
    if os.environ.get("BACKCHANNEL_CACHE"):
        return Path(os.environ["BACKCHANNEL_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "backchannel"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every Python and data file of the package, the Python version and the
    libraries' versions: any change to the pipeline makes every cached analysis stale."""
    h = hashlib.sha256(sys.version.encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(lib.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml", ".json") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def fingerprint(use_kb: bool, kb_files: Iterable[Path]) -> str:
    """The pipeline's fingerprint for one build: code and data, and the knowledge bases used."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(b"kb" if use_kb else b"no-kb")
    for path in kb_files:
        h.update(Path(path).read_bytes())
    return h.hexdigest()


# What of a document the per-document stages read. Its path, format and encoding are not
# among them, so an article moved or re-saved is not analysed again; its languages are what
# analysis fills in, and a document loaded back from a knowledge base has them already.
_ANALYSED_FIELDS = ("id", "text", "date", "outlet", "title", "url")


def document_key(doc: Document, pipeline: str) -> str:
    """The cache key of one document: what the pipeline reads of it, and the pipeline."""
    fields = json.dumps([getattr(doc, f) for f in _ANALYSED_FIELDS], ensure_ascii=False, default=str)
    return hashlib.sha256(f"{pipeline}\x1f{fields}".encode()).hexdigest()


class AnalysisCache:
    """A key-value store of pickled, compressed :class:`DocAnalysis` objects."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(path, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, doc TEXT, used REAL, data BLOB)")

    @classmethod
    def open(cls, notes: list[str]) -> "AnalysisCache | None":
        """The user's cache, or ``None`` (with a note saying why) when it cannot be used."""
        path = cache_dir() / "analyses.sqlite"
        try:
            return cls(path)
        except (OSError, sqlite3.Error) as exc:
            notes.append(f"analysis cache {path} not used ({exc}); every article is analysed")
            return None

    def get_many(self, keys: list[str]) -> Iterator[tuple[str, DocAnalysis]]:
        """The cached analyses among ``keys``; an entry that no longer loads is skipped."""
        now = time.time()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.conn.execute(f"SELECT key, data FROM analyses WHERE key IN ({','.join('?' * len(chunk))})",
                                     chunk).fetchall()
            for key, data in rows:
                try:
                    analysis = pickle.loads(zlib.decompress(data))  # noqa: S301 - written by this user's builds
                except Exception:  # a stale or damaged entry is analysed again
                    continue
                if isinstance(analysis, DocAnalysis):
                    yield key, analysis
            with self.conn:
                self.conn.executemany("UPDATE analyses SET used = ? WHERE key = ?", [(now, k) for k, _ in rows])

    def put_many(self, entries: Iterable[tuple[str, str, bytes]]) -> None:
        """Store analyses already pickled (``pickle.dumps``) as (key, document id, bytes)."""
        now = time.time()
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO analyses (key, doc, used, data) VALUES (?, ?, ?, ?)",
                                  ((key, doc, now, zlib.compress(blob, 3)) for key, doc, blob in entries))

    def prune(self, days: float = KEEP_DAYS) -> int:
        """Remove entries no build has used for ``days``; how many went."""
        with self.conn:
            return self.conn.execute("DELETE FROM analyses WHERE used < ?", (time.time() - days * 86400,)).rowcount

    def stats(self) -> dict[str, object]:
        """Entries and size, for ``backchannel cache``."""
        n, size = self.conn.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM analyses").fetchone()
        return {"path": str(self.path), "entries": n, "megabytes": round(size / 1e6, 1)}

    def clear(self) -> int:
        with self.conn:
            n = self.conn.execute("DELETE FROM analyses").rowcount
        self.conn.execute("VACUUM")
        return n

    def close(self) -> None:
        self.conn.close()
