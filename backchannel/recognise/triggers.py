"""Event triggers: the words that report a meeting, call, visit, sanction, leak, statement, ...

Each trigger found becomes ``Mention(kind="trigger", key=<event type>)``. Its value says
whether it is a verb (a strong trigger) or a noun (weak: "لقاء" may name a topic), the
PLOVER type and mode of the event type, and three readings of its context: negated
("لم يزر"), planned ("يسعيان إلى السفر", "plans to visit") and conditional ("إذا رفعت
العقوبات"). Lexicons are data: ``lang/<lang>/triggers.yaml`` and ``data/vocab.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.phrases import Lexicon
from backchannel.text.document import Span
from backchannel.text.layer import TextLayer
from backchannel.text.normalise import match_key

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
_MODIFIERS = ("negation", "modality", "after_modality", "condition", "clause_breaks", "aggregate", "since",
              "anaphora", "continuations", "boilerplate", "hypothetical", "topics", "place_heads", "flashback",
              "story", "joins", "modal_verbs", "time_refs", "after_negation", "lasting", "owned",
              "teasers", "titles", "place_prepositions", "from_prepositions", "time_prepositions",
              "pair_anaphora", "pair_links")


@lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, Any]]:
    """The event-type vocabulary (``data/vocab.yaml``): PLOVER type and mode, family, label."""
    with (DATA / "vocab.yaml").open(encoding="utf-8") as fh:
        return safe_load(fh)["event_types"]


def family(event_type: str) -> str:
    """The family of an event type ("meet" for meeting, call, visit, summit, ...)."""
    return event_types().get(event_type, event_types()["other"])["family"]


@lru_cache(maxsize=1)
def _lexicons() -> tuple[Lexicon, dict[str, Lexicon]]:
    entries: list[tuple[str, tuple[str, str]]] = []
    mods: dict[str, list[tuple[str, str]]] = {m: [] for m in _MODIFIERS}
    for code in LANGS:
        data = lang.load(code, "triggers")
        for etype, forms in data.items():
            if etype in _MODIFIERS:
                mods[etype] += [(str(w), etype) for w in forms]
                continue
            for strength in ("verbs", "nouns"):
                entries += [(str(p), (etype, strength[:-1])) for p in (forms or {}).get(strength) or []]
    return Lexicon(entries), {m: Lexicon(v) for m, v in mods.items()}


def modifier_lexicon(name: str) -> Lexicon:
    """One of the context lexicons: negation, (after_)modality, condition, clause_breaks, aggregate, since."""
    return _lexicons()[1][name]


def _clause_start(layer: TextLayer, sent_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins: the last comma, semicolon, colon or break word."""
    text = layer.text
    start = sent_start
    for m in re.finditer(r"[،,;؛:]", text[sent_start:pos]):
        start = sent_start + m.end()
    for hit in modifier_lexicon("clause_breaks").finditer(layer, start, pos):
        start = max(start, hit.start)
    return start


def _prefix(layer: TextLayer, nstart: int) -> tuple[str, str]:
    """The clitics attached before a normalised position, and the word before that."""
    text = layer.norm.text
    ws = nstart
    while ws > 0 and text[ws - 1].isalnum():
        ws -= 1
    words = re.findall(r"\w+", text[max(0, ws - 30):ws])
    return text[ws:nstart], (words[-1] if words else "")


def _denied_after(layer: TextLayer, end: int) -> bool:
    """Whether the words after a noun trigger, within its clause, deny it ("لقاءً بين بوتين وترامب
    ليس مطروحاً", "a summit is not on the table")."""
    m = re.search(r"[،,;؛:.]|(?<!\w)(?:إن|أن|that)(?!\w)", layer.text[end:end + 60])
    stop = end + (m.start() if m else 60)
    return any(True for _ in modifier_lexicon("after_negation").finditer(layer, end, stop))


def _time_reference(layer: TextLayer, nstart: int, end: int, named: frozenset[int], placed: frozenset[int]) -> bool:
    """Whether a noun trigger only says when something else happened: a happening already known
    ("عقب الاجتماع", "عقب اجتماعهما", "after the meeting", "قبيل قمة ألاسكا", "يوم القمة") after a
    word of time. A happening told for the first time stays one ("بعد مكالمة مع بوتين", "بعد غزو
    روسيا لأوكرانيا", "بعد جولة محادثات عقدها الوفد ... في فلوريدا")."""
    text = layer.norm.text
    while nstart > 0 and text[nstart - 1].isalnum():
        nstart -= 1  # the word's own clitics ("عقب الاجتماع": "ال") are not the word before
    before = re.findall(r"\w+", text[max(0, nstart - 40):nstart])
    article = bool(before) and before[-1] == "the"
    words = [w for w in before if w not in ("the", "a", "an", "of")]
    if not words or words[-1] not in {e[0] for e in modifier_lexicon("time_refs").entries}:
        return False
    after = layer.tokens_in(end, end + 30)[:3]
    if after and after[0].start in named:
        return False
    if any(t.norm in ("مع", "بين", "with", "between") for t in after):
        return False
    first = layer.tokens_in(layer.norm.to_original(nstart, nstart + 1)[0], end)[:1]
    word = layer.text[first[0].start:first[0].end] if first else ""
    possessive = re.search(r"(?:هما|هم|ها|ه)$", word) is not None  # "اجتماعهما", "زيارته" (ة is not ه)
    known = article or match_key(word).startswith(("ال", "لل")) or possessive
    return known or bool(after and after[0].start in placed)


def _negation_reach(layer: TextLayer, before: list[Any]) -> int:
    """Where a negation before a trigger may stand: the word before it, or before a modal verb
    between them ("لا يريد اجتماعاً", "did not want a meeting")."""
    modal = modifier_lexicon("modal_verbs")
    k = len(before) - 1
    while k > 0 and (before[k].norm in ("a", "an", "the") or any(True for _ in modal.finditer(
            layer, before[k].start, before[k].end))):
        k -= 1
    return before[k].start


def _to_a_place(layer: TextLayer, end: int, placed: frozenset[int]) -> bool:
    """Whether the word right after ``end`` starts a place name ("... إلى موسكو")."""
    nxt = layer.tokens_in(end, end + 30)[:1]
    return bool(nxt) and nxt[0].start in placed


def find_triggers(layer: TextLayer, doc_id: str, named: frozenset[int] = frozenset(),
                  placed: frozenset[int] = frozenset(), dated: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    """Every event trigger in the text, with its negation, modality and condition (``named``:
    where actor names start, ``placed`` where place names do, so "بعد غزو روسيا" stays an event
    and "بعد القمة", "قبيل قمة ألاسكا" say when; ``dated`` the date spans, whose words, the
    month "May" among them, are never a modal verb)."""
    lex, _ = _lexicons()
    types = event_types()
    out = []
    anaphora = {e[0] for e in modifier_lexicon("anaphora").entries}
    hypothetical = {e[0] for e in modifier_lexicon("hypothetical").entries}
    continuations = {e[0] for e in modifier_lexicon("continuations").entries}
    joins = {e[0] for e in modifier_lexicon("joins").entries}
    routine = [(h.start, h.end) for h in modifier_lexicon("boilerplate").finditer(layer)]
    for hit in lex.finditer(layer):
        if any(s <= hit.start < e for s, e in routine):
            continue  # "ولم يرد الكرملين على طلب للتعليق"
        etype, strength = hit.payload
        if etype == "request" and _to_a_place(layer, hit.end, placed):
            continue  # "دعا ويتكوف إلى موسكو": an invitation, told with the visit it brings
        prefix, previous = _prefix(layer, hit.nstart)
        definite = prefix.endswith("ال") or prefix.endswith("لل") or previous == "the"
        if strength == "verb" and definite:
            continue  # "العرض" is the noun "the offer", not the verb "عرض"
        sent = layer.sentence_at(hit.start)
        s0 = sent.start if sent else 0
        clause = _clause_start(layer, s0, hit.start)
        before = layer.tokens_in(max(clause, hit.start - 60), hit.start)[-6:]
        negated = bool(before) and any(True for _ in modifier_lexicon("negation").finditer(
            layer, _negation_reach(layer, before), hit.start))
        planned = bool(before) and any(  # not a word of a date: "on 20 May 2025 ... sanctioned"
            not any(s <= h.start < e for s, e in dated)
            for h in modifier_lexicon("modality").finditer(layer, before[0].start, hit.start))
        planned = planned or bool(re.match(r"(?:س|وس)[يتن]", layer.norm.text[hit.nstart:hit.nend]))
        # a purpose: "للقاء بوتين", "لعقد قمة", "to meet Putin" (what someone set out to do)
        planned = planned or (strength == "noun" and prefix.endswith("ل") and not prefix.endswith("ال")) or (
            strength == "verb" and previous == "to" and not hit.phrase.startswith("to "))
        after = layer.tokens_in(hit.end, hit.end + 25)[:1]
        planned = planned or bool(after) and any(True for _ in modifier_lexicon("after_modality").finditer(
            layer, hit.end, after[0].end))
        negated = negated or (strength == "noun" and _denied_after(layer, hit.end))
        conditional = any(True for _ in modifier_lexicon("condition").finditer(layer, clause, hit.start))
        conditional = conditional or previous in hypothetical  # "أي لقاء مباشر", "إمكانية طلب تمديد"
        spec = types.get(etype, types["other"])
        aggregate = any(h.start == hit.start for h in modifier_lexicon("aggregate").finditer(layer, hit.start, hit.end))
        value = {"strength": strength, "aggregate": aggregate, "definite": definite,
                 "continuation": hit.phrase in continuations, "joins": hit.phrase in joins,
                 "anaphoric": strength == "noun" and previous in anaphora, "plover": spec.get("plover"), "mode": spec.get("mode"),
                 "negated": negated, "planned": planned, "conditional": conditional,
                 "time_ref": strength == "noun" and _time_reference(layer, hit.nstart, hit.end, named, placed),
                 "phrase": layer.text[hit.start:hit.end]}
        out.append(Mention(span=Span(doc_id, hit.start, hit.end, layer.text[hit.start:hit.end]), kind="trigger",
                           key=etype, value=value))
    return out


def recognise_triggers(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add ``trigger`` mentions."""
    named = frozenset(m.span.start for m in analysis.mentions if m.kind == "actor" and m.key)
    placed = frozenset(m.span.start for m in analysis.mentions_of("place"))
    dated = tuple((m.span.start, m.span.end) for m in analysis.mentions_of("date"))
    analysis.mentions.extend(find_triggers(analysis.layer, analysis.doc.id, named, placed, dated))
