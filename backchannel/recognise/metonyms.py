"""Capitals and seats that stand for a government when it acts: "رفضت موسكو", "Washington said".

A capital is a place ("وصل ويتكوف إلى موسكو") until the sentence makes it an agent: the
subject of a verb of saying, proposing, refusing, demanding... (``agent_verbs`` in
``lang/*/names.yaml``), right before it (VSO: "اقترحت واشنطن") or right after it, perhaps
past a particle (SVO: "موسكو لن تقبل", "Moscow has rejected"). Only then does it become a
``role`` mention pointing at the state (``metonyms`` in ``data/states.yaml``), so events and
proposals can take the state as a participant or proposer; it is never an actor-name mention.
"""
from __future__ import annotations

import re

from backchannel.recognise.gazetteer import Match
from backchannel.recognise.names import NameLexicon, stems
from backchannel.text.layer import TextLayer

_SPACES = re.compile(r"[ \t\u00a0\u200e\u200f]*\Z")
_MAX_PARTICLES = 2
_MIN_STEM = 3  # letters after the prefix of a word taken for a verb by its prefix ("ستقدم", not "ستة")


def _verb(word: str, lex: NameLexicon, prefixes: tuple[str, ...] = ()) -> bool:
    """A listed verb (clitic allowed), or a word whose prefix shows it is a verb."""
    if any(stem in lex.agent_verbs for _, _, stem in stems(word)):
        return True
    return any(word.startswith(p) and len(word) - len(p) >= _MIN_STEM for p in prefixes)


def _joined(layer: TextLayer, a: int, b: int) -> bool:
    return bool(_SPACES.match(layer.text[layer.tokens[a].end:layer.tokens[b].start]))


def _particle_at(layer: TextLayer, i: int, lex: NameLexicon) -> int:
    """Length of the particle phrase starting at token ``i`` (0 if none)."""
    words = [t.norm for t in layer.tokens[i:i + 3]]
    for n in range(len(words), 0, -1):
        for _, _, stem in stems(words[0]):
            if (stem, *words[1:n]) in lex.agent_particles and all(_joined(layer, i + k, i + k + 1)
                                                                   for k in range(n - 1)):
                return n
    return 0


def _governed(layer: TextLayer, m: Match, lex: NameLexicon) -> bool:
    """The place is the object of a preposition, perhaps as the second of two ("between
    Washington and Kyiv", "بين واشنطن وكييف")."""
    toks = layer.tokens
    k = m.first - 1
    if k < 0 or not _joined(layer, k, m.first):
        return False
    coordinated = m.start > toks[m.first].start  # "وكييف": the conjunction is on the word
    if toks[k].norm in ("and", "or"):
        if k < 1 or not _joined(layer, k - 1, k):
            return False
        k, coordinated = k - 1, True
    if toks[k].norm in lex.not_agent_after:
        return True
    return coordinated and k >= 1 and _joined(layer, k - 1, k) and toks[k - 1].norm in lex.not_agent_after


def is_agent(layer: TextLayer, m: Match, lex: NameLexicon) -> bool:
    """Whether the place in ``m`` is the subject of an act the lexicon lists."""
    toks = layer.tokens
    if _governed(layer, m, lex):
        return False
    if m.first > 0 and _joined(layer, m.first - 1, m.first) and _verb(toks[m.first - 1].norm, lex):
        return True
    k, skipped = m.last, 0
    while k < len(toks) and _joined(layer, k - 1, k):
        prefixes = lex.agent_particle_prefixes + lex.agent_future_prefixes if skipped else lex.agent_future_prefixes
        if _verb(toks[k].norm, lex, prefixes):
            return True
        n = _particle_at(layer, k, lex)
        if not n or skipped == _MAX_PARTICLES:
            return False
        k, skipped = k + n, skipped + 1
    return False
