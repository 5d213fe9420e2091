"""Sanctions screening: which actors are on a sanctions list, and which deals depend on sanctions.

Lists are read as FollowTheMoney JSON lines (the OpenSanctions export format, which users
download themselves). Names are compared by the project's script-independent keys
(:mod:`backchannel.resolve.translit`), so an actor known only from an Arabic article is
found on a list written in Latin script. A match needs more than a surname: every token
of the shorter name (first name included) must agree with a token of the other, or the
whole names' keys must be equal; a person's name of one word never matches. People are
matched to listed people, organisations to listed organisations.

Results live in the knowledge-base file (tables ``sanctions_matches``, ``deal_flags``,
``sanctions_screenings``; view ``actor_sanctions``). A deal is flagged when a party is
listed (``sanctioned_party``) or when its condition or evidence speaks of lifting or easing
sanctions (``sanctions_relief``; the words are data: ``lang/<lang>/sanctions.yaml``).
``backchannel build`` writes a fresh file, so screening is run again after each build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from rapidfuzz import fuzz

from backchannel import lang
from backchannel.errors import BackchannelError
from backchannel.kb.model import Actor
from backchannel.resolve.translit import name_key, token_keys
from backchannel.text.layer import analyse
from backchannel.text.normalise import match_key, stems

PERSON_SCHEMATA = {"Person"}
ORGANISATION_SCHEMATA = {"Organization", "Company", "PublicBody"}
ANY_SCHEMATA = {"LegalEntity"}
NAME_PROPS = ("name", "alias", "previousName")
TOKEN_MIN = 80.0  # RapidFuzz ratio two token keys need to count as the same word
DEFAULT_THRESHOLD = 0.85
EVIDENCE_WINDOW = 5  # words between "sanctions" and "lifted" in evidence without a stated condition

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS sanctions_matches (
    actor TEXT, list TEXT, program TEXT, entity_id TEXT, entity_name TEXT, matched_name TEXT, score REAL);
CREATE INDEX IF NOT EXISTS sanctions_matches_actor ON sanctions_matches(actor);
CREATE TABLE IF NOT EXISTS deal_flags (deal TEXT, flag TEXT, actor TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS sanctions_screenings (
    file TEXT PRIMARY KEY, lists TEXT, sha256 TEXT, entities INTEGER, matches INTEGER,
    bad_lines INTEGER, threshold REAL, screened_at TEXT);
CREATE VIEW IF NOT EXISTS actor_sanctions AS
    SELECT actors.name AS actor_name, actors.type, actors.side, m.*
    FROM sanctions_matches m JOIN actors ON actors.id = m.actor;
"""


# ---------------------------------------------------------------------- name matching


@dataclass(frozen=True)
class _Name:
    text: str
    tokens: tuple[str, ...]
    key: str


def _name(text: str) -> _Name:
    return _Name(text, tuple(token_keys(text)), name_key(text))


def _token_sim(a: str, b: str) -> float:
    if a == b:
        return 100.0
    if min(len(a), len(b)) < 4:  # short skeletons ("KRL") must agree exactly
        return 0.0
    return fuzz.ratio(a, b)


def name_score(a: _Name, b: _Name, *, person: bool) -> float:
    """How well two names agree (0–1), never on a surname alone.

    Equal whole-name keys score 1 (for people, only names of two words or more). Otherwise
    every token of the shorter name must pair with a different token of the longer one; the
    score is their mean similarity, lowered a little when the longer name has more words.
    """
    if len(a.key) >= 3 and a.key == b.key and (not person or min(len(a.tokens), len(b.tokens)) >= 2):
        return 1.0
    short, long_ = sorted((a.tokens, b.tokens), key=len)
    if not short or (person and len(short) < 2):
        return 0.0
    used: set[int] = set()
    sims = []
    for tok in short:
        best, best_j = 0.0, -1
        for j, other in enumerate(long_):
            if j not in used and (s := _token_sim(tok, other)) > best:
                best, best_j = s, j
        if best < TOKEN_MIN:
            return 0.0
        used.add(best_j)
        sims.append(best)
    return round(sum(sims) / len(sims) / 100 * (0.8 + 0.2 * len(short) / len(long_)), 4)


def actor_names(actor: Actor) -> list[str]:
    """Every name an actor goes by, in every script."""
    names = [actor.name, *actor.aliases, *(n for ns in actor.names.values() for n in ns)]
    return [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip())]


def _compatible(actor_type: str | None, schema: str) -> bool:
    if schema in ANY_SCHEMATA:
        return True
    is_person = (actor_type or "").lower() == "person"
    return schema in PERSON_SCHEMATA if is_person else schema in ORGANISATION_SCHEMATA


class _ActorIndex:
    """Actors' names by token key and whole-name key, to find candidates for a listed name fast."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors = list(actors)
        self.names: list[tuple[Actor, _Name]] = []
        self.by_token: dict[str, set[int]] = defaultdict(set)
        self.by_key: dict[str, set[int]] = defaultdict(set)
        for actor in self.actors:
            for text in actor_names(actor):
                n = _name(text)
                if not n.tokens:
                    continue
                i = len(self.names)
                self.names.append((actor, n))
                self.by_key[n.key].add(i)
                for t in n.tokens:
                    self.by_token[t].add(i)

    def best(self, listed: _Name, schema: str, threshold: float) -> dict[str, tuple[float, str]]:
        """Actor id -> (score, actor name that matched) for every actor this listed name fits."""
        cands = set(self.by_key.get(listed.key, ()))
        for t in listed.tokens:
            cands |= self.by_token.get(t, set())
        out: dict[str, tuple[float, str]] = {}
        for i in cands:
            actor, n = self.names[i]
            if not _compatible(actor.type, schema):
                continue
            score = name_score(n, listed, person=actor.type == "person" or schema in PERSON_SCHEMATA)
            if score >= threshold and score > out.get(actor.id, (0.0, ""))[0]:
                out[actor.id] = (score, n.text)
        return out


# ---------------------------------------------------------------------- reading lists


@dataclass
class Match:
    """One actor matched to one listed entity on one list."""

    actor: str
    list: str
    program: str
    entity_id: str
    entity_name: str
    matched_name: str
    score: float


@dataclass
class ScreenResult:
    """What one screening run found, for the CLI to print and scripts to read."""

    files: list[dict[str, Any]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    deal_flags: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "matches": [m.__dict__ for m in self.matches], "deal_flags": self.deal_flags}


def _names_of(entity: dict[str, Any]) -> list[str]:
    props = entity.get("properties") or {}
    names = [n for p in NAME_PROPS for n in props.get(p, []) if isinstance(n, str)]
    if not names and props.get("lastName"):
        names = [" ".join(props.get("firstName", [])[:1] + props["lastName"][:1])]
    return list(dict.fromkeys(names))


def _sanction_info(sanction: dict[str, Any], fallback: list[str]) -> list[tuple[str, str]]:
    """(list, programme) pairs of one Sanction entity."""
    props = sanction.get("properties") or {}
    programs = props.get("program") or props.get("programId") or [""]
    lists = sanction.get("datasets") or props.get("authority") or fallback
    return [(str(lst), str(p)) for lst in lists for p in programs]


def _is_listing(entity: dict[str, Any], has_sanctions: bool) -> bool:
    """A listed target: not a mere related party, and (if topics are given) a sanctions topic."""
    if entity.get("target") is False:
        return False
    topics = (entity.get("properties") or {}).get("topics") or []
    return has_sanctions or not topics or any(str(t).startswith("sanction") for t in topics)


def _screen_file(path: Path, index: _ActorIndex, threshold: float) -> tuple[list[Match], dict[str, Any]]:
    """Stream one FtM JSON-lines file once, matching every listed name against the actors."""
    if not path.is_file():
        raise BackchannelError("BC040", f"no sanctions list at {path}",
                               "download one as FtM JSON lines (e.g. OpenSanctions 'entities.ftm.json')")
    fallback = [path.name.split(".")[0]]
    sanctions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    found: dict[str, dict[str, Any]] = {}  # listed entity id -> its data and the actors it matched
    seen_lists: set[str] = set()
    digest = hashlib.sha256()
    entities = bad = 0
    with path.open("rb") as fh:
        for raw in fh:
            digest.update(raw)
            try:
                entity = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                bad += raw.strip() != b""
                continue
            if not isinstance(entity, dict) or not entity.get("id"):
                bad += 1
                continue
            entities += 1
            seen_lists.update(entity.get("datasets") or fallback)
            schema, props = entity.get("schema"), entity.get("properties") or {}
            if schema == "Sanction":
                for target in props.get("entity", []):
                    target_id = target.get("id") if isinstance(target, dict) else target
                    sanctions[str(target_id)].extend(_sanction_info(entity, entity.get("datasets") or fallback))
                continue
            if schema not in PERSON_SCHEMATA | ORGANISATION_SCHEMATA | ANY_SCHEMATA:
                continue
            for nested in props.get("sanctions", []):
                if isinstance(nested, dict):
                    sanctions[entity["id"]].extend(_sanction_info(nested, entity.get("datasets") or fallback))
            hits: dict[str, tuple[float, str]] = {}
            for text in _names_of(entity):
                for actor_id, (score, matched) in index.best(_name(text), schema, threshold).items():
                    if score > hits.get(actor_id, (0.0, ""))[0]:
                        hits[actor_id] = (score, matched)
            if hits:
                found[entity["id"]] = {"entity": entity, "hits": hits}
    matches: list[Match] = []
    for entity_id, data in found.items():
        entity = data["entity"]
        if not _is_listing(entity, bool(sanctions.get(entity_id))):
            continue
        programs: dict[str, set[str]] = defaultdict(set)
        for lst, prog in sanctions.get(entity_id) or [(d, "") for d in entity.get("datasets") or fallback]:
            programs[lst].add(prog)
        own = (entity.get("properties") or {}).get("program") or []
        caption = (_names_of(entity) or [entity_id])[0]
        for actor_id, (score, matched) in data["hits"].items():
            for lst, progs in sorted(programs.items()):
                program = "; ".join(sorted(p for p in progs | set(own) if p))
                matches.append(Match(actor_id, lst, program, entity_id, caption, matched, score))
    info = {"file": str(path.resolve()), "lists": sorted(seen_lists | {m.list for m in matches}),
            "sha256": digest.hexdigest(), "entities": entities, "matches": len(matches), "bad_lines": bad}
    return matches, info


# ---------------------------------------------------------------------- deals


@lru_cache(maxsize=1)
def _relief_lexicon() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    sanctions: list[tuple[str, ...]] = []
    relief: list[tuple[str, ...]] = []
    for code in ("en", "ar"):
        data = lang.load(code, "sanctions")
        sanctions += [tuple(match_key(w).lower().split()) for w in data["sanctions"]]
        relief += [tuple(match_key(w).lower().split()) for w in data["relief"]]
    return tuple(sanctions), tuple(relief)


def _phrase_starts(readings: list[set[str]], phrase: tuple[str, ...]) -> list[int]:
    """Token positions where ``phrase`` begins (each word matched as a word start)."""
    return [i for i in range(len(readings) - len(phrase) + 1)
            if all(any(r.startswith(w) for r in readings[i + k]) for k, w in enumerate(phrase))]


def speaks_of_sanctions_relief(text: str, window: int | None = None) -> bool:
    """Whether a text names sanctions and their lifting or easing (in Arabic or English).

    With ``window``, the two words must be at most that many words apart, so a long
    sentence that mentions sanctions and, elsewhere, some unrelated exemption is not read
    as a condition.
    """
    readings = [{s.lower() for *_, s in stems(t.norm)} | {t.norm.lower()} for t in analyse(text).tokens]
    sanctions, relief = _relief_lexicon()
    at_s = [i for p in sanctions for i in _phrase_starts(readings, p)]
    at_r = [i for p in relief for i in _phrase_starts(readings, p)]
    if window is None:
        return bool(at_s and at_r)
    return any(abs(i - j) <= window for i in at_s for j in at_r)


def flag_deals(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Flags of every deal from the stored matches and the deals' own words."""
    names = dict(conn.execute("SELECT id, name FROM actors").fetchall())
    listed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for actor, lst, program in conn.execute("SELECT DISTINCT actor, list, program FROM sanctions_matches"):
        listed[actor].append((lst, program))
    evidence: dict[str, list[str]] = defaultdict(list)
    for item, text in conn.execute("SELECT item_id, text FROM evidence WHERE item_kind = 'deals' ORDER BY rowid"):
        evidence[item].append(text or "")
    flags = []
    for deal_id, asset, parties, condition in conn.execute("SELECT id, asset, parties, condition FROM deals"):
        what = asset or deal_id
        for actor in json.loads(parties or "[]"):
            for lst, program in listed.get(actor, []):
                flags.append({"deal": deal_id, "flag": "sanctioned_party", "actor": actor,
                              "detail": f"{names.get(actor, actor)}, a party to {what}, matches {lst}"
                                        + (f" ({program})" if program else "")})
        # The condition says it outright; without one, the evidence must put the two words close.
        texts = [("condition", condition, None)] if condition else \
            [("evidence", t, EVIDENCE_WINDOW) for t in evidence.get(deal_id, [])]
        for source, text, window in texts:
            if speaks_of_sanctions_relief(text, window):
                flags.append({"deal": deal_id, "flag": "sanctions_relief", "actor": None,
                              "detail": f"{what} depends on sanctions relief ({source}: {text.strip()})"})
                break
    return flags


# ---------------------------------------------------------------------- running and reading back


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _stored_actors(conn: sqlite3.Connection) -> list[Actor]:
    out = []
    for row in conn.execute("SELECT id, name, type, aliases, names FROM actors"):
        out.append(Actor(id=row[0], name=row[1] or "", type=row[2] or "organization",
                         aliases=json.loads(row[3] or "[]"), names=json.loads(row[4] or "{}")))
    return out


def screen(db: Path | str, lists: list[Path], *, threshold: float = DEFAULT_THRESHOLD) -> ScreenResult:
    """Screen the knowledge base's actors against ``lists`` and store the results in place.

    Re-running with a file already screened replaces that file's results; results of other
    files are kept. Deal flags are recomputed from all stored matches. One transaction: an
    error leaves the file as it was.
    """
    db = Path(db)
    if not db.is_file():
        raise BackchannelError("BC010", f"no knowledge base at {db}",
                               "build one first: backchannel build FOLDER --db " + str(db))
    conn = sqlite3.connect(db, isolation_level=None)  # explicit BEGIN/COMMIT: the DDL joins the transaction
    try:
        if not _table_exists(conn, "actors"):
            raise BackchannelError("BC011", f"{db} is not a Backchannel knowledge base",
                                   "pass the .db file written by backchannel build")
        index = _ActorIndex(_stored_actors(conn))
        runs = [_screen_file(Path(p), index, threshold) for p in lists]
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = _store(conn, runs, threshold)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
    return result


def _store(conn: sqlite3.Connection, runs: list[tuple[list[Match], dict[str, Any]]], threshold: float) -> ScreenResult:
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for stmt in SCHEMA_SQL.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    result = ScreenResult()
    for matches, info in runs:
        old = conn.execute("SELECT lists FROM sanctions_screenings WHERE file = ?", (info["file"],)).fetchone()
        stale = (set(json.loads(old[0])) if old else set()) | set(info["lists"])
        conn.executemany("DELETE FROM sanctions_matches WHERE list = ?", [(s,) for s in stale])
        conn.executemany("INSERT INTO sanctions_matches VALUES (?,?,?,?,?,?,?)",
                         [(m.actor, m.list, m.program, m.entity_id, m.entity_name, m.matched_name, m.score)
                          for m in matches])
        conn.execute("INSERT OR REPLACE INTO sanctions_screenings VALUES (?,?,?,?,?,?,?,?)",
                     (info["file"], json.dumps(info["lists"], ensure_ascii=False), info["sha256"],
                      info["entities"], info["matches"], info["bad_lines"], threshold, now))
        result.files.append(info)
        result.matches += matches
    conn.execute("DELETE FROM deal_flags")
    result.deal_flags = flag_deals(conn)
    conn.executemany("INSERT INTO deal_flags VALUES (:deal, :flag, :actor, :detail)", result.deal_flags)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('sanctions_screened_at', ?)", (now,))
    return result


def stored_matches(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Actor id -> its sanctions matches, best first; empty when the base was never screened."""
    if not _table_exists(conn, "sanctions_matches"):
        return {}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute("SELECT actor, list, program, entity_id, entity_name, matched_name, score "
                        "FROM sanctions_matches ORDER BY actor, score DESC, list")
    for r in rows:
        out[r[0]].append({"list": r[1], "program": r[2], "entity_id": r[3], "entity_name": r[4],
                          "matched_name": r[5], "score": r[6]})
    return dict(out)


def stored_deal_flags(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Deal id -> its flags (sanctioned_party, sanctions_relief); empty when never screened."""
    if not _table_exists(conn, "deal_flags"):
        return {}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for deal, flag, actor, detail in conn.execute("SELECT deal, flag, actor, detail FROM deal_flags ORDER BY rowid"):
        out[deal].append({"flag": flag, "actor": actor, "detail": detail})
    return dict(out)


def screened(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The list files this knowledge base was screened against (none: never screened)."""
    if not _table_exists(conn, "sanctions_screenings"):
        return []
    cols = ("file", "lists", "sha256", "entities", "matches", "bad_lines", "threshold", "screened_at")
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM sanctions_screenings ORDER BY file")
    return [{**dict(zip(cols, r)), "lists": json.loads(r[1])} for r in rows]


def iter_matches(result: ScreenResult) -> Iterator[Match]:
    """The run's matches, best first (for printing)."""
    return iter(sorted(result.matches, key=lambda m: (-m.score, m.actor, m.list)))
