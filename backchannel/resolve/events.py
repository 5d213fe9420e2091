"""One event per happening: reports of the same meeting, however many outlets tell it, merge.

Two reports are linked when their types belong to the same family (a "summit" and a
"meeting" can be one happening; a meeting and a sanction cannot), their dates can be the
same time ("2025-08" and "2025-08-15" can; April and August cannot), and they share
participants: two of them, or one plus the same place or the same day. A translation
inside one article (001 carries its Arabic text again in English) links on a shared
participant alone. Inside one article in one language only reports of the same day join.
A report of several happenings at once ("لقاءات مطولة") joins only its like.

The merged event keeps every piece of evidence, counts its documents (``corroboration``)
and outlets, records why it was merged (``corpus.judgements``), and stores where the
documents disagree on date, duration, participants or place as ``Discrepancy`` items.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from backchannel.kb.model import Corpus, DocAnalysis, Event, stable_id
from backchannel.recognise.places import gazetteer
from backchannel.recognise.triggers import event_types, family
from backchannel.resolve.confidence import score_event, tier
from backchannel.resolve.clusters import (Link, Pairs, Report, cluster, date_pairs, disagreements, merged, similarity,
                                          evidence_of, iso_compatible, outlets_of, reports_of, resolved)
from backchannel.resolve.wording import event_summary
from backchannel.text.normalise import match_key

# Which type names a merged event when reports differ: the most specific first.
_SPECIFIC = ("summit", "video_conference", "call", "meeting", "visit")


def _language(analysis: DocAnalysis, event: Event) -> str:
    return str(event.attrs.get("language") or analysis.doc.language or "und")


def _date(r: Report) -> str | None:
    return r.item.date


def _samewords(a: Report, b: Report) -> bool:
    return _first_key(a) == _first_key(b)


def _first_key(r: Report) -> str:
    """The match key of a report's first evidence, computed once per report."""
    if "first_key" not in r.memo:
        r.memo["first_key"] = match_key(r.evidence[0].text)
    return str(r.memo["first_key"])


def _day(date: str | None) -> bool:
    return bool(date) and len(date or "") >= 10


def link(a: Report, b: Report) -> tuple[float, str] | None:
    """How strongly two reports look like one happening (``None``: they are not)."""
    ea, eb = a.item, b.item
    if family(ea.type) != family(eb.type):
        return None
    if bool(ea.attrs.get("aggregate")) != bool(eb.attrs.get("aggregate")):
        return None
    if (ea.attrs.get("status") == "planned") != (eb.attrs.get("status") == "planned"):
        return None
    if not places_compatible(ea.attrs.get("place_id"), eb.attrs.get("place_id")):
        return None
    shared = [x for x in a.actors if x in b.actors]
    names = ", ".join(shared)
    same_type = ea.type == eb.type
    same_place = bool(ea.place and ea.place == eb.place)
    same_day = _day(ea.date) and ea.date == eb.date
    same_month = bool(ea.date and ea.date == eb.date and len(ea.date) >= 7)
    score = 2.0 * len(shared) + (1.5 if same_type else 0) + (1.0 if same_place else 0) + (1.0 if same_day else 0)
    if a.doc == b.doc and a.language == b.language:
        if _samewords(a, b):
            return score + 10, "the same words repeated in one article"
        if ea.attrs.get("sentence") == eb.attrs.get("sentence") is not None:
            return None  # one sentence telling two happenings ("وصل ... في زيارة، التقى خلالها ...")
        if not iso_compatible(ea.date, eb.date) or ea.type == "statement" or eb.type == "statement":
            return None
        if same_day and (shared or not a.actors or not b.actors):
            return score, f"one article, same day {ea.date}"
        if "title" in (ea.attrs.get("headline"), eb.attrs.get("headline")) and shared:
            return score, f"one article: its title tells the event again ({names})"
        headings = ea.attrs.get("headline") == "heading" or eb.attrs.get("headline") == "heading"
        if (not ea.date or not eb.date) and same_type and len(shared) >= 2 and not headings and (
                not ea.place or not eb.place or same_place):
            return score, f"one article: an undated mention of the same {ea.type} ({names})"
        return None
    if not iso_compatible(ea.date, eb.date):
        return None
    if a.doc == b.doc:
        if shared or (same_type and ((not a.actors and not b.actors) or (ea.date and ea.date == eb.date))):
            return score + 3, f"one article in two languages ({a.language}, {b.language}): its translation"
        return None
    similar = similarity(a, b)
    if ea.type == "statement" or eb.type == "statement":
        speaker = ea.attrs.get("speaker") and a.actors[:1] == b.actors[:1]
        if speaker and same_type and (same_day or similar >= 0.5):
            return score, f"statement by {a.actors[0]} reported in the same words or on the same day"
        return None
    undated = not ea.date or not eb.date
    if len(shared) >= 2 and (not undated or (same_type and (len(shared) >= 3 or same_place or similar >= 0.2))):
        return score + similar, f"same kind of event, shared participants ({names}), compatible dates"
    if same_type and not undated and similar >= 0.4:
        return score + similar, f"same kind of event told in the same words ({similar:.0%}), compatible dates"
    if shared and (same_place or same_day or (same_type and same_month)):
        why = "place" if same_place else ("day" if same_day else "month")
        return score, f"same kind of event with {names}, same {why}"
    if not a.actors and not b.actors and same_type and same_day:
        return score, f"same kind of event on the same day {ea.date}"
    return None


@dataclass
class _Summary:
    """What :func:`consistent` checks of a group, kept up to date as the group grows."""

    size: int = 0
    dates: set[str | None] = field(default_factory=set)
    places: set[str | None] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    told: dict[tuple[str, str], list[Report]] = field(default_factory=lambda: defaultdict(list))

    def add(self, reports: list[Report]) -> None:
        empty: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        for r in reports:
            self.dates.add(r.item.date)
            self.places.add(r.item.attrs.get("place_id"))
            roles = r.memo.get("roles", empty)
            self.sources |= roles[0]
            self.targets |= roles[1]
            self.told[(r.doc, r.language)].append(r)
        self.size += len(reports)


class _Summaries:
    """Group summaries by list: :func:`cluster` grows a group's list in place, so a summary
    only reads the members added since it was last asked, and a check costs the distinct
    dates, places and articles of the two groups, not their sizes. The lists are held here,
    so an id is never reused while its summary is kept."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[list[Report], _Summary]] = {}

    def of(self, group: list[Report]) -> _Summary:
        kept = self._by_id.get(id(group))
        if kept is None or kept[0] is not group or kept[1].size > len(group):
            kept = (group, _Summary())
            self._by_id[id(group)] = kept
        summary = kept[1]
        if summary.size < len(group):
            summary.add(group[summary.size:])
        return summary


def consistent(x: list[Report], y: list[Report], link_of: Link = link, summaries: _Summaries | None = None) -> bool:
    """Whether two groups can be one happening: dates and places all compatible, no actor in
    opposite roles ("A sanctioned B" and "B sanctioned A" are two happenings), one-article rule
    kept.

    Only what can fail is checked: each distinct date and place once, role clashes on the
    groups' unions (some pair clashes exactly when the unions do), and ``link`` only between
    members told in the same article and language (pass a memoised ``link_of`` to reuse
    scores, and ``summaries`` to keep each group's summary between calls)."""
    summaries = summaries or _Summaries()
    sx, sy = summaries.of(x), summaries.of(y)
    for da in sx.dates:
        for db in sy.dates:
            if not iso_compatible(da, db):
                return False
    for pa in sx.places:
        for pb in sy.places:
            if not _places_ok(pa, pb):
                return False
    if sx.sources & sy.targets or sx.targets & sy.sources:
        return False
    shared = sx.told.keys() & sy.told.keys()
    return all(link_of(a, b) is not None for key in shared for a in sx.told[key] for b in sy.told[key])


@lru_cache(maxsize=4096)
def _places_ok(a: str | None, b: str | None) -> bool:
    return places_compatible(a, b)


def candidates(reports: list[Report]) -> Pairs:
    """The pairs :func:`link` can join, by the conditions under which it returns a link: any two
    reports of one article; across articles only the same family, aggregate and planned state,
    with compatible dates and either two shared participants, or one shared participant with
    the same place, the same date (day, or month of the same type) or as the same statement's
    speaker, or the same type with both dated (words, or the same day without participants), or
    statements whose speakers both went unresolved."""
    by_doc: dict[str, list[Report]] = defaultdict(list)
    kinds: dict[tuple[str, bool, bool], list[Report]] = defaultdict(list)
    for r in reports:
        by_doc[r.doc].append(r)
        kinds[(family(r.item.type), bool(r.item.attrs.get("aggregate")),
               r.item.attrs.get("status") == "planned")].append(r)
    for members in by_doc.values():
        yield from combinations(members, 2)
    for members in kinds.values():
        compatible: dict[Any, list[Report]] = defaultdict(list)  # then paired by compatible dates
        dated: dict[Any, list[Report]] = defaultdict(list)  # the same, both dated
        for r in members:
            item, actors = r.item, sorted(set(r.actors))
            for pair in combinations(actors, 2):
                compatible[("two", pair)].append(r)
            for actor in actors:
                if item.place:
                    compatible[("place", actor, item.place)].append(r)
                if item.date and len(item.date) >= 7:
                    dated[("date", actor, item.date)].append(r)
            if item.type == "statement":
                compatible[("speaker", r.actors[0] if r.actors else None, item.type)].append(r)
            dated[("type", item.type)].append(r)
        for group in compatible.values():
            yield from _across(date_pairs(group, _date))
        for group in dated.values():
            yield from _across(date_pairs(group, _date, undated=False))


def _across(pairs: Pairs) -> Pairs:
    return ((a, b) for a, b in pairs if a.doc != b.doc)


def _memoised(link_of: Link) -> Link:
    """``link_of`` computed once per pair, for :func:`cluster` and :func:`consistent` to share."""
    seen: dict[tuple[int, int], tuple[float, str] | None] = {}

    def cached(a: Report, b: Report) -> tuple[float, str] | None:
        key = (a.order, b.order)
        if key not in seen:
            seen[key] = link_of(a, b)
        return seen[key]
    return cached


def places_compatible(a: str | None, b: str | None) -> bool:
    """Two places that can be where one event happened: the same, or one inside the other."""
    return not a or not b or _contains(a, b) or _contains(b, a)


def _contains(outer: str, inner: str | None) -> bool:
    places = gazetteer()
    seen = set()
    while inner and inner not in seen:
        if inner == outer:
            return True
        seen.add(inner)
        inner = (places.get(inner) or {}).get("in")
    return False


def _conflict(name: str, a: Any, b: Any) -> bool:
    if name == "date":
        return not iso_compatible(a, b)
    if name == "place":
        return not places_compatible(a, b)
    return a != b


def _pick_type(members: list[Report]) -> str:
    counts = Counter(r.item.type for r in members)
    top = max(counts.values())
    best = [t for t, c in counts.items() if c == top]
    return min(best, key=lambda t: _SPECIFIC.index(t) if t in _SPECIFIC else len(_SPECIFIC))


def _pick_date(members: list[Report]) -> Report | None:
    dated = [r for r in members if r.item.date]
    if not dated:
        return None
    return max(dated, key=lambda r: (len(r.item.date), -r.order))


def _place_rank(r: Report) -> int:
    kind = (gazetteer().get(str(r.item.attrs.get("place_id") or "")) or {}).get("type")
    return {"site": 4, "city": 3, "region": 2, "sea": 2, "country": 1}.get(str(kind), 0)


def merge(members: list[Report], corpus: Corpus) -> Event:
    """One event from a group of reports: most specific type, most precise date, all evidence."""
    etype = _pick_type(members)
    spec = event_types().get(etype, event_types()["other"])
    dated = _pick_date(members)
    placed = max((r for r in members if r.item.place), key=_place_rank, default=None)
    actors = Counter(a for r in members for a in r.actors)
    first_seen = {a: min(i for i, r in enumerate(members) if a in r.actors) for a in actors}
    participants = sorted(actors, key=lambda a: (-actors[a], first_seen[a]))
    durations = Counter(r.item.duration_hours for r in members if r.item.duration_hours is not None)
    evidence = evidence_of(members)
    docs = sorted({r.doc for r in members})
    attrs: dict[str, Any] = {
        "documents": docs,
        "reports": [{"doc": r.doc, "type": r.item.type, "date": r.item.date, "date_phrase": r.item.date_phrase,
                     "participants": r.actors, "place": r.item.place, "duration_hours": r.item.duration_hours}
                    for r in members],
        "triggers": sorted({t for r in members for t in r.item.attrs.get("triggers", [])}),
    }
    phrased = dated or next((r for r in members if r.item.date_phrase), None)
    if phrased is not None:
        attrs["date_basis"] = phrased.item.attrs.get("date_basis")
        if phrased.item.attrs.get("date_from"):
            attrs["date_from"] = phrased.item.attrs["date_from"]
    if all(r.item.attrs.get("status") == "planned" for r in members):
        attrs["status"] = "planned"
    if all(r.item.attrs.get("aggregate") for r in members):
        attrs["aggregate"] = True
    if placed is not None:
        attrs["place_id"] = placed.item.attrs.get("place_id")
    speakers = [corpus.actor_id(r.item.attrs["speaker"]) for r in members if r.item.attrs.get("speaker")]
    if any(speakers):
        attrs["speaker"] = next(s for s in speakers if s)
    event = Event(
        id=stable_id("e", etype, dated.item.date if dated else "", *sorted(participants),
                     evidence[0].doc, evidence[0].start),
        type=etype, plover=spec.get("plover"), plover_mode=spec.get("mode"),
        date=dated.item.date if dated else None, date_precision=dated.item.date_precision if dated else None,
        date_phrase=(dated.item.date_phrase if dated else next((r.item.date_phrase for r in members
                                                                 if r.item.date_phrase), None)),
        place=placed.item.place if placed else None, participants=participants,
        **_roles(members, corpus, participants, etype),
        duration_hours=durations.most_common(1)[0][0] if durations else None,
        outlets=outlets_of(members), corroboration=len(docs), attrs=attrs, evidence=evidence)
    event.summary = summary(event, corpus)
    event.confidence, event.attrs["confidence_from"] = score_event(event, [r.item for r in members])
    event.attrs["confidence_tier"] = tier(event.confidence)
    return event


def _roles(members: list[Report], corpus: Corpus, participants: list[str], etype: str) -> dict[str, list[str]]:
    """Source, target and host of the merged event, by actor id: each actor takes the role most
    of its reports give it (the earliest report breaks a tie), so one misread report cannot
    turn the event around."""
    votes: dict[str, Counter[str]] = {}
    for rank, r in enumerate(members):
        for role in ("source", "target", "host"):
            for aid in resolved(corpus, getattr(r.item, role)):
                votes.setdefault(aid, Counter())[role] += len(members) * 2 - rank  # earlier reports weigh a little more
    out: dict[str, list[str]] = {"source": [], "target": [], "host": []}
    for aid in participants:
        if aid in votes:
            out[votes[aid].most_common(1)[0][0]].append(aid)
    if event_types().get(etype, {}).get("interactive"):  # a meeting or call has no direction, only a host
        out["source"], out["target"] = [], []
    return out


def summary(event: Event, corpus: Corpus) -> str:
    """The line a timeline shows (``data/templates.yaml``): "Witkoff and Kushner met Putin in
    Moscow (5 h)"; the Arabic line goes to ``attrs.summary_ar``."""
    actors = {a.id: a for a in corpus.actors}
    event.attrs["summary_ar"] = event_summary(event, actors, "ar")
    return event_summary(event, actors, "en")


def resolve_events(corpus: Corpus, options: object) -> None:
    """Corpus stage: merge the documents' events into one per happening, with discrepancies."""
    reports = reports_of(corpus, "events", lambda e: e.participants, _language)
    for r in reports:
        r.memo["roles"] = (frozenset(resolved(corpus, r.item.source)), frozenset(resolved(corpus, r.item.target)))
    fields = {"date": lambda r: r.item.date, "duration_hours": lambda r: r.item.duration_hours,
              "participants": lambda r: sorted(r.actors) or None, "place": lambda r: r.item.attrs.get("place_id")}
    linked = _memoised(link)
    summaries = _Summaries()

    def agree(x: list[Report], y: list[Report]) -> bool:
        return consistent(x, y, linked, summaries)
    groups = cluster(reports, linked, agree, candidates)
    for event, members in merged(corpus, "event", groups, lambda group: merge(group, corpus)):
        corpus.events.append(event)
        corpus.discrepancies += disagreements("events", event.id, members, fields, _conflict)
    corpus.events.sort(key=lambda e: (e.date or "9999", e.evidence[0].doc if e.evidence else "", e.id))
