"""Find the phrases of a lexicon in a document, in Arabic and English, with exact offsets.

A lexicon is data (YAML lists of phrases with what each one means); this module turns it
into one regular expression over the document's *normalised* text, so diacritics, alef
and ya forms, tatweel, case and runs of whitespace never stop a match, and maps every hit
back to the original characters. Arabic phrases also match with the clitics a word takes
in running text ("والأسبوع الماضي", "للقاء", "بالكرملين"); the clitic stays outside the span.
A phrase ending in ``*`` matches any ending of its last word ("اجتمع*" finds "اجتمعا"); a ``~``
between words lets up to eight words stand there ("وقع ~ مرسوما" finds "وقّع بوتين مرسوماً");
quote marks between the words of a phrase are passed over ('مشروع "سخالين"').
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

from backchannel import lang
from backchannel.text.layer import TextLayer
from backchannel.text.normalise import match_key


@dataclass(frozen=True)
class Hit:
    """One phrase found: original offsets of the phrase (clitic excluded) and its payload."""

    start: int
    end: int
    nstart: int
    nend: int
    phrase: str
    payload: Any


@lru_cache(maxsize=1)
def _clitics() -> tuple[str, ...]:
    forms = {match_key(c) for c in lang.load("ar", "orthography")["clitics"]}
    return tuple(sorted(forms, key=len, reverse=True))


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


_GAP = "~"  # in a phrase: up to eight words of any kind ("وقع ~ مرسوما" finds "وقّع بوتين مرسوماً")


def _body_regex(phrase: str) -> str:
    out = ""
    for w in phrase.split(" "):
        if w == _GAP:
            out += r"[\s\"']+(?:[^\s\"']+[\s\"']+){0,8}?"
            continue
        core = re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
        out += core if not out or out.endswith("?") else r"[\s\"']+" + core
    return out


class Lexicon:
    """A compiled set of phrases, each with a payload (an event type, a month number, ...)."""

    def __init__(self, entries: Iterable[tuple[str, Any]], *, clitics: bool = True) -> None:
        self.entries: list[tuple[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for phrase, payload in entries:
            key = match_key(str(phrase))
            if not key or (key, repr(payload)) in seen:
                continue
            seen.add((key, repr(payload)))
            self.entries.append((key, payload))
        self._exact: dict[str, list[tuple[str, Any]]] = {}
        self._wild: list[tuple[re.Pattern[str], str, Any]] = []
        for key, payload in self.entries:
            if "*" in key or _GAP in key.split(" "):
                self._wild.append((re.compile(_body_regex(key) + r"\Z"), key, payload))
            else:
                self._exact.setdefault(key, []).append((key, payload))
        ordered = sorted(self.entries, key=lambda e: -len(e[0]))
        bodies = [_body_regex(k) for k, _ in ordered]
        clitic_bodies = [_body_regex(k) for k, _ in ordered if _is_arabic(k) and len(k.split(" ")[0].rstrip("*")) >= 3]
        alts = [rf"(?P<plain>{'|'.join(bodies)})"] if bodies else []
        if clitics and clitic_bodies:
            alts.append(rf"(?:{'|'.join(re.escape(c) for c in _clitics())})(?P<clitic>{'|'.join(clitic_bodies)})")
        short = [_body_regex(k) for k, _ in ordered if _is_arabic(k) and len(k.split(" ")[0].rstrip("*")) < 3]
        if clitics and short:
            # a conjunction attaches to any word, however short ("وفي الشهر نفسه")
            alts.append(rf"(?:و|ف)(?P<conj>{'|'.join(short)})")
            # ل + ال contracts to لل: "للقاء" is ل + "اللقاء"; "للأسبوع" is ل + "الأسبوع".
            art = [_body_regex(k[2:]) for k, _ in ordered if k.startswith("ال") and len(k) > 4]
            if art:
                alts.append(rf"(?:و|ف)?لل(?P<article>{'|'.join(art)})")
        self._regex = re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)") if alts else None

    def _payloads(self, body: str) -> list[tuple[str, Any]]:
        body = re.sub(r"[\s\"']+", " ", body)
        found = list(self._exact.get(body, []))
        found += [(key, payload) for rx, key, payload in self._wild if rx.match(body)]
        return found

    def finditer(self, layer: TextLayer, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Non-overlapping hits, left to right, longest phrase first at each position."""
        if self._regex is None:
            return
        norm = layer.norm
        nstart = _norm_offset(layer, start)
        nend = _norm_offset(layer, end) if end is not None else len(norm.text)
        for m in self._regex.finditer(norm.text, nstart, nend):
            group = next(g for g in ("plain", "clitic", "conj", "article") if m.group(g) is not None)
            body = m.group(group)
            payloads = self._payloads(body if group != "article" else "ال" + body)
            if not payloads:
                continue
            bs, be = m.span(group)
            s, e = norm.to_original(bs, be)
            for key, payload in payloads:
                yield Hit(s, e, bs, be, key, payload)

    def find(self, layer: TextLayer, start: int = 0, end: int | None = None) -> list[Hit]:
        return list(self.finditer(layer, start, end))


def _norm_offset(layer: TextLayer, offset: int) -> int:
    """The first normalised position whose original character is at or after ``offset``."""
    return bisect.bisect_left(layer.norm.starts, offset)


def lexicon_from(lang_code: str, name: str, section: str | None = None, *, clitics: bool = True) -> Lexicon:
    """A lexicon from ``lang/<lang>/<name>.yaml``: a mapping of payload -> list of phrases."""
    data = lang.load(lang_code, name)
    if section:
        data = data.get(section, {})
    return Lexicon(((p, key) for key, phrases in data.items() for p in phrases or []), clitics=clitics)


def both_languages(name: str, section: str | None = None, *, clitics: bool = True) -> Lexicon:
    """One lexicon from the Arabic and English files of the same name (payload -> phrases)."""
    entries: list[tuple[str, Any]] = []
    for code in ("ar", "en"):
        data = lang.load(code, name)
        if section:
            data = data.get(section, {}) or {}
        entries += [(p, key) for key, phrases in data.items() for p in phrases or []]
    return Lexicon(entries, clitics=clitics)
