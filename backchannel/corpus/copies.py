"""Wire copies: the same agency story run by several outlets, found before analysis.

A Reuters or AFP dispatch reprinted by ten outlets is one report, not ten independent
sources, and analysing it ten times is wasted work. Documents whose bodies share most of
their five-word shingles (estimated Jaccard ≥ 0.8 by MinHash, candidates found by locality-
sensitive hashing, so the cost grows with the corpus, not its square) are copies of the
earliest of them. A copy is stored and searchable like any document, but only the original
is analysed; the items read from it list the copy's outlet as carrying the same report
(``resolve/copies.py``) without counting it as corroboration.
"""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

from backchannel.text.document import Document
from backchannel.text.normalise import match_key

THRESHOLD = 0.8  # estimated Jaccard of shingles above which two bodies are one story
_PERMUTATIONS = 64
_SHINGLE = 5
_MIN_WORDS = 40  # shorter texts share phrases by chance; they are never called copies
_HEADER = re.compile(r"^\s*#\s*[\w-]+\s*:.*$", re.MULTILINE)


def _shingles(doc: Document) -> set[bytes]:
    words = match_key(_HEADER.sub(" ", doc.text)).split()
    if len(words) < _MIN_WORDS:
        return set()
    return {" ".join(words[i:i + _SHINGLE]).encode("utf-8") for i in range(len(words) - _SHINGLE + 1)}


def wire_copies(docs: list[Document], threshold: float = THRESHOLD) -> dict[str, str]:
    """``{copy id: original id}``: each copy points at the earliest document (by date, then
    source) it repeats; originals are not in the mapping."""
    order = sorted(docs, key=lambda d: (d.date or "9999", d.source, d.id))
    sets = [_shingles(d) for d in order]
    usable = [(d, s) for d, s in zip(order, sets) if s]
    hashes = MinHash.bulk([s for _, s in usable], num_perm=_PERMUTATIONS, seed=1)
    lsh = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
    rank = {d.id: i for i, d in enumerate(order)}
    kept: dict[str, MinHash] = {}  # the originals so far, to confirm what the index proposes
    copies: dict[str, str] = {}
    for (doc, _), mh in zip(usable, hashes):
        found = [k for k in lsh.query(mh) if mh.jaccard(kept[k]) >= threshold]
        if found:
            copies[doc.id] = min(found, key=lambda k: rank[k])
        else:
            lsh.insert(doc.id, mh)
            kept[doc.id] = mh
    return copies
