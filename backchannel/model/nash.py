"""The Nash bargaining solution with the status quo as the disagreement point.

Nash (1950), asymmetric form (Kalai 1977): among the packages x that every
bargainer prefers to the status quo d, choose the one maximising

    N(x) = prod_i (u_i(x) - u_i(d)) ^ c_i ,   c_i = capability share,

with u_i the linear-loss utility of :mod:`backchannel.model.utility`. If no
package leaves every bargainer strictly better off, the solution is the status
quo itself: nobody agrees to anything.

Optional side-payments (Harsanyi's transferable utility): a channel lets one
bargainer give up ``a`` units of its own utility so that another gains
``efficiency * a``; the transfers are chosen together with the package.

Computation: |x_k - p_ik| is linearised with auxiliary variables t_ik >= +/-(x_k - p_ik),
so "everyone gains at least z" is a linear programme (``scipy.optimize.linprog``,
HiGHS). Its optimum z* tells whether the acceptable set has an interior and
gives a feasible starting point; the concave objective sum_i c_i log g_i is then
maximised with SLSQP (``scipy.optimize.minimize``) under the same linear constraints.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import LinearConstraint, linprog, minimize

from backchannel.model.utility import SCALE, utility

# A bargainer "prefers" a package when it gains more than this (utility units, 0-1 scale).
GAIN_TOLERANCE = 1e-7


@dataclass(frozen=True)
class BargainingProblem:
    """Bargainers' preferences, the status quo, bounds on each issue and side-payment channels."""

    position: np.ndarray  # (A, K) ideal points; NaN where no stance (weight 0)
    weights: np.ndarray  # (A, K) issue weights, rows sum to 1
    power: np.ndarray  # (A,) Nash exponents, summing to 1
    status_quo: np.ndarray  # (K,)
    lower: np.ndarray  # (K,) bounds on the package (reservations of veto holders)
    upper: np.ndarray  # (K,)
    transfer: np.ndarray  # (C, A) utility change per unit of channel c for each bargainer
    capacity: np.ndarray  # (C,)

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.position.shape[0], self.position.shape[1], self.transfer.shape[0]

    def gains(self, package: np.ndarray, amounts: np.ndarray | None = None) -> np.ndarray:
        """u_i(x) - u_i(d) plus transfers received, for every bargainer."""
        g = utility(package, self.position, self.weights) - utility(self.status_quo, self.position, self.weights)
        if amounts is not None and len(amounts):
            g = g + amounts @ self.transfer
        return g


@dataclass(frozen=True)
class NashSolution:
    agreement: bool  # some package leaves every bargainer strictly better off
    package: np.ndarray  # (K,) the solution (the status quo when there is no agreement)
    gains: np.ndarray  # (A,)
    transfers: np.ndarray  # (C,) amounts sent through each channel
    nash_product: float  # prod g_i^c_i (0 without agreement)
    min_gain: float  # the largest gain every bargainer can be guaranteed at once (LP optimum)


def linear_system(problem: BargainingProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows of A v <= b over v = [x (K), t (A*K), a (C)] plus each bargainer's gain row.

    Returns (A_abs, b_abs, G, h): |x - p| linearisation, and gain_i(v) = h_i - G_i v.
    """
    n_a, n_k, n_c = problem.shape
    n_v = n_k + n_a * n_k + n_c
    ideal = np.where(np.isnan(problem.position), 0.0, problem.position)
    rows, rhs = [], []
    for i in range(n_a):
        for k in range(n_k):
            t_col = n_k + i * n_k + k
            up = np.zeros(n_v)
            up[k], up[t_col] = 1.0, -1.0  # x_k - t_ik <= p_ik
            down = np.zeros(n_v)
            down[k], down[t_col] = -1.0, -1.0  # -x_k - t_ik <= -p_ik
            rows += [up, down]
            rhs += [ideal[i, k], -ideal[i, k]]
    u_sq = utility(problem.status_quo, problem.position, problem.weights)
    gain_rows = np.zeros((n_a, n_v))
    for i in range(n_a):
        gain_rows[i, n_k + i * n_k: n_k + (i + 1) * n_k] = problem.weights[i] / SCALE
        gain_rows[i, n_k + n_a * n_k:] = -problem.transfer[:, i]
    return np.array(rows).reshape(-1, n_v), np.array(rhs), gain_rows, 1.0 - u_sq


def variable_bounds(problem: BargainingProblem) -> list[tuple[float | None, float | None]]:
    n_a, n_k, _ = problem.shape
    bounds: list[tuple[float | None, float | None]] = [(float(lo), float(hi))
                                                      for lo, hi in zip(problem.lower, problem.upper)]
    return bounds + [(0.0, None)] * (n_a * n_k) + [(0.0, float(c)) for c in problem.capacity]


def max_min_gain(problem: BargainingProblem) -> tuple[float, np.ndarray]:
    """The largest z such that some package gives every bargainer a gain of at least z.

    Returns (z, v) with v = [x, t, a]; z = -inf when the bounds themselves conflict.
    """
    if np.any(problem.lower > problem.upper):
        return -np.inf, np.array([])
    a_abs, b_abs, g_rows, h = linear_system(problem)
    n_v = a_abs.shape[1]
    # variables [v, z]; maximise z  <=>  minimise -z;  z + G v <= h
    a_ub = np.vstack([np.hstack([a_abs, np.zeros((len(a_abs), 1))]), np.hstack([g_rows, np.ones((len(h), 1))])])
    b_ub = np.concatenate([b_abs, h])
    cost = np.zeros(n_v + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=variable_bounds(problem) + [(None, None)], method="highs")
    if not res.success:
        return -np.inf, np.array([])
    return float(res.x[-1]), res.x[:-1]


def nash_solution(problem: BargainingProblem) -> NashSolution:
    """Maximise the weighted Nash product over packages (and transfers) every bargainer prefers."""
    n_a, n_k, n_c = problem.shape
    z, v0 = max_min_gain(problem)
    if not z > GAIN_TOLERANCE:
        return NashSolution(False, problem.status_quo.astype(float), np.zeros(n_a), np.zeros(n_c), 0.0, z)
    a_abs, b_abs, g_rows, h = linear_system(problem)
    n_v = a_abs.shape[1]
    # variables [v, g]: |x-p| rows, and g_i + G_i v <= h_i (g_i is at most the real gain)
    matrix = np.vstack([np.hstack([a_abs, np.zeros((len(a_abs), n_a))]), np.hstack([g_rows, np.eye(n_a)])])
    upper = np.concatenate([b_abs, h])
    constraint = LinearConstraint(matrix, -np.inf, upper)
    g0 = h - g_rows @ v0
    start = np.concatenate([v0, g0])
    floor = GAIN_TOLERANCE / 10
    bounds = variable_bounds(problem) + [(floor, None)] * n_a
    power = problem.power

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        g = np.maximum(w[n_v:], floor)
        grad = np.zeros_like(w)
        grad[n_v:] = -power / g
        return float(-(power * np.log(g)).sum()), grad

    res = minimize(objective, start, jac=True, method="SLSQP", bounds=bounds, constraints=[constraint],
                   options={"maxiter": 500, "ftol": 1e-12})
    best = res.x if res.success and objective(res.x)[0] <= objective(start)[0] else start
    package = best[:n_k]
    amounts = best[n_v - n_c:n_v] if n_c else np.zeros(0)
    gains = problem.gains(package, amounts)
    product = float(np.exp((power * np.log(np.maximum(gains, floor))).sum()))
    return NashSolution(True, package, gains, amounts, product, z)


def nash_forecast(position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                  status_quo: np.ndarray) -> np.ndarray:
    """One-issue Nash solution for each row (issue) of a data set such as DEU.

    ``position``/``salience`` are (N, A) with NaN for absent actors, ``capability`` (A,),
    ``status_quo`` (N,). Bargainers are the actors with a position and positive salience
    (salience drops out of a one-issue Nash product: it scales a bargainer's gain by a
    constant). Rows without a status quo give NaN.
    """
    out = np.full(len(position), np.nan)
    for n, (pos, sal, sq) in enumerate(zip(position, salience, status_quo)):
        present = ~np.isnan(pos) & (np.nan_to_num(sal) > 0)
        if np.isnan(sq) or not present.any():
            continue
        power = capability[present] / capability[present].sum()
        problem = BargainingProblem(pos[present, None], np.ones((present.sum(), 1)), power, np.array([sq]),
                                    np.array([0.0]), np.array([SCALE]), np.zeros((0, present.sum())), np.zeros(0))
        out[n] = nash_solution(problem).package[0]
    return out
