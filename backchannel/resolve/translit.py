"""A script-independent key of a personal or organisation name.

Outlets write the same foreign name many ways: "Kirill Dmitriev", "Dmitriyev", "كيريل
ديمترييف", "ديميترييف", "Дмитриев". Comparing them needs a key that forgets what
transliteration changes (vowels, p/b, v/f, g/k/j, doubled letters) and keeps the consonant
skeleton. The letter classes are data (``lang/ar/transliteration.yaml``); this module only
applies them. Cross-document actor resolution and sanctions screening compare names by
these keys, usually with a fuzzy ratio on top, never by a hand-made table of pairs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from backchannel import lang
from backchannel.text.normalise import match_key

_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


@dataclass(frozen=True)
class _Table:
    latin_groups: tuple[tuple[str, str], ...]
    latin_letters: dict[str, str]
    latin_vowels: frozenset[str]
    arabic_groups: tuple[tuple[str, str], ...]
    arabic_letters: dict[str, str]
    arabic_vowels: frozenset[str]
    cyrillic_letters: dict[str, str]
    prefixes: tuple[str, ...]
    min_rest: int
    skip: frozenset[str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    data = lang.load("ar", "transliteration")

    def groups(d: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(d.items(), key=lambda kv: -len(kv[0])))

    return _Table(
        latin_groups=groups(data["latin_groups"]),
        latin_letters=dict(data["latin_letters"]),
        latin_vowels=frozenset(data["latin_vowels"]),
        arabic_groups=groups(data["arabic_groups"]),
        arabic_letters=dict(data["arabic_letters"]),
        arabic_vowels=frozenset(data["arabic_vowels"]),
        cyrillic_letters=dict(data["cyrillic_letters"]),
        prefixes=tuple(sorted(data["article_prefixes"], key=len, reverse=True)),
        min_rest=int(data["article_min_rest"]),
        skip=frozenset(match_key(t) for t in data["skip_tokens"]),
    )


def _fold_latin(word: str) -> str:
    """Lower-case and strip accents (é -> e), keeping letters NFKD cannot split (ł, ß)."""
    out = []
    for ch in word.lower():
        base = unicodedata.normalize("NFKD", ch)
        out.append(base[0] if base and base[0].isascii() else ch)
    return "".join(out)


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _strip_article(word: str, t: _Table) -> str:
    for p in t.prefixes:
        if word.startswith(p) and len(word) - len(p) >= t.min_rest:
            return word[len(p):]
    return word


def _skeleton(word: str, t: _Table) -> str:
    """The consonant classes of one folded word, in order, before collapsing repeats."""
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if _is_arabic(ch):
            groups, letters, vowels = t.arabic_groups, t.arabic_letters, t.arabic_vowels
            if ch == "ه" and i == n - 1 and n > 1:  # final ta marbuta / -a is a vowel
                break
        elif _is_cyrillic(ch):
            groups, letters, vowels = (), t.cyrillic_letters, frozenset()
        else:
            groups, letters, vowels = t.latin_groups, t.latin_letters, t.latin_vowels
        for g, cls in groups:
            if word.startswith(g, i):
                out.append(cls)
                i += len(g)
                break
        else:
            if ch.isdigit():
                out.append(ch)
            elif ch not in vowels:
                out.append(letters.get(ch, ""))
            i += 1
    return "".join(out)


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def token_keys(name: str) -> list[str]:
    """One key per name token, in order; particles (bin, von, دي) and vowel-only tokens left out.

    "Kirill Dmitriev" -> ["KRL", "DMTRF"]; "كيريل ديمترييف" gives the same list.
    """
    t = _table()
    folded = _fold_latin(match_key(name))
    out = []
    for m in _TOKEN.finditer(folded):
        word = m.group(0)
        if word in t.skip:
            continue
        word = re.sub(r"([a-z])\1+", r"\1", word)  # "Exxon" = "Exon": doubling is spelling, not sound
        key = _collapse(_skeleton(_strip_article(word, t), t))
        if key:
            out.append(key)
    return out


def name_key(name: str) -> str:
    """The whole name's key: its token keys run together, so word breaks do not matter
    ("روس نفط" = "Rosneft" = RSNFT). A letter doubled across a word break stays doubled:
    "الخارجية الأوكرانية" (XRK + KRN) is not "الخارجية الإيرانية" (XRK + RN)."""
    return "".join(token_keys(name))
