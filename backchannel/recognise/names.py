"""The name lexicons (``lang/ar/names.yaml``, ``lang/en/names.yaml``) in the form matching needs.

Every word is normalised the way document tokens are, so a lexicon entry and a token
compare with ``==``. Both languages are merged: an Arabic article may quote an English
title and the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from backchannel import lang
from backchannel.text.layer import analyse
from backchannel.text.normalise import match_key, stems as _stems


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`backchannel.text.normalise.stems`, remembered: names ask it of every word often."""
    return tuple(_stems(word))


def name_tokens(text: str) -> tuple[str, ...]:
    """The normalised tokens of a name or phrase, as the text layer would split it."""
    return tuple(t.norm for t in analyse(text).tokens)


@dataclass(frozen=True)
class NameLexicon:
    """Words that frame names: titles and roles before them, organisation heads, given names."""

    generational: frozenset[str]
    particles: frozenset[str]
    honorifics: frozenset[str]
    role_phrases: frozenset[tuple[str, ...]]
    role_max: int
    org_heads: dict[tuple[str, ...], str]
    org_descriptors: dict[str, str]
    org_leaders: frozenset[str]
    named_by_nisba: frozenset[str]
    not_person_after_ar: frozenset[str]
    not_person_after_en: frozenset[str]
    stop_words: frozenset[str]
    given: frozenset[str]
    ambiguous_given: frozenset[str]
    compound_given_heads: frozenset[str]
    named_by_head: dict[str, tuple[str, bool]]  # noun -> (actor type, the noun is part of the name)
    adjective_suffixes: tuple[str, ...]
    generic_orgs: frozenset[tuple[str, ...]]
    member_nouns: frozenset[str]
    member_links: frozenset[str]
    agent_verbs: frozenset[str]
    not_agent_after: frozenset[str]
    describing_determiners: frozenset[str]
    role_openers: frozenset[str]
    possessive_endings: tuple[str, ...]
    regional_adjectives: frozenset[str]
    agent_particles: frozenset[tuple[str, ...]]
    agent_future_prefixes: tuple[str, ...]
    agent_particle_prefixes: tuple[str, ...]

    def is_stop(self, word: str) -> bool:
        """A word that ends a name: a stop word itself or after a clitic ("وقال", "وفي"); never
        after the article, which no particle or verb takes ("فاليري" is not ف + ال + "يرى")."""
        return any(stem in self.stop_words for plen, _, stem in stems(word)
                   if not word[:plen].endswith(("ال", "لل")))

    def role_at(self, words: list[str]) -> int:
        """Length of the role phrase starting ``words`` (0 if none); the first word may carry a clitic."""
        if not words:
            return 0
        for n in range(min(self.role_max, len(words)), 0, -1):
            head = words[:n]
            for _, _, stem in stems(head[0]):
                if (stem, *head[1:]) in self.role_phrases:
                    return n
        return 0

    def org_head_at(self, words: list[str]) -> tuple[int, str] | None:
        """(length, actor type) of an organisation head noun starting ``words``, clitic allowed."""
        for n in (2, 1):
            if len(words) < n:
                continue
            for _, _, stem in stems(words[0]):
                kind = self.org_heads.get((stem, *words[1:n]))
                if kind:
                    return n, kind
        return None


def _words(values: Any) -> frozenset[str]:
    """The normalised words of a YAML list (none if the key is missing)."""
    return frozenset(match_key(str(v)).rstrip(".") for v in (values or []) if str(v).strip())


def _given(code: str, key: str) -> frozenset[str]:
    """Given names of one language: the short list in ``names.yaml`` and the long one in
    ``given_names.yaml`` (where the language has it)."""
    words = _words(lang.load(code, "names").get(key))
    if (lang.LANG_DIR / code / "given_names.yaml").exists():
        words |= _words((lang.load(code, "given_names") or {}).get(key))
    return words


@lru_cache(maxsize=1)
def lexicon() -> NameLexicon:
    """The merged Arabic and English name lexicon (read once)."""
    ar, en = lang.load("ar", "names"), lang.load("en", "names")
    roles = frozenset(name_tokens(str(r)) for src in (ar, en) for r in src.get("role_nouns", []))
    heads: dict[tuple[str, ...], str] = {}
    for src in (ar, en):
        for word, kind in (src.get("org_heads") or {}).items():
            heads[name_tokens(str(word))] = str(kind)
    generic = frozenset(name_tokens(str(g)) for src in (ar, en) for g in src.get("generic_orgs", []) or [])
    return NameLexicon(
        generational=_words(ar.get("generational_suffixes")) | _words(en.get("generational_suffixes")),
        particles=_words(ar.get("particles")) | _words(en.get("particles")),
        honorifics=_words(ar.get("honorifics")) | _words(en.get("honorifics")),
        role_phrases=roles,
        role_max=max((len(r) for r in roles), default=1),
        org_heads=heads,
        org_leaders=_words(ar.get("org_leaders")) | _words(en.get("org_leaders")),
        named_by_nisba=_words(ar.get("named_by_nisba")),
        org_descriptors={match_key(str(w)): str(k) for src in (ar, en)
                         for w, k in (src.get("org_descriptors") or {}).items()},
        not_person_after_ar=_words(ar.get("not_person_after")),
        not_person_after_en=_words(en.get("not_person_after")),
        stop_words=_words(ar.get("stop_words")) | _words(en.get("stop_words")),
        # a given name that is also a word starts a name too, but only beside a role (discover.py)
        given=_given("ar", "given_names") | _given("en", "given_names")
        | _given("ar", "ambiguous_given_names") | _given("en", "ambiguous_given_names"),
        ambiguous_given=_given("ar", "ambiguous_given_names") | _given("en", "ambiguous_given_names"),
        compound_given_heads=_words(ar.get("compound_given_heads")),
        named_by_head={match_key(str(w)): (str(v["type"]), bool(v.get("includes_head")))
                       for src in (ar, en) for w, v in (src.get("named_by_head") or {}).items()},
        adjective_suffixes=tuple(match_key(s) if s else "" for s in ar.get("adjective_suffixes", [""])),
        generic_orgs=generic,
        member_nouns=_words(ar.get("member_nouns")) | _words(en.get("member_nouns")),
        member_links=_words(ar.get("member_links")) | _words(en.get("member_links")),
        agent_verbs=_words(ar.get("agent_verbs")) | _words(en.get("agent_verbs")),
        not_agent_after=_words(ar.get("not_agent_after")) | _words(en.get("not_agent_after")),
        describing_determiners=_words(en.get("describing_determiners")),
        role_openers=_words(en.get("role_openers")),
        possessive_endings=tuple(dict.fromkeys(match_key(str(e)) for e in en.get("possessive_endings") or [])),
        regional_adjectives=_words(ar.get("regional_adjectives")) | _words(en.get("regional_adjectives")),
        agent_particles=frozenset(name_tokens(str(p)) for src in (ar, en) for p in src.get("agent_particles", []) or []),
        agent_future_prefixes=tuple(_words(ar.get("agent_future_prefixes"))),
        agent_particle_prefixes=tuple(_words(ar.get("agent_verb_prefixes_after_particle"))),
    )
