"""Actor resolution (a corpus stage): one :class:`Actor` per real entity, across documents and scripts.

Per-document stages give each actor mention a local key: ``kb:<id>`` for a known actor,
``new:<type>:<name key>`` for a discovered one. Resolution

1. finds every discovered name again in every document (a name found by its title in one
   article is the same name, bare, in the next), surnames only where no other actor
   claims them;
2. groups keys: discovered names whose cross-script key (:mod:`backchannel.resolve.translit`)
   equals a known actor's join it; equal or near-equal discovered keys join each other; a
   one-word name joins the one full name it is the surname of; different given names, a
   generational suffix or another surname keep people apart (Donald Trump, Donald Trump
   Jr., Donald Tusk);
3. writes one :class:`Actor` per group with its names by language, roles, mentions and the
   reasons for each merge, recorded as judgements; and maps per-document ties to actor ids.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

from rapidfuzz import fuzz, process

from backchannel.kb.model import Actor, Corpus, Mention, Tie, stable_id
from backchannel.recognise.knowledge import KnownActor, active_kb
from backchannel.recognise.actors import adjective_forms
from backchannel.recognise.names import lexicon, name_tokens
from backchannel.recognise.propagate import propagate_discovered
from backchannel.resolve.sides import SHIPPED as SIDES, load_sides, side_of, states_by_iso
from backchannel.resolve.translit import name_key, token_keys

_NEAR = 92  # RapidFuzz ratio of two cross-script keys that still names the same entity
_NEAR_MIN = 6  # ... for keys at least this long


@dataclass
class _Group:
    """Local keys judged to be one actor, with what is known about it."""

    keys: list[str]
    known: KnownActor | None = None
    reasons: list[str] = field(default_factory=list)


def _script(text: str) -> str:
    for ch in text:
        if "\u0600" <= ch <= "\u06ff":
            return "ar"
        if "\u0400" <= ch <= "\u04ff":
            return "ru"
        if ch.isalpha():
            return "en"
    return "und"


def _is_person_key(key: str) -> bool:
    return key.startswith("new:person:")


def _discovered_names(mentions: list[Mention]) -> Counter[str]:
    return Counter(str(m.value.get("name") or m.span.text) for m in mentions)


def _known_keys(kb: dict[str, KnownActor]) -> dict[tuple[bool, str], set[str]]:
    """Cross-script key of every known name -> ids, split person / not person."""
    out: dict[tuple[bool, str], set[str]] = defaultdict(set)
    for actor in kb.values():
        for name in actor.all_names():
            k = name_key(name)
            if len(k) >= 3:
                out[(actor.type == "person", k)].add(actor.id)
    return out


def _other_in_script(actor: KnownActor, nkey: str, mentions: list[Mention]) -> bool:
    """Whether the known actor is written otherwise in the discovered name's own script: the
    key then matched across scripts only by chance ("Syunik" and CNOOC's Arabic "سنوك" share
    SNK, but CNOOC's Latin name is not Syunik)."""
    scripts = {_script(m.span.text) for m in mentions}  # "ar" or "en", by the letters
    same = [n for n in actor.all_names() if _script(n) in scripts]
    return bool(same) and all(name_key(n) != nkey for n in same)


def _group_keys(by_key: dict[str, list[Mention]], kb: dict[str, KnownActor],
                judgements: list[dict[str, Any]]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for key in by_key:
        if key.startswith("kb:") and key[3:] in kb:
            groups[key] = _Group([key], kb[key[3:]])
    known = _known_keys(kb)
    discovered = [k for k in by_key if k not in groups]
    # 1. a discovered name whose key is a known actor's key is that actor
    pending: list[str] = []
    for key in discovered:
        person = _is_person_key(key)
        nkey = key.split(":", 2)[2]
        ids = known.get((person, nkey), set())
        if len(ids) == 1 and not _other_in_script(kb[next(iter(ids))], nkey, by_key[key]):
            target = f"kb:{next(iter(ids))}"
            group = groups.setdefault(target, _Group([target], kb[target[3:]]))
            group.keys.append(key)
            reason = f"{key} has the cross-script key of known actor {group.known.name}"  # type: ignore[union-attr]
            group.reasons.append(reason)
            judgements.append({"kind": "actor_merge", "subject": key, "decision": target, "reason": reason})
        else:
            pending.append(key)
    # 2. discovered keys of the same type: equal or near-equal keys merge
    by_type: dict[str, list[str]] = defaultdict(list)
    for key in pending:
        by_type[key.split(":", 2)[1]].append(key)
    for kind, keys in by_type.items():
        reps: list[_Group] = []
        rep_keys: list[str] = []  # the name keys of reps long enough to compare, and their reps
        rep_of: list[_Group] = []
        for key in sorted(keys, key=lambda k: -len(k)):
            nkey = key.split(":", 2)[2]
            near: _Group | None = None
            if len(nkey) >= _NEAR_MIN and rep_keys:
                # every rep close enough, compared in C; the first of them (in order) that fits wins
                close = process.extract(nkey, rep_keys, scorer=fuzz.ratio, score_cutoff=_NEAR, limit=None)
                near = next((rep_of[i] for _, _, i in sorted(close, key=lambda c: c[2])
                             if _compatible(by_key[key], by_key[rep_of[i].keys[0]])), None)
            if near is None:
                reps.append(_Group([key]))
                if len(nkey) >= _NEAR_MIN:
                    rep_keys.append(nkey)
                    rep_of.append(reps[-1])
                continue
            near.keys.append(key)
            reason = f"{key} spells the name of {near.keys[0]} almost the same way (cross-script key)"
            near.reasons.append(reason)
            judgements.append({"kind": "actor_merge", "subject": key, "decision": near.keys[0], "reason": reason})
        for g in reps:
            groups[g.keys[0]] = g
    _surnames_to_full_names(groups, by_key, judgements)
    _short_forms_to_long(groups, by_key, judgements)
    return list(groups.values())


def _short_forms_to_long(groups: dict[str, _Group], by_key: dict[str, list[Mention]],
                         judgements: list[dict[str, Any]]) -> None:
    """A discovered organisation named without its last word ("وزارة الخزانة") joins the one
    that has it ("وزارة الخزانة الأمريكية"), unless two such longer names exist."""
    names = {gkey: _tokens_of([m for k in g.keys for m in by_key.get(k, [])])
             for gkey, g in groups.items() if not g.known and not _is_person_key(gkey)}
    by_head: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)  # (type, all words but the last)
    for k, t in names.items():
        if t:
            by_head[(k.split(":")[1], tuple(t[:-1]))].append(k)
    for short, stoks in sorted(names.items(), key=lambda kv: len(kv[1])):
        if short not in groups or len(stoks) < 2:
            continue
        longer = [k for k in by_head.get((short.split(":")[1], tuple(stoks)), []) if k != short and k in groups]
        if len(longer) != 1:
            continue
        target = groups[longer[0]]
        target.keys += groups[short].keys
        reason = f"{short} is {longer[0]} without its last word, and no other organisation starts so"
        target.reasons.append(reason)
        judgements.append({"kind": "actor_merge", "subject": short, "decision": longer[0], "reason": reason})
        del groups[short]


def _tokens_of(mentions: list[Mention]) -> list[str]:
    names = _discovered_names(mentions)
    return token_keys(names.most_common(1)[0][0]) if names else []


def _compatible(a: list[Mention], b: list[Mention]) -> bool:
    """Two spellings of one person have as many name words (a "Jr." or a second given name differs)."""
    return len(_tokens_of(a)) == len(_tokens_of(b))


def _surnames_to_full_names(groups: dict[str, _Group], by_key: dict[str, list[Mention]],
                            judgements: list[dict[str, Any]]) -> None:
    """A discovered one-word person joins the only person (known or discovered) whose surname it is."""
    full: dict[str, set[str]] = defaultdict(set)
    for gkey, g in groups.items():
        names: list[str] = []
        if g.known and g.known.type == "person":
            names = g.known.all_names()
        elif _is_person_key(gkey):
            names = list(_discovered_names([m for k in g.keys for m in by_key.get(k, [])]))
        for n in names:
            toks = token_keys(n)
            if len(toks) >= 2:
                full[toks[-1]].add(gkey)
    for gkey in list(groups):
        g = groups[gkey]
        if g.known or not _is_person_key(gkey) or len(_tokens_of(by_key[gkey])) != 1:
            continue
        owners = full.get(_tokens_of(by_key[gkey])[0], set()) - {gkey}
        if len(owners) != 1:
            continue
        target = groups[next(iter(owners))]
        target.keys += g.keys
        reason = f"{gkey} is the surname of {target.keys[0]}, the only person of that surname"
        target.reasons.append(reason)
        judgements.append({"kind": "actor_merge", "subject": gkey, "decision": target.keys[0], "reason": reason})
        del groups[gkey]


def _embeds_other(text: str, group: _Group, others: dict[tuple[str, ...], str]) -> bool:
    """A known name holding another actor's whole name ("Bank of Russia" holds "Russia") is a
    poor lookup key for this one: it stays in ``names`` but not in ``aliases``."""
    toks = name_tokens(text)
    own = group.known.id if group.known else ""
    for n in range(1, len(toks)):
        for i in range(len(toks) - n + 1):
            owner = others.get(toks[i:i + n])
            if owner and owner != own:
                return True
    return False


def _name_index(kb: dict[str, KnownActor]) -> dict[tuple[str, ...], str]:
    """Normalised tokens of every known name -> the id of its actor (names two actors share left out)."""
    out: dict[tuple[str, ...], str] = {}
    shared: set[tuple[str, ...]] = set()
    for actor in kb.values():
        # a state's adjective too: "Saudi Foreign Ministry" and "الجيش الباكستاني" hold their state
        adjectives = [f for lang_code, bases in actor.adjectives.items() for b in bases
                      for f in adjective_forms(b, lang_code == "ar", lexicon())]
        for n in actor.all_names() + adjectives:
            toks = name_tokens(n)
            if toks in out and out[toks] != actor.id:
                shared.add(toks)
            out[toks] = actor.id
    return {k: v for k, v in out.items() if k not in shared}


def _actor_of(group: _Group, mentions: list[Mention], others: dict[tuple[str, ...], str],
              side_for: Callable[[KnownActor], str | None]) -> Actor:
    names: dict[str, list[str]] = defaultdict(list)
    surface = Counter(m.span.text for m in mentions if m.kind == "actor")
    if group.known:
        k = group.known
        for lang_code, ns in k.names.items():
            names[lang_code] += [n for n in ns if n not in names[lang_code]]
        name, typ, side, wikidata, source = k.name, k.type, side_for(k), k.wikidata, "kb"
        roles = list(k.roles)
    else:
        given = _discovered_names([m for m in mentions if m.kind == "actor"])
        full = sorted(given, key=lambda n: (-len(n.split()), -given[n], n))
        latin = [n for n in full if _script(n) == "en" and len(n.split()) == len(full[0].split())]
        name = (latin or full or [mentions[0].span.text])[0]
        typ = group.keys[0].split(":", 2)[1]
        side, wikidata, source, roles = None, None, "discovered", []
    for text in surface:
        lang_code = _script(text)
        if text not in names[lang_code]:
            names[lang_code].append(text)
    for m in mentions:
        role = m.value.get("role")
        if role and role not in roles:
            roles.append(role)
    aliases = [t for t in surface if t != name]
    for text in [n for ns in names.values() for n in ns]:
        if text not in aliases and text != name and not _embeds_other(text, group, others):
            aliases.append(text)
    spans = sorted({m.span for m in mentions if m.kind == "actor"})
    return Actor(id=stable_id("a", group.keys[0]), name=name, type=typ, side=side, aliases=aliases,
                 names={k: v for k, v in names.items() if v}, roles=roles, wikidata=wikidata, source=source,
                 keys=list(group.keys), mentions=spans, merge_reasons=list(group.reasons))


def _resolve_ties(corpus: Corpus) -> None:
    merged: dict[tuple[str, str, str], Tie] = {}
    for analysis in corpus.analyses:
        for tie in analysis.ties:
            src, dst = corpus.actor_id(tie.source), corpus.actor_id(tie.target)
            if not src or not dst or src == dst:
                continue
            key = (src, dst, tie.kind)
            if key not in merged:
                merged[key] = Tie(id=stable_id("t", *key), source=src, target=dst, kind=tie.kind, label=tie.label)
            merged[key].evidence += [s for s in tie.evidence if s not in merged[key].evidence]
    corpus.ties = list(merged.values())


def resolve_actors(corpus: Corpus, options: Any) -> None:
    """Fill ``corpus.actors``, ``corpus.actor_of_key`` and ``corpus.ties`` from the analyses."""
    kb = active_kb(options)
    propagate_discovered(corpus.analyses)
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for analysis in corpus.analyses:
        for m in analysis.mentions:
            if m.kind in ("actor", "role") and m.key:
                by_key[m.key].append(m)
    groups = _group_keys(by_key, kb, corpus.judgements)
    others = _name_index(kb)
    sides, states = load_sides(getattr(options, "sides_file", None) or SIDES), states_by_iso(kb)
    actors = []
    for g in groups:
        mentions = [m for k in g.keys for m in by_key.get(k, [])]
        if not any(m.kind == "actor" for m in mentions) and not g.known:
            continue
        actors.append(_actor_of(g, mentions, others, lambda k: side_of(k, states, sides)))
    actors.sort(key=lambda a: (-len(a.mentions), a.name))
    corpus.actors = actors
    corpus.actor_of_key = {k: a.id for a in actors for k in a.keys}
    _resolve_ties(corpus)


def lookup(actors: list[Actor], query: str) -> list[Actor]:
    """The actors a user means by ``query``: an id; else a name or alias in any spelling (folded,
    then by cross-script key); else actors with that word in a name ("ستيفن" may be several);
    else the closest names by RapidFuzz."""
    from backchannel.text.normalise import match_key

    q = match_key(query)
    if not q:
        return []
    by_id = [a for a in actors if a.id == query]
    if by_id:
        return by_id

    def forms(a: Actor) -> list[str]:
        return [a.name, *a.aliases, *[n for ns in a.names.values() for n in ns]]

    exact = [a for a in actors if any(match_key(f) == q for f in forms(a))]
    if exact:
        return exact
    qkey = name_key(query)
    keyed = [a for a in actors if len(qkey) >= 4 and any(name_key(f) == qkey for f in forms(a))]
    if keyed:
        return keyed
    words = [a for a in actors if any(q in match_key(f).split() for f in forms(a))]
    if words:
        return words
    scored = []
    for a in actors:
        best = max((fuzz.ratio(q, match_key(f)) for f in forms(a)), default=0)
        if best >= 85:
            scored.append((best, a))
    scored.sort(key=lambda s: -s[0])
    return [a for s, a in scored if s == scored[0][0]] if scored else []
