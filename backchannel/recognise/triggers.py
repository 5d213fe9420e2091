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

import yaml

from backchannel import lang
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.phrases import Lexicon
from backchannel.text.document import Span
from backchannel.text.layer import TextLayer

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
_MODIFIERS = ("negation", "modality", "after_modality", "condition", "clause_breaks", "aggregate", "since",
              "anaphora", "continuations", "boilerplate", "hypothetical")


@lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, Any]]:
    """The event-type vocabulary (``data/vocab.yaml``): PLOVER type and mode, family, label."""
    with (DATA / "vocab.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["event_types"]


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


def find_triggers(layer: TextLayer, doc_id: str) -> list[Mention]:
    """Every event trigger in the text, with its negation, modality and condition."""
    lex, _ = _lexicons()
    types = event_types()
    out = []
    anaphora = {e[0] for e in modifier_lexicon("anaphora").entries}
    hypothetical = {e[0] for e in modifier_lexicon("hypothetical").entries}
    continuations = {e[0] for e in modifier_lexicon("continuations").entries}
    routine = [(h.start, h.end) for h in modifier_lexicon("boilerplate").finditer(layer)]
    for hit in lex.finditer(layer):
        if any(s <= hit.start < e for s, e in routine):
            continue  # "ولم يرد الكرملين على طلب للتعليق"
        etype, strength = hit.payload
        prefix, previous = _prefix(layer, hit.nstart)
        definite = prefix.endswith("ال") or prefix.endswith("لل") or previous == "the"
        if strength == "verb" and definite:
            continue  # "العرض" is the noun "the offer", not the verb "عرض"
        sent = layer.sentence_at(hit.start)
        s0 = sent.start if sent else 0
        clause = _clause_start(layer, s0, hit.start)
        before = layer.tokens_in(max(clause, hit.start - 60), hit.start)[-6:]
        negated = bool(before) and any(True for _ in modifier_lexicon("negation").finditer(
            layer, before[-1].start, hit.start))
        planned = bool(before) and any(True for _ in modifier_lexicon("modality").finditer(
            layer, before[0].start, hit.start))
        planned = planned or bool(re.match(r"(?:س|وس)[يتن]", layer.norm.text[hit.nstart:hit.nend]))
        after = layer.tokens_in(hit.end, hit.end + 25)[:1]
        planned = planned or bool(after) and any(True for _ in modifier_lexicon("after_modality").finditer(
            layer, hit.end, after[0].end))
        conditional = any(True for _ in modifier_lexicon("condition").finditer(layer, clause, hit.start))
        conditional = conditional or (strength == "noun" and previous in hypothetical)  # "أي لقاء مباشر"
        spec = types.get(etype, types["other"])
        aggregate = any(h.start == hit.start for h in modifier_lexicon("aggregate").finditer(layer, hit.start, hit.end))
        value = {"strength": strength, "aggregate": aggregate, "definite": definite,
                 "continuation": hit.phrase in continuations,
                 "anaphoric": strength == "noun" and previous in anaphora, "plover": spec.get("plover"), "mode": spec.get("mode"),
                 "negated": negated, "planned": planned, "conditional": conditional,
                 "phrase": layer.text[hit.start:hit.end]}
        out.append(Mention(span=Span(doc_id, hit.start, hit.end, layer.text[hit.start:hit.end]), kind="trigger",
                           key=etype, value=value))
    return out


def recognise_triggers(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add ``trigger`` mentions."""
    try:
        analysis.mentions.extend(find_triggers(analysis.layer, analysis.doc.id))
    except Exception as exc:  # a stage never stops a build: note it and go on
        analysis.notes.append(f"triggers skipped: {type(exc).__name__}: {exc}")
