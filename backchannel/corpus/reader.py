"""Readers per format: plain text and Markdown, HTML news pages, JSON and JSON lines."""
from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from backchannel.corpus import encoding, metadata
from backchannel.errors import ReadError
from backchannel.text.document import Document

SUPPORTED = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ReadOptions:
    """What the caller knows better than the files: metadata overrides and the size limit."""

    overrides: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES


def iter_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` (or ``root`` itself), sorted; hidden files and sidecars skipped."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.name.endswith(".meta.json"):
            continue
        yield path


def read_file(path: Path, options: ReadOptions | None = None) -> list[Document]:
    """The documents in one file. Raises :class:`ReadError` with a one-line reason otherwise."""
    options = options or ReadOptions()
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(name, "BC007", f"unsupported file type '{suffix or path.name}'",
                        f"supported: {', '.join(SUPPORTED)}")
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise ReadError(name, "BC003", f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit",
                            "split it into articles, or raise the limit with --max-size")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(name, "BC008", f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReadError(name, "BC002", "file is empty")
    if encoding.looks_binary(data):
        raise ReadError(name, "BC001", "file holds binary data, not text", "is it a PDF or an image? export the article as text or HTML")
    try:
        text, enc = encoding.decode(data)
    except UnicodeError as exc:
        raise ReadError(name, "BC004", "text encoding could not be detected", "convert the file to UTF-8") from exc
    text = encoding.universal_newlines(text)
    if not text.strip("\ufeff \n\t"):
        raise ReadError(name, "BC002", "file holds only whitespace")
    reader = _READERS[suffix]
    docs = reader(path, text, options)
    for doc in docs:
        doc.meta.setdefault("encoding", enc)
    return docs


def _finish(path: Path, source: str, text: str, fmt: str, own: dict[str, Any], options: ReadOptions) -> Document:
    """Merge metadata by precedence and fill what the text itself shows."""
    meta: dict[str, Any] = {k: v for k, v in own.items() if v not in (None, "")}
    meta.update(metadata.sidecar(path))
    meta.update({k: v for k, v in options.overrides.items() if v})
    doc = Document(source=source, text=text, format=fmt)
    doc.title = meta.get("title")
    doc.url = meta.get("url")
    doc.outlet = meta.get("outlet") or metadata.outlet_from_text(text)
    doc.date = metadata.iso_date(meta.get("date"))
    doc.date_basis = "metadata" if doc.date else None
    if not doc.date:
        doc.date = metadata.date_near_top(text)
        doc.date_basis = "stated near the top of the text" if doc.date else None
    if meta.get("language"):
        doc.language = str(meta["language"]).strip().lower()
        doc.languages = [part for part in doc.language.split("+") if part]
    if meta.get("author"):
        doc.meta["author"] = meta["author"]
    return doc


def _read_plain(path: Path, text: str, options: ReadOptions) -> list[Document]:
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return [_finish(path, path.name, text, fmt, metadata.header_lines(text), options)]


def _read_html(path: Path, html: str, options: ReadOptions) -> list[Document]:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=False, deduplicate=False)
    found = result.as_dict() if result is not None and hasattr(result, "as_dict") else (result or {})
    text = (found.get("text") or "").strip()
    if not text:
        text = _visible_text(html)
    if not text:
        raise ReadError(str(path), "BC005", "no article text found in the page",
                        "is it an index page or a page rendered by JavaScript? save the article's own page")
    own = {"title": found.get("title"), "outlet": found.get("sitename"), "date": found.get("date"),
           "url": found.get("url"), "author": found.get("author")}
    return [_finish(path, path.name, text, "html", own, options)]


def _visible_text(html: str) -> str:
    """Text of a page trafilatura found nothing in (short or broken pages), scripts and styles dropped."""
    import lxml.html
    from lxml_html_clean import Cleaner

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    cleaned = Cleaner(javascript=True, style=True, comments=True, forms=True).clean_html(tree)
    lines = [" ".join(ln.split()) for ln in cleaned.text_content().splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _json_articles(path: Path, text: str) -> list[tuple[str, Any]]:
    if path.suffix.lower() == ".jsonl":
        out = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    out.append((f"{path.name}#{n}", json.loads(line)))
                except ValueError as exc:
                    raise ReadError(str(path), "BC006", f"line {n} is not valid JSON ({exc.msg})",
                                    "each line must be one JSON object with a 'text' field") from exc
        return out
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReadError(str(path), "BC006", f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    items = data if isinstance(data, list) else [data]
    if len(items) == 1:
        return [(path.name, items[0])]
    return [(f"{path.name}#{n}", item) for n, item in enumerate(items, 1)]


def _read_json(path: Path, text: str, options: ReadOptions) -> list[Document]:
    docs = []
    for source, item in _json_articles(path, text.lstrip("\ufeff")):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise ReadError(f"{path}", "BC006", f"{source}: an article needs a non-empty 'text' field")
        own = {k: item.get(k) for k in metadata.KEYS}
        docs.append(_finish(path, source, item["text"], "json", own, options))
    return docs


_READERS: dict[str, Callable[[Path, str, ReadOptions], list[Document]]] = {
    ".txt": _read_plain, ".md": _read_plain, ".html": _read_html, ".htm": _read_html,
    ".json": _read_json, ".jsonl": _read_json,
}
