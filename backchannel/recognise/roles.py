"""The role a sentence gives a name: the title before it or the description after its comma.

"المبعوث الرئاسي الأمريكي ستيف ويتكوف", "كيريل ديميترييف، رئيس صندوق الثروة السيادي
الروسي", "envoy Steve Witkoff", "Kirill Dmitriev, head of ...". The role nouns are data
(``role_nouns`` in ``lang/*/names.yaml``); this module finds the phrase around a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from backchannel import lang
from backchannel.recognise.names import NameLexicon, stems
from backchannel.text.layer import TextLayer

# A gap between two words that ends a phrase: any punctuation but quotes, hyphens and dots in names.
_BREAK = re.compile(r"[،,.;:!?؟()\[\]\n–—|]")
_COMMA_THEN = re.compile(r"\A[\s\"»”]*[،,][\s\"«“]*\Z")
_OPEN_PAREN = re.compile(r"\A\s*\(\s*\Z")
_DEFINITE = tuple(lang.load("ar", "morphology")["definite_prefixes"])
_PREPOSITIONS = ("ل", "ب")  # attached to a title, they make it the object of the role before it
# prepositions inside a role: "المقرب من بوتين", "عضو في مجلس", "head of Ukraine's military intelligence"
_INNER = frozenset({"في", "من", "of", "for"})
_WINDOW = 8
_AFTER_MAX = 10


@dataclass(frozen=True)
class Role:
    """A role phrase: token range (end exclusive), original offsets, and which side of the name."""

    first: int
    last: int
    start: int
    end: int
    text: str
    before: bool


def _gap(layer: TextLayer, a: int, b: int) -> str:
    return layer.text[layer.tokens[a].end:layer.tokens[b].start]


def role_before(layer: TextLayer, first: int, lex: NameLexicon, stops: set[int],
                own: frozenset[tuple[str, ...]] | None = None) -> Role | None:
    """The title that ends right before token ``first`` (a comma may separate them).

    The role noun nearest the name is taken ("مستثمر تربطه بالرئيس دونالد ترمب" -> "الرئيس").
    A bare role noun right before a name is a genitive, not a title: in "مبعوث بوتين" the
    envoy is someone else, so no role is given to Putin. A bare noun before the title may
    govern it, and whose title the whole is depends (:func:`_whole_is_theirs`); ``own`` are
    the descriptors the knowledge base gives the person named, as normalised tokens (None for
    a person it does not know).
    """
    toks = layer.tokens
    j = first - 1
    while j > 0 and toks[j].norm in lex.honorifics and not _BREAK.search(_gap(layer, j, j + 1)):
        first, j = j, j - 1  # "وزير الخارجية الشيخ محمد": the title ends before the honorific
    if j < 0:
        return None
    last_gap = _gap(layer, j, first)
    comma = bool(_COMMA_THEN.match(last_gap))
    if j in stops and not comma:
        return None
    if _BREAK.search(last_gap) and not comma:
        return None
    if not comma and _bare_role(toks[j].norm, lex):
        return None
    title = _listed_title(layer, j, lex)
    if title is None:
        title = _nearest_title(layer, j, lex, stops, comma)
    if title is None:
        return None
    gov = _governing_role(layer, title, lex, stops)
    # a bare noun before the title governs it: "صهر | الرئيس الأمريكي", "نائب | رئيس شركة"
    while gov > 0 and gov - 1 not in stops and not _BREAK.search(_gap(layer, gov - 1, gov)) \
            and _bare_role(toks[gov - 1].norm, lex):
        gov -= 1
    if gov < title and not _whole_is_theirs(layer, gov, title, j, lex, own):
        gov = title
    start = _word_start(layer, gov, lex)
    return Role(gov, j + 1, start, toks[j].end, layer.text[start:toks[j].end], True)


def _listed_title(layer: TextLayer, j: int, lex: NameLexicon) -> int | None:
    """First token of the longest listed role phrase ending at token ``j`` ("Reporting by",
    "نائب الرئيس"), if any."""
    toks = layer.tokens
    for n in range(min(lex.role_max, j + 1), 0, -1):
        words = tuple(t.norm for t in toks[j - n + 1:j + 1])
        if words in lex.role_phrases and all(not _BREAK.search(_gap(layer, k, k + 1)) for k in range(j - n + 1, j)):
            return j - n + 1
    return None


def _nearest_title(layer: TextLayer, j: int, lex: NameLexicon, stops: set[int], comma: bool) -> int | None:
    """First token of the role phrase nearest token ``j`` that runs up to it ("الرئيس الأمريكي")."""
    toks = layer.tokens
    window = [j]
    while len(window) < _WINDOW:
        k = window[-1] - 1
        # after an apposition comma the title may name someone else: "صديق دونالد ترمب جونيور، تشيس"
        if k < 0 or (k in stops and not comma) or (lex.is_stop(toks[k + 1].norm) and toks[k + 1].norm not in _INNER) \
                or _BREAK.search(_gap(layer, k, k + 1)):
            break
        window.append(k)
    if lex.is_stop(toks[window[-1]].norm):
        window.pop()
    window.reverse()
    words = [toks[k].norm for k in window]
    for idx in range(len(window) - 1, -1, -1):
        if window[idx] not in stops and lex.role_at(words[idx:]):
            return window[idx]
    return None


def _governing_role(layer: TextLayer, title: int, lex: NameLexicon, stops: set[int]) -> int:
    """Where the role starts when the title is the object of a preposition after another role
    and its adjectives ("المبعوث الخاص | للرئيس الأمريكي"); else the title itself."""
    toks = layer.tokens
    word = toks[title].norm
    if not word.startswith(_PREPOSITIONS) or (word,) in lex.role_phrases:
        return title
    k = title - 1
    while k >= 0 and k not in stops and not _BREAK.search(_gap(layer, k, k + 1)):
        if lex.role_at([t.norm for t in toks[k:title]]):
            return k
        if not toks[k].norm.startswith("ال"):
            break
        k -= 1
    return title


def _whole_is_theirs(layer: TextLayer, gov: int, title: int, j: int, lex: NameLexicon,
                     own: frozenset[tuple[str, ...]] | None) -> bool:
    """Whether "governing noun + title" before a name is the person's role, or only the title is.

    "نائب الرئيس جي دي فانس" and "صهر الرئيس الأمريكي جاريد كوشنر" are the whole; in
    "مبعوث الرئيس ترمب" and "مبعوث الرئيس الأمريكي دونالد ترمب" the name is the president's
    and the envoy someone else. What the knowledge base calls the person decides: a title its
    descriptors start with is theirs ("الرئيس الأمريكي" for Trump), else the whole is. For a
    person it does not know, a bare title right before the name is the name's own ("الرئيس
    ترمب"), a longer one is part of the whole.
    """
    toks = layer.tokens
    whole = tuple(_title_word(t.norm, lex) for t in toks[gov:j + 1])
    part = tuple(_title_word(t.norm, lex) for t in toks[title:j + 1])
    if own is None:
        return j > title
    if any(d[:len(whole)] == whole for d in own):
        return True
    return not any(d[:len(part)] == part for d in own)


def _title_word(word: str, lex: NameLexicon) -> str:
    """A word of a title as a descriptor would write it: without an attached conjunction or
    preposition ("وصهر" -> "صهر"), the contracted article restored ("للرئيس" -> "الرئيس")."""
    if word.startswith("لل") and len(word) > 4:
        return "ال" + word[2:]
    if word[:1] in "وفبلك" and len(word) > 3 and ((word[1:],) in lex.role_phrases or word[1:].startswith("ال")):
        return word[1:]
    return word


def _coordinated(words: list[str], lex: NameLexicon) -> bool:
    """"X، ووزير الخارجية Y": a role after "و" lists another person, it does not describe X."""
    w = words[0]
    if w[:1] not in "وف" or any((w, *words[1:n]) in lex.role_phrases for n in range(1, len(words) + 1)):
        return False
    return bool(lex.role_at([w[1:]] + words[1:]))


def _bare_role(word: str, lex: NameLexicon) -> bool:
    """A role noun without the article (after any clitic): the first part of a genitive."""
    if word.startswith(_DEFINITE):
        return False
    return any((stem,) in lex.role_phrases and _is_arabic(stem) for _, _, stem in stems(word))


def _is_arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def role_after(layer: TextLayer, last: int, lex: NameLexicon) -> Role | None:
    """The description after a name's comma or in brackets: "X، رئيس ..." / "X (نجل الرئيس)";
    it may name other people ("صديق دونالد ترمب جونيور")."""
    toks = layer.tokens
    if last >= len(toks) or last - 1 < 0:
        return None
    gap = _gap(layer, last - 1, last)
    if not (_COMMA_THEN.match(gap) or _OPEN_PAREN.match(gap)):
        return None
    first = last
    while first < min(len(toks), last + 3) and not lex.role_at([toks[first].norm]) and (
            toks[first].norm in lex.role_openers or toks[first].norm.endswith(lex.possessive_endings)):
        first += 1  # "X, Thailand's acting defence minister": the role noun after its openers
    words = [t.norm for t in toks[first:first + lex.role_max]]
    if not lex.role_at(words) or _coordinated(words, lex):
        return None
    k = first
    while k + 1 < len(toks) and k + 1 - last < _AFTER_MAX:
        nxt = k + 1
        if _BREAK.search(_gap(layer, k, nxt)) or (lex.is_stop(toks[nxt].norm) and toks[nxt].norm not in _INNER):
            break
        k = nxt
    start = _word_start(layer, last, lex)
    return Role(last, k + 1, start, toks[k].end, layer.text[start:toks[k].end], False)


def _word_start(layer: TextLayer, i: int, lex: NameLexicon) -> int:
    """Where the role word starts, after a conjunction or preposition attached to it ("وصهر")."""
    tok = layer.tokens[i]
    rest = [t.norm for t in layer.tokens[i + 1:i + lex.role_max]]
    for plen, _, stem in sorted(stems(tok.norm)):  # the shortest clitic: "بالرئيس" keeps its article
        if any(
                (stem, *rest[:n]) in lex.role_phrases for n in range(len(rest) + 1)):
            return layer.norm.to_original(tok.nstart + plen, tok.nend)[0]
    return tok.start


def role_of(layer: TextLayer, first: int, last: int, lex: NameLexicon, stops: set[int],
            own: frozenset[tuple[str, ...]] | None = None) -> Role | None:
    """The role the sentence gives the name in tokens ``[first, last)``: the one after it first."""
    return role_after(layer, last, lex) or role_before(layer, first, lex, stops, own)
