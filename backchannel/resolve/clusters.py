"""Grouping per-document reports of one happening, and recording where the reports disagree.

Events, deals and proposals are extracted document by document; the same meeting told by
three outlets arrives as three reports. :func:`cluster` joins reports pairwise, best link
first, and only while the whole group stays consistent (so one vague report cannot chain
the February and the April meetings together). :func:`disagreements` turns the fields on
which a group's documents differ into :class:`Discrepancy` items, each reading with its
documents, outlets and evidence.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Callable, Hashable, Iterable, Iterator

from backchannel.kb.model import Corpus, Discrepancy, DocAnalysis, stable_id
from backchannel.text.document import Span
from backchannel.text.normalise import loose_key, match_key


@dataclass
class Report:
    """One document's account of an item, with its actors resolved to corpus ids."""

    item: Any
    doc: str
    outlet: str | None
    language: str
    actors: list[str] = field(default_factory=list)
    order: int = 0
    published: str | None = None
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def evidence(self) -> list[Span]:
        return list(self.item.evidence)


def words(r: Report) -> set[str]:
    """Spelling-tolerant keys of a report's evidence words (clitics off, numbers kept); computed once per report."""
    if "words" not in r.memo:
        r.memo["words"] = {loose_key(w) for s in r.evidence for w in re.findall(r"\w+", match_key(s.text))
                           if len(w) > 2 or w.isdigit()}
    found: set[str] = r.memo["words"]
    return found


def similarity(a: Report, b: Report) -> float:
    """Share of the shorter account's words the other account also uses."""
    wa, wb = words(a), words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def resolved(corpus: Corpus, keys: list[str]) -> list[str]:
    """Actor ids of local keys, in order, without repeats; keys that resolve to nothing are dropped."""
    out: list[str] = []
    for k in keys:
        aid = corpus.actor_id(k)
        if aid and aid not in out:
            out.append(aid)
    return out


def reports_of(corpus: Corpus, kind: str, keys_of: Callable[[Any], list[str]],
               language_of: Callable[[DocAnalysis, Any], str]) -> list[Report]:
    """Every per-document item of ``kind`` as a :class:`Report`."""
    out: list[Report] = []
    for analysis in corpus.analyses:
        for item in getattr(analysis, kind):
            out.append(Report(item, analysis.doc.id, analysis.doc.outlet, language_of(analysis, item),
                              resolved(corpus, keys_of(item)), len(out), analysis.doc.date))
    return out


Link = Callable[[Report, Report], tuple[float, str] | None]
Pairs = Iterable[tuple[Report, Report]]


def all_pairs(reports: list[Report]) -> Pairs:
    """Every pair of reports: the candidates when a caller knows no narrower blocks."""
    return combinations(reports, 2)


# A block of candidates with more reports than this is paired by sorted neighbourhood
# (each report with the WINDOW reports nearest it in time), not all against all, so the
# pairs grow with the corpus, not with its square. The seeds' largest block has 26 reports,
# the project's own sets at most 39: every block a story of a few dozen articles makes is
# still paired completely.
WINDOW = 64


def block_pairs(reports: Iterable[Report], key: Callable[[Report], Iterable[Hashable]],
                date_of: Callable[[Report], str | None] = lambda r: None) -> Iterator[tuple[Report, Report]]:
    """Pairs of reports that share at least one block key (repeats possible; :func:`cluster` drops them)."""
    blocks: dict[Hashable, list[Report]] = defaultdict(list)
    for r in reports:
        for k in set(key(r)):
            blocks[k].append(r)
    for members in blocks.values():
        yield from (combinations(members, 2) if len(members) <= WINDOW else neighbours(members, date_of))


def neighbours(reports: list[Report], date_of: Callable[[Report], str | None]) -> Iterator[tuple[Report, Report]]:
    """The sorted-neighbourhood pairs of a large block: reports ordered by when they happened
    (an undated report by its article's date, where it most likely belongs) and each paired
    with the next :data:`WINDOW`; pairs whose dates cannot agree are left out."""
    ranked = sorted(reports, key=lambda r: (date_of(r) or r.published or "", r.order))
    for i, a in enumerate(ranked):
        for b in ranked[i + 1:i + 1 + WINDOW]:
            if iso_compatible(date_of(a), date_of(b)):
                yield a, b


def date_pairs(reports: list[Report], date_of: Callable[[Report], str | None], undated: bool = True
               ) -> Iterator[tuple[Report, Report]]:
    """Exactly the pairs whose dates :func:`iso_compatible` accepts, without trying every pair:
    the same date, or one date a coarser prefix of the other ("2025-08" of "2025-08-15").
    With ``undated`` false, reports without a date are left out altogether. A block larger
    than :data:`WINDOW` gets its :func:`neighbours` instead."""
    if not undated:
        reports = [r for r in reports if date_of(r)]
    if len(reports) > WINDOW:
        yield from neighbours(reports, date_of)
        return
    buckets: dict[str | None, list[Report]] = defaultdict(list)
    for r in reports:
        buckets[date_of(r) or None].append(r)
    loose = buckets.pop(None, []) if undated else []
    buckets.pop(None, None)
    yield from combinations(loose, 2)
    for date, members in buckets.items():
        yield from combinations(members, 2)
        for other in loose:
            for r in members:
                yield r, other
        for i, ch in enumerate(date):
            if ch == "-" and date[:i] in buckets:
                for coarse in buckets[date[:i]]:
                    for r in members:
                        yield r, coarse


def cluster(reports: list[Report], link: Link, consistent: Callable[[list[Report], list[Report]], bool],
            candidates: Callable[[list[Report]], Pairs] = all_pairs) -> list[tuple[list[Report], list[str]]]:
    """Groups of reports and, for each, the reasons its members were joined.

    Only the pairs ``candidates`` proposes are scored (a caller's blocks must hold every pair
    ``link`` can accept, so blocking changes speed, never the groups, except that a block over
    :data:`WINDOW` reports is paired by :func:`neighbours`); every scored pair is
    tried best first; two groups join when the pair links them and ``consistent`` accepts the
    union (complete linkage on what must agree).
    """
    seen: set[tuple[int, int]] = set()
    pairs = []
    for p, q in candidates(reports):
        a, b = (p, q) if p.order < q.order else (q, p)
        if a.order == b.order or (a.order, b.order) in seen:
            continue
        seen.add((a.order, b.order))
        scored = link(a, b)
        if scored is not None:
            pairs.append((scored[0], a.order, b.order, scored[1]))
    group_of = {r.order: [r] for r in reports}
    reasons: dict[int, list[str]] = {r.order: [] for r in reports}
    root = {r.order: r.order for r in reports}

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for _, x, y, why in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        rx, ry = find(x), find(y)
        if rx == ry or not consistent(group_of[rx], group_of[ry]):
            continue
        root[ry] = rx
        group_of[rx].extend(group_of.pop(ry))  # in place: a caller may keep per-group summaries
        reasons[rx] = reasons[rx] + reasons.pop(ry) + [why]
    return [(sorted(group_of[g], key=lambda r: r.order), reasons[g]) for g in sorted(group_of)]


def merged(corpus: Corpus, kind: str, groups: Iterable[tuple[list[Report], list[str]]],
           merge: Callable[[list[Report]], Any]) -> Iterator[tuple[Any, list[Report]]]:
    """Each group merged into one item, with its merge recorded as a judgement; a group whose
    merge fails on odd input is recorded as skipped, and the build goes on."""
    for members, reasons in groups:
        try:
            item = merge(members)
        except Exception as exc:  # an odd report never stops a build: record it and go on
            corpus.judgements.append({"kind": f"{kind}_merge", "subject": members[0].item.id, "decision": "skipped",
                                      "reason": f"{type(exc).__name__}: {exc}"})
            continue
        if len(members) > 1:
            docs = len({r.doc for r in members})
            corpus.judgements.append({"kind": f"{kind}_merge", "subject": item.id,
                                      "decision": f"merged {len(members)} reports from {docs} documents",
                                      "reason": "; ".join(dict.fromkeys(reasons))})
        yield item, members


def readings(members: list[Report], value_of: Callable[[Report], Any]) -> list[dict[str, Any]]:
    """The distinct values of a field across reports, each with its documents, outlets and evidence."""
    out: list[dict[str, Any]] = []
    for r in members:
        value = value_of(r)
        if value in (None, [], ""):
            continue
        entry = next((e for e in out if e["value"] == value), None)
        if entry is None:
            entry = {"value": value, "docs": [], "outlets": [], "evidence": []}
            out.append(entry)
        if r.doc not in entry["docs"]:
            entry["docs"].append(r.doc)
        if r.outlet and r.outlet not in entry["outlets"]:
            entry["outlets"].append(r.outlet)
        entry["evidence"] += [s.to_dict() for s in r.evidence]
    return out


def disagreements(kind: str, item_id: str, members: list[Report],
                  fields: dict[str, Callable[[Report], Any]],
                  conflict: Callable[[str, Any, Any], bool]) -> list[Discrepancy]:
    """A :class:`Discrepancy` for each field on which reports from different documents conflict."""
    out: list[Discrepancy] = []
    if len({r.doc for r in members}) < 2:
        return out
    for name, value_of in fields.items():
        rs = readings(members, value_of)
        if len(rs) < 2:
            continue
        clash = any(conflict(name, a["value"], b["value"]) and set(a["docs"]) != set(b["docs"])
                    for i, a in enumerate(rs) for b in rs[i + 1:])
        if clash:
            out.append(Discrepancy(id=stable_id("x", kind, item_id, name), item_kind=kind, item_id=item_id,
                                   field=name, readings=rs))
    return out


def outlets_of(members: list[Report]) -> list[str]:
    out: list[str] = []
    for r in members:
        if r.outlet and r.outlet not in out:
            out.append(r.outlet)
    return out


def evidence_of(members: list[Report]) -> list[Span]:
    """All evidence spans of a group, in document and text order, without repeats."""
    spans = {(s.doc, s.start, s.end): s for r in members for s in r.evidence}
    return [spans[k] for k in sorted(spans)]


def iso_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates that can be the same time: equal, or one the other at a coarser precision."""
    if not a or not b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_ == short or long_.startswith(short + "-")
