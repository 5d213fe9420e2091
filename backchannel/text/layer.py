"""Sentences, tokens and languages of one document, all as offsets into its text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from backchannel import lang
from backchannel.text.normalise import NormText, normalise

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’]\w+)?", re.UNICODE)
# A sentence ends at a line break, or at . ! ? ؟ … followed by space, a closing quote or the end.
_BOUNDARY = re.compile(r"\n+|(?<=[.!?؟…])[\"'»”)\]]*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or number: original offsets and its normalised form."""

    start: int
    end: int
    norm: str
    nstart: int  # offset of the token in the normalised text
    nend: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    language: str


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(lang.load("en", "abbreviations"))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(lang.load("en", "function_words"))


def script_language(text: str) -> str:
    """'ar' or 'en' by which script dominates; 'und' when neither does or the Latin text is not English."""
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if ar == 0 and la == 0:
        return "und"
    if ar >= la:
        return "ar"
    words = re.findall(r"[a-z]+", text.lower())
    if len(words) >= 8 and sum(w in _function_words() for w in words) / len(words) < 0.05:
        return "und"
    return "en"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding whitespace; abbreviations and decimals do not split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0).startswith("\n"):
            end = m.start()
        else:
            before = text[start:m.start()].rstrip(".").split()
            if before and before[-1].lower().strip("(\"'«") in _abbreviations():
                continue
        _add_trimmed(text, start, end, spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


@dataclass
class TextLayer:
    """What the per-document stages read: the text, its normalised form, sentences and tokens."""

    text: str
    norm: NormText
    sentences: list[Sentence]
    tokens: list[Token]

    def __post_init__(self) -> None:
        self._sent_starts = [s.start for s in self.sentences]
        self._tok_starts = [t.start for t in self.tokens]

    @property
    def languages(self) -> list[str]:
        """Languages present, by share of characters, largest first ('und' left out when others exist)."""
        share: dict[str, int] = {}
        for s in self.sentences:
            share[s.language] = share.get(s.language, 0) + s.end - s.start
        ordered = sorted(share, key=lambda k: -share[k])
        known = [k for k in ordered if k != "und" and share[k] >= 0.05 * sum(share.values())]
        return known or ordered[:1] or ["und"]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding the character at ``offset``."""
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens lying within ``[start, end)``."""
        i = bisect.bisect_left(self._tok_starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            if self.tokens[i].end <= end:
                out.append(self.tokens[i])
            i += 1
        return out


def analyse(text: str) -> TextLayer:
    """Build the text layer of a document's text."""
    norm = normalise(text)
    tokens = []
    for m in _WORD.finditer(norm.text):
        start, end = norm.to_original(m.start(), m.end())
        tokens.append(Token(start, end, m.group(0), m.start(), m.end()))
    sentences = [Sentence(s, e, script_language(text[s:e])) for s, e in split_sentences(text)]
    return TextLayer(text, norm, sentences, tokens)
