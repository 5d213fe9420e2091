"""What a briefing says, gathered from a knowledge base into plain values the templates lay out.

Every item carries its sources: the numbers of the articles behind it (listed at the end of
the briefing with outlet, date and file) and a short quote from each, in its own language
and direction, so a reader can check any line against the text it came from.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backchannel.analyse.screening import screened, stored_deal_flags, stored_matches
from backchannel.kb.model import Actor
from backchannel.kb.store import KnowledgeBase
from backchannel.text.document import Span
from backchannel.text.layer import script_language

SIDE_ORDER = ["US", "Russia", "Ukraine", "Europe", "other"]
UNPLACED = "Side not stated"
QUOTE_CHARS = 240
MAX_QUOTES = 2
MAX_CAST_PER_SIDE = 12
KEY_POINT_ITEMS = 3  # items a key point names before "and N more"
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
TELLING_FIELDS = ("date", "place", "value", "duration hours", "amount")  # disagreements a reader grasps at once
NO_CHARTS = {"timeline": None, "timeline_left_off": 0, "network": None}


@dataclass
class Quote:
    """A piece of evidence: the article's number, the text, and its language for direction."""

    source: int
    text: str
    lang: str

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"


@dataclass
class Briefing:
    """Everything one briefing shows, in reading order."""

    title: str
    subtitle: str
    generated: str
    figures: dict[str, int | None]
    key_points: list[str]
    cast: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    undated_events: int
    deals: list[dict[str, Any]]
    proposals: list[dict[str, Any]]
    discrepancies: list[dict[str, Any]]
    sanctions: dict[str, Any]
    sources: list[dict[str, Any]]
    charts: dict[str, Any] = field(default_factory=lambda: dict(NO_CHARTS))


def format_date(iso: str | None) -> str:
    """'2025-10-24' -> '24 Oct 2025', '2025-10' -> 'Oct 2025', keeping the precision the text gave."""
    if not iso:
        return "date not stated"
    parts = iso.split("-")
    try:
        if len(parts) >= 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2][:2])).strftime("%-d %b %Y")
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%b %Y")
    except ValueError:
        return iso
    return parts[0]


def _display_name(actor: Actor) -> tuple[str, str | None]:
    """The name to show, and the Arabic form beside it when the main name is not Arabic."""
    arabic = next((n for n in actor.names.get("ar", []) + actor.aliases if script_language(n) == "ar"), None)
    if script_language(actor.name) == "ar":
        return actor.name, None
    return actor.name, arabic


class _Gatherer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        docs = sorted(kb.documents(), key=lambda d: (d["date"] or "9999", d["source"]))
        self.number = {d["id"]: i + 1 for i, d in enumerate(docs)}
        self.outlet = {d["id"]: d["outlet"] or "outlet not stated" for d in docs}
        self.docs = docs
        self.actors = {a.id: a for a in kb.items("actors")}
        self.events, self.deals = kb.items("events"), kb.items("deals")
        self.proposals, self.ties = kb.items("proposals"), kb.items("ties")

    def name(self, actor_id: str | None) -> str:
        actor = self.actors.get(actor_id or "")
        return actor.name if actor else (actor_id or "?")

    def reading(self, value: Any) -> str:
        """A discrepancy reading as text: actor ids become names, lists are joined."""
        if isinstance(value, list):
            return ", ".join(self.reading(v) for v in value) or "none"
        if isinstance(value, dict):
            return " ".join(str(v) for v in value.values())
        if isinstance(value, str) and value in self.actors:
            return self.actors[value].name
        return "not stated" if value is None else str(value)

    def sources(self, spans: list[Span], max_quotes: int = MAX_QUOTES) -> dict[str, Any]:
        """Source numbers and a few quotes (at most one per article) for an item's evidence."""
        numbers = sorted({self.number[s.doc] for s in spans if s.doc in self.number})
        quotes, seen = [], set()
        for s in spans:
            if s.doc in seen or s.doc not in self.number:
                continue
            seen.add(s.doc)
            text = " ".join(s.text.split())
            if len(text) > QUOTE_CHARS:
                text = text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
            quotes.append(Quote(self.number[s.doc], text, script_language(text)))
            if len(quotes) == max_quotes:
                break
        outlets = sorted({self.outlet[s.doc] for s in spans if s.doc in self.outlet})
        return {"numbers": numbers, "quotes": quotes, "outlets": outlets}


def _cast(g: _Gatherer, matches: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    by_side: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for actor in g.actors.values():
        name, arabic = _display_name(actor)
        by_side[actor.side or UNPLACED].append({
            "id": actor.id, "name": name, "arabic": arabic, "type": (actor.type or "").replace("_", " "),
            "roles": actor.roles[:2], "mentions": len(actor.mentions), "sources": g.sources(actor.mentions),
            "sanctions": matches.get(actor.id, [])})
    order = SIDE_ORDER + sorted(s for s in by_side if s not in SIDE_ORDER and s != UNPLACED) + [UNPLACED]
    out = []
    for side in order:
        members = sorted(by_side.get(side, []), key=lambda a: (-a["mentions"], a["name"]))
        if members:
            out.append({"side": side, "actors": members[:MAX_CAST_PER_SIDE],
                        "more": max(0, len(members) - MAX_CAST_PER_SIDE)})
    return out


def _timeline(g: _Gatherer) -> tuple[list[dict[str, Any]], int]:
    events = g.events
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date, e.type))
    return [{"id": e.id, "date": e.date, "when": format_date(e.date), "type": e.type.replace("_", " "),
             "place": e.place, "participants": [g.name(p) for p in e.participants], "summary": e.summary,
             "corroboration": e.corroboration, "sources": g.sources(e.evidence, 1)} for e in dated], len(events) - len(dated)


def _value(value: dict[str, Any] | None) -> str | None:
    """'300 bn USD', '9.9 %': an amount as a reader writes it."""
    if not value or value.get("amount") is None:
        return None
    amount, unit = value["amount"], value.get("unit", "")
    if isinstance(amount, (int, float)):
        for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
            if abs(amount) >= size:
                return f"{amount / size:g} {word} {unit}".strip()
        return f"{amount:g} {unit}".strip()
    return f"{amount} {unit}".strip()


def _deals(g: _Gatherer, flags: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"id": d.id, "asset": d.asset or "asset not named", "parties": [g.name(p) for p in d.parties],
             "sector": d.sector, "value": _value(d.value), "condition": d.condition, "status": d.status,
             "flags": flags.get(d.id, []), "sources": g.sources(d.evidence)} for d in g.deals]


def _proposals(g: _Gatherer) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "proposer": g.name(p.proposer) if p.proposer else None,
             "issues": [{"issue": i.get("issue", ""), "position": i.get("position")} for i in p.issues],
             "reactions": [{"actor": g.name(r.get("actor")), "stance": r.get("stance")} for r in p.reactions],
             "sources": g.sources(p.evidence)} for p in g.proposals]


def _discrepancies(g: _Gatherer) -> list[dict[str, Any]]:
    labels: dict[str, dict[str, str]] = {
        "events": {e.id: f"{e.type.replace('_', ' ')} ({format_date(e.date)})" for e in g.events},
        "deals": {d.id: d.asset or d.id for d in g.deals},
        "proposals": {p.id: p.name for p in g.proposals},
        "actors": {a.id: a.name for a in g.actors.values()}}
    out = []
    for x in g.kb.items("discrepancies"):
        readings = [{"value": g.reading(r.get("value")),
                     "outlets": sorted({g.outlet[d] for d in r.get("docs", []) if d in g.outlet}) or r.get("outlets", []),
                     "numbers": sorted(g.number[d] for d in r.get("docs", []) if d in g.number)} for r in x.readings]
        out.append({"about": labels.get(x.item_kind, {}).get(x.item_id, x.item_id), "field": x.field.replace("_", " "),
                    "readings": readings})
    return out


def _key_points(cast: list[dict[str, Any]], timeline: list[dict[str, Any]], deals: list[dict[str, Any]],
                proposals: list[dict[str, Any]], discrepancies: list[dict[str, Any]], sanctions: dict[str, Any]) -> list[str]:
    """A few sentences a reader takes away, each computed from the items below it."""
    points = []
    sides = [f"{len(s['actors']) + s['more']} {s['side']}" for s in cast if s["side"] != UNPLACED]
    if sides:
        points.append("Actors by side: " + ", ".join(sides) + ".")
    if timeline:
        top = max(timeline, key=lambda e: (len(e["sources"]["numbers"]), e["date"]))
        where = f" in {top['place']}" if top["place"] else ""
        reach = len(top["sources"]["numbers"])
        points.append(f"{len(timeline)} dated event(s) from {timeline[0]['when']} to {timeline[-1]['when']}" +
                      (f"; the most widely reported is the {top['type']}{where} "
                       f"{'on' if len(top['date']) >= 10 else 'in'} {top['when']} ({reach} articles)."
                       if reach > 1 else "; each is reported by a single article."))
    relief = [d["asset"] for d in deals if any(f["flag"] == "sanctions_relief" for f in d["flags"])]
    if deals:
        points.append(f"{len(deals)} business deal(s) on the table" +
                      (f", {len(relief)} of them conditioned on sanctions relief ({', '.join(relief)})." if relief else "."))
    if proposals:
        cited = sorted(proposals, key=lambda p: (-len(p["sources"]["numbers"]), p["name"]))
        more = len(cited) - KEY_POINT_ITEMS
        points.append(f"{len(proposals)} settlement proposal(s); the most cited: "
                      + "; ".join(p["name"] for p in cited[:KEY_POINT_ITEMS]) + (f"; and {more} more." if more > 0 else "."))
    if sanctions["screened"]:
        listed = [a["name"] for a in sanctions["actors"]]
        points.append(f"{len(listed)} actor(s) match a sanctions list" + (f": {', '.join(listed)}." if listed else "."))
    if discrepancies:
        example = min(discrepancies, key=lambda x: (x["field"] not in TELLING_FIELDS, "date not stated" in x["about"]))
        points.append(f"Outlets disagree on {len(discrepancies)} point(s), e.g. the {example['field']} of the "
                      f"{example['about']}.")
    return points


def gather(db: Path | str, title: str | None = None, *, charts: bool = True) -> Briefing:
    """Read the knowledge base and assemble the briefing's content (and its two charts)."""
    with KnowledgeBase(db) as kb:
        g = _Gatherer(kb)
        matches, flags = stored_matches(kb.conn), stored_deal_flags(kb.conn)
        lists = screened(kb.conn)
        cast = _cast(g, matches)
        timeline, undated = _timeline(g)
        deals = _deals(g, flags)
        proposals = _proposals(g)
        discrepancies = _discrepancies(g)
        sanctioned = [{"name": g.name(a), "matches": m} for a, m in matches.items() if a in g.actors]
        flagged_deals = [d for d in deals if d["flags"]]
        sanctions = {"screened": bool(lists), "lists": lists, "actors": sanctioned, "deals": flagged_deals}
        dates = sorted(d["date"] for d in g.docs if d["date"])
        outlets = Counter(d["outlet"] for d in g.docs if d["outlet"])
        span = (format_date(dates[0]) if dates and dates[0] == dates[-1] else
                f"{format_date(dates[0])} – {format_date(dates[-1])}" if dates else "undated")
        subtitle = f"{len(g.docs)} articles from {len(outlets)} outlets · {span}"
        languages = Counter(lang for d in g.docs for lang in (d["languages"] or [d["language"]]))
        figures: dict[str, int | None] = {"articles": len(g.docs), "outlets": len(outlets), "actors": len(g.actors),
                   "events": len(timeline) + undated, "deals": len(deals), "proposals": len(proposals),
                   "sanctions flags": len(sanctioned) + len(flagged_deals) if lists else None}
        sources = [{"number": g.number[d["id"]], "outlet": d["outlet"] or "outlet not stated",
                    "date": format_date(d["date"]), "title": d["title"], "source": d["source"], "url": d["url"],
                    "language": d["language"]} for d in g.docs]
        return Briefing(
            title=title or "Negotiation briefing", subtitle=subtitle,
            generated=dt.datetime.now(dt.timezone.utc).strftime("%-d %B %Y %H:%M UTC"),
            figures=figures, key_points=_key_points(cast, timeline, deals, proposals, discrepancies, sanctions)
            + ([f"Articles by language: {', '.join(f'{LANGUAGE_NAMES.get(k, k)} {v}' for k, v in languages.most_common())}."]
               if languages else []),
            cast=cast, timeline=timeline, undated_events=undated, deals=deals, proposals=proposals,
            discrepancies=discrepancies, sanctions=sanctions, sources=sources,
            charts=_charts(g, set(matches)) if charts else dict(NO_CHARTS))


def _charts(g: _Gatherer, sanctioned: set[str]) -> dict[str, Any]:
    """The two charts as SVG (None where there is too little to draw) and what the timeline left off."""
    from backchannel.export.report.charts import network_svg, timeline_svg

    timeline = timeline_svg(g.events)
    return {"timeline": timeline[0] if timeline else None, "timeline_left_off": timeline[1] if timeline else 0,
            "network": network_svg(list(g.actors.values()), g.ties, g.events, sanctioned)}
