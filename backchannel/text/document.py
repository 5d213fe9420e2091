"""The two values every stage shares: a document as read, and a span into it."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any


def content_hash(text: str) -> str:
    """A fingerprint of the content, so the same article read twice is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def source_id(source: str) -> str:
    """A readable document id from where it was read: the file name without its extension
    (``000_c25c.txt`` -> ``000_c25c``; ``feed.jsonl#2`` -> ``feed#2``), so ids in exports
    and links name the file a person has; other tools match documents by that stem."""
    name, _, part = source.partition("#")
    stem = PurePath(name).stem
    ident = re.sub(r"[^\w.-]+", "_", stem).strip("_") or "doc"
    return f"{ident}#{part}" if part else ident


@dataclass
class Document:
    """One article. ``text`` is exactly what was read (decoded file, or text extracted from HTML/JSON)."""

    source: str
    text: str
    id: str = ""
    content_hash: str = ""
    language: str = ""
    languages: list[str] = field(default_factory=list)
    date: str | None = None
    date_basis: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    format: str = "txt"
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)
        if not self.id:
            self.id = source_id(self.source)

    def span(self, start: int, end: int) -> "Span":
        """A span of this document, checked against its bounds."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside document {self.id} of length {len(self.text)}")
        return Span(self.id, start, end, self.text[start:end])


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """Character offsets into ``Document.text`` (Python ``str`` indices) and the text found there.

    ``text`` is always ``document.text[start:end]``; it travels with the span so that
    exports can be checked without the document at hand.
    """

    doc: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}

    def overlaps(self, other: "Span") -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end
