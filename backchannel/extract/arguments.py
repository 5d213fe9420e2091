"""Who did what to whom: the arguments a clause gives an event trigger, and the roles they fill.

A shallow parser, one grammar per language (``lang/<lang>/arguments.yaml``): the names of a
clause are grouped into chunks (a title and its name, names joined by "و"/"and"), each chunk
is given the slot its position and preposition mark (subject, object, "with", "to", "on",
"by", a noun's genitive...), and the event type's frame (``data/frames.yaml``) turns slots
into roles: PLOVER's source and target, the host of a meeting, or a plain participant.

A name the grammar gives no slot (after "في"/"in", inside a relative clause, before "that")
is not an argument of this trigger: it gets no role, and the caller may drop it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable


from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.extract.clauses import CLAUSE_MARKS as _COMMA, at_break
from backchannel.kb.model import Mention
from backchannel.recognise.triggers import modifier_lexicon
from backchannel.text.layer import TextLayer, Token
from backchannel.text.normalise import match_key

_FRAMES = Path(__file__).resolve().parents[1] / "data" / "frames.yaml"
_BARE_REACH = 4  # words a bare object may stand from its verb ("imposed new sanctions ... Rosneft")
# Before its trigger a preposition's name modifies the subject ("close to the Kremlin", "head of
# the fund"), unless it says who else took part or, in a passive, by whom.
_BEFORE_SLOTS = frozenset({"with", "between", "agent"})
_PREP_REACH = 3  # words a preposition may stand before its name ("مع الرئيس الروسي بوتين")


@dataclass(frozen=True)
class Grammar:
    """One language's argument marking, read from ``lang/<lang>/arguments.yaml``."""

    language: str
    verb_first: bool
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # preposition words -> slot, longest first
    attached: dict[str, str]
    coordinators: frozenset[str]
    separators: frozenset[str]
    possessive: tuple[str, ...]
    auxiliaries: frozenset[str]
    participle_endings: tuple[str, ...]
    passive_marks: tuple[str, ...]
    passive_words: frozenset[str]
    relatives: frozenset[str]
    complementizers: frozenset[str]
    host_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    absence: tuple[tuple[str, ...], ...]
    occasion: tuple[tuple[str, ...], ...]
    articles: frozenset[str]
    answers: dict[str, dict[str, tuple[tuple[str, ...], ...]]]  # reply type -> answered type -> nouns
    articled: tuple[str, ...]  # definite prefixes, some with a preposition written on ("لل", "بال")


@lru_cache(maxsize=None)
def grammar(language: str) -> Grammar:
    """The argument grammar of ``language`` ("ar" or "en"; any other language reads as English)."""
    code = language if language in ("ar", "en") else "en"
    d: dict[str, Any] = lang.load(code, "arguments")
    phrases = [(tuple(match_key(str(w)).split()), slot) for slot, words in d["prepositions"].items() for w in words]
    phrases.sort(key=lambda p: -len(p[0]))

    def words(name: str) -> frozenset[str]:
        return frozenset(match_key(str(w)) for w in d.get(name) or [])
    return Grammar(
        language=code, verb_first=d.get("order") == "VSO", phrases=tuple(p for p in phrases if p[0]),
        attached={match_key(k): v for k, v in (d.get("attached") or {}).items()},
        coordinators=words("coordinators"), separators=frozenset(d.get("list_separators") or []),
        possessive=tuple(d.get("possessive") or []), auxiliaries=words("passive_auxiliaries"),
        participle_endings=tuple(d.get("participle_endings") or []), passive_marks=tuple(d.get("passive_marks") or []),
        passive_words=words("passive_words"), relatives=words("relatives"), complementizers=words("complementizers"),
        host_verbs=words("host_verbs"), receiving_verbs=words("receiving_verbs"),
        absence=_phrases(d.get("absence") or []), occasion=_phrases(d.get("occasion") or []),
        articles=words("articles"),
        articled=tuple(match_key(p) for p in _morphology(code).get("definite_prefixes") or []),
        answers={reply: {kind: _phrases(nouns) for kind, nouns in table.items()}
                 for reply, table in (d.get("answers") or {}).items()})


def _morphology(code: str) -> dict[str, Any]:
    """``lang/<code>/morphology.yaml`` when the language has one (Arabic's definite prefixes)."""
    return lang.load(code, "morphology") if (lang.LANG_DIR / code / "morphology.yaml").is_file() else {}


def _phrases(items: Iterable[Any]) -> tuple[tuple[str, ...], ...]:
    """Phrases of a word list as tuples of folded words, for :func:`_find_phrase`."""
    return tuple(p for p in (tuple(match_key(str(w)).split()) for w in items) if p)


def _find_phrase(g: Grammar, words: list[str], phrases: Iterable[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first of ``phrases`` that occurs in ``words`` (its first word may carry a conjunction: "ولم")."""
    for i in range(len(words)):
        for phrase in phrases:
            n = len(phrase)
            if i + n <= len(words) and _is(g, words[i], frozenset({phrase[0]})) and tuple(words[i + 1:i + n]) == phrase[1:]:
                return phrase
    return None


@lru_cache(maxsize=1)
def _frames_file() -> dict[str, Any]:
    with _FRAMES.open(encoding="utf-8") as fh:
        return safe_load(fh)


@lru_cache(maxsize=1)
def frames() -> dict[str, dict[str, str]]:
    """Event type -> {slot: role}; types the file does not list take its default."""
    d = _frames_file()
    return {"*": dict(d["default"]), **{t: dict(f) for t, f in d["frames"].items()}}


def frame(etype: str) -> dict[str, str]:
    table = frames()
    return table.get(etype, table["*"])


def destination(etype: str) -> bool:
    """Whether "to X"/"إلى X" after this type's trigger says where someone went (a visit), not to whom."""
    return etype in (_frames_file().get("destinations") or [])


@lru_cache(maxsize=1)
def toward_words() -> frozenset[str]:
    """The single words of every language that introduce the "to" slot ("to", "إلى", "ل")."""
    return frozenset(w[0] for lg in ("ar", "en") for w, slot in grammar(lg).phrases if slot == "to" and len(w) == 1)


@dataclass(frozen=True)
class Argument:
    """A name the clause makes an argument of the trigger, the slot it fills, and why."""

    mention: Mention
    slot: str
    how: str
    chunk: int  # names of one chunk ("Witkoff and Kushner") share their slot


@dataclass
class Roles:
    """Who did what to whom in one event, by actor key."""

    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    host: list[str] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # key -> the slot it was read from


def read_arguments(layer: TextLayer, trigger: Mention, mentions: Iterable[Mention], start: int, end: int,
                   language: str, places: Iterable[Mention] = ()) -> list[Argument]:
    """The slot each name of ``[start, end)`` fills for ``trigger``, or "other" when it fills none.

    ``places`` are the clause's place names: a name that is also a place ("البيت الأبيض") after
    a noun is what the noun is done to ("زيارة البيت الأبيض": the White House is visited)."""
    g = grammar(language)
    every = sorted((m for m in mentions if start <= m.span.start and m.span.end <= end), key=lambda m: m.span.start)
    names = [m for m in every if not _nested(m, every)]  # "وكالة الفضاء" inside "رئيس وكالة الفضاء الروسية"
    sites = [(p.span.start, p.span.end) for p in places]
    verb = trigger.value.get("strength") == "verb"
    passive = _passive(layer, trigger, g) or (not verb and _received(layer, g, start, trigger))
    out: list[Argument] = []
    subject_before = False
    bare_after = 0
    for i, m in enumerate(names):
        prev = out[-1] if out else None
        after = m.span.start >= trigger.span.end
        lo = max(start, trigger.span.end if after else start, prev.mention.span.end if prev else start)
        gap = layer.tokens_in(lo, m.span.start)
        gap_text = layer.text[lo:m.span.start]
        if prev is not None and prev.mention.span.end <= m.span.start and (
                prev.mention.span.end >= trigger.span.end or m.span.end <= trigger.span.start) and (
                _joined(g, layer, prev.mention, m, gap, gap_text, names[i + 1:])):
            out.append(Argument(m, prev.slot, prev.how, prev.chunk))  # "Witkoff and Kushner", "الرئيس الروسي فلاديمير بوتين"
            continue
        cue = kept_out(layer, language, m, start, end, trigger.span.end)
        if cue:
            out.append(Argument(m, "other", f"said to be kept out (“{cue}”)", len(out)))
            continue
        if after and any(_is(g, t.norm, g.complementizers) for t in layer.tokens_in(trigger.span.end, m.span.start)):
            out.append(Argument(m, "other", "inside the clause a complementizer opens", len(out)))
            continue
        if _embedded(g, layer, start if not after else trigger.span.end, m):
            out.append(Argument(m, "other", "inside a relative clause", len(out)))
            continue
        if not after and _new_clause(layer, m.span.end, trigger.span.start):
            out.append(Argument(m, "other", "in the clause before the trigger's", len(out)))
            continue
        if not after and said_inside(layer, language, every, start, m) and _COMMA.search(
                layer.text[m.span.end:trigger.span.start]):
            out.append(Argument(m, "other", "inside what another name said or was", len(out)))
            continue
        if not after and any(_is(g, t.norm, g.complementizers) for t in layer.tokens_in(m.span.end, trigger.span.start)):
            out.append(Argument(m, "other", "before a complementizer: an argument of the verb of saying", len(out)))
            continue
        marked = _preposition(g, layer, m, gap)
        if marked is not None:
            slot, word = marked
            if not after and slot not in _BEFORE_SLOTS:  # "businessmen close to the Kremlin offered"
                out.append(Argument(m, "other", f"after “{word}”, part of the phrase before the trigger", len(out)))
                continue
            out.append(Argument(m, slot, f"after “{word}”", len(out)))
            continue
        if _possessor(g, layer, m) and not verb and 0 <= trigger.span.start - m.span.end <= 12:
            out.append(Argument(m, "of", "possessor of the noun", len(out)))
            continue
        if not after:
            subject_before = subject_before or not passive
            out.append(Argument(m, "object" if passive else "subject",
                                "before the passive verb" if passive else "before the trigger", len(out)))
            continue
        words = [t for t in gap if not _COMMA.fullmatch(layer.text[t.start:t.end])]
        if not verb:
            if g.verb_first and not words:
                site = any(a < m.span.end and m.span.start < b for a, b in sites)
                out.append(Argument(m, "object" if site else "of", "a place, genitive of the noun" if site
                                    else "genitive of the noun", len(out)))  # "زيارة ويتكوف", "زيارة البيت الأبيض"
            else:
                out.append(Argument(m, "other", "after the noun, unmarked", len(out)))
            continue
        if len(words) > _BARE_REACH or _COMMA.search(gap_text):
            out.append(Argument(m, "other", "after the verb, too far to be its argument", len(out)))
            continue
        bare_after += 1
        if passive:
            out.append(Argument(m, "object", "after the passive verb", len(out)))
        elif g.verb_first and bare_after == 1 and not subject_before:
            out.append(Argument(m, "subject", "first name after the verb", len(out)))
        elif bare_after <= (2 if g.verb_first and not subject_before else 1):
            out.append(Argument(m, "object", "bare name after the verb", len(out)))
        else:
            out.append(Argument(m, "other", "after the verb's object", len(out)))
        continue
    # only the chunk nearest the verb is its subject; earlier names before it are circumstances
    subjects = [a for a in out if a.slot == "subject" and a.mention.span.end <= trigger.span.start]
    if subjects:
        chunk = subjects[-1].chunk
        first = min(a.mention.span.start for a in out if a.chunk == chunk)
        out = [a if a.slot != "subject" or a.mention.span.start > trigger.span.start or a.chunk == chunk
               else Argument(a.mention, "other", "in a phrase set off before the verb's subject"
                             if _COMMA.search(layer.text[a.mention.span.end:first]) else "before the verb's subject",
                             a.chunk) for a in out]
    nested = [Argument(m, "other", "part of a longer name", -1) for m in every if m not in names]
    return sorted(out + nested, key=lambda a: a.mention.span.start)


def assign_roles(etype: str, arguments: list[Argument], trigger: Mention, language: str,
                 carried: list[str] | None = None, speaker: str | None = None) -> Roles:
    """Turn slots into roles with the type's frame. A verb with no subject of its own takes the
    clause before's (``carried``); a statement's source is its speaker."""
    table = frame(etype)
    g = grammar(language)
    host_verb = match_key(trigger.span.text) in g.host_verbs
    roles = Roles()
    for a in arguments:
        key = a.mention.key
        if not key or a.slot == "other":
            continue
        role = table.get(a.slot)
        if host_verb and a.slot in ("subject", "agent"):
            role = "host"
        if role is None or role == "participant":
            continue
        bucket = {"source": roles.source, "target": roles.target, "host": roles.host}[role]
        if key not in roles.source and key not in roles.target and key not in roles.host:
            bucket.append(key)
            roles.how[key] = a.slot
    if speaker:
        if speaker in roles.target:
            roles.target.remove(speaker)
        if speaker not in roles.source:
            roles.source.insert(0, speaker)
            roles.how[speaker] = "speaker"
    if not roles.source and table.get("subject") == "source" and carried:
        roles.source = [k for k in carried if k not in roles.target]
        roles.how.update({k: "subject of the clause before" for k in roles.source})
    return roles


def answered_kinds(layer: TextLayer, language: str, etype: str, start: int, end: int) -> set[str]:
    """The kinds of earlier event a reply in ``[start, end)`` points back to by a definite noun
    ("رفض الطلب": a request; "rejected the offer": an offer), from the grammar's ``answers``."""
    g = grammar(language)
    words = [t.norm for t in layer.tokens_in(start, end)]
    return {kind for kind, nouns in g.answers.get(etype, {}).items() if _find_phrase(g, words, nouns)}


def said_inside(layer: TextLayer, language: str, names: list[Mention], lo: int, m: Mention) -> bool:
    """Whether ``m`` stands inside what another name before it says or is ("وكان ديميترييف متفائلاً
    بأن ويتكوف أخذ حساسية روسيا ...، وقال": Witkoff and Russia are not who speaks): a
    complementizer or relative word lies between an earlier name of ``[lo, m)`` and ``m``."""
    g = grammar(language)
    first = next((o for o in names if lo <= o.span.start and o.span.end <= m.span.start), None)
    if first is None:
        return False
    return any(_is(g, t.norm, g.complementizers) or _is(g, t.norm, g.relatives)
               for t in layer.tokens_in(first.span.end, m.span.start))


def _passive(layer: TextLayer, trigger: Mention, g: Grammar) -> bool:
    """Whether the trigger is a passive verb or participle ("was sanctioned", "مُنح", "المفروضة")."""
    text = trigger.span.text
    first = match_key(text).split()[0] if match_key(text) else ""
    if first in g.passive_words or any(len(text) > 1 and text[1] == mark for mark in g.passive_marks):
        return True
    before = layer.tokens_in(max(0, trigger.span.start - 25), trigger.span.start)[-2:]
    if trigger.value.get("strength") != "verb" and any(
            any(layer.text[t.start + 1:t.start + 2] == mark for mark in g.passive_marks) for t in before):
        return True  # "مُنح ترخيصاً": the noun is what a passive verb gave
    return any(t.norm in g.auxiliaries for t in before) and first.endswith(g.participle_endings)


def _joined(g: Grammar, layer: TextLayer, prev: Mention, m: Mention, gap: list[Token], gap_text: str,
            rest: list[Mention]) -> bool:
    """Whether ``m`` shares ``prev``'s slot: a title and its name ("الرئيس الروسي فلاديمير بوتين"),
    the same actor said twice, names joined by "و"/"and", or a list ending in one ("A, B and C")."""
    prefix = layer.text[_token_start(layer, m):m.span.start]
    words = [t.norm for t in gap if t.norm not in g.articles]  # "and the Czech Republic"
    title = match_key(str(m.value.get("role") or ""))
    if title and words and match_key(gap_text).endswith(title):
        # "ستيف ويتكوف ووزير الخارجية ماركو روبيو", "Witkoff and Secretary of State Marco Rubio":
        # the second name's own title does not part the two
        head = match_key(gap_text)[:-len(title)].strip()
        return head in g.coordinators or (head == "" and words[0][:1] in g.coordinators
                                          and match_key(words[0][1:]) == title.split()[0])
    if not words and not gap_text.strip(" \"'«»“”") and not prefix:
        return prev.kind == "role" or prev.key == m.key  # "استقبل بوتين ويتكوف" is two arguments
    if (not words and match_key(prefix) in g.coordinators) or (words and " ".join(words) in g.coordinators
                                                              and not _COMMA.search(gap_text)):
        return True
    if not words and gap_text.strip() in g.separators and g.language == "en" and rest:
        nxt = rest[0]
        between = [t.norm for t in layer.tokens_in(m.span.end, nxt.span.start) if t.norm not in g.articles]
        return bool(between) and between[-1] in g.coordinators  # a list: "Britain, France and Germany"
    return False


def kept_out(layer: TextLayer, language: str, m: Mention, start: int, end: int, trigger_end: int) -> str | None:
    """The exclusion cue in ``m``'s comma clause within ``[start, end)``, if there is one ("لم
    تطلع عليه", "was not told", "sidelined"): the text says this actor was kept out, so it
    takes no part in the event. An occasion cue between the trigger (ending at ``trigger_end``)
    and ``m`` ("met ... on the sidelines of the NATO meeting", "على هامش") makes ``m`` part of
    the gathering the event took place at, not of the event; a trigger after the cue ("على
    هامش زيارة الشرع") is the gathering itself, and its names are its own."""
    g = grammar(language)
    lo, hi = start, end
    for mark in _COMMA.finditer(layer.text, start, end):
        if mark.end() <= m.span.start:
            lo = mark.end()
        elif mark.start() >= m.span.end:
            hi = mark.start()
            break
    found = _find_phrase(g, [t.norm for t in layer.tokens_in(lo, hi)], g.absence) or _find_phrase(
        g, [t.norm for t in layer.tokens_in(max(lo, trigger_end), m.span.start)], g.occasion)
    return " ".join(found) if found else None


def _new_clause(layer: TextLayer, lo: int, hi: int) -> bool:
    """Whether a clause ends between ``lo`` and ``hi``: a break word ("لكن", "فيما", "but") or a
    comma followed by a conjunction ("، وقال", ", and"), so a name before it is not the subject of
    a verb after it ("وتتمسك روسيا بانسحاب ...، فيما ترفض كييف")."""
    if any(True for _ in modifier_lexicon("clause_breaks").finditer(layer, lo, hi)):
        return True
    return any(at_break(layer, mark.end()) for mark in _COMMA.finditer(layer.text, lo, hi))


def relative_clauses(layer: TextLayer, language: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The relative clauses between ``lo`` and ``hi``: from a relative pronoun ("الذي", "which")
    to the next comma or clause mark."""
    g = grammar(language)
    out = []
    for t in layer.tokens_in(lo, hi):
        if _is(g, t.norm, g.relatives):
            end = _COMMA.search(layer.text, t.end, hi)
            out.append((t.start, end.start() if end else hi))
    return out


def _embedded(g: Grammar, layer: TextLayer, lo: int, m: Mention) -> bool:
    """Whether ``m`` stands in a relative clause opened after ``lo`` and not yet closed by a comma."""
    for t in reversed(layer.tokens_in(lo, m.span.start)):
        if _is(g, t.norm, g.relatives):
            return not _COMMA.search(layer.text[t.end:m.span.start])
    return False


def _preposition(g: Grammar, layer: TextLayer, m: Mention, gap: list[Token]) -> tuple[str, str] | None:
    """The slot a preposition before ``m`` marks, and the preposition: written onto the name
    ("لويتكوف") or onto a title before it ("للرئيس"), or the last one in the words between."""
    prefix = match_key(layer.text[_token_start(layer, m):m.span.start]).strip("ـ\"'«“ ")
    if prefix:
        bare = prefix[1:] if prefix[:1] in g.coordinators and len(prefix) > 1 else prefix
        for letters in (bare, bare[:1]):
            if letters in g.attached:
                return g.attached[letters], letters
    words = [t.norm for t in gap][-_PREP_REACH:]  # a preposition governs the words right after it
    for i in range(len(words) - 1, -1, -1):
        for phrase, slot in g.phrases:
            if tuple(words[i:i + len(phrase)]) == phrase:
                return slot, " ".join(phrase)
        word = words[i]
        bare = word[1:] if word[:1] in g.coordinators and len(word) > 3 else word
        for prefix in g.articled:  # "للرئيس", "بالمبعوث": a preposition written before the article
            if bare.startswith(prefix) and prefix[:1] in g.attached:
                return g.attached[prefix[:1]], prefix[:1]
    return None


def _nested(m: Mention, names: list[Mention]) -> bool:
    """Whether ``m`` lies inside a longer name of the clause (an agency inside its head's title)."""
    return any(o is not m and o.span.start <= m.span.start and m.span.end <= o.span.end
               and o.span.end - o.span.start > m.span.end - m.span.start for o in names)


def _received(layer: TextLayer, g: Grammar, start: int, trigger: Mention) -> bool:
    """Whether a verb of receiving governs a noun trigger ("حصل ديميترييف على إعفاء", "obtained a
    license"): its subject is the one the noun is given to."""
    return any(_is(g, t.norm, g.receiving_verbs) for t in layer.tokens_in(start, trigger.span.start))


def _is(g: Grammar, word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``words``, with a conjunction written onto it or not ("وحصل")."""
    return word in words or (len(word) > 3 and word[:1] in g.coordinators and word[1:] in words)


def _possessor(g: Grammar, layer: TextLayer, m: Mention) -> bool:
    tail = layer.text[m.span.end:m.span.end + 3]
    return any(tail.startswith(p) for p in g.possessive)


def _token_start(layer: TextLayer, m: Mention) -> int:
    """Where the word holding the start of ``m`` begins (a clitic written onto the name included)."""
    for t in layer.tokens_in(max(0, m.span.start - 12), m.span.end):
        if t.start <= m.span.start < t.end:
            return t.start
    return m.span.start

