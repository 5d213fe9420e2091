"""Recognise the actors of the knowledge base in one document (a per-document stage).

Each known actor's names become aliases (surnames derived for people, adjectives inflected
for states, names that are also ordinary words marked ambiguous) in a
:class:`~backchannel.recognise.gazetteer.Gazetteer`; every hit is an ``actor`` mention with
the local key ``kb:<id>``, and every descriptor ("صهر الرئيس الأمريكي") a ``role`` mention
pointing at the same key, for event extraction to use as a participant. So is a capital that
acts for its state ("رفضت موسكو"; :mod:`backchannel.recognise.metonyms`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from backchannel.datafiles import safe_load
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.gazetteer import COMPETITOR, Alias, Gazetteer, Match, alias_from
from backchannel.recognise.knowledge import KnownActor, active_kb
from backchannel.recognise.metonyms import is_agent
from backchannel.recognise.names import NameLexicon, lexicon, name_tokens
from backchannel.recognise.roles import role_of
from backchannel.text.normalise import match_key

TOLERANT_TYPES = {"person", "company", "media"}
PLACES = Path(__file__).resolve().parents[1] / "data" / "places.yaml"
_CACHE: dict[int, tuple[dict[str, KnownActor], "Gazetteers"]] = {}


def kb_key(actor_id: str) -> str:
    return f"kb:{actor_id}"


def surname_of(name: str, lex: NameLexicon) -> tuple[str, ...] | None:
    """The surname of a person's full name, or None when the name does not have a plain one
    (one word, a particle as in "محمد بن سلمان", a generational suffix as in "Trump Jr.")."""
    toks = [t for t in name_tokens(name) if t not in lex.honorifics]
    if len(toks) < 2 or any(t in lex.particles or t in lex.generational for t in toks):
        return None
    last = toks[-1]
    return (last,) if len(last) >= 3 else None


def adjective_forms(base: str, arabic: bool, lex: NameLexicon) -> list[str]:
    """The written forms of a base adjective: Arabic inflections with and without the article
    ("روسي" -> "الروسية", "الروسيون", ...), the English plural."""
    word = match_key(base)
    if not arabic:
        return [base, base + "s"]
    forms = []
    for suffix in lex.adjective_suffixes:
        form = word + suffix
        forms += [form, "ال" + form]
    return forms


def _without_honorific(name: str, lex: NameLexicon) -> str:
    """A name of three words or more without its leading honorific ("الشيخ محمد بن عبدالرحمن"):
    the span is the name, and the longer name after the honorific can still win."""
    words = name.split()
    if len(words) >= 3 and name_tokens(words[0]) and name_tokens(words[0])[0] in lex.honorifics:
        return " ".join(words[1:])
    return name


_SHORT_SURNAME = 3  # Arabic letters: a surname this short ("بار", "لاي") is too often a word


def _short(surname: str) -> bool:
    """An Arabic one-word surname of three letters or fewer counts only after a title or role,
    an honorific or in quotes ("الرئيس لاي"), since such words are mostly something else."""
    word = match_key(surname)
    return " " not in word and not word[:1].isascii() and len(word) <= _SHORT_SURNAME


def build_aliases(kb: dict[str, KnownActor], lex: NameLexicon) -> tuple[list[Alias], list[Alias]]:
    """Name aliases and descriptor aliases of a knowledge base; derived surnames two actors
    would share are left out, so "Trump" stays Donald Trump's alone."""
    names: list[Alias] = []
    derived: dict[tuple[str, ...], set[str]] = defaultdict(set)
    explicit: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for actor in kb.values():
        key = kb_key(actor.id)
        person = actor.type == "person"
        tolerant = actor.type in TOLERANT_TYPES
        for name in actor.all_names():
            a = alias_from(_without_honorific(name, lex), key, form="name", tolerant=tolerant, person=person)
            if a:
                names.append(a)
                explicit[a.tokens].add(key)
            if person and actor.surname is None:
                sur = surname_of(name, lex)
                if sur:
                    derived[sur].add(key)
        for words in (actor.surname or {}).values():
            for w in words:
                a = alias_from(w, key, form="surname", tolerant=True, person=True, ambiguous=_short(w))
                if a:
                    names.append(a)
                    explicit[a.tokens].add(key)
        for words in actor.ambiguous.values():
            for w in words:
                a = alias_from(w, key, form="name", ambiguous=True, person=person)
                if a:
                    names.append(a)
        for lang_code, bases in actor.adjectives.items():
            for base in bases:
                for form in adjective_forms(base, lang_code == "ar", lex):
                    a = alias_from(form, key, form="adjective")
                    if a:
                        names.append(a)
    for sur, keys in derived.items():
        others = explicit.get(sur, set()) - keys
        if len(keys) == 1 and not others and sur not in explicit:
            key = next(iter(keys))
            latin = sur[0][:1].isascii()  # a surname in a URL slug ("putin-witkoff-kushner") is not one
            names.append(Alias(tokens=sur, key=key, form="surname", tolerant=True, person=True, text=sur[0],
                               shapes=("title",) if latin else (), ambiguous=_short(sur[0])))
    descriptors = [a for actor in kb.values() for words in actor.descriptors.values() for w in words
                   if (a := alias_from(w, kb_key(actor.id), form="descriptor"))]
    return names, descriptors


@lru_cache(maxsize=1)
def place_competitors() -> tuple[Alias, ...]:
    """Place names of several words (``data/places.yaml``), so that a person's surname inside
    one ("بيتش" in "ميامي بيتش") is not read as the person."""
    try:
        entries = safe_load(PLACES.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return ()
    out = []
    for e in entries:
        if not isinstance(e, dict):
            continue
        for n in e.get("names") or []:
            a = alias_from(str(n), f"place:{e.get('id')}", form=COMPETITOR)
            if a and len(a.tokens) > 1:
                out.append(a)
    return tuple(out)


@dataclass(frozen=True)
class Gazetteers:
    """What recognition looks for: names, descriptors, and places that may act for a state."""

    names: Gazetteer
    descriptors: Gazetteer
    metonyms: Gazetteer
    titles: dict[str, frozenset[tuple[str, ...]]]  # local key -> its descriptors, as normalised tokens

    def own_titles(self, key: str) -> frozenset[tuple[str, ...]] | None:
        """What the knowledge base calls the actor of ``key`` (None for one it does not know)."""
        return self.titles.get(key, frozenset()) if key.startswith("kb:") else None


def gazetteers(kb: dict[str, KnownActor]) -> Gazetteers:
    """The gazetteers of a knowledge base (built once per loaded base)."""
    hit = _CACHE.get(id(kb))
    if hit and hit[0] is kb:
        return hit[1]
    lex = lexicon()
    names, descriptors = build_aliases(kb, lex)
    metonyms = [a for actor in kb.values() for words in actor.metonyms.values() for w in words
                if (a := alias_from(w, kb_key(actor.id), form="metonym"))]
    # a capital takes its word from a name read with a clitic: "بكين" is not ب + "كين"
    places = list(place_competitors()) + [replace(a, form=COMPETITOR) for a in metonyms]
    titles = {kb_key(actor.id): frozenset(a.tokens for a in descriptors if a.key == kb_key(actor.id))
              for actor in kb.values() if actor.descriptors}
    gaz = Gazetteers(Gazetteer(names + places, lex), Gazetteer(descriptors, lex), Gazetteer(metonyms, lex), titles)
    _CACHE[id(kb)] = (kb, gaz)
    return gaz


def actor_value(actor: KnownActor, match: Match, role: str | None) -> dict[str, Any]:
    value: dict[str, Any] = {"name": actor.name, "type": actor.type, "source": "kb",
                             "form": match.alias.form}
    if role:
        value["role"] = role
    if actor.iso or actor.country:  # the state it is or belongs to: whose side a speaker speaks of
        value["country"] = actor.iso or actor.country
    if not match.exact:
        value["variant_of"] = match.alias.text
    return value


def person_tokens(matches: list[Match], kb: dict[str, KnownActor]) -> set[int]:
    """Tokens of person names: a role phrase never runs across another person's name."""
    out: set[int] = set()
    for m in matches:
        actor = kb.get(m.alias.key[3:])
        if actor and actor.type == "person":
            out.update(range(m.first, m.last))
    return out


def _with_nested(gaz: Gazetteer, layer: Any) -> list[Match]:
    """Descriptor matches, and those inside them: "صهر الرئيس الأمريكي" (Kushner) holds
    "الرئيس الأمريكي" (Trump), which the tie between them needs."""
    out: list[Match] = []
    todo = gaz.find(layer)
    while todo:
        m = todo.pop()
        out.append(m)
        if m.last - m.first > 1:
            todo += [n for n in gaz.find(layer, first=m.first + 1, last=m.last) if n.alias.key != m.alias.key]
    return sorted(out, key=lambda m: (m.start, -m.end))


def recognise_actors(analysis: DocAnalysis, options: Any) -> None:
    """Add an ``actor`` mention for every known actor named in the document, and a ``role``
    mention for every descriptor of one."""
    kb = active_kb(options)
    if not kb:
        return
    gaz = gazetteers(kb)
    layer, doc = analysis.layer, analysis.doc
    matches = gaz.names.find(layer)
    people = person_tokens(matches, kb)
    lex = lexicon()
    for m in matches:
        actor = kb[m.alias.key[3:]]
        role = None
        if actor.type == "person":
            found = role_of(layer, m.first, m.last, lex, people - set(range(m.first, m.last)),
                            gaz.own_titles(m.alias.key))
            role = found.text if found else None
        analysis.mentions.append(Mention(doc.span(m.start, m.end), "actor", m.alias.key,
                                         actor_value(actor, m, role)))
    for m in _with_nested(gaz.descriptors, layer):
        actor = kb[m.alias.key[3:]]
        analysis.mentions.append(Mention(doc.span(m.start, m.end), "role", m.alias.key,
                                         {"name": actor.name, "descriptor": m.alias.text, "source": "kb"}))
    named = {k for m in matches for k in range(m.first, m.last)}
    for m in gaz.metonyms.find(layer, named):
        if is_agent(layer, m, lex):
            actor = kb[m.alias.key[3:]]
            analysis.mentions.append(Mention(doc.span(m.start, m.end), "role", m.alias.key,
                                             {"name": actor.name, "descriptor": m.alias.text, "source": "kb",
                                              "form": "metonym", **({"country": actor.iso or actor.country}
                                                                    if actor.iso or actor.country else {})}))
