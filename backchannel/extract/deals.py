"""Business deals and economic offers of one document: what asset, who, how much, on what condition.

A clause is read as a deal when it names a known project or asset (``data/assets.yaml``:
Sakhalin, Arctic LNG 2, Nord Stream 2, Lukoil's foreign assets, ...), or when a deal word
("صفقات", "حصة", "امتيازات", "stake") comes with a sector word ("غازية", "التعدين", "energy")
or an amount of money or a share. Each deal carries its parties (actors named in the clause,
by local key), its sector, its value or stake, its condition (the clause after "إذا", "if",
"في حال"), its status (proposed, discussed, explored, negotiating, seeking, agreed) from the
verbs around it, and the clause as evidence. The cue words are data
(``lang/<lang>/deal_cues.yaml``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.extract.clauses import (Piece, comma_clause, first_break, headings, inside, metadata, span, split_at,
                                         trimmed, within, word_before)
from backchannel.extract.events import is_media
from backchannel.kb.model import Deal, DocAnalysis, Mention, stable_id
from backchannel.recognise.phrases import Hit, Lexicon
from backchannel.text.document import Span
from backchannel.text.layer import Sentence

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
_LOCATIVE = frozenset({"في", "ب", "الي", "in", "at", "to"})


@lru_cache(maxsize=1)
def assets() -> dict[str, dict[str, Any]]:
    """Known assets and projects by id (``data/assets.yaml``)."""
    with (DATA / "assets.yaml").open(encoding="utf-8") as fh:
        return {a["id"]: a for a in safe_load(fh) or []}


@dataclass(frozen=True)
class _Cues:
    assets: Lexicon
    words: Lexicon
    sectors: Lexicon
    status: Lexicon
    conditions: Lexicon
    status_order: tuple[str, ...]
    payment_roles: frozenset[str]
    settlement: Lexicon


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The deal vocabulary of every language, compiled once."""
    words, sectors, status, conditions, settlement = [], [], [], [], []
    order: list[str] = []
    roles: set[str] = set()
    for code in LANGS:
        data = lang.load(code, "deal_cues")
        words += [(w, "deal") for w in data.get("deal_words", [])]
        sectors += [(w, sector) for sector, ws in data.get("sectors", {}).items() for w in ws]
        for name, ws in data.get("status", {}).items():
            status += [(w, name) for w in ws]
            if name not in order:
                order.append(name)
        conditions += [(w, "if") for w in data.get("conditions", [])]
        roles |= set(data.get("payment_roles", []))
        settlement += [(w, "settlement") for w in data.get("settlement", [])]
    asset_lex = Lexicon((n, aid) for aid, a in assets().items() for n in a.get("names", []))
    return _Cues(asset_lex, Lexicon(words), Lexicon(sectors), Lexicon(status), Lexicon(conditions), tuple(order),
                 frozenset(roles), Lexicon(settlement))


def _as_mention(analysis: DocAnalysis, hit: Hit, kind: str) -> Mention:
    return Mention(span=Span(analysis.doc.id, hit.start, hit.end, analysis.layer.text[hit.start:hit.end]),
                   kind=kind, key=str(hit.payload))


def _anchors(analysis: DocAnalysis, sentence: Sentence, c: _Cues) -> list[tuple[str, Mention]]:
    """The places in a sentence where a deal is named, each labelled with what deal it is."""
    layer = analysis.layer
    found: list[tuple[str, Mention]] = []
    asset_hits = c.assets.find(layer, sentence.start, sentence.end)
    for h in asset_hits:
        found.append((f"asset:{h.payload}", _as_mention(analysis, h, "asset")))
    amounts = [a for a in inside(analysis.mentions_of("amount"), sentence.start, sentence.end)
               if a.value.get("kind") in ("money", "percent")]
    sectors = c.sectors.find(layer, sentence.start, sentence.end)
    generic: list[Mention] = []
    named = [m for m in analysis.mentions if m.kind in ("actor", "role")]
    # "صندوق الاستثمار المباشر الروسي", "Russian Direct Investment Fund": a name, not an investment
    deal_words = [h for h in c.words.find(layer, sentence.start, sentence.end)
                  if not any(m.span.start <= h.start < m.span.end for m in named)]
    # "اتفاق لوقف الضربات على منشآت الطاقة", "a ceasefire deal": terms of a settlement, not business
    settled = c.settlement.find(layer, sentence.start, sentence.end)
    deal_words = [h for h in deal_words if not any(h.end <= x.start <= h.end + 2 or x.end <= h.start <= x.end + 2
                                                   for x in settled)]
    for a in amounts:
        s0, e0 = comma_clause(layer, sentence, a.span.start)
        worded = any(s0 <= x.start < e0 for x in deal_words + asset_hits)
        if a.value.get("measures") in c.payment_roles and not worded:
            generic.append(a)  # a payment is a deal on its own ("مقابل 600 ألف دولار")
    for h in deal_words:
        if any(a.start <= h.start < a.end + 40 or h.start <= a.start < h.end + 40 for a in asset_hits):
            continue  # the deal word belongs to the named asset ("مشروع سخالين")
        s0, e0 = comma_clause(layer, sentence, h.start)
        if any(s0 <= x.start < e0 for x in sectors) or any(s0 <= a.span.start < e0 for a in amounts):
            generic.append(_as_mention(analysis, h, "deal"))
    label, last_end = 0, -10**9
    for m in sorted(generic, key=lambda m: m.span.start):
        if m.span.start - last_end >= 60 or first_break(layer, last_end, m.span.start) is not None:
            label += 1  # a deal word far from the last one, or past a clause break, is another deal
        found.append((f"deal:{label}", m))
        last_end = m.span.end
    return found


def _status(analysis: DocAnalysis, piece: Piece, c: _Cues) -> str:
    hits = c.status.find(analysis.layer, piece.start, piece.end)
    names = {h.payload for h in hits}
    return next((s for s in c.status_order if s in names), "mentioned")


def _condition(analysis: DocAnalysis, piece: Piece, sentence: Sentence, c: _Cues) -> str | None:
    """The words of the condition a clause sets ("إذا رفعت الولايات المتحدة ... العقوبات عنه")."""
    layer = analysis.layer
    for h in c.conditions.finditer(layer, piece.start, piece.end):
        _, end = comma_clause(layer, sentence, h.end)
        s, e = trimmed(layer, h.start, max(end, h.end))
        return layer.text[s:e]
    return None


def _value(analysis: DocAnalysis, piece: Piece) -> dict[str, Any] | None:
    for a in inside(analysis.mentions_of("amount"), piece.start, piece.end):
        if a.value.get("kind") in ("money", "percent"):
            v = {k: a.value.get(k) for k in ("amount", "unit", "approx", "bound", "order", "measures")}
            v["phrase"] = a.span.text
            return {k: x for k, x in v.items() if x not in (None, False)}
    return None


def _parties(analysis: DocAnalysis, piece: Piece) -> list[str]:
    places = analysis.mentions_of("place")
    out: list[str] = []
    for m in inside(analysis.mentions, piece.start, piece.end):
        if m.kind not in ("actor", "role") or not m.key or is_media(m) or m.value.get("form") == "adjective":
            continue
        place = next((p for p in places if p.span.start <= m.span.start and m.span.end <= p.span.end), None)
        if place is not None and word_before(analysis.layer, place.span.start) in _LOCATIVE:
            continue  # "في القطب الشمالي", "إلى موسكو": where, not who
        if m.key not in out:
            out.append(m.key)
    return out


def _asset_phrase(analysis: DocAnalysis, piece: Piece) -> str:
    """A short name for a deal with no known asset: the deal word and the words after it."""
    first = piece.cues[0]
    s, e = trimmed(analysis.layer, first.span.start, min(piece.end, first.span.start + 80))
    words = analysis.layer.text[s:e].split()
    return " ".join(words[:6]).strip("،,.:;\"«»")


def find_deals(analysis: DocAnalysis) -> list[Deal]:
    """The deals and economic offers one document reports."""
    c = cues()
    layer = analysis.layer
    out: list[Deal] = []
    meta = metadata(layer.text, headings(layer.text))
    for sent in layer.sentences:
        if within(meta, sent.start):
            continue  # "# url: .../lukoil-foreign-assets-sale"
        anchors = _anchors(analysis, sent, c)
        if not anchors:
            continue
        for piece in split_at(layer, sent, anchors):
            # the sector words from the deal's own words on ("مشاريع ... في الطاقة والتكنولوجيا")
            sectors = [h.payload for h in c.sectors.find(layer, max(piece.start, piece.cues[0].span.start - 30),
                                                          piece.end)] or [
                h.payload for h in c.sectors.find(layer, piece.start, piece.end)]
            asset_id = piece.label.split(":", 1)[1] if piece.label.startswith("asset:") else None
            known = assets().get(asset_id or "", {})
            sector = known.get("sector") or (sectors[0] if sectors else None)
            evidence = span(analysis, piece.start, piece.end)
            attrs: dict[str, Any] = {"cues": [m.span.text for m in piece.cues],
                                     "language": sent.language}
            if asset_id:
                attrs["asset_id"] = asset_id
            if len(set(sectors)) > 1:
                attrs["sectors"] = sorted(set(sectors))
            out.append(Deal(
                id=stable_id("k", analysis.doc.id, evidence.start, piece.label),
                asset=known.get("name") or _asset_phrase(analysis, piece), parties=_parties(analysis, piece),
                sector=sector, value=_value(analysis, piece), condition=_condition(analysis, piece, sent, c),
                status=_status(analysis, piece, c), outlets=[analysis.doc.outlet] if analysis.doc.outlet else [],
                corroboration=1, attrs=attrs, evidence=[evidence]))
    return out


def extract_deals(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add this document's deals (parties by local actor key)."""
    analysis.deals.extend(find_deals(analysis))
