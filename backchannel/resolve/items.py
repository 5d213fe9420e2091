"""One deal per deal and one proposal per proposal, however many outlets report them.

Deals about the same known asset (Sakhalin, Nord Stream 2) merge; deals with no named
asset merge when they are in the same sector and told in much the same words, or share a
party and some words. Proposals merge by their name ("the 28-point plan" in two outlets),
or, for unnamed offers, by the same proposer and the same issues. Each merged item keeps
all its evidence, counts its documents and outlets, records why it was merged
(``corpus.judgements``) and stores where documents disagree (value, parties, status,
condition; proposer, issues) as ``Discrepancy`` items.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any, Callable

from backchannel.kb.model import Corpus, Deal, DocAnalysis, Proposal, stable_id
from backchannel.resolve.clusters import (Pairs, Report, block_pairs, cluster, disagreements, evidence_of, merged,
                                          outlets_of, reports_of, similarity)
from backchannel.resolve.wording import listed, render, templates, whose
from backchannel.text.normalise import match_key

_STATUS_ORDER = ("agreed", "completed", "negotiating", "seeking", "discussed", "explored", "proposed", "mentioned")


def _language(analysis: DocAnalysis, item: Any) -> str:
    return str(item.attrs.get("language") or analysis.doc.language or "und")


def _ranked(members: list[Report], get: Callable[[Report], Any]) -> list[Any]:
    counts = Counter(v for r in members for v in ([get(r)] if get(r) is not None else []))
    first = {}
    for i, r in enumerate(members):
        v = get(r)
        if v is not None and v not in first:
            first[v] = i
    return sorted(counts, key=lambda v: (-counts[v], first[v]))


def _union(members: list[Report]) -> list[str]:
    counts = Counter(a for r in members for a in r.actors)
    first = {a: min(i for i, r in enumerate(members) if a in r.actors) for a in counts}
    return sorted(counts, key=lambda a: (-counts[a], first[a]))


# ------------------------------------------------------------------ deals


def link_deals(a: Report, b: Report) -> tuple[float, str] | None:
    """Whether two deal reports are one deal, and why."""
    da, db = a.item, b.item
    ia, ib = da.attrs.get("asset_id"), db.attrs.get("asset_id")
    shared = [x for x in a.actors if x in b.actors]
    sim = similarity(a, b)
    same_value = bool(da.value and _value_key(da.value) == _value_key(db.value))
    if ia and ib:
        return (5 + len(shared) + sim, f"same asset ({da.asset})") if ia == ib else None
    if ia or ib:
        if a.doc == b.doc and len(shared) >= 2 and da.sector == db.sector:
            return 1 + len(shared), f"one article, the same parties ({', '.join(shared)}) and sector"
        return None
    if a.doc == b.doc and a.language != b.language and (same_value or len(shared) >= 2):
        return 3 + len(shared), f"one article in two languages ({a.language}, {b.language}): its translation"
    if da.sector != db.sector:
        return None
    if a.doc == b.doc and a.language == b.language:
        return (2 + sim, f"one article, same words ({sim:.0%})") if sim >= 0.6 else None
    if a.doc == b.doc and (same_value or shared):
        return 3 + len(shared), f"one article in two languages ({a.language}, {b.language}): its translation"
    if same_value and (shared or sim >= 0.2):
        return 2 + len(shared) + sim, f"same sector ({da.sector}) and value ({_value_key(da.value)})"
    if (shared and sim >= 0.35) or sim >= 0.5:
        return 1 + len(shared) + sim, f"same sector ({da.sector}), {len(shared)} shared parties, {sim:.0%} shared words"
    return None


def deal_candidates(reports: list[Report]) -> Pairs:
    """The pairs :func:`link_deals` can join: any two of one article; across articles the same
    known asset, or, both without an asset, the same sector."""
    by_doc: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_doc[r.doc].append(r)
    for members in by_doc.values():
        yield from combinations(members, 2)

    def block(r: Report) -> list[tuple[str, Any]]:
        asset = r.item.attrs.get("asset_id")
        return [("asset", asset)] if asset else [("sector", r.item.sector)]
    yield from block_pairs(reports, block)


def consistent_deals(x: list[Report], y: list[Report]) -> bool:
    ids = {r.item.attrs.get("asset_id") for r in x + y} - {None}
    return len(ids) <= 1


def merge_deal(members: list[Report]) -> Deal:
    first = members[0].item
    statuses = _ranked(members, lambda r: r.item.status)
    status = min(statuses, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else 99) if statuses else None
    if status == "mentioned" and len(statuses) > 1:
        status = next(s for s in statuses if s != "mentioned")
    evidence = evidence_of(members)
    docs = sorted({r.doc for r in members})
    value = next((r.item.value for r in members if r.item.value), None)
    attrs: dict[str, Any] = {"documents": docs,
                             "reports": [{"doc": r.doc, "asset": r.item.asset, "parties": r.actors, "value": r.item.value,
                                          "status": r.item.status, "condition": r.item.condition} for r in members]}
    for key in ("asset_id",):
        if first.attrs.get(key):
            attrs[key] = first.attrs[key]
    sectors_named = sorted({x for r in members for x in r.item.attrs.get("sectors", [])})
    if sectors_named:
        attrs["sectors"] = sectors_named
    sectors = _ranked(members, lambda r: r.item.sector)
    return Deal(id=stable_id("k", first.attrs.get("asset_id") or first.asset, evidence[0].doc, evidence[0].start),
                asset=first.asset, parties=_union(members), sector=sectors[0] if sectors else None, value=value,
                condition=next((r.item.condition for r in members if r.item.condition), None), status=status,
                outlets=outlets_of(members), corroboration=len(docs), attrs=attrs, evidence=evidence)


def resolve_deals(corpus: Corpus) -> None:
    reports = reports_of(corpus, "deals", lambda d: d.parties, _language)
    fields = {"value": lambda r: _value_key(r.item.value), "parties": lambda r: sorted(r.actors) or None,
              "condition": lambda r: r.item.condition, "status": lambda r: r.item.status}
    groups = cluster(reports, link_deals, consistent_deals, deal_candidates)
    for deal, members in merged(corpus, "deal", groups, merge_deal):
        corpus.deals.append(deal)
        corpus.discrepancies += disagreements("deals", deal.id, members, fields, _differ)


def _value_key(value: dict[str, Any] | None) -> str | None:
    if not value:
        return None
    amount = value.get("amount")
    return f"{amount if amount is not None else '~' + str(value.get('order'))} {value.get('unit')}"


def _differ(name: str, a: Any, b: Any) -> bool:
    if name == "condition":
        return match_key(str(a)) != match_key(str(b))
    if name == "status":
        return "mentioned" not in (a, b) and a != b
    return a != b


# ------------------------------------------------------------------ proposals


def _issue_keys(p: Proposal) -> set[str]:
    return {i["issue"] for i in p.issues}


def _specific(keys: set[str]) -> set[str]:
    """Issues that tell proposals apart (generic ones such as ending the war left out)."""
    from backchannel.extract.proposals import _generic
    return {k for k in keys if not _generic(k)} or keys


def _specific_of(r: Report) -> set[str]:
    """:func:`_specific` issues of a proposal report, computed once per report."""
    if "specific" not in r.memo:
        r.memo["specific"] = _specific(_issue_keys(r.item))
    found: set[str] = r.memo["specific"]
    return found


def link_proposals(a: Report, b: Report) -> tuple[float, str] | None:
    """Whether two proposal reports are one proposal, and why."""
    pa, pb = a.item, b.item
    if pa.name or pb.name:
        return (5.0, f"same plan ({pa.name})") if pa.name == pb.name else None
    ia, ib = _specific_of(a), _specific_of(b)
    shared = ia & ib
    if not shared:
        return None
    jaccard = len(shared) / len(ia | ib)
    proposer_a, proposer_b = a.actors[:1], b.actors[:1]
    if proposer_a and proposer_b and proposer_a != proposer_b:
        return None
    if a.doc == b.doc and a.language != b.language:
        return 3 + jaccard, f"one article in two languages ({a.language}, {b.language}): its translation"
    if a.doc == b.doc:
        return None
    if proposer_a and proposer_a == proposer_b and jaccard >= 0.5:
        return 2 + jaccard, f"same proposer and issues ({', '.join(sorted(shared))})"
    if jaccard >= 0.5 and similarity(a, b) >= 0.4:
        return 1 + jaccard, f"same issues ({', '.join(sorted(shared))}) in similar words"
    return None


def proposal_candidates(reports: list[Report]) -> Pairs:
    """The pairs :func:`link_proposals` can join: named plans of the same name; unnamed offers
    that share a specific issue (any two of one article among them)."""
    def block(r: Report) -> list[tuple[str, str]]:
        if r.item.name:
            return [("name", r.item.name)]
        return [("issue", k) for k in _specific_of(r)]
    return block_pairs(reports, block)


def consistent_proposals(x: list[Report], y: list[Report]) -> bool:
    """One plan named alike ("28-point plan") even when outlets credit it differently (the
    proposer becomes a discrepancy); unnamed ones only with one proposer."""
    names = {r.item.name for r in x + y}
    if len(names) == 1 and "" not in names:
        return True
    proposers = {r.actors[0] for r in x + y if r.actors}
    return len(names - {""}) <= 1 and len(proposers) <= 1


def _issue_short(label: str) -> str:
    from backchannel.extract.proposals import issues
    base = label.split(":")[0].strip()
    return next((str(spec.get("short") or spec["label"]) for spec in issues().values() if spec.get("label") == base), base)


def proposal_name(p: Proposal, corpus: Corpus) -> str:
    """A name an analyst would give a proposal (templates in ``data/templates.yaml``): a numbered
    plan by its count ("28-point plan"); an exchange by what is given for what ("Putin's offer:
    Donetsk for Kherson and Zaporizhzhia"); else whose and on what ("Dmitriev's frozen-assets
    plan", "US security-guarantee offer")."""
    if p.name:
        return p.name
    forms = templates()["proposal_names"]
    actor = next((a for a in corpus.actors if a.id == p.proposer), None)
    kind = {"named plan": "plan"}.get(p.attrs.get("kind", "plan"), p.attrs.get("kind", "plan"))
    trade = p.attrs.get("exchange") or {}
    if trade.get("gives") and trade.get("gets"):
        return render(forms["exchange"], whose=whose(actor), kind="offer", gives=listed(trade["gives"]),
                      gets=listed(trade["gets"]))
    from backchannel.extract.proposals import _generic
    specific = [i["issue"] for i in p.issues if not _generic(i["issue"])]
    regions = [i.split(":", 1)[1].strip() for i in specific if ":" in i]
    topics: list[str] = []
    if regions:
        topics.append(listed(regions[:3]))
    for label in specific:
        short = _issue_short(label)
        if ":" not in label and short not in topics:
            topics.append(short)
    topic = listed(topics[:3]) if topics else ("peace" if p.issues else "")
    if topic:
        return render(forms["topic"], whose=whose(actor), topic=topic, kind=kind)
    return render(forms["bare"], whose=whose(actor), kind=kind)


def merge_proposal(members: list[Report], corpus: Corpus) -> Proposal:
    first = members[0].item
    evidence = evidence_of(members)
    docs = sorted({r.doc for r in members})
    seen: dict[str, dict[str, Any]] = {}
    for r in members:
        for i in r.item.issues:
            seen.setdefault(i["issue"], {"issue": i["issue"], "position": i["position"], "docs": []})
            if r.doc not in seen[i["issue"]]["docs"]:
                seen[i["issue"]]["docs"].append(r.doc)
    reactions: list[dict[str, Any]] = []
    for r in members:
        for x in r.item.reactions:
            actor = corpus.actor_id(x["actor"])
            if actor and not any(y["actor"] == actor and y["stance"] == x["stance"] for y in reactions):
                reactions.append({"actor": actor, "stance": x["stance"], "words": x.get("words"), "doc": r.doc})
    proposers = [r.actors[0] for r in members if r.actors]
    kinds = _ranked(members, lambda r: r.item.attrs.get("kind"))
    trade = next((r.item.attrs["exchange"] for r in members if r.item.attrs.get("exchange")), None)
    proposal = Proposal(
        id=stable_id("p", first.name or "", evidence[0].doc, evidence[0].start), name=first.name,
        proposer=proposers[0] if proposers else None, issues=list(seen.values()), reactions=reactions,
        outlets=outlets_of(members), corroboration=len(docs),
        attrs={"documents": docs, "kind": kinds[0] if kinds else "plan", **({"exchange": trade} if trade else {}),
               "reports": [{"doc": r.doc, "proposer": r.actors[:1], "issues": sorted(_issue_keys(r.item))}
                           for r in members]},
        evidence=evidence)
    proposal.name = proposal_name(proposal, corpus)
    return proposal


def resolve_proposals(corpus: Corpus) -> None:
    reports = reports_of(corpus, "proposals", lambda p: [p.proposer] if p.proposer else [], _language)
    fields = {"proposer": lambda r: r.actors[0] if r.actors else None,
              "issues": lambda r: sorted(_issue_keys(r.item)) or None}
    groups = cluster(reports, link_proposals, consistent_proposals, proposal_candidates)
    for proposal, members in merged(corpus, "proposal", groups, lambda group: merge_proposal(group, corpus)):
        corpus.proposals.append(proposal)
        corpus.discrepancies += disagreements("proposals", proposal.id, members, fields,
                                              lambda name, a, b: a != b and name == "proposer")


# ------------------------------------------------------------------ the stage


def resolve_items(corpus: Corpus, options: object) -> None:
    """Corpus stage: merge the documents' deals and proposals, with discrepancies."""
    resolve_deals(corpus)
    resolve_proposals(corpus)
