"""Ties between actors that the text states (a per-document stage).

A person's role phrase often names another actor: "كيريل ديمترييف، رئيس صندوق الثروة
السيادية الروسي" (heads the fund), "جاريد كوشنر صهر ترامب" (son-in-law of Trump),
"إيجور سيتشين، رئيس روسنفت وسكرتير بوتين السابق" (heads Rosneft; secretary of Putin),
"المتحدثة باسم البيت الأبيض، آنا كيلي" (spokesperson of the White House). So does a
descriptor standing for an actor ("مبعوث بوتين" for Dmitriev). Each becomes a :class:`Tie`
between local keys, its evidence the name and the phrase; resolution maps the keys to actors.
The relation nouns are data (``relations`` in ``lang/*/names.yaml``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from backchannel import lang
from backchannel.kb.model import DocAnalysis, Mention, Tie, stable_id
from backchannel.recognise.actors import gazetteers
from backchannel.recognise.knowledge import active_kb
from backchannel.recognise.names import lexicon, name_tokens, stems
from backchannel.recognise.propagate import blocked_tokens
from backchannel.recognise.roles import Role, role_of
from backchannel.text.layer import TextLayer


@dataclass(frozen=True)
class _Relations:
    phrases: dict[tuple[str, ...], str]
    longest: int


@lru_cache(maxsize=1)
def relations() -> _Relations:
    """Relation phrase (normalised tokens) -> tie kind, from both languages."""
    out: dict[tuple[str, ...], str] = {}
    for code in ("ar", "en"):
        for kind, phrases in (lang.load(code, "names").get("relations") or {}).items():
            for p in phrases or []:
                toks = name_tokens(str(p))
                if toks:
                    out.setdefault(toks, str(kind))
    return _Relations(out, max((len(k) for k in out), default=1))


def _relation_at(words: list[str], rel: _Relations) -> tuple[int, str] | None:
    """(length, kind) of the relation phrase opening ``words``; the first word may carry a clitic."""
    for n in range(min(rel.longest, len(words)), 0, -1):
        for _, _, stem in stems(words[0]):
            kind = rel.phrases.get((stem, *words[1:n]))
            if kind:
                return n, kind
    return None


def _token_index(ends: list[int], offset: int) -> int:
    """Index of the token holding (or first after) the character at ``offset`` (``ends``: token ends)."""
    return bisect.bisect_right(ends, offset)


def _targets(mentions: list[Mention], start: int, end: int, own: str) -> list[Mention]:
    """Mentions lying in ``[start, end)`` that name another actor: earliest first, longest first."""
    inside = [m for m in mentions if m.kind in ("actor", "role") and m.key and m.key != own
              and start <= m.span.start and m.span.end <= end]
    return sorted(inside, key=lambda m: (m.span.start, -(m.span.end - m.span.start)))


def _segments(layer: TextLayer, first: int, last: int, rel: _Relations) -> list[tuple[int, int, str]]:
    """The relation phrases in tokens ``[first, last)``: (start token, end token, kind) parts,
    a new part at every relation noun ("رئيس روسنفت | وسكرتير بوتين")."""
    words = [t.norm for t in layer.tokens[first:last]]
    cuts: list[tuple[int, str]] = []
    k = 0
    while k < len(words):
        got = _relation_at(words[k:], rel)
        if got and (k == 0 or words[k].startswith("و") or words[k] in ("and",)):
            cuts.append((first + k, got[1]))
            k += got[0]
            continue
        k += 1
    return [(c, cuts[i + 1][0] if i + 1 < len(cuts) else last, kind) for i, (c, kind) in enumerate(cuts)]


def _ties_from_phrase(analysis: DocAnalysis, source: Mention, role: Role, rel: _Relations,
                      found: dict[tuple[str, str, str], Tie]) -> None:
    layer = analysis.layer
    for seg_first, seg_last, kind in _segments(layer, role.first, role.last, rel):
        seg_start = layer.tokens[seg_first].start
        seg_end = layer.tokens[seg_last - 1].end
        targets = _targets(analysis.mentions, seg_start, seg_end, source.key)
        if not targets:
            continue
        target = targets[0]
        start = min(source.span.start, seg_start)
        end = max(source.span.end, seg_end)
        _add(analysis, found, source.key, target.key, kind, layer.text[seg_start:seg_end], start, end)


def _add(analysis: DocAnalysis, found: dict[tuple[str, str, str], Tie], src: str, dst: str, kind: str,
         label: str, start: int, end: int) -> None:
    key = (src, dst, kind)
    span = analysis.doc.span(start, end)
    if key in found:
        evidence = found[key].evidence
        for k, old in enumerate(evidence):
            if old.overlaps(span):  # one statement read twice (the name's role, a descriptor): keep it once
                s, e = min(old.start, span.start), max(old.end, span.end)
                evidence[k] = analysis.doc.span(s, e)
                return
        evidence.append(span)
        return
    found[key] = Tie(id=stable_id("t", analysis.doc.id, *key), source=src, target=dst, kind=kind,
                     label=label, evidence=[span])


def extract_ties(analysis: DocAnalysis, options: Any) -> None:
    """Add the ties the document states to ``analysis.ties`` (local actor keys, with evidence)."""
    rel = relations()
    if not rel.phrases:
        return
    lex = lexicon()
    gaz = gazetteers(active_kb(options))
    layer = analysis.layer
    people = blocked_tokens(analysis, "person")
    found: dict[tuple[str, str, str], Tie] = {}
    ends = [t.end for t in layer.tokens]
    for m in analysis.mentions:
        if m.kind != "actor" or m.value.get("type") != "person":
            continue
        first = _token_index(ends, m.span.start)
        last = _token_index(ends, m.span.end - 1) + 1
        own = set(range(first, last))
        role = role_of(layer, first, last, lex, people - own, gaz.own_titles(m.key)) \
            or _juxtaposed(layer, last, rel, people)
        if role:
            _ties_from_phrase(analysis, m, role, rel, found)
    for m in analysis.mentions:
        if m.kind != "role" or not m.key:
            continue
        first = _token_index(ends, m.span.start)
        last = _token_index(ends, m.span.end - 1) + 1
        role = Role(first, last, m.span.start, m.span.end, m.span.text, True)
        _ties_from_phrase(analysis, m, role, rel, found)
    analysis.ties.extend(found.values())


def _juxtaposed(layer: TextLayer, last: int, rel: _Relations, people: set[int]) -> Role | None:
    """A relation noun right after a name, with no comma: "جاريد كوشنر صهر ترامب"."""
    toks = layer.tokens
    if last >= len(toks) or layer.text[toks[last - 1].end:toks[last].start].strip():
        return None
    got = _relation_at([t.norm for t in toks[last:last + rel.longest]], rel)
    if not got:
        return None
    end = last + got[0]
    while end < len(toks) and end - last < 6 and not layer.text[toks[end - 1].end:toks[end].start].strip(" \u00a0"):
        end += 1
        if end - 1 in people:
            break
    return Role(last, end, toks[last].start, toks[end - 1].end, layer.text[toks[last].start:toks[end - 1].end], False)
