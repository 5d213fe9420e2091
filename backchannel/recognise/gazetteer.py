"""Find listed names in a document's tokens: longest match, clitics, variants, context.

A :class:`Gazetteer` holds :class:`Alias` es (a name as normalised tokens and the local key
it stands for) and finds them in a :class:`~backchannel.text.layer.TextLayer`:

- on the normalised tokens, so diacritics, hamza forms and case never stop a match;
- with a leading Arabic clitic (وبوتين, لويتكوف, بالكرملين, للكرملين) or an English possessive
  (Witkoff's) split off, the span staying on the name as written;
- longest first at each position, so "دونالد ترمب جونيور" is Trump Jr., never Trump;
- tolerating transliteration variants of names (ديمترييف/ديميترييف, كيلوج/كيلوغ) through a
  loose Arabic key, the cross-script name key and a RapidFuzz ratio, for names only;
- with context rules from the lexicon: a name that is also an ordinary word counts only
  quoted or after a head noun (بنك "سبر"), a person's name after "برج" is a building, an
  all-capitals Latin alias (US, CIA) must be capitals in the text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz

from backchannel import lang
from backchannel.recognise.names import NameLexicon, lexicon, stems
from backchannel.resolve.translit import name_key
from backchannel.text.layer import TextLayer, Token, analyse

# What may stand between the words of one name: spaces, dots, hyphens, apostrophes; a quotation
# mark opens or closes a name, so one inside a match ('بنك "في تي بي') means two names.
_GAP = re.compile(r"[ \t\u00a0\u200f\u200e.\-\u2010\u2011'’]*\Z")
_GAP_SPACE = re.compile(r"[ \t\u00a0]+")
_MIN_TOLERANT = 4  # letters a word needs before a variant spelling of it is accepted
_MIN_TOLERANT_ALONE = 6  # ... and a one-word name, which has no other word to confirm it
_FUZZ_LOOSE = 85  # RapidFuzz ratio needed beside an equal loose key (vowels dropped)
_FUZZ_KEY = 85  # ... beside an equal cross-script key (coarser, so stricter)


# The form of aliases that only compete for words: a longer place name ("ميامي بيتش") takes
# its words from a shorter actor name inside it ("بيتش"); its matches are then dropped.
COMPETITOR = "competitor"


@dataclass(frozen=True)
class Alias:
    """A name as normalised tokens, and what it refers to."""

    tokens: tuple[str, ...]
    key: str
    form: str = "name"  # name | surname | adjective | descriptor | publisher | competitor
    shapes: tuple[str, ...] = ()  # Latin case each token must have: "upper", "title" or "" (any)
    ambiguous: bool = False
    tolerant: bool = False
    person: bool = False
    text: str = ""


@dataclass(frozen=True)
class Match:
    """An alias found: original offsets of the name (clitic excluded) and its tokens."""

    start: int
    end: int
    first: int
    last: int  # exclusive
    alias: Alias
    exact: bool


def _is_arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


@lru_cache(maxsize=1)
def _weak() -> frozenset[str]:
    return frozenset(lang.load("ar", "orthography")["weak_letters"])


@lru_cache(maxsize=65536)
def _loose(word: str) -> str:
    """The word without long vowels and ha (no clitic stripping: the caller already chose a reading)."""
    if not _is_arabic(word):
        return word
    return "".join(c for c in word if c not in _weak())


@lru_cache(maxsize=65536)
def _tkey(word: str) -> str:
    return name_key(word)


def _shape(original: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if not letters or not all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters):
        return ""
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    return "title" if letters[0].isupper() else ""


def _tolerant(a: Alias) -> bool:
    """Whether a variant spelling of the alias's first word may match it: a one-word name needs
    more letters, and never one with the article ("الخليفي" would find "الخلفية")."""
    first = a.tokens[0]
    if len(a.tokens) > 1:
        return a.tolerant and len(first) >= _MIN_TOLERANT
    return a.tolerant and len(first) >= _MIN_TOLERANT_ALONE and not first.startswith("ال")


def alias_from(text: str, key: str, **kw: object) -> Alias | None:
    """An alias from a name as written; None if it has no word."""
    layer = analyse(text)
    toks = layer.tokens
    if not toks:
        return None
    shapes = tuple(_shape(text[t.start:t.end]) for t in toks)
    return Alias(tokens=tuple(t.norm for t in toks), key=key, shapes=shapes, text=text, **kw)  # type: ignore[arg-type]


def same_token(doc: str, alias: str, tolerant: bool) -> int:
    """2 if equal, 1 if a spelling variant of the same name (when ``tolerant``), else 0."""
    if doc == alias:
        return 2
    if not tolerant or len(doc) < _MIN_TOLERANT or len(alias) < _MIN_TOLERANT:
        return 0
    if _is_arabic(doc) != _is_arabic(alias):
        return 0
    ratio = fuzz.ratio(doc, alias)
    if _is_arabic(doc) and len(_loose(alias)) >= 4 and _loose(doc) == _loose(alias) and ratio >= _FUZZ_LOOSE:
        return 1
    key = _tkey(alias)
    if len(key) >= 3 and _tkey(doc) == key and ratio >= _FUZZ_KEY:
        return 1
    return 0


class Gazetteer:
    """A set of aliases compiled for matching in documents."""

    def __init__(self, aliases: Iterable[Alias], lex: NameLexicon | None = None) -> None:
        self.lex = lex or lexicon()
        self.aliases = list(aliases)
        self._exact: dict[str, list[Alias]] = defaultdict(list)
        self._article: dict[str, list[Alias]] = defaultdict(list)
        self._loose: dict[str, list[Alias]] = defaultdict(list)
        self._tk: dict[str, list[Alias]] = defaultdict(list)
        for a in self.aliases:
            first = a.tokens[0]
            self._exact[first].append(a)
            if first.startswith("ال") and len(first) >= 5:
                self._article[first[2:]].append(a)
            if _tolerant(a):
                if _is_arabic(first):
                    self._loose[_loose(first)].append(a)
                if len(_tkey(first)) >= 3:
                    self._tk[_tkey(first)].append(a)

    def __len__(self) -> int:
        return len(self.aliases)

    def _candidates(self, clitic: str, stem: str) -> list[Alias]:
        found = list(self._exact.get(stem, ()))
        if clitic.endswith("لل") or clitic.endswith("ال"):
            found += self._article.get(stem, ())
        if len(stem) >= _MIN_TOLERANT and (self._loose or self._tk):
            if _is_arabic(stem):
                found += self._loose.get(_loose(stem), ())
            found += self._tk.get(_tkey(stem), ())
        return found

    def find(self, layer: TextLayer, blocked: set[int] | None = None, first: int = 0,
             last: int | None = None) -> list[Match]:
        """Every alias in tokens ``[first, last)`` (the whole document by default), left to right,
        longest first; ``blocked`` tokens are skipped."""
        toks = layer.tokens
        blocked = blocked or set()
        end = len(toks) if last is None else last
        out: list[Match] = []
        i = first
        while i < end:
            if i in blocked:
                i += 1
                continue
            best = self._best_at(layer, i, blocked)
            if best is None or best.last > end:
                i += 1
                continue
            if best.alias.form != COMPETITOR:
                out.append(best)
            i = best.last
        return out

    def _best_at(self, layer: TextLayer, i: int, blocked: set[int]) -> Match | None:
        toks = layer.tokens
        word = toks[i].norm
        options: list[tuple[tuple[int, ...], Match]] = []
        seen: set[tuple[int, int, Alias]] = set()
        readings = stems(word)
        if _is_arabic(word) and len(word) in (3, 4) and word[0] in lang.words("orthography", "short_word_clitics") \
                and len(readings) == 1:
            # "وشي جين بينغ": a clitic on a short first word, too short to split alone, is
            # split where the rest of a several-word name follows
            readings = (*readings, (1, 0, word[1:]))
        for plen, slen, stem in readings:
            clitic = word[:plen]
            for alias in self._candidates(clitic, stem):
                if (plen, slen, alias) in seen or (plen and len(stem) < 3 and len(alias.tokens) < 2):
                    continue
                seen.add((plen, slen, alias))
                got = self._match(layer, i, plen, slen, stem, clitic, alias, blocked)
                if got is None:
                    continue
                # the whole word as written before a reading with a clitic split off: "بكين" is
                # Beijing, not ب + "كين" (but "وجاريد" is و + "جاريد", not a variant of it)
                score = (got.last - got.first, 1 if got.exact and not plen else 0, 0 if alias.form == COMPETITOR else 1,
                         1 if got.exact else 0, 0 if alias.form == "name" else -1, -plen)
                options.append((score, got))
        if not options:
            return None
        options.sort(key=lambda o: o[0], reverse=True)
        top_score, top = options[0]
        rivals = {m.alias.key for s, m in options if s[:5] == top_score[:5]}
        if len(rivals) > 1:
            return None  # the same words name two actors: leave it rather than guess
        return top

    def _match(self, layer: TextLayer, i: int, plen: int, slen: int, stem: str, clitic: str,
               alias: Alias, blocked: set[int]) -> Match | None:
        toks = layer.tokens
        n = len(alias.tokens)
        if i + n > len(toks):
            return None
        if n > 1 and slen:
            return None  # a possessive ends a name: only its last word may carry one
        first_alias = alias.tokens[0]
        article = stem != first_alias and clitic.endswith(("لل", "ال")) and "ال" + stem == first_alias
        tolerant = _tolerant(alias)
        score = 2 if article else same_token(stem, first_alias, tolerant)
        if not score:
            return None
        exact = score == 2
        end_slen = slen
        for k in range(1, n):
            j = i + k
            if j in blocked or not _GAP.match(layer.text[toks[j - 1].end:toks[j].start]):
                return None
            doc_word = toks[j].norm
            got = same_token(doc_word, alias.tokens[k], alias.tolerant)
            if not got and k == n - 1:
                for p2, s2, st2 in stems(doc_word):
                    if p2 == 0 and s2 and same_token(st2, alias.tokens[k], alias.tolerant):
                        got, end_slen = same_token(st2, alias.tokens[k], alias.tolerant), s2
                        break
            if not got:
                return None
            exact = exact and got == 2
        last = i + n
        nstart = toks[i].nstart + plen
        nend = toks[last - 1].nend - end_slen
        if article and clitic.endswith("ال"):
            nstart -= 2  # "بالكرملين": keep the article, which is part of the name
        start, end = layer.norm.to_original(nstart, nend)
        m = Match(start, end, i, last, alias, exact)
        return m if self._context_ok(layer, m) else None

    def _context_ok(self, layer: TextLayer, m: Match) -> bool:
        toks = layer.tokens
        a = m.alias
        for k, shape in enumerate(a.shapes):
            if not shape:
                continue
            tok: Token = toks[m.first + k]
            original = layer.text[tok.start:tok.end]
            if k == 0:
                original = layer.text[m.start:tok.end]
            letters = [c for c in original if c.isalpha()]
            if not letters:
                return False
            if shape == "upper" and not all(c.isupper() for c in letters):
                return False
            if shape == "title" and not letters[0].isupper():
                return False
        prev = toks[m.first - 1].norm if m.first > 0 else ""
        if a.person and prev and any(st in self.lex.not_person_after_ar for _, _, st in stems(prev)):
            return False
        if a.person and m.last < len(toks) and toks[m.last].norm in self.lex.not_person_after_en:
            nxt = layer.text[toks[m.last].start:toks[m.last].end]
            if nxt[:1].isupper():
                return False
        if a.ambiguous and not self._marked(layer, m, prev):
            return False
        joined_by_and = layer.text[toks[m.first].start:m.start][:1] in lang.words("orthography", "conjunctions")
        if a.form == "surname" and prev and not joined_by_and and self._given(prev, layer, toks[m.first - 1]) \
                and _GAP_SPACE.fullmatch(layer.text[toks[m.first - 1].end:toks[m.first].start]):
            return False  # "توماس غراهام", "Thomas Graham": someone else of that surname
        return True

    def _given(self, word: str, layer: TextLayer, tok: Token) -> bool:
        """A given name (clitic allowed) written as a name: capitalised if it is Latin."""
        original = layer.text[tok.start:tok.end]
        if (original[:1].isascii() and not original[:1].isupper()) or self.lex.is_stop(word):
            return False  # "إن" folds like the name "آن" but is a particle
        return any(st in self.lex.given for _, _, st in stems(word))

    def _marked(self, layer: TextLayer, m: Match, prev: str) -> bool:
        """Quoted, or right after an organisation head noun: how a name that is also a word is told apart."""
        before = layer.text[:m.start].rstrip()
        after = layer.text[m.end:].lstrip()
        quotes = "\"'«»“”„"
        if before[-1:] in quotes and after[:1] in quotes:
            return True
        if prev and self.lex.org_head_at([prev]) is not None:
            return True
        # a person's short name after a title, a role or an honorific ("الرئيس لاي", "السيد بار")
        return bool(prev) and m.alias.person and (prev in self.lex.honorifics or bool(self.lex.role_at([prev])))
