"""The offset-keeping normaliser: the one place that knows how Arabic and Latin script fold.

``normalise(text)`` returns a :class:`NormText` whose every character remembers the
span of original characters it came from, so a match found in the normalised text
maps back to exact offsets in the document. The folding rules are data
(``lang/ar/orthography.yaml``).
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

from backchannel import lang

_SPACE = re.compile(r"\s", re.UNICODE)
_QUOTES = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‹": '"', "›": '"'}


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], dict[str, str]]:
    ortho = lang.load("ar", "orthography")
    drop = re.compile("[" + "".join(ortho["drop"]) + "]")
    fold = dict(ortho["fold"])
    fold.update(_QUOTES)
    return drop, fold


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """The normalised form of one character: dropped (''), folded, or NFKC + lower-cased."""
    drop, fold = _rules()
    if drop.match(ch):
        return ""
    if ch in fold:
        return fold[ch]
    if _SPACE.match(ch):
        return " "
    out = unicodedata.normalize("NFKC", ch).lower()
    # NFKC may produce marks (e.g. from Arabic presentation forms): fold those too.
    return "".join(fold.get(c, c) for c in out if not drop.match(c))


@dataclass(frozen=True)
class NormText:
    """A normalised string and, for each of its characters, the original span it came from."""

    text: str
    starts: array  # array of int: original start of each normalised character
    ends: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised range ``[start, end)``."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> NormText:
    """Fold ``text`` for matching: no diacritics or tatweel, one alef/ya/ha form, lower case,
    one space for any run of whitespace (NBSP included)."""
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        for c in folded:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return NormText("".join(out), starts, ends)


class _FoldTable(dict):
    """``str.translate`` table that folds each character as :func:`normalise` does, filled on
    first sight of a character, so keys of short strings are made at C speed."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()
_SPACES = re.compile(" {2,}")


def match_key(text: str) -> str:
    """The folded form of a short string (a name, a query), trimmed: ``normalise(text).text.strip()``
    without the offset map, which matching keys do not need."""
    return _SPACES.sub(" ", text.translate(_FOLD)).strip()


@lru_cache(maxsize=1)
def _clitic_rules() -> tuple[tuple[str, ...], int, tuple[str, ...], int]:
    ar = lang.load("ar", "orthography")
    en = lang.load("en", "orthography")
    clitics = tuple(sorted((match_key(c) for c in ar["clitics"]), key=len, reverse=True))
    suffixes = tuple(match_key(s) for s in en["suffixes"])
    return clitics, int(ar["min_stem"]), suffixes, int(en["min_stem"])


def stems(word: str) -> list[tuple[int, int, str]]:
    """Readings of a normalised word with attached clitics split off.

    Returns ``(prefix_len, suffix_len, stem)`` triples, the word itself first: for
    "وبوتين" that is the word, then ``(1, 0, "بوتين")``; for "witkoff's", ``(0, 2, "witkoff")``.
    """
    clitics, min_stem, suffixes, min_en = _clitic_rules()
    out = [(0, 0, word)]
    for c in clitics:
        if word.startswith(c) and len(word) - len(c) >= min_stem:
            out.append((len(c), 0, word[len(c):]))
    for s in suffixes:
        if word.endswith(s) and len(word) - len(s) >= min_en:
            out.append((0, len(s), word[: -len(s)]))
    return out


@lru_cache(maxsize=1)
def _weak_letters() -> frozenset[str]:
    return frozenset(lang.load("ar", "orthography")["weak_letters"])


def loose_key(word: str) -> str:
    """A spelling-tolerant key of one normalised word: clitic split off, weak letters dropped.

    Variants a transliteration produces collide ("ديميترييف", "دميترييف" -> "دمترف"); Latin
    words are left as they are. Used for search and as a blocking key for fuzzy matching.
    """
    if not word or not ("\u0600" <= word[0] <= "\u06ff"):
        return word
    readings = stems(word)
    stem = readings[1][2] if len(readings) > 1 else word
    weak = _weak_letters()
    loose = "".join(c for c in stem if c not in weak)
    return loose or stem
