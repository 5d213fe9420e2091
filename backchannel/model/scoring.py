"""Score each proposal for each party: would they take it over the status quo, and why not?

For a proposal x and actor i (utilities from :mod:`backchannel.model.utility`):

- gain_i = u_i(x) - u_i(status quo);
- the proposal breaches i's reservation on issue k when x_k lies beyond r_ik on
  the far side from i's position (r_ik is the worst level i would accept);
- i accepts when gain_i > 0 and no reservation is breached;
- the issues that make it fail are the breached ones, and, when the gain is not
  positive, the issues where x is further from i than the status quo, largest
  weighted loss first;
- the Nash product across bargainers is prod_i gain_i ^ c_i (capability shares),
  0 as soon as one bargainer does not gain (see :mod:`backchannel.model.nash`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from backchannel.model.scenario import Scenario
from backchannel.model.utility import SCALE, issue_weights, utility


@dataclass(frozen=True)
class ActorScore:
    actor: str
    utility: float
    status_quo_utility: float
    gain: float
    clears_reservation: bool
    accepts: bool
    breached_issues: list[str]
    losing_issues: list[str]  # issues where the proposal is worse for the actor than the status quo


@dataclass(frozen=True)
class ProposalScore:
    proposal: str
    name: str
    package: dict[str, float]
    actors: list[ActorScore]
    nash_product: float
    accepted_by_all_bargainers: bool

    def to_dict(self) -> dict:
        return asdict(self)


def bargainers(veto: np.ndarray) -> np.ndarray:
    """Actors whose agreement a package needs: those with a veto on any issue (everyone if no one has one)."""
    holders = veto.any(axis=1)
    return holders if holders.any() else np.ones(len(veto), dtype=bool)


def breaches(package: np.ndarray, position: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """(A, K) True where x_k lies beyond r_ik, on the side away from p_ik."""
    with np.errstate(invalid="ignore"):
        above = position >= reservation  # the actor wants at least r
        beyond = np.where(above, package < reservation, package > reservation)
    return np.asarray(beyond & ~np.isnan(reservation) & ~np.isnan(position))


def nash_product(gains: np.ndarray, capability: np.ndarray) -> float:
    """prod g_i^(c_i / sum c); 0 when any gain is not positive."""
    if np.any(gains <= 0):
        return 0.0
    power = capability / capability.sum()
    return float(np.exp((power * np.log(gains)).sum()))


def score_package(scenario: Scenario, package: np.ndarray) -> tuple[list[ActorScore], float, bool]:
    """Per-actor scores of one package, its Nash product across bargainers, and whether all bargainers accept."""
    arr = scenario.arrays()
    weights = issue_weights(arr.salience, arr.position)
    u = utility(package, arr.position, weights)
    u_sq = utility(arr.status_quo, arr.position, weights)
    breach = breaches(package, arr.position, arr.reservation)
    ideal = np.where(np.isnan(arr.position), 0.0, arr.position)
    extra_loss = weights * (np.abs(package - ideal) - np.abs(arr.status_quo - ideal)) / SCALE
    issue_ids = scenario.issue_ids
    scores = []
    for a, actor in enumerate(scenario.actors):
        gain = float(u[a] - u_sq[a])
        losing = [issue_ids[k] for k in np.argsort(-extra_loss[a]) if extra_loss[a, k] > 1e-12]
        scores.append(ActorScore(
            actor=actor.id, utility=float(u[a]), status_quo_utility=float(u_sq[a]), gain=gain,
            clears_reservation=not breach[a].any(), accepts=gain > 0 and not breach[a].any(),
            breached_issues=[issue_ids[k] for k in np.flatnonzero(breach[a])],
            losing_issues=losing if gain <= 0 else [],
        ))
    who = bargainers(arr.veto)
    gains = (u - u_sq)[who]
    product = nash_product(gains, arr.capability[who])
    all_accept = all(s.accepts for s, w in zip(scores, who) if w)
    return scores, product, all_accept


def score_proposals(scenario: Scenario) -> list[ProposalScore]:
    """Score every proposal of the scenario for every actor."""
    arr = scenario.arrays()
    out = []
    for proposal, package in zip(scenario.proposals, arr.proposals):
        actors, product, all_accept = score_package(scenario, package)
        out.append(ProposalScore(proposal.id, proposal.name, dict(zip(scenario.issue_ids, map(float, package))),
                                 actors, product, all_accept))
    return out
