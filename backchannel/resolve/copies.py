"""Credit wire copies (``corpus/copies.py``) on the items their original reports.

Each event, deal and proposal read from an original document lists the outlets that ran a
copy of it among its ``outlets`` and names the copies in ``attrs.copies``; ``corroboration``
still counts independent documents only, so ten reprints of one dispatch never look like
ten sources.
"""
from __future__ import annotations

from backchannel.kb.model import Corpus


def credit_copies(corpus: Corpus, options: object) -> None:
    """Corpus stage: add each copy's outlet to the items of the document it copies."""
    by_original: dict[str, list[tuple[str, str | None]]] = {}
    for a in corpus.analyses:
        original = a.doc.meta.get("copy_of")
        if original:
            by_original.setdefault(original, []).append((a.doc.id, a.doc.outlet))
    if not by_original:
        return
    for kind in ("events", "deals", "proposals"):
        for item in corpus.items(kind):
            docs = dict.fromkeys(s.doc for s in item.evidence)
            copies = [c for d in docs for c in by_original.get(d, [])]
            if copies:
                item.attrs["copies"] = [{"doc": doc, "outlet": outlet} for doc, outlet in copies]
                item.outlets = list(dict.fromkeys([*item.outlets, *(o for _, o in copies if o)]))
