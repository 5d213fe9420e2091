"""Scenarios: the bargaining situation as data, read from YAML.

A scenario names the actors (with capability), the issues (each a 0-100 scale
whose two ends are labelled), each actor's stance on each issue (position,
salience, optional reservation level and veto), the status quo, the proposals
on the table (each a point in issue space), and optional side-payment channels.

Every number may be written plainly (``salience: 80``) or with the reporting it
rests on (``salience: {value: 80, evidence: [...]}``), so that an analyst's
reading can always be traced back to an article or a knowledge-base item.
The arrays the models need are derived in one place, :meth:`Scenario.arrays`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from backchannel.datafiles import safe_load
from backchannel.errors import BackchannelError

SCALE_MIN = 0.0
SCALE_MAX = 100.0


class ScenarioError(BackchannelError):
    """A scenario file that the models cannot use; the message names the field."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__("BC030", f"scenario {where}: {problem}", "fix the scenario file and run again")


@dataclass(frozen=True)
class Evidence:
    """Where a number comes from: an article (file name + paraphrased claim) or a KB item id."""

    source: str | None = None
    claim: str | None = None
    kb: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("source", self.source), ("claim", self.claim), ("kb", self.kb)) if v}


@dataclass(frozen=True)
class Issue:
    id: str
    name: str
    low: str  # meaning of 0 on the scale
    high: str  # meaning of 100 on the scale
    status_quo: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    side: str
    capability: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Stance:
    position: float
    salience: float
    reservation: float | None = None
    veto: bool = False
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    id: str
    name: str
    proposer: str | None
    positions: dict[str, float]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class SidePayment:
    """A channel through which ``payer`` can compensate ``payee`` (e.g. business deals).

    ``capacity`` is the most the payer can give, in the payer's utility units
    (0-1); the payee gains ``efficiency`` per unit given.
    """

    payer: str
    payee: str
    capacity: float
    efficiency: float = 1.0
    label: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ScenarioArrays:
    """The scenario as matrices: actors on rows, issues on columns."""

    position: np.ndarray  # (A, K), NaN where the actor takes no stance
    salience: np.ndarray  # (A, K), 0-100, 0 where no stance
    capability: np.ndarray  # (A,)
    status_quo: np.ndarray  # (K,)
    reservation: np.ndarray  # (A, K), NaN where none given
    veto: np.ndarray  # (A, K) bool
    proposals: np.ndarray  # (P, K); issues a proposal is silent on stay at the status quo


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    disclaimer: str
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    stances: dict[tuple[str, str], Stance]
    proposals: tuple[Proposal, ...] = ()
    side_payments: tuple[SidePayment, ...] = ()
    review: tuple[str, ...] = ()  # placeholders a draft still carries

    @property
    def actor_ids(self) -> list[str]:
        return [a.id for a in self.actors]

    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    def arrays(self) -> ScenarioArrays:
        """Matrices for the models; built here once so every model reads the same numbers."""
        n_a, n_k = len(self.actors), len(self.issues)
        position = np.full((n_a, n_k), np.nan)
        salience = np.zeros((n_a, n_k))
        reservation = np.full((n_a, n_k), np.nan)
        veto = np.zeros((n_a, n_k), dtype=bool)
        for a, actor in enumerate(self.actors):
            for k, issue in enumerate(self.issues):
                stance = self.stances.get((actor.id, issue.id))
                if stance is None:
                    continue
                position[a, k] = stance.position
                salience[a, k] = stance.salience
                if stance.reservation is not None:
                    reservation[a, k] = stance.reservation
                veto[a, k] = stance.veto
        status_quo = np.array([i.status_quo for i in self.issues], dtype=float)
        proposals = np.tile(status_quo, (len(self.proposals), 1))
        for p, proposal in enumerate(self.proposals):
            for k, issue in enumerate(self.issues):
                if issue.id in proposal.positions:
                    proposals[p, k] = proposal.positions[issue.id]
        capability = np.array([a.capability for a in self.actors], dtype=float)
        return ScenarioArrays(position, salience, capability, status_quo, reservation, veto, proposals)

    def to_dict(self) -> dict[str, Any]:
        """The scenario in plain JSON types, evidence included, for the web and export layers."""

        def ev(items: tuple[Evidence, ...]) -> list[dict[str, str]]:
            return [e.to_dict() for e in items]

        return {
            "name": self.name,
            "description": self.description,
            "disclaimer": self.disclaimer,
            "review": list(self.review),
            "actors": [
                {"id": a.id, "name": a.name, "side": a.side, "capability": a.capability, "evidence": ev(a.evidence)}
                for a in self.actors
            ],
            "issues": [
                {"id": i.id, "name": i.name, "low": i.low, "high": i.high, "status_quo": i.status_quo,
                 "evidence": ev(i.evidence)}
                for i in self.issues
            ],
            "stances": [
                {"actor": a, "issue": k, "position": s.position, "salience": s.salience,
                 "reservation": s.reservation, "veto": s.veto,
                 "evidence": {f: ev(e) for f, e in s.evidence.items()}}
                for (a, k), s in self.stances.items()
            ],
            "proposals": [
                {"id": p.id, "name": p.name, "proposer": p.proposer, "positions": dict(p.positions),
                 "evidence": ev(p.evidence)}
                for p in self.proposals
            ],
            "side_payments": [
                {"payer": s.payer, "payee": s.payee, "capacity": s.capacity, "efficiency": s.efficiency,
                 "label": s.label, "evidence": ev(s.evidence)}
                for s in self.side_payments
            ],
        }


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario YAML file."""
    try:
        raw = safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(str(path), "file not found") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(str(path), f"not valid YAML ({exc})") from None
    return parse_scenario(raw)


def parse_scenario(raw: Any) -> Scenario:
    """Build a :class:`Scenario` from the YAML structure, checking ranges and references."""
    if not isinstance(raw, dict):
        raise ScenarioError("file", "top level must be a mapping")
    issues = tuple(_issue(iid, body) for iid, body in _mapping(raw, "issues", "file").items())
    issue_ids = {i.id for i in issues}
    actors: list[Actor] = []
    stances: dict[tuple[str, str], Stance] = {}
    for aid, body in _mapping(raw, "actors", "file").items():
        where = f"actor {aid}"
        body = body or {}
        cap, cap_ev = _number(body.get("capability", 1.0), f"{where} capability")
        if cap <= 0:
            raise ScenarioError(where, "capability must be positive")
        actors.append(Actor(str(aid), str(body.get("name", aid)), str(body.get("side", "other")), cap,
                            cap_ev + _evidence(body.get("evidence"), where)))
        for iid, stance in (body.get("stances") or {}).items():
            if iid not in issue_ids:
                raise ScenarioError(where, f"stance on unknown issue {iid!r}")
            stances[(str(aid), str(iid))] = _stance(stance, f"{where} on {iid}")
    if not actors:
        raise ScenarioError("file", "no actors")
    actor_ids = {a.id for a in actors}
    proposals = tuple(_proposal(pid, body, issue_ids, actor_ids)
                      for pid, body in (raw.get("proposals") or {}).items())
    payments = tuple(_side_payment(body, actor_ids, n) for n, body in enumerate(raw.get("side_payments") or []))
    return Scenario(
        name=str(raw.get("name", "unnamed scenario")),
        description=str(raw.get("description", "")).strip(),
        disclaimer=str(raw.get("disclaimer", "")).strip(),
        actors=tuple(actors),
        issues=issues,
        stances=stances,
        proposals=proposals,
        side_payments=payments,
        review=tuple(str(r) for r in raw.get("review") or ()),
    )


def _mapping(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        raise ScenarioError(where, f"{key!r} must be a non-empty mapping keyed by id")
    return value


def _evidence(raw: Any, where: str) -> tuple[Evidence, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ScenarioError(where, "evidence must be a list of {source, claim} or {kb} mappings")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not (item.get("source") or item.get("kb")):
            raise ScenarioError(where, "each evidence item needs 'source' (article file) or 'kb' (item id)")
        out.append(Evidence(item.get("source"), item.get("claim"), item.get("kb")))
    return tuple(out)


def _number(raw: Any, where: str) -> tuple[float, tuple[Evidence, ...]]:
    evidence: tuple[Evidence, ...] = ()
    if isinstance(raw, dict):
        evidence = _evidence(raw.get("evidence"), where)
        raw = raw.get("value")
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ScenarioError(where, f"expected a number, got {raw!r}")
    return float(raw), evidence


def _on_scale(raw: Any, where: str) -> tuple[float, tuple[Evidence, ...]]:
    value, evidence = _number(raw, where)
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ScenarioError(where, f"{value} is outside the 0-100 scale")
    return value, evidence


def _issue(iid: Any, body: Any) -> Issue:
    where = f"issue {iid}"
    if not isinstance(body, dict):
        raise ScenarioError(where, "must be a mapping with name, low, high, status_quo")
    for key in ("low", "high"):
        if not body.get(key):
            raise ScenarioError(where, f"label the {key} end of the scale ({key!r})")
    sq, sq_ev = _on_scale(body.get("status_quo"), f"{where} status_quo")
    return Issue(str(iid), str(body.get("name", iid)), str(body["low"]), str(body["high"]), sq,
                 sq_ev + _evidence(body.get("evidence"), where))


def _stance(body: Any, where: str) -> Stance:
    if not isinstance(body, dict):
        raise ScenarioError(where, "must be a mapping with position and salience")
    evidence: dict[str, tuple[Evidence, ...]] = {}
    position, evidence["position"] = _on_scale(body.get("position"), f"{where} position")
    salience, evidence["salience"] = _on_scale(body.get("salience"), f"{where} salience")
    reservation = None
    if body.get("reservation") is not None:
        reservation, evidence["reservation"] = _on_scale(body["reservation"], f"{where} reservation")
    veto = body.get("veto", False)
    if isinstance(veto, dict):
        evidence["veto"] = _evidence(veto.get("evidence"), where)
        veto = veto.get("value")
    if not isinstance(veto, bool):
        raise ScenarioError(where, "veto must be true or false")
    general = _evidence(body.get("evidence"), where)
    if general:
        evidence["stance"] = general
    return Stance(position, salience, reservation, veto, {k: v for k, v in evidence.items() if v})


def _proposal(pid: Any, body: Any, issue_ids: set[str], actor_ids: set[str]) -> Proposal:
    where = f"proposal {pid}"
    if not isinstance(body, dict):
        raise ScenarioError(where, "must be a mapping with name and positions")
    proposer = body.get("proposer")
    if proposer is not None and proposer not in actor_ids:
        raise ScenarioError(where, f"proposer {proposer!r} is not an actor")
    positions: dict[str, float] = {}
    evidence = list(_evidence(body.get("evidence"), where))
    for iid, value in (body.get("positions") or {}).items():
        if iid not in issue_ids:
            raise ScenarioError(where, f"position on unknown issue {iid!r}")
        positions[str(iid)], ev = _on_scale(value, f"{where} on {iid}")
        evidence.extend(ev)
    if not positions:
        raise ScenarioError(where, "a proposal needs a position on at least one issue")
    return Proposal(str(pid), str(body.get("name", pid)), proposer, positions, tuple(evidence))


def _side_payment(body: Any, actor_ids: set[str], n: int) -> SidePayment:
    where = f"side payment #{n + 1}"
    if not isinstance(body, dict):
        raise ScenarioError(where, "must be a mapping with payer, payee, capacity")
    for key in ("payer", "payee"):
        if body.get(key) not in actor_ids:
            raise ScenarioError(where, f"{key} {body.get(key)!r} is not an actor")
    capacity, cap_ev = _number(body.get("capacity"), f"{where} capacity")
    efficiency, eff_ev = _number(body.get("efficiency", 1.0), f"{where} efficiency")
    if capacity < 0 or efficiency < 0:
        raise ScenarioError(where, "capacity and efficiency must not be negative")
    return SidePayment(body["payer"], body["payee"], capacity, efficiency, str(body.get("label", "")),
                       cap_ev + eff_ev + _evidence(body.get("evidence"), where))
