"""Discover people and organisations the knowledge base lacks (a per-document stage).

News introduces a new name by what frames it; the frames are data (``lang/*/names.yaml``):

- a given name followed by a family name: "ستيفن لينش", "محمد أسامة هارون", "Neil Chapman";
  a given name that is also a word ("نيل", "آنا") only beside a role;
- a role and a comma before the name: "المتحدثة باسم البيت الأبيض، آنا كيلي";
- the name, a comma, and a role after it: "جنتري بيتش، صديق دونالد ترمب جونيور";
- an organisation head noun with a quoted name ("شركة "إليوت إنفستمنت مانجمنت"") or with a
  definite genitive and its adjectives ("وزارة الخزانة الأمريكية", "صندوق الثروة السيادي
  الروسي"); English names ending in a head word ("Central Intelligence Agency");
- the institution a spokesperson or official speaks for: "المتحدث باسم الكرملين",
  "مستشارون في البيت الأبيض";
- the publishing outlet, where the masthead, dateline or footer names it.

Each becomes an ``actor`` mention with ``source: discovered`` and the local key
``new:<type>:<cross-script key>``; the name is then found again, bare, later in the article.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.actors import place_competitors
from backchannel.recognise.gazetteer import Gazetteer, alias_from
from backchannel.recognise.knowledge import active_kb, load_states
from backchannel.recognise.names import NameLexicon, lexicon, stems
from backchannel.recognise.phrases import Lexicon
from backchannel.recognise.places import gazetteer as place_gazetteer
from backchannel.recognise.propagate import blocked_tokens, discovered_aliases, find_again
from backchannel.recognise.roles import role_after, role_before
from backchannel.resolve.translit import name_key
from backchannel.text.layer import TextLayer
from backchannel.text.normalise import match_key

_BREAK = re.compile(r"[،,.;:!?؟()\[\]\n–—|\"«»“”]")
_END = re.compile(r"[\s\"»”]*[،,.;:()\n]")
_SPACES = re.compile(r"[ \t\u00a0\u200e\u200f]*")
_COMMA = re.compile(r"[\s\"»”]*[،,][\s\"«“]*")
_QUOTE_OPEN = re.compile(r"\s*[\"«“]")
_QUOTED = re.compile(r"[\"«“]([^\"«»“”\n]{2,60}?)[\"»”]")
_OUTLETS = Path(__file__).resolve().parents[1] / "data" / "outlets.yaml"
_EDGE = 900
_DATELINE = re.compile(r"^[ \t]*([^\W\d_][\w.' ]{0,30}?)[ \t]*[-–—][ \t]*([^\W\d_][^\n–—]{1,40}?)[ \t]*$", re.M)
_MAX_DATELINE_WORDS = 5
_MAX_QUOTED_WORDS = 6
_MAX_DESCRIBED = 4  # words of a name after a descriptor ("the lender VTB Bank")
_MAX_NAME_WORDS = 4  # words of a person's name, particles not counted
_MAX_NAME_BEFORE_NISBA = 3  # words of a name between a head noun and a nisba ("شركة لوك أويل الروسية")
_MORPHOLOGY = lang.load("ar", "morphology")
_NOT_NAME_ENDINGS = tuple(_MORPHOLOGY["pronoun_suffixes"])
_DEFINITE_WORD = tuple(_MORPHOLOGY["definite_prefixes"])
_ARTICLE = tuple(p for p in _DEFINITE_WORD if len(p) == 2)  # "ال", "لل": how a clitic ending in the article ends
_NISBA_ENDINGS = tuple(_MORPHOLOGY["nisba_endings"])
_NOT_NISBA_ENDINGS = tuple(_MORPHOLOGY.get("not_nisba_endings") or [])
_POSSESSED = tuple(_MORPHOLOGY.get("possessed_endings") or [])


@dataclass(frozen=True)
class Found:
    """A discovered name: original offsets, type, and the role the sentence gives it."""

    start: int
    end: int
    type: str
    role: str | None = None


def _arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def _latin(text: str) -> bool:
    return bool(text) and text[0].isascii() and text[0].isalpha()


class _Doc:
    """The document's tokens with the tests discovery asks of them."""

    def __init__(self, layer: TextLayer, blocked: set[int], people: set[int], lex: NameLexicon) -> None:
        self.layer, self.toks, self.blocked, self.lex = layer, layer.tokens, blocked, lex
        self.people = people  # tokens of people's names: a role phrase never runs across one
        self.starts = [t.start for t in layer.tokens]
        self.ends = [t.end for t in layer.tokens]
        self.adjectives: set[int] = set()  # tokens of state adjectives, which may end an organisation's name
        self.counts = Counter(t.norm for t in layer.tokens)  # how often each word recurs in the article

    def gap(self, a: int, b: int) -> str:
        return self.layer.text[self.toks[a].end:self.toks[b].start]

    def joined(self, a: int, b: int) -> bool:
        """Tokens a and b are next to each other on one line, with only spaces between them
        (never when either lies outside the text: a name cannot run past its last word)."""
        if not (0 <= a < len(self.toks) and 0 <= b < len(self.toks)):
            return False
        return _SPACES.fullmatch(self.gap(a, b)) is not None

    def original(self, i: int) -> str:
        t = self.toks[i]
        return self.layer.text[t.start:t.end]

    def name_word(self, i: int) -> bool:
        """Could token i be part of a person's name (not a stop word, article word, number, role)?"""
        if i < 0 or i >= len(self.toks) or i in self.blocked:
            return False
        w = self.toks[i].norm
        if len(w) < 2 or not w[0].isalpha() or self.lex.is_stop(w):
            return False
        if _arabic(w):
            if w.startswith("ال") or self.lex.role_at([w]) or self.lex.org_head_at([w]):
                return False
            if w.endswith(_POSSESSED) and w not in self.lex.given:
                return False  # "وصعّد الرئيس لهجته": a noun with its owner's pronoun, not a name
        elif not self.original(i)[:1].isupper():
            return False
        return w not in self.lex.honorifics

    def boundary_before(self, i: int) -> bool:
        """Nothing name-like runs into token i from the left."""
        if i == 0:
            return True
        j = i - 1
        if _BREAK.search(self.gap(j, i)) or j in self.blocked:
            return True
        w = self.toks[j].norm
        return self.lex.is_stop(w) or w in self.lex.honorifics or bool(self.lex.role_at([w]))

    def given_at(self, i: int) -> tuple[int, str] | None:
        """(clitic length, given name) if token i is a given name, clitic allowed in Arabic."""
        if i in self.blocked:
            return None
        if self.lex.is_stop(self.toks[i].norm):
            return None
        if self.compound_given(i):
            plen = next((p for p, _, st in stems(self.toks[i].norm) if st in self.lex.compound_given_heads), 0)
            return plen, f"{self.toks[i].norm[plen:]} {self.toks[i + 1].norm}"
        word = self.toks[i].norm
        for plen, _, stem in stems(word):
            if word[:plen].endswith(_ARTICLE):
                continue  # "الخليل" is a place, not the given name خليل
            if stem in self.lex.given and (plen == 0 or _arabic(stem)):
                if not _arabic(stem) and not self.original(i)[:1].isupper():
                    return None
                return plen, stem
        return None

    def compound_given(self, i: int) -> bool:
        """Tokens i and i+1 are one compound given name: a head and a definite word
        ("عبد الفتاح", "نور الدين"), or two words the given-name list holds as one."""
        if i + 1 >= len(self.toks) or i + 1 in self.blocked or not self.joined(i, i + 1):
            return False
        nxt = self.toks[i + 1].norm
        if f"{self.toks[i].norm} {nxt}" in self.lex.given:
            return True
        return nxt.startswith("ال") and len(nxt) >= 4 and not self.lex.is_stop(nxt) and any(
            st in self.lex.compound_given_heads for _, _, st in stems(self.toks[i].norm))

    def family_word(self, k: int) -> bool:
        """A definite family name after a given name: a nisba ("الأنصاري"), or a definite word
        the article uses again ("خليل الحية ... وقال الحية"), since a noun right after a
        given name that recurs on its own is how Arabic writes family names such as الحية."""
        if self.family_nisba(k):
            return True
        w = self.toks[k].norm
        return k not in self.blocked and k not in self.adjectives and w.startswith("ال") and len(w) >= 5 \
            and self.counts[w] >= 2 and not self.lex.is_stop(w) and not self.lex.role_at([w]) \
            and not self.lex.org_head_at([w])

    def extend_name(self, i: int, first_is_given: bool) -> int:
        """End (exclusive) of the name that starts at token i: the family name, and a third word
        only after a second given name or a particle ("محمد أسامة هارون", "محمد بن عبدالرحمن آل
        ثاني"); a family name may be joined by a hyphen ("لفوفا-بيلوفا") or, after a given name,
        be a definite nisba ("ماجد الأنصاري")."""
        end = i + 2 if first_is_given and self.compound_given(i) else i + 1
        words = 1  # name words so far, particles not counted
        while end < len(self.toks) and words < _MAX_NAME_WORDS and self.linked(end - 1, end):
            w = self.toks[end].norm
            prev = self.toks[end - 1].norm
            if w in self.lex.generational and words >= 2 and end not in self.blocked:
                end += 1  # "دونالد ترمب جونيور" is not "دونالد ترمب"
                break
            if w in self.lex.particles and self.name_word(end + 1):
                end += 1
                if self.compound_given(end):
                    end += 2  # "بن عبد الرحمن"
                    words += 1
                continue
            if words == 1 and first_is_given and self.family_word(end):
                end += 1
                break
            if not self.name_word(end):
                break
            if words >= 2 and not (prev in self.lex.given or prev in self.lex.particles) \
                    and not self.hyphen(end - 1, end):
                break
            end += 1
            words += 1
        return end

    def linked(self, a: int, b: int) -> bool:
        """Tokens a and b belong to one name as far as the gap goes: spaces or a hyphen."""
        return self.joined(a, b) or self.hyphen(a, b)

    def hyphen(self, a: int, b: int) -> bool:
        return self.gap(a, b) in ("-", "\u2010", "\u2011")

    def family_nisba(self, k: int) -> bool:
        """A definite nisba that is a family name after a given name ("الأنصاري", "الخليفي"), not a
        state's adjective or a word that ends a name."""
        w = self.toks[k].norm
        return k not in self.blocked and k not in self.adjectives and w.startswith("ال") \
            and w.endswith("ي") and len(w) >= 6 and not self.lex.is_stop(w) and not self.lex.role_at([w])

    def span(self, first: int, last: int, plen: int = 0) -> tuple[int, int]:
        """Original offsets of tokens [first, last), after a clitic of ``plen`` letters, with a
        title glued to the last word cut off ("هارونرئيس" -> "هارون")."""
        a, b = self.toks[first], self.toks[last - 1]
        start = self.layer.norm.to_original(a.nstart + plen, a.nend)[0]
        nend = b.nend
        word = b.norm
        for role in self.lex.role_phrases:
            if len(role) == 1 and len(role[0]) >= 4 and word.endswith(role[0]) and len(word) - len(role[0]) >= 3:
                nend = b.nstart + len(word) - len(role[0])
                break
        return start, self.layer.norm.to_original(b.nstart, nend)[1]


def _people(d: _Doc) -> list[tuple[int, int, int, str | None]]:
    """(first token, end token, clitic length, role) of each person introduced in the document."""
    out: list[tuple[int, int, int, str | None]] = []
    toks = d.toks
    taken: set[int] = set()
    people_stops = d.people

    def add(first: int, end: int, plen: int, role: str | None) -> None:
        if any(k in taken for k in range(first, end)) or end - first < 1:
            return
        out.append((first, end, plen, role))
        taken.update(range(first, end))

    for i in range(len(toks)):
        if i in taken:
            continue
        given = d.given_at(i)
        if given is None:
            continue
        plen, stem = given
        end = d.extend_name(i, True)
        if end - i < 2:
            continue
        found_role = role_before(d.layer, i, d.lex, people_stops) or role_after(d.layer, end, d.lex)
        if stem in d.lex.ambiguous_given and not (i > 0 and toks[i - 1].norm in d.lex.honorifics) and not (
                found_role is not None and _titles_next_to(d, i, end, found_role)):
            continue  # "سلام" starts a name only right after its title: "الوزير سلام فياض", not "بعملية سلام تقوم"
        add(i, end, plen, found_role.text if found_role else None)
    for i in range(1, len(toks)):
        if i in taken or not d.name_word(i) or not _COMMA.fullmatch(d.gap(i - 1, i)):
            continue
        role = role_before(d.layer, i, d.lex, people_stops | taken)
        if role is None:
            continue
        end = d.extend_name(i, d.given_at(i) is not None)
        if end < len(toks) and not _END.match(d.gap(end - 1, end)):
            continue  # an apposition ends with the name: "، آنا كيلي، أن" (not "، تهدف إلى")
        add(i, end, 0, role.text)
    for i in range(1, len(toks)):
        # "رئيس الوزراء البلجيكي بارت دي ويفر": a title ending in a nisba, then the name
        if i in taken or not d.name_word(i) or not d.joined(i - 1, i) or not _is_nisba(d, i - 1) \
                or not toks[i - 1].norm.startswith("ال"):
            continue
        end = d.extend_name(i, d.given_at(i) is not None)
        role = role_before(d.layer, i, d.lex, people_stops | taken)
        if end - i < 2 or role is None or not _name_ends(d, end) or not _titled_by(d, role.first, i):
            continue
        add(i, end, 0, role.text)
    for k in range(len(toks) - 1):
        if k in taken or not (_COMMA.fullmatch(d.gap(k, k + 1)) or d.gap(k, k + 1).strip() == "("):
            continue
        role = role_after(d.layer, k + 1, d.lex)
        if role is None or not d.name_word(k):
            continue
        # "وتولى أنوتين، زعيم ...": a word carrying the conjunction before the name is mostly the
        # verb of the sentence, unless it is a given name ("وليد جنبلاط، الزعيم ...")
        conj = k > 0 and d.toks[k - 1].norm[:1] in lang.words("orthography", "conjunctions") \
            and d.given_at(k - 1) is None
        first = k - 1 if d.name_word(k - 1) and d.joined(k - 1, k) and d.boundary_before(k - 1) and not conj else k
        if first == k and not (d.boundary_before(k) or conj):
            continue
        add(first, k + 1, 0, role.text)
    return out


def _titles_next_to(d: _Doc, first: int, end: int, role: Any) -> bool:
    """The title touches the name: it ends on the word before, and that word is a role noun, a
    state's adjective or a definite word of the title ("الوزير الإسرائيلي سلام ...", "المتحدث
    باسم الوزارة ماجد ..."), not a noun after a preposition ("بعملية سلام تقوم"); or the role
    follows the name past a comma."""
    before = first - 1
    if before >= 0 and d.joined(before, first) and role.before and role.last == first:
        w = d.toks[before].norm
        if before in d.adjectives or d.lex.role_at([w]) or w.startswith(_DEFINITE_WORD[:1]):
            return True
    after = end
    return after < len(d.toks) and bool(_COMMA.fullmatch(d.gap(after - 1, after))) \
        and bool(d.lex.role_at([t.norm for t in d.toks[after:after + 3]]))


def _titled_by(d: _Doc, first: int, i: int) -> bool:
    """The words from a title's noun up to token ``i`` are what titles are made of: role and
    head nouns, definite words and the links of a spokesperson ("نائب وزير الخارجية
    الأوكراني", "المتحدث باسم وزارة الخارجية الأوكرانية"), never a verb or an adverb."""
    def part(w: str) -> bool:
        return w.startswith(_DEFINITE_WORD) or w in d.lex.member_links or bool(
            d.lex.role_at([w]) or d.lex.org_head_at([w]))
    return all(part(d.toks[k].norm) for k in range(first + 1, i))


def _name_ends(d: _Doc, end: int) -> bool:
    """Nothing name-like follows token ``end - 1``: punctuation, the end, a particle or a verb of
    saying ("بارت دي ويفر إن", "... ويفر، ", "... ويفر قال")."""
    if end >= len(d.toks) or not d.joined(end - 1, end):
        return True
    w = d.toks[end].norm
    return d.lex.is_stop(w) or any(st in d.lex.agent_verbs for _, _, st in stems(w))


def _org_from_head(d: _Doc, i: int) -> tuple[int, int, int, str] | None:
    """(first token, end token, clitic length, type) of "head + genitive + adjectives" at token i."""
    head = d.lex.org_head_at([t.norm for t in d.toks[i:i + 2]])
    if head is None or i in d.blocked:
        return None
    n, kind = head
    word = d.toks[i].norm
    rest = [t.norm for t in d.toks[i + 1:i + n]]
    plen, stem = next((p, st) for p, _, st in stems(word) if (st, *rest) in d.lex.org_heads)
    definite_head = stem.startswith("ال") or word[:plen].endswith("ال")
    if word[:plen].endswith("ال"):
        plen -= 2  # "والقناة": the article belongs to the name
    end = i + n
    if not definite_head and _verbal_noun_then_genitive(d, end) \
            and (stem, *rest, d.toks[end].norm) not in d.lex.generic_orgs:
        end += 1  # "مكتب مراقبة الأصول الأجنبية", "وكالة مكافحة الفساد": the head's task, then its object
    mods = 0
    while end < len(d.toks) and mods < 4 and d.joined(end - 1, end) and (end not in d.blocked or end in d.adjectives):
        w = d.toks[end].norm
        if not w.startswith("ال") or d.lex.is_stop(w):
            break
        nisba = w.endswith(_NISBA_ENDINGS)
        if (mods > 0 or definite_head) and not nisba and not _nisba_next(d, end):
            break  # "صندوق الاستثمارات العامة السعودي": a plain adjective only before a nisba one
        mods += 1
        end += 1
    if mods == 0 or (definite_head and mods < 2 and not _named_by_nisba(d, stem, word, plen, i, end)):
        return None
    if (stem, *rest, *[t.norm for t in d.toks[i + n:end]]) in d.lex.generic_orgs:
        return None
    return i, end, plen, kind


def _org_named_before_nisba(d: _Doc, i: int) -> tuple[int, int] | None:
    """(first, end) of the name in "head + name + a state's definite nisba" at token i: "شركة
    غنفور السويسرية", "مجموعة كارلايل الأمريكية". A definite adjective after an indefinite
    noun is only grammatical if that noun is a proper name, so the words between are one;
    other words in -ي are often a genitive ("حلف شمال الأطلسي"), so only a state's counts."""
    head = d.lex.org_head_at([t.norm for t in d.toks[i:i + 2]])
    if head is None or i in d.blocked:
        return None
    n, _kind = head
    if d.toks[i].norm.startswith(_DEFINITE_WORD) or i + n >= len(d.toks):
        return None
    first = end = i + n
    while end < len(d.toks) and end - first < _MAX_NAME_BEFORE_NISBA and d.joined(end - 1, end) \
            and d.name_word(end) and not _is_nisba(d, end):
        end += 1
    if end == first or end >= len(d.toks) or not d.joined(end - 1, end):
        return None
    return (first, end) if end in d.adjectives and d.toks[end].norm.startswith("ال") else None


def _named_after_head(d: _Doc, i: int) -> tuple[int, int, int, str] | None:
    """(first token of the name, end token, clitic length, type) of "noun + proper name" at token
    i (``named_by_head`` in lang/ar/names.yaml): "حركة حماس", "وفد حماس", "جماعة الحوثي"."""
    if i + 1 >= len(d.toks) or i in d.blocked or not d.joined(i, i + 1):
        return None
    word = d.toks[i].norm
    hit = next(((p, d.lex.named_by_head[st]) for p, _, st in stems(word)
                if st in d.lex.named_by_head and not word[:p].endswith(_ARTICLE)), None)
    if hit is None:
        return None
    plen, (kind, includes_head) = hit
    k = i + 1
    w = d.toks[k].norm
    if len(w) < 3 or not w[0].isalpha() or d.lex.is_stop(w) or d.lex.role_at([w]) or d.lex.org_head_at([w]) \
            or w in d.lex.honorifics or not _arabic(w):
        return None
    if k in d.blocked:
        # a known actor after the noun: "وفد إسرائيل" adds nothing, "حركة حماس" names the known movement
        return None
    if w.startswith("ال"):
        # only a movement is named by a definite word ("حركة الشباب"), and only by one the
        # article repeats that is neither a nisba nor itself such a noun ("وفد الحكومة", "قادة الحركة")
        if not includes_head or d.counts[w] < 2 or _is_nisba(d, k) or w[2:] in d.lex.named_by_head \
                or d.lex.org_head_at([w[2:]]) or d.lex.role_at([w[2:]]):
            return None
    elif (w.endswith(_NISBA_ENDINGS) and not w.endswith(_NOT_NISBA_ENDINGS)) or w.endswith(_NOT_NAME_ENDINGS):
        # "حزب سياسي", "ميليشيا أسسها": an adjective, a word with a pronoun; a final "اي" is no
        # nisba but a foreign name's vowel ("حزب بومجايثاي")
        return None
    elif d.counts[w] < 2 and k + 1 < len(d.toks) and d.joined(k, k + 1) \
            and d.toks[k + 1].norm.startswith("ال") and not _is_nisba(d, k + 1):
        return None  # "جماعة ضغط الشركات": a construct chain of common nouns, said once
    return (i if includes_head else k), k + 1, (plen if includes_head else 0), kind


def _is_nisba(d: _Doc, k: int) -> bool:
    """Token k is a nisba adjective: a state's (recognised) or any word so formed."""
    w = d.toks[k].norm
    return k in d.adjectives or (w.endswith(_NISBA_ENDINGS) and not d.lex.is_stop(w) and len(w) > 4)


def _verbal_noun_then_genitive(d: _Doc, k: int) -> bool:
    """Token k is an indefinite noun in construct with a definite word after it: the task or field
    in an organisation's name ("مراقبة الأصول", "مكافحة الفساد", "دراسات الحرب"), not a name, a
    nisba or a particle."""
    if k + 1 >= len(d.toks) or k in d.blocked or not d.joined(k, k + 1) or not d.joined(k - 1, k):
        return False
    w, nxt = d.toks[k].norm, d.toks[k + 1].norm
    if w.startswith(_DEFINITE_WORD) or not w.endswith(("ه", "ات")) or d.lex.is_stop(w) or _is_nisba(d, k):
        return False
    return nxt.startswith("ال") and not d.lex.is_stop(nxt) and k + 1 not in d.blocked


def _named_by_nisba(d: _Doc, stem: str, word: str, plen: int, i: int, end: int) -> bool:
    """"المفوضية الأوروبية", "الجيش الرواندي": a definite head the lexicon lists, and one nisba
    adjective of a state or bloc ("الرئاسة الدورية" is any rotating chair)."""
    head = stem if stem.startswith("ال") else "ال" + stem
    return head in d.lex.named_by_nisba and end == i + 2 and _is_nisba(d, i + 1) and (
        i + 1 in d.adjectives or d.toks[i + 1].norm in d.lex.regional_adjectives)


def _nisba_next(d: _Doc, k: int) -> bool:
    """The token after ``k`` is a definite nisba adjective joined to it."""
    n = k + 1
    if n >= len(d.toks) or not d.joined(k, n):
        return False
    w = d.toks[n].norm
    return w.startswith("ال") and w.endswith(_NISBA_ENDINGS) and not d.lex.is_stop(w)


def _quoted_after_head(d: _Doc, i: int) -> list[tuple[int, int, str]]:
    """Quoted names right after an organisation head noun (شركة "X", لشركتي "X" و"Y") or after
    a noun for who leads one (رئيس «روس نفط»)."""
    head = d.lex.org_head_at([t.norm for t in d.toks[i:i + 2]])
    if head is None and any(st in d.lex.org_leaders for _, _, st in stems(d.toks[i].norm)):
        head = (1, "organization")
    if head is None or i in d.blocked:
        return []
    n, kind = head
    text = d.layer.text
    pos = d.toks[i + n - 1].end
    out = []
    while True:
        if not _QUOTE_OPEN.match(text, pos):
            break
        m = _QUOTED.match(text, pos + len(_QUOTE_OPEN.match(text, pos).group(0)) - 1)  # type: ignore[union-attr]
        if not m or len(m.group(1).split()) > _MAX_QUOTED_WORDS:
            break
        inner = m.group(1).strip()
        if d.toks[i].norm.startswith("ال") or any(d.lex.is_stop(match_key(w)) for w in inner.split()):
            break  # "إن الوكالة «رفضت حتى إدانة» الهجمات": a quotation of what the body said, not its name
        start = m.start(1) + m.group(1).index(inner)
        out.append((start, start + len(inner), kind))
        nxt = re.match(r"\s*و\s*(?=[\"«“])", text[m.end():])
        if not nxt:
            break
        pos = m.end() + nxt.end()
    return out


def _member_org(d: _Doc, i: int) -> tuple[int, int, int] | None:
    """The institution after "المتحدث باسم" / "مسؤول في" / "مستشارون بالـ": (first, end, clitic length)."""
    w = d.toks[i].norm
    if i + 2 >= len(d.toks) or not any(st in d.lex.member_nouns for _, _, st in stems(w)):
        return None
    j = i + 1
    link = d.toks[j].norm
    plen = 0
    if link in d.lex.member_links:
        j += 1
        single_ok = link == "باسم"
    elif link.startswith("بال") and len(link) > 5:
        plen, single_ok = 1, False
    else:
        return None
    if j >= len(d.toks) or j in d.blocked or not d.joined(j - 1, j):
        return None
    if not d.toks[j].norm[plen:].startswith("ال"):
        return None
    end = j + 1
    if end < len(d.toks) and d.joined(j, end) and d.toks[end].norm.startswith("ال") and (
            end not in d.blocked or end in d.adjectives) and not d.lex.is_stop(d.toks[end].norm):
        end += 1  # "المتحدث باسم الخارجية الإيرانية": a state's adjective makes the body that state's
    if end - j < 2 and not single_ok:
        return None
    return j, end, plen


def _english_names(d: _Doc) -> list[tuple[int, int, str, str | None]]:
    """Capitalised English names: people by given name or title (with their role),
    organisations by head word or by the descriptor before them."""
    out: list[tuple[int, int, str, str | None]] = []
    toks = d.toks
    i = 0
    connectors = {"of", "the", "and", "for", "&"}
    while i < len(toks):
        if not _latin(d.original(i)) or not d.original(i)[:1].isupper() or i in d.blocked:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and j not in d.blocked and d.joined(j - 1, j):
            o = d.original(j)
            if _latin(o) and (o[:1].isupper() or (toks[j].norm in connectors and _capital_after(d, j, connectors))):
                j += 1
                continue
            break
        if i > 0 and i - 1 in d.blocked and d.joined(i - 1, i) and not d.lex.role_at([toks[i].norm]):
            i = j  # the rest of a name already found ("Erem Media" + "FZ LLC")
            continue
        first = i
        while first < j and (d.original(first) in ("The", "A", "An") or toks[first].norm in d.lex.stop_words
                             and d.original(first)[:1].isupper() and first == i):
            first += 1
        body = bool(d.lex.org_heads.get((toks[j - 1].norm,)))  # "General Border Committee": no title in it
        while first < j and toks[first].norm.rstrip(".") in d.lex.honorifics and not body:
            first += 1  # "Lt Gen Rajiv Ghai": ranks are no part of a name
        titled = False
        for k in range(j - 2, first - 1, -1):
            if d.lex.role_at([toks[k].norm]) and not body:
                first, titled = k + 1, True  # "Sberbank CEO Herman Gref": the name follows the title
                break
        if titled and first < j and toks[first].norm in connectors:
            # "Secretary of State Marco Rubio": the title runs on, the name is its last two words
            # (or starts at a given name)
            given = next((k for k in range(first + 1, j) if toks[k].norm in d.lex.given), None)
            first = given if given is not None else (j - 2 if j - first >= 4 else j)
        while j > first and toks[j - 1].norm in connectors:
            j -= 1
        described = _described_as(d, first)
        if described:  # "the Swiss commodity trader Gunvor", "a bid by the trader Gunvor for Lukoil"
            end = next((k for k in range(first, j) if toks[k].norm in connectors), j)
            if 0 < end - first <= _MAX_DESCRIBED and toks[first].norm not in d.lex.given:
                out.append((first, end, described, None))
        elif j - first >= 3 and d.original(first) in _english_heads() and toks[first + 1].norm in ("of", "for"):
            # "Institute for the Study of War", "Office of the President" (up to a person's given name)
            end = next((k for k in range(first + 2, j) if toks[k].norm in d.lex.given), j)
            if end - first >= 3 and not (first > 0 and toks[first - 1].norm in d.lex.describing_determiners):
                out.append((first, end, d.lex.org_heads[(toks[first].norm,)], None))
        elif j - first >= 2:
            last_head = d.lex.org_heads.get((toks[j - 1].norm,))
            if last_head and d.original(j - 1) in {w for w in _english_heads()}:
                if not (first > 0 and toks[first - 1].norm in d.lex.describing_determiners):
                    out.append((first, j, last_head, None))  # "his Security Council" describes, it does not name
            elif j - first <= 3 and not any(d.lex.role_at([toks[k].norm]) for k in range(first, j)):
                role = role_before(d.layer, first, d.lex, d.people) or (
                    role_after(d.layer, j, d.lex) if j - first >= 2 else None)  # "X Y, the acting minister,"
                given = toks[first].norm in d.lex.given and toks[first].norm not in d.lex.ambiguous_given \
                    and not any(d.lex.org_heads.get((toks[k].norm,)) for k in range(first, j))
                if given or titled or role:
                    out.append((first, j, "person", role.text if role else None))
        i = max(j, i + 1)
    return out


@lru_cache(maxsize=1)
def _not_new_names() -> frozenset[str]:
    """Words that are never a new actor's one-word name: state adjectives and their plurals
    ("Palestinian", "Palestinians", "African"), and the capitals and places the gazetteers know
    (a capital stands for its state only as a role mention: "Washington said")."""
    words = {match_key(a) for s in load_states().values() for a in s.adjectives.get("en", [])}
    words |= {match_key(m) for s in load_states().values() for m in s.metonyms.get("en", [])}
    words |= {match_key(n) for p in place_gazetteer().values() for n in p.get("names", [])}
    words |= lang.words("names", "regional_adjectives")
    return frozenset(words | {w + "s" for w in words})


def _english_repeated(d: _Doc) -> list[tuple[int, str]]:
    """(token, type) of one-word English names no frame introduces but the article repeats in
    mid-sentence ("Hamas", "Nvidia", "Monusco"): capitalised after a lower-case word at least
    twice, never after a preposition of place (then it is a place: "in Busan"), and no stop
    word, role, title, head word, given name or demonym. Typed a person where a title or role
    stands before one of its uses, else an organisation."""
    seen: dict[str, list[int]] = {}
    for i in range(1, len(d.toks)):
        o = d.original(i)
        if i in d.blocked or not _latin(o) or not o[:1].isupper() or len(o) < 3 or not o.isalpha():
            continue
        seen.setdefault(d.toks[i].norm, []).append(i)
    places = lang.words("triggers", "place_prepositions") | lang.words("triggers", "from_prepositions")
    out: list[tuple[int, str]] = []
    for w, where in seen.items():
        if d.lex.is_stop(w) or d.lex.role_at([w]) or (w,) in d.lex.org_heads or w in d.lex.given \
                or w in d.lex.honorifics or w in _not_new_names() or w in d.lex.org_descriptors:
            continue
        mid = [i for i in where if d.joined(i - 1, i) and d.original(i - 1)[:1].islower()
               and not (i + 1 < len(d.toks) and d.joined(i, i + 1) and d.original(i + 1)[:1].isupper())]
        if len(mid) < 2 or any(d.toks[i - 1].norm in places for i in where):
            continue
        person = any(d.lex.role_at([d.toks[i - 1].norm]) for i in where)
        out += [(i, "person" if person else "organization") for i in mid[:1]]
    return out


def _capital_after(d: _Doc, j: int, connectors: set[str]) -> bool:
    """A capitalised word follows the connector at token j, perhaps after "the" ("of the President")."""
    k = j + 1
    if k < len(d.toks) and d.toks[k].norm == "the" and d.toks[j].norm != "the":
        k += 1
    return k < len(d.toks) and k not in d.blocked and all(d.joined(x, x + 1) for x in range(j, k)) \
        and d.original(k)[:1].isupper()


def _described_as(d: _Doc, first: int) -> str | None:
    """The type a lower-case descriptor right before token ``first`` gives the name after it
    ("trader Gunvor", "firm Carlyle", "depository Euroclear")."""
    k = first - 1
    if k < 0 or not d.joined(k, first) or d.original(k)[:1].isupper():
        return None
    return d.lex.org_descriptors.get(d.toks[k].norm)


@lru_cache(maxsize=1)
def _english_heads() -> frozenset[str]:
    from backchannel import lang

    return frozenset((lang.load("en", "names").get("org_heads") or {}).keys())


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, list[str]]:
    try:
        entries = safe_load(_OUTLETS.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return {}
    return {str(e["name"]): [str(n) for n in e.get("names", [])] for e in entries if isinstance(e, dict) and e.get("name")}


# The knowledge base's names by match key (first actor wins), built once per knowledge base.
_NAMED: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def _named(kb: dict[str, Any]) -> dict[str, Any]:
    cached = _NAMED.get(id(kb))
    if cached is None or cached[0] is not kb:
        index: dict[str, Any] = {}
        for actor in kb.values():
            for n in actor.all_names():
                index.setdefault(match_key(n), actor)
        cached = _NAMED[id(kb)] = (kb, index)
    return cached[1]


def _outlet_key(outlet: str, kb: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    actor = _named(kb).get(match_key(outlet))
    if actor is not None:
        return f"kb:{actor.id}", {"name": actor.name, "type": actor.type, "source": "kb"}
    return f"new:media:{name_key(outlet)}", {"name": outlet, "type": "media", "source": "discovered"}


@lru_cache(maxsize=256)
def _outlet_gazetteer(outlet: str, key: str) -> Gazetteer:
    """This outlet's names as the publisher ``key`` against every other outlet's names: the
    same for every document of the outlet, so built once."""
    names = [outlet, *_outlet_names().get(outlet, [])]
    aliases = [a for n in names if (a := alias_from(n, key, form="publisher"))]
    # every outlet's names compete, so a longer one ("الشرق الأوسط") is not read as this one
    others = [a for o, a in _other_aliases() if o != outlet]
    return Gazetteer(aliases + others)


@lru_cache(maxsize=1)
def _other_aliases() -> tuple[tuple[str, Any], ...]:
    """Every listed outlet's names as aliases of ``other:<outlet>``, in file order."""
    return tuple((o, a) for o, ns in _outlet_names().items() for n in ns if (a := alias_from(n, "other:" + o)))


def outlet_mentions(analysis: DocAnalysis, options: Any) -> None:
    """The publisher as the masthead, dateline or footer names it ("دبي -الشرق"), and the
    outlet a dateline line ends with ("موسكو – وكالة المشرق للأنباء", "Moscow – Al-Ofuq News")."""
    kb = active_kb(options)
    outlet = analysis.doc.outlet
    layer = analysis.layer
    own: set[str] = set()
    if outlet:
        key, value = _outlet_key(outlet, kb)
        names = [outlet, *_outlet_names().get(outlet, [])]
        own = {match_key(n) for n in names}
        text_len = len(layer.text)
        for m in _outlet_gazetteer(outlet, key).find(layer, blocked_tokens(analysis)):
            if m.alias.key != key or _EDGE <= m.start < text_len - _EDGE:
                continue
            _publisher(analysis, m.start, m.end, key, value)
    lex = lexicon()
    for start, end in _dateline_names(layer, lex):
        if any(m.kind == "actor" and m.span.start < end and start < m.span.end for m in analysis.mentions):
            continue
        name = layer.text[start:end]
        key, value = _outlet_key(outlet if outlet and match_key(name) in own else name, kb)
        _publisher(analysis, start, end, key, value)


def _publisher(analysis: DocAnalysis, start: int, end: int, key: str, value: dict[str, Any]) -> None:
    analysis.mentions.append(Mention(analysis.doc.span(start, end), "actor", key,
                                     {**value, "form": "publisher", "role": "publisher"}))


def _dateline_names(layer: TextLayer, lex: NameLexicon) -> list[tuple[int, int]]:
    """Offsets of the name ending a dateline line ("أنكوريج – الرصد اليومي"): a place of a few
    words, a dash, and a short name with no function word, alone on its line."""
    out = []
    for m in _DATELINE.finditer(layer.text):
        words = m.group(2).split()
        if len(m.group(1).split()) > 3 or len(words) > _MAX_DATELINE_WORDS:
            continue
        if any(lex.is_stop(match_key(w)) for w in words):
            continue
        out.append((m.start(2), m.end(2)))
    return out


def _add(analysis: DocAnalysis, start: int, end: int, typ: str, role: str | None, how: str) -> None:
    text = analysis.layer.text[start:end]
    key = name_key(text)
    if not key or not text.strip():
        return
    value: dict[str, Any] = {"name": text, "type": typ, "source": "discovered", "form": "name",
                             "how": how}
    if role:
        value["role"] = role
    analysis.mentions.append(Mention(analysis.doc.span(start, end), "actor", f"new:{typ}:{key}", value))


def discover_actors(analysis: DocAnalysis, options: Any) -> None:
    """Add ``actor`` mentions for the people and organisations the text introduces itself."""
    outlet_mentions(analysis, options)
    lex = lexicon()
    layer = analysis.layer
    d = _Doc(layer, blocked_tokens(analysis), blocked_tokens(analysis, "person"), lex)
    # capitals named in the text are places, never a new person or body, even where they do not
    # act for their state ("وصل إلى إسلام آباد")
    d.blocked.update(k for hit in _capitals().finditer(layer) for k in _tokens_between(d, hit.start, hit.end))
    d.adjectives = blocked_tokens(analysis, form="adjective")
    for i in range(len(d.toks)):
        for start, end, kind in _quoted_after_head(d, i):
            if not any(k in d.blocked for k in _tokens_between(d, start, end)):
                _add(analysis, start, end, kind, None, "head noun and quoted name")
                d.blocked.update(_tokens_between(d, start, end))
    for i in range(len(d.toks)):
        named = _org_named_before_nisba(d, i)
        if named and not any(k in d.blocked for k in range(*named)):
            s, e = d.span(*named)
            _add(analysis, s, e, d.lex.org_head_at([t.norm for t in d.toks[i:i + 2]])[1], None,  # type: ignore[index]
                 "head noun, name and nisba")
            d.blocked.update(range(*named))
    for i in range(len(d.toks)):
        got = _member_org(d, i)
        if got:
            j, end, plen = got
            s, e = d.span(j, end, plen)
            _add(analysis, s, e, "government_body", None, "institution of a spokesperson or official")
            d.blocked.update(range(j, end))
    for i in range(len(d.toks)):
        named = _named_after_head(d, i)
        if named and not any(k in d.blocked for k in range(named[0], named[1]) if k != i):
            first, end, plen, kind = named
            s, e = layer.norm.to_original(d.toks[first].nstart + plen, d.toks[end - 1].nend)
            _add(analysis, s, e, kind, None, "noun that takes a proper name")
            d.blocked.update(range(first, end))
    i = 0
    while i < len(d.toks):
        org = _org_from_head(d, i)
        if org:
            first, end, plen, kind = org
            s, e = layer.norm.to_original(d.toks[first].nstart + plen, d.toks[end - 1].nend)
            _add(analysis, s, e, kind, None, "head noun and genitive")
            d.blocked.update(range(first, end))
            i = end
            continue
        i += 1
    for first, end, plen, role in _people(d):
        s, e = d.span(first, end, plen)
        _add(analysis, s, e, "person", role, "given name or role")
        d.blocked.update(range(first, end))
        d.people.update(range(first, end))
    for first, end, kind, role in _english_names(d):
        s, e = d.span(first, end)
        if layer.text[e - 2:e] in ("'s", "’s"):
            e -= 2
        _add(analysis, s, e, kind, role, "capitalised name")
        d.blocked.update(range(first, end))
    for i, kind in _english_repeated(d):
        s, e = d.span(i, i + 1)
        _add(analysis, s, e, kind, None, "capitalised word the article repeats")
        d.blocked.add(i)
    aliases, values = discovered_aliases(analysis.mentions)
    if aliases:
        find_again(analysis, Gazetteer(aliases + list(place_competitors()), lex), values, propagated=False)


@lru_cache(maxsize=1)
def _capitals() -> Lexicon:
    """Every capital or seat the states gazetteer knows ("إسلام آباد", "Islamabad"), in any role."""
    return Lexicon((n, s.id) for s in load_states().values() for names in s.metonyms.values() for n in names)


def _tokens_between(d: _Doc, start: int, end: int) -> range:
    """Indices of the tokens overlapping ``[start, end)``."""
    first = bisect.bisect_right(d.ends, start)
    return range(first, bisect.bisect_left(d.starts, end))
