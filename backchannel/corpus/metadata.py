"""Article metadata from the places news files keep it: header lines, sidecars, meta tags,
datelines, mastheads and copyright lines.

Precedence (first wins): command-line options, sidecar ``NAME.meta.json``, the file's own
metadata (HTML meta tags, JSON fields, ``# key: value`` header lines), then what the text
itself shows near its top or bottom.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any


from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.text.normalise import match_key

DATA = Path(__file__).resolve().parents[1] / "data"
KEYS = ("outlet", "date", "url", "language", "title", "author")
_HEADER = re.compile(r"^\s*#\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_ISO_DATE = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\d])")
_EDGE = 600


def header_lines(text: str) -> dict[str, str]:
    """``# key: value`` lines at the very top of a text file (stops at the first other line)."""
    found: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines():
        m = _HEADER.match(line)
        if not m:
            break
        key = m.group(1).lower()
        if key in KEYS or key == "published":
            found["date" if key == "published" else key] = m.group(2)
    return found


def sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``NAME.meta.json`` beside the file, if there is one."""
    side = path.with_name(path.stem + ".meta.json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in KEYS and v not in (None, "")} if isinstance(data, dict) else {}


def iso_date(value: str | None) -> str | None:
    """The ISO date (YYYY-MM-DD, YYYY-MM or YYYY) a metadata value starts with."""
    if not value:
        return None
    m = re.match(r"\s*((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?", str(value))
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def date_near_top(text: str) -> str | None:
    """An ISO date written near the start of the text, as in ``date 2025-11-29``.

    Only a date beside a label (date, published, تاريخ) or on the first line counts, so a
    date inside the story is not taken for the article's.
    """
    head = text[:_EDGE]
    first_line_end = head.find("\n") if "\n" in head else len(head)
    for m in _ISO_DATE.finditer(head):
        label = _labels()["date"].search(head[max(0, m.start() - 20):m.start()])
        if label or m.start() < first_line_end:
            return m.group(0)
    return None


@lru_cache(maxsize=1)
def _outlets() -> list[tuple[str, str]]:
    """(match key of a name, outlet) pairs, longest names first so "الشرق الأوسط" beats "الشرق"."""
    entries = safe_load((DATA / "outlets.yaml").read_text(encoding="utf-8"))
    pairs = [(match_key(n), e["name"]) for e in entries for n in e["names"]]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _known_outlet(fragment: str, whole: bool = False) -> str | None:
    """The outlet named in ``fragment``; with ``whole``, only if the fragment is just that name."""
    key = " " + re.sub(r"[^\w]+", " ", match_key(fragment)).strip() + " "
    for name_key, outlet in _outlets():
        if (key.strip() == name_key) if whole else (f" {name_key} " in key):
            return outlet
    return None


_DATELINE = re.compile(r"^\s*[\w\s]{2,30}?\s*[-–—]\s*([\w\s]{2,40}?)\s*$", re.UNICODE | re.MULTILINE)


@lru_cache(maxsize=1)
def _labels() -> dict[str, re.Pattern[str]]:
    """Patterns for the words pages put beside a date, a copyright or a byline (lang/*/page_labels.yaml)."""
    words: dict[str, list[str]] = {}
    for code in ("ar", "en"):
        for key, values in lang.load(code, "page_labels").items():
            words.setdefault(key, []).extend(values)
    alt = {k: "|".join(re.escape(w) for w in sorted(v, key=len, reverse=True)) for k, v in words.items()}
    return {"date": re.compile(rf"(?i)(?:{alt['date']})"),
            "copyright": re.compile(rf"(?i)(?:{alt['copyright']})(.{{0,120}})"),
            "byline": re.compile(rf"(?i)(?:{alt['byline']})\s*[:：]\s*(.{{2,80}})")}


def outlet_from_text(text: str) -> str | None:
    """The publishing outlet as the page shows it: a dateline ("دبي - الشرق"), a copyright
    line, an author's workplace, or a masthead line at the top, looked up in ``data/outlets.yaml``."""
    head, tail = text[:_EDGE * 2], text[-_EDGE * 2:]
    for m in _DATELINE.finditer(head):
        hit = _known_outlet(m.group(1))
        if hit:
            return hit
    for zone in (tail, head):
        for rx in (_labels()["copyright"], _labels()["byline"]):
            for m in rx.finditer(zone):
                hit = _known_outlet(m.group(1))
                if hit:
                    return hit
    for line in [ln for ln in head.splitlines() if ln.strip()][:3]:
        hit = _known_outlet(line, whole=True)
        if hit:
            return hit
    return None
