"""Settlement proposals of one document: named plans and offers, their issues, proposer, reactions.

A proposal is a clause with a plan word ("خطة", "مسودة", "مقترح", "تصور", "خارطة طريق",
"plan", "draft", "terms"), an offer verb ("اقترح", "proposed") or a demand verb ("تتمسك روسيا
بـ", "insists on") together with at least one issue of the vocabulary in ``data/issues.yaml``
(territory by region, NATO or foreign troops, recognition, security guarantees, sanctions
relief, frozen assets, reconstruction, prisoner exchange, trade, ...); an exchange ("Ukraine
should withdraw from Donetsk in exchange for freezing the front in Kherson") with issues on
both sides is an offer too. A plan counted in points ("خطة من 28 نقطة", "مسودة من 28 بنداً",
"framework of about 20 points") is named by its count and is a proposal with or without issues.

Later clauses that point back to a plan ("الخطة", "أحدث مسودة", "the plan", "the text", "the
idea") add their issues, reactions and evidence to the last numbered plan of the article (else
to the proposal just before) rather than making a new one; a plan named without its terms
("مقترح بوتين") is completed by the next clause that gives them.

Each issue keeps, as its position, the words of the clause that state it (who gives or gets
what). The proposer is the actor the plan is attributed to ("مقترح بوتين", "الخطة الأمريكية",
"Putin's proposal", "a plan from the Trump administration", "قدمت موسكو تصوراً"), never the
person reporting it ("قال أوشاكوف إن المقترحات الأمريكية ..."); role mentions (a capital for
its state) count. Reactions are the stances (backs, rejects, mixed) of the actor each stance
word is said of. Cue words are data (``lang/<lang>/proposal_cues.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from backchannel import lang
from backchannel.datafiles import safe_load
from backchannel.extract.clauses import (Piece, comma_clause, first_break, headings, inside, metadata, split_at,
                                         trimmed, within)
from backchannel.extract.events import add_evidence, is_media
from backchannel.kb.model import DocAnalysis, Mention, Proposal, stable_id
from backchannel.recognise.amounts import parse_number
from backchannel.recognise.phrases import Hit, Lexicon
from backchannel.recognise.places import gazetteer
from backchannel.text.layer import Sentence, TextLayer
from backchannel.text.normalise import match_key

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = ("ar", "en")
_NEAR = 60  # characters: how close an actor must be to a plan word to be its proposer
_REACH = 25  # characters after a verb in which its (Arabic) subject stands
_REGION_TYPES = {"region"}


@lru_cache(maxsize=1)
def issues() -> dict[str, dict[str, Any]]:
    """The issue vocabulary (``data/issues.yaml``)."""
    with (DATA / "issues.yaml").open(encoding="utf-8") as fh:
        return safe_load(fh) or {}


@dataclass(frozen=True)
class _Cues:
    plans: Lexicon
    offers: Lexicon
    issues: Lexicon
    stances: Lexicon
    exchange: Lexicon
    anaphora: frozenset[str]
    latest: frozenset[str]
    first: frozenset[str]
    numbered: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(match_key(w)).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The proposal vocabulary of every language, compiled once."""
    plans: list[tuple[str, str]] = []
    offers: list[tuple[str, str]] = []
    stances: list[tuple[str, str]] = []
    exchange: list[tuple[str, str]] = []
    anaphora: set[str] = set()
    latest: set[str] = set()
    first: set[str] = set()
    plan_words, links, points, approx = [], [], [], []
    for code in LANGS:
        data = lang.load(code, "proposal_cues")
        plans += [(w, "plan") for w in data.get("plans", [])] + [(w, "reference") for w in data.get("references", [])]
        plans += [(w, "agreement") for w in data.get("agreements", [])]
        plan_words += data.get("plans", []) + data.get("counted_only", [])
        offers += [(w, "offer") for w in data.get("offer_verbs", [])] + [(w, "demand") for w in data.get("demand_verbs", [])]
        stances += [(w, stance) for stance, ws in data.get("stances", {}).items() for w in ws]
        exchange += [(w, "exchange") for w in data.get("exchange", [])]
        anaphora |= {match_key(w) for w in data.get("anaphora", [])}
        latest |= {match_key(w) for w in data.get("latest", [])}
        first |= {match_key(w) for w in data.get("first", [])}
        links += data.get("point_links", [])
        points += data.get("point_nouns", [])
        approx += data.get("point_approx", [])
    issue_entries = [(w, key) for key, spec in issues().items() for ws in (spec.get("cues") or {}).values() for w in ws]
    numbers = r"\d+|[^\W\d_]+(?:[\s-][^\W\d_]+)?"
    numbered = re.compile(
        rf"(?<!\w)(?:[وف])?(?:بال|لل|ال|[بل])?(?P<plan>{_alt(plan_words)})(?:\s+[^\W\d_]+){{0,3}}?\s+(?:{_alt(links)})\s+"
        rf"(?:(?:{_alt(approx)})\s+)?(?P<n>{numbers})\s+(?:{_alt(points)})(?!\w)"
        rf"|(?<!\w)(?P<n2>\d+|[a-z]+(?:-[a-z]+)?)[\s-]+point\s+(?:[a-z]+\s+){{0,2}}?"
        rf"(?P<plan2>plan|proposal|framework|draft)")
    return _Cues(Lexicon(plans), Lexicon(offers), Lexicon(issue_entries), Lexicon(stances), Lexicon(exchange),
                 frozenset(anaphora), frozenset(latest), frozenset(first), numbered)


@dataclass
class _Draft:
    """A proposal being read: its pieces of text and what they say."""

    name: str | None
    cue: Mention
    proposer: str | None = None
    issues: dict[str, str] = field(default_factory=dict)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    language: str = "und"
    sentence: int = 0
    kind: str = "plan"
    exchange: dict[str, list[str]] = field(default_factory=dict)
    titled: set[str] = field(default_factory=set)  # issues whose position so far is a title's words


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


def _norm(layer: TextLayer, offset: int) -> int:
    import bisect
    return bisect.bisect_left(layer.norm.starts, offset)


def _hits(analysis: DocAnalysis, lex: Lexicon, start: int, end: int) -> list[Hit]:
    return lex.find(analysis.layer, start, end)


def _position(layer: TextLayer, sentence: Sentence, offset: int) -> str:
    """The words that state a position: the clause holding ``offset``, without leading links."""
    s0, e0 = comma_clause(layer, sentence, offset)
    s, e = trimmed(layer, s0, e0)
    text = layer.text[s:e]
    return re.sub(r"^(?:and|but|while|و|ف)\s+", "", text)


def _issues(analysis: DocAnalysis, piece: Piece, sentence: Sentence, c: _Cues) -> dict[str, str]:
    """Issue label -> the words that state the position on it ("territory: Donetsk" -> clause)."""
    layer = analysis.layer
    found: dict[str, str] = {}
    regions = [p for p in inside(analysis.mentions_of("place"), piece.start, piece.end)
               if p.value.get("type") in _REGION_TYPES and _contested(p.key)]
    for h in _hits(analysis, c.issues, piece.start, piece.end):
        spec = issues()[h.payload]
        clitic = layer.norm.text[max(0, h.nstart - 4):h.nstart]
        if spec.get("generic") and " " not in h.phrase and re.search(r"(?:^|\s)(?:[وفب]?ال|لل)$", clitic):
            continue  # "خطة السلام": the peace plan already told; "إطار سلام" is a new one
        position = _position(layer, sentence, h.start)
        if spec.get("by_region"):
            near = [p for p in regions if abs(p.span.start - h.start) < 120] or regions
            for p in near:
                found.setdefault(f"{spec['label']}: {p.value['name']}", _position(layer, sentence, p.span.start))
            if not near:
                found.setdefault(spec["label"], position)
        else:
            found.setdefault(spec["label"], position)
    if regions and not any(k.startswith(issues()["territory"]["label"]) for k in found):
        for p in regions:  # regions named in a plan are territory at stake
            found.setdefault(f"{issues()['territory']['label']}: {p.value['name']}", _position(layer, sentence, p.span.start))
    return found


def _generic(label: str) -> bool:
    """Whether an issue label is one nearly every plan shares (``generic`` in data/issues.yaml)."""
    return any(spec.get("generic") and spec.get("label") == label for spec in issues().values())


def _contested(place_id: str) -> bool:
    """A region the gazetteer marks as territory a negotiation is about (``contested``)."""
    return bool((gazetteer().get(place_id) or {}).get("contested"))


def _actors(analysis: DocAnalysis, start: int, end: int, adjectives: bool = False) -> list[Mention]:
    return [m for m in inside(analysis.mentions, start, end)
            if m.kind in ("actor", "role") and m.key and not is_media(m)
            and (adjectives or m.value.get("form") != "adjective")]


def _said_between(analysis: DocAnalysis, start: int, end: int) -> bool:
    """Whether a verb of saying stands between two offsets (its subject reports, it does not propose)."""
    return any(t.key == "statement" and t.value.get("strength") == "verb"
               for t in inside(analysis.mentions_of("trigger"), start, end))


def _proposer(analysis: DocAnalysis, piece: Piece, sentence: Sentence, adjacent_only: bool = False) -> str | None:
    """Whose plan: the actor right after a plan word ("مقترح بوتين", "الخطة الأمريكية", "a plan from
    the Trump administration") or after an offer or demand verb ("اقترح ويتكوف", "وتتمسك روسيا");
    else the actor right before the plan word ("Putin's proposal", "American proposals"); else the
    nearest actor before the first cue in its clause ("قدمت موسكو تصوراً"), unless a verb of
    saying stands between (the speaker reports the plan)."""
    layer = analysis.layer
    for cue in sorted(piece.cues, key=lambda c: c.key != "plan"):  # "مقترح بوتين" before "عرض ويتكوف"
        if cue.key == "exchange":
            continue
        after = _actors(analysis, cue.span.end, min(piece.end, cue.span.end + 40), adjectives=cue.key == "plan")
        for m in after[:2]:
            words = match_key(layer.text[cue.span.end:m.span.start]).split()
            arabic = sentence.language == "ar"
            linked = (all(w == "السلام" for w in words) if arabic else
                      bool(words) and words[0] in ("from", "by") and all(w in ("from", "by", "the") for w in words))
            if cue.key == "plan" and len(words) <= 2 and linked:
                return m.key  # "مقترح بوتين", "خطة السلام الأمريكية", "a plan from the Trump administration"
            if cue.key in ("offer", "demand") and sentence.language == "ar" and not words:
                return m.key  # "اقترح ويتكوف", "وتتمسك روسيا"
        before = _actors(analysis, max(piece.start, cue.span.start - 30), cue.span.start, adjectives=True)
        if sentence.language != "ar" and before and re.fullmatch(
                r"(?:'s|’s)?\s*(?:\w+\s+)?", layer.text[before[-1].span.end:cue.span.start]):
            return before[-1].key  # "Putin's proposal", "the US plan", "American proposals"
    if adjacent_only:
        return None
    cue = next((c for c in piece.cues if c.key != "exchange"), piece.cues[0])
    if cue.key == "exchange":
        # "Putin told Trump that Ukraine should withdraw ... in exchange for ...", "Zelensky said Ukraine
        # was prepared to drop its bid to join NATO in exchange for ...": who puts the exchange forward
        people = [m for m in _actors(analysis, sentence.start, cue.span.start) if m.value.get("type") == "person"]
        return people[0].key if people else None
    start, _ = comma_clause(layer, sentence, cue.span.start)
    lead = [m for m in _actors(analysis, max(piece.start, start, cue.span.start - _NEAR), cue.span.start)
            if not _said_between(analysis, m.span.end, cue.span.start)]
    return lead[-1].key if lead else None


def _reactions(analysis: DocAnalysis, start: int, end: int, sentence: Sentence, c: _Cues,
               proposer: str | None) -> list[dict[str, Any]]:
    """Stances in ``[start, end)``, each of the actor it is said of: the one before it in its
    clause ("Zelensky has ruled out ...", "Ukrainian officials said the idea was a non-starter"),
    else the one right after its verb ("رفضت كييف"). One actor with two stances is "mixed"."""
    layer = analysis.layer
    out: list[dict[str, Any]] = []
    for h in _hits(analysis, c.stances, start, end):
        s0, _ = comma_clause(layer, sentence, h.start)
        before = [m for m in _actors(analysis, max(start, s0), h.start, adjectives=True) if m.key != proposer]
        after = [m for m in _actors(analysis, h.end, min(end, h.end + _REACH), adjectives=True) if m.key != proposer]
        who = before[-1] if before else (after[0] if after else _speaker_of(analysis, sentence, h.start, proposer))
        if who is None:
            continue
        seen = next((r for r in out if r["actor"] == who.key), None)
        if seen is None:
            out.append({"actor": who.key, "stance": h.payload, "words": layer.text[h.start:h.end]})
        elif seen["stance"] != h.payload:
            seen["stance"] = "mixed"
            seen["words"] += f" … {layer.text[h.start:h.end]}"
    return out


def _speaker_of(analysis: DocAnalysis, sentence: Sentence, offset: int, proposer: str | None) -> Mention | None:
    """Who says what stands at ``offset`` ("وقال أوشاكوف ... إن بعض المقترحات الأمريكية قابلة
    للنقاش"): the actor beside the last verb of saying before it in the sentence."""
    said = [t for t in inside(analysis.mentions_of("trigger"), sentence.start, offset) if t.key == "statement"]
    if not said:
        return None
    verb = said[-1]
    near = [m for m in _actors(analysis, max(sentence.start, verb.span.start - _NEAR), verb.span.end + _REACH)
            if m.key != proposer]
    after = [m for m in near if m.span.start >= verb.span.end]
    before = [m for m in near if m.span.end <= verb.span.start]
    ranked = after + before[-1:] if sentence.language == "ar" else before[-1:] + after
    return ranked[0] if ranked else None


def _exchange(analysis: DocAnalysis, piece: Piece, c: _Cues) -> dict[str, list[str]]:
    """What is given for what in an exchange: the regions (or issues) named before the exchange
    word and after it ("withdraw from Donetsk in exchange for freezing ... Kherson and Zaporizhzhia")."""
    hits = _hits(analysis, c.exchange, piece.start, piece.end)
    if not hits:
        return {}
    at = hits[0].start
    regions = [p for p in inside(analysis.mentions_of("place"), piece.start, piece.end)
               if p.value.get("type") in _REGION_TYPES and _contested(p.key)]
    gives = _names([p.value["name"] for p in regions if p.span.start < at])
    gets = _names([p.value["name"] for p in regions if p.span.start > at])
    return {"gives": gives, "gets": gets} if gives and gets else {}


def _names(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _anchors(analysis: DocAnalysis, sentence: Sentence, c: _Cues) -> list[tuple[str, Mention]]:
    """Where a sentence names plans: numbered plans by name, references ("الخطة", "the text") as
    "ref", and other plan words, offer or demand verbs and exchanges each as a new candidate."""
    layer = analysis.layer
    named = _named(analysis, sentence, c)
    out: list[tuple[str, Mention]] = list(named)
    hits = _hits(analysis, c.plans, sentence.start, sentence.end) + _hits(analysis, c.offers, sentence.start,
                                                                          sentence.end)
    for h in _hits(analysis, c.exchange, sentence.start, sentence.end):
        found = _hits(analysis, c.issues, sentence.start, sentence.end)
        if any(x.start < h.start for x in found) and any(x.start > h.start for x in found):
            hits.append(h)  # "... withdraw from Donetsk in exchange for freezing the front in Kherson"
    for h in hits:
        if any(m.span.start <= h.start < m.span.end + 30 for _, m in named):
            continue  # the plan word of a numbered plan
        mention = Mention(span=analysis.doc.span(h.start, h.end), kind="plan",
                          key="plan" if h.payload == "reference" else str(h.payload))
        article = layer.norm.text[max(0, h.nstart - 2):h.nstart] == "ال" or _word_before(layer, h.nstart) == "the"
        before = _word_before(layer, h.nstart)
        not_a_plan = lang.words("proposal_cues", "not_a_plan_before")
        if before in not_a_plan or (before in ("a", "an") and _word_before(layer, h.nstart - 2) in not_a_plan):
            continue  # "هذا ليس اتفاق سلام", "any peace deal": no particular plan
        latin = not re.match(r"[\u0600-\u06ff]", layer.norm.text[h.nstart:h.nstart + 1])
        definite = article or before in c.latest or before in c.first or (before in c.anaphora and (article or latin))
        if h.payload == "reference" and not definite:
            continue  # "a text", "نص" alone: not a plan
        ref = "ref" if definite and h.payload in ("plan", "reference") else f"cue:{h.start}"
        if ref == "ref" and (before in c.first or _word_after(layer, h.nend) in c.first):
            ref = "ref:first"  # "إذ نصت المسودة الأولى", "the first draft": the first plan the article named
        out.append((ref, mention))
    out.sort(key=lambda x: x[1].span.start)
    labelled: list[tuple[str, Mention]] = []
    for label, m in out:
        earlier = [lab for lab, _ in labelled if lab.endswith("-point plan")]
        if label == "ref" and earlier:
            label = earlier[-1]  # "... من 28 بنداً ... التي اعتبرت الخطة منحازة": the same plan
        elif m.key == "exchange" and labelled:
            label = labelled[-1][0]  # "a plan that would require ..., in return for guarantees": its terms
        elif label.startswith("cue:") and labelled and labelled[-1][0].startswith("cue:") and first_break(
                layer, labelled[-1][1].span.end, m.span.start) is None:
            label = labelled[-1][0]  # "اقترح ويتكوف ... حزمة": the verb and the plan it puts forward
        labelled.append((label, m))
    return labelled


def _word_after(layer: TextLayer, nend: int) -> str:
    words = re.findall(r"\w+", layer.norm.text[nend:nend + 30])
    return words[0] if words else ""


def _word_before(layer: TextLayer, nstart: int) -> str:
    words = re.findall(r"\w+", layer.norm.text[max(0, nstart - 30):nstart])
    return words[-1] if words else ""


def find_proposals(analysis: DocAnalysis) -> list[Proposal]:
    """The settlement proposals one document reports (proposer and reactions by local key)."""
    c = cues()
    layer = analysis.layer
    heads = headings(layer.text)
    meta = metadata(layer.text, heads)
    drafts: list[_Draft] = []
    pending: _Draft | None = None
    for i, sent in enumerate(layer.sentences):
        if within(meta, sent.start):
            continue  # "# url: .../leaked-28-point-plan-donetsk-nato"
        anchors = _anchors(analysis, sent, c)
        if not anchors:
            continue
        for piece in split_at(layer, sent, anchors):
            cue = piece.cues[0]
            found = _issues(analysis, piece, sent, c)
            if cue.key != "plan" and found and all(_generic(k) for k in found):
                found = {}  # "عرض ... لإنهاء الحرب": an offer needs a concrete issue
            # a reference back ("الخطة") names no proposer: actors beside it are reacting to it; but
            # "المقترحات الأمريكية", "Putin's plan" name whose plan it is, and may be another one
            proposer = _proposer(analysis, piece, sent, adjacent_only=piece.label.startswith("ref"))
            if piece.label.startswith("ref") and proposer and not any(
                    d.proposer == proposer for d in drafts if d.name or i - d.sentence <= 3):
                piece = Piece(piece.start, piece.end, f"cue:{cue.span.start}", piece.cues)
            reactions = _reactions(analysis, piece.start, piece.end, sent, c, proposer)
            target: _Draft | None = None
            if piece.label.endswith("-point plan"):
                target = next((d for d in drafts if d.name == piece.label), None)
                if target is None:
                    target = _Draft(piece.label, cue, proposer, language=sent.language, sentence=i)
                    drafts.append(target)
            elif piece.label.startswith("ref"):
                named = [d for d in drafts if d.name]
                if named and piece.label == "ref:first":
                    named = named[:1]
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
                kinds = {x.key for x in piece.cues}
                kind = "plan" if kinds & {"plan", "agreement"} else "demand" if "demand" in kinds else "offer"
                target = _Draft(None, cue, proposer, language=sent.language, sentence=i, kind=kind)
                drafts.append(target)
            elif proposer and any(x.key == "plan" for x in piece.cues):
                pending = _Draft(None, cue, proposer, language=sent.language, sentence=i)
                add_evidence(analysis, pending, piece.start, piece.end)
            if target is None:
                continue
            title = within(heads, sent.start)
            for k, v in found.items():
                if k == issues()["territory"]["label"] and any(x.startswith(k + ":") for x in target.issues):
                    continue  # "territory" beside "territory: Donetsk" says nothing more
                if k not in target.issues or k in target.titled:
                    target.issues[k] = v
                    target.titled.discard(k)
                    if title:
                        target.titled.add(k)  # a title's words, until the body states it
            for r in reactions:
                if r["actor"] != target.proposer and not any(x["actor"] == r["actor"] for x in target.reactions):
                    target.reactions.append(r)
            target.proposer = target.proposer or proposer
            target.exchange = target.exchange or _exchange(analysis, piece, c)
            target.sentence = i
            add_evidence(analysis, target, piece.start, piece.end)
    out = []
    for d in drafts:
        if not d.issues and not d.name:
            continue
        d.evidence.sort(key=lambda s: s.start)
        attrs: dict[str, Any] = {"kind": "named plan" if d.name else d.kind, "cue": d.cue.span.text,
                                 "language": d.language}
        if d.exchange:
            attrs["exchange"] = d.exchange
        out.append(Proposal(
            id=stable_id("p", analysis.doc.id, d.evidence[0].start, d.name or ""), name=d.name or "",
            proposer=d.proposer, issues=[{"issue": k, "position": v} for k, v in d.issues.items()],
            reactions=d.reactions, outlets=[analysis.doc.outlet] if analysis.doc.outlet else [], corroboration=1,
            attrs=attrs, evidence=d.evidence))
    return out


def extract_proposals(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add this document's proposals."""
    analysis.proposals.extend(find_proposals(analysis))
