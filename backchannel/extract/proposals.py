"""Settlement proposals of one document: named plans and offers, their issues, proposer, reactions.

A proposal is a clause with a plan word ("خطة", "مسودة", "مقترح", "تصور", "خارطة طريق",
"plan", "draft", "terms") or an offer verb ("اقترح", "proposed") together with at least one
issue of the vocabulary in ``data/issues.yaml`` (territory by region, NATO or foreign
troops, recognition, security guarantees, sanctions relief, frozen assets, reconstruction,
prisoner exchange, trade, ...). A plan counted in points ("خطة من 28 نقطة", "مسودة من 28
بنداً", "20-point plan") is named by its count and is a proposal with or without issues.

Later clauses that point back to a plan ("الخطة", "أحدث مسودة", "the plan") add their issues,
reactions and evidence to the last numbered plan of the article (else to the proposal just
before) rather than making a new one; a plan named without its terms
("مقترح بوتين") is completed by the next clause that gives them ("ووفق المقترح، إذا سلمت
أوكرانيا ..."). The proposer is the actor the plan is attributed to ("مقترح بوتين", "قدمت
موسكو تصوراً"); reactions are the stances ("رفض", "احتجاجات", "رحب", "متشككة") of other actors
in the same clauses. Cue words are data (``lang/<lang>/proposal_cues.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from backchannel import lang
from backchannel.extract.clauses import Piece, comma_clause, first_break, inside, span, split_at, trimmed
from backchannel.extract.events import is_media
from backchannel.kb.model import DocAnalysis, Mention, Proposal, stable_id
from backchannel.recognise.amounts import parse_number
from backchannel.recognise.phrases import Hit, Lexicon
from backchannel.recognise.places import gazetteer
from backchannel.text.document import Span
from backchannel.text.layer import Sentence
from backchannel.text.normalise import match_key

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
_NEAR = 60  # characters: how close an actor must be to a plan word to be its proposer
_REGION_TYPES = {"region"}


@lru_cache(maxsize=1)
def issues() -> dict[str, dict[str, Any]]:
    """The issue vocabulary (``data/issues.yaml``)."""
    with (DATA / "issues.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@dataclass(frozen=True)
class _Cues:
    plans: Lexicon
    offers: Lexicon
    issues: Lexicon
    stances: Lexicon
    anaphora: frozenset[str]
    latest: frozenset[str]
    numbered: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(match_key(w)).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The proposal vocabulary of every language, compiled once."""
    plans, offers, stances = [], [], []
    anaphora: set[str] = set()
    latest: set[str] = set()
    plan_words, links, points = [], [], []
    for code in LANGS:
        data = lang.load(code, "proposal_cues")
        plans += [(w, "plan") for w in data.get("plans", [])]
        plan_words += data.get("plans", [])
        offers += [(w, "offer") for w in data.get("offer_verbs", [])]
        stances += [(w, stance) for stance, ws in data.get("stances", {}).items() for w in ws]
        anaphora |= {match_key(w) for w in data.get("anaphora", [])}
        latest |= {match_key(w) for w in data.get("latest", [])}
        links += data.get("point_links", [])
        points += data.get("point_nouns", [])
    issue_entries = [(w, key) for key, spec in issues().items() for ws in (spec.get("cues") or {}).values() for w in ws]
    numbers = r"\d+|[^\W\d_]+(?:[\s-][^\W\d_]+)?"
    numbered = re.compile(
        rf"(?<!\w)(?:[وفبل])?(?P<plan>{_alt(plan_words)})(?:\s+[^\W\d_]+){{0,3}}?\s+(?:{_alt(links)})\s+"
        rf"(?P<n>{numbers})\s+(?:{_alt(points)})(?!\w)"
        rf"|(?<!\w)(?P<n2>\d+|[a-z]+(?:-[a-z]+)?)[\s-]+point\s+(?:peace\s+)?(?P<plan2>plan|proposal|framework|draft)")
    return _Cues(Lexicon(plans), Lexicon(offers), Lexicon(issue_entries), Lexicon(stances), frozenset(anaphora),
                 frozenset(latest), numbered)


@dataclass
class _Draft:
    """A proposal being read: its pieces of text and what they say."""

    name: str | None
    cue: Mention
    proposer: str | None = None
    issues: dict[str, str] = field(default_factory=dict)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    language: str = "und"
    sentence: int = 0
    kind: str = "plan"


def _named(analysis: DocAnalysis, sentence: Sentence, c: _Cues) -> list[tuple[str, Mention]]:
    """Plans counted in points in a sentence: ("28-point plan", the plan word)."""
    layer = analysis.layer
    n0 = _norm(layer, sentence.start)
    n1 = _norm(layer, sentence.end)
    out = []
    for m in c.numbered.finditer(layer.norm.text, n0, n1):
        count = parse_number(m.group("n") or m.group("n2") or "")
        if not count or count < 2:
            continue
        group = "plan" if m.group("plan") else "plan2"
        s, e = layer.norm.to_original(*m.span(group))
        out.append((f"{int(count)}-point plan", Mention(span=analysis.doc.span(s, e), kind="plan",
                                                        key=f"{int(count)}-point plan")))
    return out


def _norm(layer: Any, offset: int) -> int:
    import bisect
    return bisect.bisect_left(layer.norm.starts, offset)


def _hits(analysis: DocAnalysis, lex: Lexicon, start: int, end: int) -> list[Hit]:
    return lex.find(analysis.layer, start, end)


def _issues(analysis: DocAnalysis, piece: Piece, sentence: Sentence, c: _Cues) -> dict[str, str]:
    """Issue label -> the words that state the position on it ("territory: Donetsk" -> clause)."""
    layer = analysis.layer
    found: dict[str, str] = {}
    regions = [p for p in inside(analysis.mentions_of("place"), piece.start, piece.end)
               if p.value.get("type") in _REGION_TYPES and _in_ukraine(p.key)]
    for h in _hits(analysis, c.issues, piece.start, piece.end):
        spec = issues()[h.payload]
        s0, e0 = comma_clause(layer, sentence, h.start)
        position = layer.text[slice(*trimmed(layer, s0, e0))]
        if spec.get("by_region"):
            near = [p for p in regions if abs(p.span.start - h.start) < 120] or regions
            for p in near:
                found.setdefault(f"{spec['label']}: {p.value['name']}", position)
            if not near:
                found.setdefault(spec["label"], position)
        else:
            found.setdefault(spec["label"], position)
    if regions and not any(k.startswith(issues()["territory"]["label"]) for k in found):
        for p in regions:  # regions named in a plan are territory at stake
            s0, e0 = comma_clause(layer, sentence, p.span.start)
            found.setdefault(f"{issues()['territory']['label']}: {p.value['name']}", layer.text[slice(*trimmed(layer, s0, e0))])
    return found


def _generic(label: str) -> bool:
    """Whether an issue label is one nearly every plan shares (``generic`` in data/issues.yaml)."""
    return any(spec.get("generic") and spec.get("label") == label for spec in issues().values())


def _in_ukraine(place_id: str) -> bool:
    return (gazetteer().get(place_id) or {}).get("in") == "ukraine"


def _actors(analysis: DocAnalysis, start: int, end: int) -> list[Mention]:
    return [m for m in inside(analysis.mentions, start, end)
            if m.kind in ("actor", "role") and m.key and not is_media(m)]


def _adjacent_after(analysis: DocAnalysis, cue: Mention, piece: Piece) -> Mention | None:
    after = _actors(analysis, cue.span.end, min(piece.end, cue.span.end + 25))
    if after and not analysis.layer.text[cue.span.end:after[0].span.start].strip(" \"'«»"):
        return after[0]
    return None


def _proposer(analysis: DocAnalysis, piece: Piece, sentence: Sentence) -> str | None:
    """Whose plan: in Arabic the actor right after a plan word ("مقترح بوتين", "الشروط الروسية") or
    right after an offer verb ("اقترح ويتكوف"); else the nearest actor before the first cue in
    its clause ("قدمت موسكو تصوراً", "Putin's proposal")."""
    if sentence.language == "ar":
        for cue in sorted(piece.cues, key=lambda c: c.key != "plan"):  # "مقترح بوتين" before "عرض ويتكوف"
            found = _adjacent_after(analysis, cue, piece)
            if found is not None:
                return found.key
    cue = piece.cues[0]
    start, _ = comma_clause(analysis.layer, sentence, cue.span.start)
    before = [m for m in _actors(analysis, max(piece.start, start, cue.span.start - _NEAR), cue.span.start)
              if m.value.get("form") != "adjective"]
    return before[-1].key if before else None


def _reactions(analysis: DocAnalysis, start: int, end: int, sentence: Sentence, c: _Cues,
               proposer: str | None) -> list[dict[str, Any]]:
    layer = analysis.layer
    out = []
    for h in _hits(analysis, c.stances, start, end):
        s0, e0 = comma_clause(layer, sentence, h.start)
        who = [m for m in _actors(analysis, max(start, s0 - 80), e0) if m.key != proposer]
        for m in who:
            if not any(r["actor"] == m.key and r["stance"] == h.payload for r in out):
                out.append({"actor": m.key, "stance": h.payload, "words": layer.text[h.start:h.end]})
    return out


def _anchors(analysis: DocAnalysis, sentence: Sentence, c: _Cues) -> list[tuple[str, Mention]]:
    """Where a sentence names plans: numbered plans by name, references ("الخطة") as "ref", and
    other plan words or offer verbs each as a new candidate."""
    layer = analysis.layer
    named = _named(analysis, sentence, c)
    out: list[tuple[str, Mention]] = list(named)
    hits = _hits(analysis, c.plans, sentence.start, sentence.end) + _hits(analysis, c.offers, sentence.start,
                                                                          sentence.end)
    for h in hits:
        if any(m.span.start <= h.start < m.span.end + 30 for _, m in named):
            continue  # the plan word of a numbered plan
        mention = Mention(span=analysis.doc.span(h.start, h.end), kind="plan", key=str(h.payload))
        article = layer.norm.text[max(0, h.nstart - 2):h.nstart] == "ال" or _word_before(layer, h.nstart) == "the"
        before = _word_before(layer, h.nstart)
        latin = not re.match(r"[\u0600-\u06ff]", layer.norm.text[h.nstart:h.nstart + 1])
        definite = article or before in c.latest or (before in c.anaphora and (article or latin))
        out.append(("ref" if definite and h.payload == "plan" else f"cue:{h.start}", mention))
    out.sort(key=lambda x: x[1].span.start)
    labelled: list[tuple[str, Mention]] = []
    for label, m in out:
        earlier = [lab for lab, _ in labelled if lab.endswith("-point plan")]
        if label == "ref" and earlier:
            label = earlier[-1]  # "... من 28 بنداً ... التي اعتبرت الخطة منحازة": the same plan
        elif label.startswith("cue:") and labelled and labelled[-1][0].startswith("cue:") and first_break(
                layer, labelled[-1][1].span.end, m.span.start) is None:
            label = labelled[-1][0]  # "اقترح ويتكوف ... حزمة": the verb and the plan it puts forward
        labelled.append((label, m))
    return labelled


def _word_before(layer: Any, nstart: int) -> str:
    words = re.findall(r"\w+", layer.norm.text[max(0, nstart - 30):nstart])
    return words[-1] if words else ""


def find_proposals(analysis: DocAnalysis) -> list[Proposal]:
    """The settlement proposals one document reports (proposer and reactions by local key)."""
    c = cues()
    layer = analysis.layer
    drafts: list[_Draft] = []
    pending: _Draft | None = None
    for i, sent in enumerate(layer.sentences):
        anchors = _anchors(analysis, sent, c)
        if not anchors:
            continue
        for piece in split_at(layer, sent, anchors):
            cue = piece.cues[0]
            found = _issues(analysis, piece, sent, c)
            if cue.key != "plan" and found and all(_generic(k) for k in found):
                found = {}  # "عرض ... لإنهاء الحرب": an offer needs a concrete issue
            # a reference back ("الخطة") names no proposer: actors beside it are reacting to it
            proposer = None if piece.label == "ref" else _proposer(analysis, piece, sent)
            evidence = span(analysis, piece.start, piece.end)
            reactions = _reactions(analysis, piece.start, piece.end, sent, c, proposer)
            target: _Draft | None = None
            if piece.label.endswith("-point plan"):
                target = next((d for d in drafts if d.name == piece.label), None)
                if target is None:
                    target = _Draft(piece.label, cue, proposer, language=sent.language, sentence=i)
                    drafts.append(target)
            elif piece.label == "ref":
                named = [d for d in drafts if d.name]
                if pending is not None and i - pending.sentence <= 2 and found:
                    target, pending = pending, None
                    drafts.append(target)
                elif named:
                    target = named[-1]  # "الخطة", "أحدث مسودة": the plan the article is about
                elif drafts and i - drafts[-1].sentence <= 3:
                    target = drafts[-1]
                elif found:
                    target = _Draft(None, cue, proposer, language=sent.language, sentence=i)
                    drafts.append(target)
            elif found:
                target = _Draft(None, cue, proposer, language=sent.language, sentence=i,
                                kind="offer" if cue.key == "offer" else "plan")
                drafts.append(target)
            elif proposer and any(x.key == "plan" for x in piece.cues):
                pending = _Draft(None, cue, proposer, language=sent.language, sentence=i)
                pending.evidence.append(evidence)
            if target is None:
                continue
            for k, v in found.items():
                target.issues.setdefault(k, v)
            for r in reactions:
                if r["actor"] != target.proposer and r not in target.reactions:
                    target.reactions.append(r)
            target.proposer = target.proposer or proposer
            target.sentence = i
            if evidence not in target.evidence:
                target.evidence.append(evidence)
    out = []
    for d in drafts:
        if not d.issues and not d.name:
            continue
        d.evidence.sort(key=lambda s: s.start)
        out.append(Proposal(
            id=stable_id("p", analysis.doc.id, d.evidence[0].start, d.name or ""), name=d.name or "",
            proposer=d.proposer, issues=[{"issue": k, "position": v} for k, v in d.issues.items()],
            reactions=d.reactions, outlets=[analysis.doc.outlet] if analysis.doc.outlet else [], corroboration=1,
            attrs={"kind": "named plan" if d.name else d.kind, "cue": d.cue.span.text, "language": d.language},
            evidence=d.evidence))
    return out


def extract_proposals(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add this document's proposals."""
    try:
        analysis.proposals.extend(find_proposals(analysis))
    except Exception as exc:  # a stage never stops a build: note it and go on
        analysis.notes.append(f"proposals skipped: {type(exc).__name__}: {exc}")
