"""The two values every stage shares: a document as read, and a span into it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_id(text: str) -> str:
    """A stable document id from its content, so the same article read twice is stored once."""
    return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Document:
    """One article. ``text`` is exactly what was read (decoded file, or text extracted from HTML/JSON)."""

    source: str
    text: str
    id: str = ""
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
        if not self.id:
            self.id = content_id(self.text)

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
