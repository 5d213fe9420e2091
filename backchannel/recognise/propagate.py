"""Find discovered names again: bare, later in the same article, and in the other articles.

A name is introduced once with its title ("المستثمر المقيم في ميامي، ستيفن لينش") and then
used bare ("وحصل لينش ..."), in that article and in others. Discovery finds the
introduction; this module finds the rest with the same gazetteer recognition uses:

- full names anywhere not already covered by another actor's mention;
- a person's surname alone only when no other discovered person has it, and in an article
  that introduces the full name, only after the introduction (so "ميامي بيتش" before
  "جنتري بيتش" stays a place).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Iterable

from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.gazetteer import Alias, Gazetteer, alias_from
from backchannel.recognise.actors import place_competitors
from backchannel.recognise.names import lexicon

_MIN_SURNAME = 4


def blocked_tokens(analysis: DocAnalysis, of_type: str | None = None, form: str | None = None) -> set[int]:
    """Tokens a new actor mention may not take: those overlapping existing actor mentions
    (only mentions of actors of ``of_type``, or of the ``form``, if given)."""
    toks = analysis.layer.tokens
    starts = [t.start for t in toks]
    out: set[int] = set()
    for m in analysis.mentions:
        if m.kind != "actor" or (of_type and m.value.get("type") != of_type) or (form and m.value.get("form") != form):
            continue
        i = max(bisect.bisect_right(starts, m.span.start) - 1, 0)
        while i < len(toks) and toks[i].start < m.span.end:
            if toks[i].end > m.span.start:
                out.add(i)
            i += 1
    return out


def discovered_aliases(mentions: Iterable[Mention]) -> tuple[list[Alias], dict[str, dict]]:
    """Aliases of discovered actors (full names, and unshared surnames of people) and a
    representative mention value per key."""
    lex = lexicon()
    aliases: list[Alias] = []
    values: dict[str, dict] = {}
    surnames: dict[tuple[str, ...], set[str]] = defaultdict(set)
    full_tokens: set[tuple[str, ...]] = set()
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        if m.kind != "actor" or m.value.get("source") != "discovered" or m.value.get("form") != "name":
            continue
        values.setdefault(m.key, m.value)
        person = m.value.get("type") == "person"
        if (m.key, m.span.text) in seen:
            continue
        seen.add((m.key, m.span.text))
        a = alias_from(m.span.text, m.key, form="name", tolerant=person, person=person)
        if a is None:
            continue
        aliases.append(a)
        full_tokens.add(a.tokens)
        if person and len(a.tokens) >= 2 and not any(t in lex.particles for t in a.tokens):
            last = a.tokens[-1]
            if len(last) >= _MIN_SURNAME and last not in lex.generational and not lex.is_stop(last):
                surnames[(last,)].add(m.key)
    for sur, keys in surnames.items():
        if len(keys) == 1 and sur not in full_tokens:
            aliases.append(Alias(tokens=sur, key=next(iter(keys)), form="surname", person=True, text=sur[0],
                                 shapes=("title",) if sur[0][:1].isascii() else ()))
    return aliases, values


def find_again(analysis: DocAnalysis, gazetteer: Gazetteer, values: dict[str, dict],
               propagated: bool) -> None:
    """Add a mention for every further occurrence of a discovered name in the document."""
    if not len(gazetteer):
        return
    first_full: dict[str, int] = {}
    for m in analysis.mentions:
        if m.kind == "actor" and m.value.get("form") == "name" and m.key in values:
            first_full[m.key] = min(first_full.get(m.key, m.span.start), m.span.start)
    doc = analysis.doc
    for match in gazetteer.find(analysis.layer, blocked_tokens(analysis)):
        key = match.alias.key
        if match.alias.form == "surname" and key in first_full and match.start < first_full[key]:
            continue
        value = {k: v for k, v in values[key].items() if k != "role"}
        value["form"] = match.alias.form
        if propagated:
            value["propagated"] = True
        analysis.mentions.append(Mention(doc.span(match.start, match.end), "actor", key, value))


def propagate_discovered(analyses: list[DocAnalysis]) -> None:
    """Find every discovered name in every document (the corpus-level pass)."""
    aliases, values = discovered_aliases(m for a in analyses for m in a.mentions)
    if not aliases:
        return
    gazetteer = Gazetteer(aliases + list(place_competitors()))
    for analysis in analyses:
        try:
            find_again(analysis, gazetteer, values, propagated=True)
        except Exception as exc:  # never stop a build over one document
            analysis.notes.append(f"propagate_discovered skipped: {type(exc).__name__}: {exc}")
        analysis.release()  # one document's text layer in memory at a time
