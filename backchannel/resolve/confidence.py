"""How much to trust a merged event, from how its reports were found (``data/confidence.yaml``).

A reader needs to tell an event read from a verb whose subject and date stand in its own
clause, reported by three outlets, from one pieced together out of a noun in a headline.
The score is a sum of documented parts, each kept as a reason in ``attrs.confidence_from``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


from backchannel.datafiles import safe_load
from backchannel.kb.model import Event
from backchannel.recognise.triggers import event_types

_FILE = Path(__file__).resolve().parents[1] / "data" / "confidence.yaml"
_CLAUSE_SLOTS = {"subject", "agent", "of", "speaker", "from", "object"}


@lru_cache(maxsize=1)
def weights() -> dict[str, Any]:
    with _FILE.open(encoding="utf-8") as fh:
        return safe_load(fh)


def tier(score: float) -> str:
    """"high", "medium" or "low"."""
    t = weights()["tiers"]
    return "high" if score >= t["high"] else "medium" if score >= t["medium"] else "low"


def score_event(event: Event, reports: list[Event]) -> tuple[float, list[str]]:
    """The event's confidence and the reasons that make it up, from its best report and how
    many documents tell it."""
    w = weights()
    best = max((_report_score(r, event, w) for r in reports), key=lambda x: x[0])
    total, why = best
    extra = min(w["corroboration_most"], w["corroboration"] * max(0, event.corroboration - 1))
    if extra:
        total += extra
        why = why + [f"+{extra:.2f} reported by {event.corroboration} documents"]
    total = max(w["floor"], min(w["ceiling"], total))
    return round(total, 2), why


def _report_score(r: Event, event: Event, w: dict[str, Any]) -> tuple[float, list[str]]:
    strength = r.attrs.get("found_by", "noun")
    total = w["start"][strength]
    why = [f"{total:.2f} from a {strength} trigger"]

    def add(value: float, reason: str) -> None:
        nonlocal total
        if value:
            total += value
            why.append(f"{value:+.2f} {reason}")
    if not event_types().get(r.type, {}).get("interactive"):
        slots = set((r.attrs.get("roles_from") or {}).values())
        if slots & _CLAUSE_SLOTS:
            add(w["source"]["clause"], "who acted is an argument of its clause")
        elif r.source:
            add(w["source"]["carried"], "who acted is taken from the clause before")
        else:
            add(w["source"]["none"], "who acted is not named")
    if r.date:
        how = r.attrs.get("date_from_kind", "clause")
        key = "clause" if how == "clause" else "sentence" if how in ("sentence", "later", "caption") else "carried"
        add(w["date"][key], f"dated by {'its own clause' if key == 'clause' else 'its sentence' if key == 'sentence' else 'the narrative'}")
    if r.attrs.get("headline"):
        add(w["headline"], "told in a title or teaser")
    if r.attrs.get("aggregate"):
        add(w["aggregate"], "several happenings told at once")
    return total, why
