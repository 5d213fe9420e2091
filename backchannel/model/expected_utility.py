"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert & Smith (2011).

One issue at a time; positions x_i, capabilities c_i, saliences s_i in [0, 1];
distances are divided by the span of the initial positions. Each round:

1. Forecast mu = the weighted median of the current positions with weights c_i s_i
   (the Condorcet winner of pairwise votes, see :mod:`weighted_median`).
2. Probability that i beats j: the share of votes v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)
   that favour i:  P_ij = sum_k max(v_k, 0) / sum_k |v_k|.
3. Utilities of i towards j with risk exponent r (d_ij = |x_i - x_j| / span):
       U_s = 2 - 4 (0.5 - 0.5 d_ij)^r          success
       U_f = 2 - 4 (0.5 + 0.5 d_ij)^r          failure
       U_b = 2 - 4 (0.5 - 0.25 (|x_i - mu|/span + d_ij))^r   things get better anyway
       U_w = 2 - 4 (0.5 + 0.25 (|x_i - mu|/span + d_ij))^r   things get worse anyway
       U_sq = 2 - 4 (0.5)^r                    status quo
4. Expected utility of i challenging j (j resists with probability s_j):
       EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)
5. Risk: computed with r = 1, an actor's exposure is the sum of the others' EU of
   challenging it, E_i = sum_j EU_ji; R_i = (2 E_i - max E - min E) / (max E - min E),
   r_i = (1 - R_i/3) / (1 + R_i/3), in [0.5, 2]. Step 4 is then redone with r_i.
6. Offers, from the challenger i's point of view (i evaluates both sides with its own r_i):
   with a = EU_ij and b = i's estimate of EU_ji,
       a > 0, b > 0, a > b      conflict i expects to win: j is asked to move to x_i;
       a > 0 > b, a > |b|       compromise: j is asked to move to x_j + (x_i - x_j)|b/a|;
       a > 0 > b, a < |b|       capitulation: j is asked to move to x_i.
7. Each actor accepts, among the offers it received, the one that moves it least.
   All moves happen at once; the round's forecast is the new weighted median.

The model stops when no one moves or after ``rounds`` rounds. Q = 1 (the
challenger expects the status quo to hold if it does not act, which drops U_b
and U_w) and T = 1 are the defaults of the published replications.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backchannel.model.compromise import compromise
from backchannel.model.weighted_median import weighted_median

DEFAULT_ROUNDS = 10


@dataclass(frozen=True)
class Round:
    positions: np.ndarray
    median: float
    mean: float
    risk: np.ndarray


@dataclass(frozen=True)
class EUResult:
    forecast: float  # the weighted median after the last round
    path: list[Round] = field(default_factory=list)  # round 0 = the initial positions


def win_probability(x: np.ndarray, weight: np.ndarray, pooled: bool = False) -> np.ndarray:
    """P[i, j]: share of the weighted votes that prefer x_i to x_j (0 where x_i == x_j).

    ``pooled`` divides by the votes cast in all pairs instead of this pair's, the
    reading of Scholz et al.'s code that some replications report; it makes P tiny.
    """
    dist = np.abs(x[:, None] - x[None, :])  # dist[k, m] = |x_k - x_m|
    votes = weight[None, None, :] * (dist.T[None, :, :] - dist.T[:, None, :])  # [i, j, k]
    total = np.abs(votes).sum(axis=-1)
    if pooled:
        total = np.full_like(total, total.sum())
    favour = np.clip(votes, 0, None).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, favour / total, 0.0)


def challenge_utility(x: np.ndarray, salience: np.ndarray, prob: np.ndarray, span: float, median: float,
                      exponent: np.ndarray, q: float = 1.0, t: float = 1.0) -> np.ndarray:
    """EU[i, j] of i challenging j, with risk exponent ``exponent[i, j]`` (diagonal 0)."""
    d = np.abs(x[:, None] - x[None, :]) / span
    to_median = (np.abs(x - median) / span)[:, None]

    def u(base: np.ndarray) -> np.ndarray:
        return 2.0 - 4.0 * np.clip(base, 0.0, None) ** exponent

    u_s, u_f = u(0.5 - 0.5 * d), u(0.5 + 0.5 * d)
    u_b, u_w = u(0.5 - 0.25 * (to_median + d)), u(0.5 + 0.25 * (to_median + d))
    u_sq = u(np.full_like(d, 0.5))
    resist = salience[None, :]
    eu = resist * (prob * u_s + (1 - prob) * u_f) + (1 - resist) * u_s
    eu = eu - q * u_sq - (1 - q) * (t * u_b + (1 - t) * u_w)
    np.fill_diagonal(eu, 0.0)
    return eu


def risk_exponent(eu_at_risk_one: np.ndarray) -> np.ndarray:
    """r_i from how attractive a target each actor is (step 5 of the module docstring)."""
    exposure = eu_at_risk_one.sum(axis=0)  # sum over challengers j of EU[j, i]
    hi, lo = exposure.max(), exposure.min()
    if np.isclose(hi, lo):
        return np.ones_like(exposure)
    big_r = (2 * exposure - hi - lo) / (hi - lo)
    return (1 - big_r / 3) / (1 + big_r / 3)


def offers(x: np.ndarray, own: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """offer[i, j]: the position i asks j to take (NaN: no offer). Step 6."""
    a = own  # a[i, j] = EU_ij as i sees it
    b = estimate.T  # b[i, j] = i's estimate of EU_ji
    xi, xj = np.broadcast_to(x[:, None], a.shape), np.broadcast_to(x[None, :], a.shape)
    conflict = (a > 0) & (b > 0) & (a > b)
    compromise_ = (a > 0) & (b < 0) & (a > -b)
    capitulate = (a > 0) & (b < 0) & (a < -b)
    with np.errstate(invalid="ignore", divide="ignore"):
        compromise_pos = xj + (xi - xj) * np.abs(b / a)
    out = np.full_like(a, np.nan)
    out[conflict | capitulate] = xi[conflict | capitulate]
    out[compromise_] = compromise_pos[compromise_]
    np.fill_diagonal(out, np.nan)
    return out


def expected_utility_model(position: np.ndarray, capability: np.ndarray, salience: np.ndarray,
                           rounds: int = DEFAULT_ROUNDS, q: float = 1.0, t: float = 1.0,
                           pooled: bool = False) -> EUResult:
    """Run the model on one issue; actors with NaN position are left out. Salience in [0, 1]."""
    position = np.asarray(position, dtype=float)
    keep = ~np.isnan(position)
    x = position[keep].copy()
    c = np.asarray(capability, dtype=float)[keep]
    s = np.asarray(salience, dtype=float)[keep]
    weight = c * s
    span = float(x.max() - x.min()) if len(x) else 0.0

    def record(r: np.ndarray) -> Round:
        return Round(x.copy(), float(weighted_median(x, weight)), float(compromise(x, weight)), r)

    path = [record(np.ones_like(x))]
    if len(x) < 2 or span == 0 or weight.sum() == 0:
        return EUResult(path[0].median, path)
    for _ in range(rounds):
        mu = float(weighted_median(x, weight))
        prob = win_probability(x, weight, pooled)
        ones = np.ones((len(x), len(x)))
        r = risk_exponent(challenge_utility(x, s, prob, span, mu, ones, q, t))
        own = challenge_utility(x, s, prob, span, mu, np.broadcast_to(r[:, None], ones.shape), q, t)
        # estimate[j, i]: i's view of EU_ji, computed with i's exponent r_i
        estimate = challenge_utility(x, s, prob, span, mu, np.broadcast_to(r[None, :], ones.shape), q, t)
        offered = offers(x, own, estimate)  # [sender, receiver]
        move = np.abs(offered - x[None, :])
        has_offer = ~np.all(np.isnan(move), axis=0)
        if not has_offer.any():
            break
        best_sender = np.nanargmin(np.where(np.isnan(move), np.inf, move), axis=0)
        new_x = np.where(has_offer, offered[best_sender, np.arange(len(x))], x)
        if np.allclose(new_x, x, rtol=0, atol=1e-9 * span):
            break
        x = new_x
        path.append(record(r))
    return EUResult(path[-1].median, path)
