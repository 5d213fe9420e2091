"""Places: every name of the gazetteer (``data/places.yaml``) found in a document.

Each hit becomes ``Mention(kind="place", key=<place id>)`` with the place's English name,
type and containing place in its value, so an event can say it happened "in Saint
Petersburg" however the article spells it ("سانت بطرسبرج", "بسانت بطرسبرغ", "St. Petersburg").
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


from backchannel.datafiles import safe_load
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.phrases import Lexicon
from backchannel.text.document import Span
from backchannel.text.layer import TextLayer

DATA = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, Any]]:
    """Places by id, from ``data/places.yaml``."""
    with (DATA / "places.yaml").open(encoding="utf-8") as fh:
        return {p["id"]: p for p in safe_load(fh) or []}


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon((str(n), pid) for pid, p in gazetteer().items() for n in p.get("names", []))


def find_places(layer: TextLayer, doc_id: str) -> list[Mention]:
    """Every gazetteer place named in the text (longest name wins where names overlap)."""
    out = []
    for hit in _lexicon().finditer(layer):
        p = gazetteer()[hit.payload]
        out.append(Mention(span=Span(doc_id, hit.start, hit.end, layer.text[hit.start:hit.end]), kind="place",
                           key=hit.payload, value={"name": p["name"], "type": p.get("type"), "in": p.get("in")}))
    return out


def recognise_places(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add ``place`` mentions."""
    analysis.mentions.extend(find_places(analysis.layer, analysis.doc.id))
