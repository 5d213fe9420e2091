"""Package search: which packages of issue positions could get every veto player to yes?

A package fixes a position on every issue at once, so an actor can give ground on
an issue it cares little about in return for ground on one it cares about
(logrolling). The acceptable set is the packages that every bargainer (an actor
with a veto on some issue, see :func:`scoring.bargainers`) prefers to the status
quo, within the bargainers' reservation levels. We report

- whether that set has an interior (some package leaves every bargainer strictly better off),
- its extent on each issue: the lowest and highest position any acceptable package
  takes there (two linear programmes per issue, ``scipy.optimize.linprog``),
- the package maximising the Nash product (:func:`nash.nash_solution`).

With side-payments switched on, the scenario's channels (e.g. business deals the US
can offer Russia) let a bargainer who gains a lot compensate one who loses; the
same computations run with the transfers as extra variables, which is how the set widens.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from backchannel.model.nash import (GAIN_TOLERANCE, BargainingProblem, NashSolution, linear_system,
                                    max_min_gain, nash_solution, variable_bounds)
from backchannel.model.scenario import Scenario, ScenarioArrays, SidePayment
from backchannel.model.scoring import bargainers
from backchannel.model.utility import SCALE, issue_weights


@dataclass(frozen=True)
class PackageSearch:
    side_payments: bool
    bargainers: list[str]
    agreement: bool
    ranges: dict[str, tuple[float, float] | None]  # per issue; None when the set is empty
    best: NashSolution
    best_package: dict[str, float]
    transfers: list[dict]

    def to_dict(self) -> dict:
        return {
            "side_payments": self.side_payments,
            "bargainers": self.bargainers,
            "agreement": self.agreement,
            "ranges": {k: list(v) if v else None for k, v in self.ranges.items()},
            "best_package": self.best_package,
            "gains": dict(zip(self.bargainers, map(float, self.best.gains))),
            "nash_product": self.best.nash_product,
            "min_gain": self.best.min_gain if np.isfinite(self.best.min_gain) else None,
            "transfers": self.transfers,
        }


def reservation_bounds(arr: ScenarioArrays, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounds on each issue from the reservation levels of the actors in ``who``."""
    lower = np.zeros(arr.status_quo.shape)
    upper = np.full(arr.status_quo.shape, SCALE)
    for a in np.flatnonzero(who):
        for k, (p, r) in enumerate(zip(arr.position[a], arr.reservation[a])):
            if np.isnan(p) or np.isnan(r):
                continue
            if p >= r:
                lower[k] = max(lower[k], r)
            else:
                upper[k] = min(upper[k], r)
    return lower, upper


def bargaining_problem(scenario: Scenario, side_payments: bool = False
                       ) -> tuple[BargainingProblem, np.ndarray, list[SidePayment]]:
    """The scenario's bargainers, their utilities, bounds and (optionally) the channels between them."""
    arr = scenario.arrays()
    who = bargainers(arr.veto)
    index = {a: n for n, a in enumerate(np.array(scenario.actor_ids)[who])}
    channels = [s for s in scenario.side_payments if s.payer in index and s.payee in index] if side_payments else []
    transfer = np.zeros((len(channels), len(index)))
    for c, channel in enumerate(channels):
        transfer[c, index[channel.payer]] -= 1.0
        transfer[c, index[channel.payee]] += channel.efficiency
    lower, upper = reservation_bounds(arr, who)
    caps = arr.capability[who]
    problem = BargainingProblem(
        position=arr.position[who], weights=issue_weights(arr.salience, arr.position)[who],
        power=caps / caps.sum(), status_quo=arr.status_quo, lower=lower, upper=upper,
        transfer=transfer, capacity=np.array([c.capacity for c in channels], dtype=float),
    )
    return problem, who, channels


def acceptable_ranges(problem: BargainingProblem) -> np.ndarray | None:
    """(K, 2) lowest and highest position on each issue over the acceptable set; None if it is empty."""
    z, _ = max_min_gain(problem)
    if not z > GAIN_TOLERANCE:
        return None
    a_abs, b_abs, g_rows, h = linear_system(problem)
    a_ub, b_ub = np.vstack([a_abs, g_rows]), np.concatenate([b_abs, h])
    bounds = variable_bounds(problem)
    n_k = problem.shape[1]
    out = np.zeros((n_k, 2))
    for k in range(n_k):
        for side, sign in ((0, 1.0), (1, -1.0)):
            cost = np.zeros(a_ub.shape[1])
            cost[k] = sign
            res = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            out[k, side] = res.x[k]
    return out


def search_packages(scenario: Scenario, side_payments: bool = False) -> PackageSearch:
    """The acceptable set and the Nash-best package, with or without side-payments."""
    problem, who, channels = bargaining_problem(scenario, side_payments)
    best = nash_solution(problem)
    ranges = acceptable_ranges(problem)
    issues = scenario.issue_ids
    transfers = [{"payer": c.payer, "payee": c.payee, "label": c.label, "amount": float(a)}
                 for c, a in zip(channels, best.transfers) if a > 1e-6]
    return PackageSearch(
        side_payments=side_payments,
        bargainers=[a for a, w in zip(scenario.actor_ids, who) if w],
        agreement=best.agreement,
        ranges={k: (None if ranges is None else (float(ranges[n, 0]), float(ranges[n, 1])))
                for n, k in enumerate(issues)},
        best=best,
        best_package=dict(zip(issues, map(float, best.package))),
        transfers=transfers,
    )
