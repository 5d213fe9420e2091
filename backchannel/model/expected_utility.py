"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert & Smith (2011).

One issue at a time; positions x_i, capabilities c_i, saliences s_i in [0, 1].
Distances are divided by the span of the initial positions (Scholz et al. put the
positions on [0, 1]; the span is fixed for the whole run). Each round:

1. Forecast mu = the weighted median of the current positions with weights c_i s_i
   (the Condorcet winner of pairwise votes, see :mod:`weighted_median`).
2. Probability that i beats j: every actor k votes v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)
   (capability x salience x its utility difference between the two positions);
   P_ij = sum_k max(v_k, 0) / sum_k |v_k|, so P_ij + P_ji = 1.
3. Utilities of i towards j with risk exponent r (d_ij = |x_i - x_j| / span):
       U_s = 2 - 4 (0.5 - 0.5 d_ij)^r          success
       U_f = 2 - 4 (0.5 + 0.5 d_ij)^r          failure
       U_b = 2 - 4 (0.5 - 0.25 (|x_i - mu|/span + d_ij))^r   things get better anyway
       U_w = 2 - 4 (0.5 + 0.25 (|x_i - mu|/span + d_ij))^r   things get worse anyway
       U_sq = 2 - 4 (0.5)^r                    status quo
4. Expected utility of i challenging j (j resists with probability s_j):
       EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)
5. Risk: computed with r = 1, an actor's exposure (the inverse of its security) is
   the sum of the others' EU of challenging it, E_i = sum_j EU_ji;
   R_i = (2 E_i - max E - min E) / (max E - min E) in [-1, 1] and
   r_i = (1 - R_i/3) / (1 + R_i/3) in [0.5, 2]. Steps 3-4 are then redone with r_i.
6. Offers. Each dyad is judged by one actor, the perceiver, with its own r for both
   sides (Scholz et al.: an actor sees the others through its own risk attitude).
   With a = EU_ij and b = EU_ji as the perceiver sees them:
       a > b > 0                conflict i wins: j is to move to x_i;
       a > 0 > b, a > |b|       compromise: j is to move to x_j + (x_i - x_j)|b/a|;
       a > 0 > b, a < |b|       capitulation: j is to move to x_i.
   The default perceiver is the receiver j (it decides whether it expects to lose);
   ``perceiver="sender"`` lets the challenger i judge instead.
7. Each actor accepts, among the offers it received, the one that moves it least.
   All moves happen at once; the round's forecast is the new weighted median.

Stopping (``stop``): ``"improve"`` (default) looks one round ahead, as the model's
actors do, and stops before a round that does not raise the expected utility of
the process: the c s weighted mean utility, 1 - |x_i - mu| / span, that the actors
get from the forecast at their current positions. ``"rounds"`` runs until no one
moves or ``rounds`` rounds have passed (both rules also stop there). Q = 1 (the
challenger expects the status quo to hold if it does not act, which drops U_b and
U_w) and T = 1 are the published defaults.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from backchannel.model.compromise import compromise
from backchannel.model.weighted_median import weighted_median

DEFAULT_ROUNDS = 10
PERCEIVERS = ("receiver", "sender")
STOP_RULES = ("improve", "rounds")


@dataclass(frozen=True)
class Round:
    positions: np.ndarray
    median: float
    mean: float
    risk: np.ndarray  # the r_i used to reach these positions (1 for round 0)
    value: float  # expected utility of the process at these positions (see process_value)


@dataclass(frozen=True)
class EUResult:
    forecast: float  # the weighted median after the last round
    path: list[Round] = field(default_factory=list)  # round 0 = the initial positions
    stopped: str = ""  # why the run ended: no disagreement, no moves, no improvement, round limit


def win_probability(x: np.ndarray, weight: np.ndarray, pooled: bool = False) -> np.ndarray:
    """P[i, j]: share of the weighted votes that prefer x_i to x_j (0 where x_i == x_j).

    ``pooled`` divides by the votes cast in all pairs instead of this pair's, what
    one replication reports Scholz et al.'s code does; it makes every P tiny.
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


def perceived_utilities(eu: Callable[[np.ndarray], np.ndarray], r: np.ndarray, perceiver: str = "receiver") -> tuple[np.ndarray, np.ndarray]:
    """(a, b) with a[i, j] = EU_ij and b[i, j] = EU_ji, both as the dyad's perceiver sees them.

    ``eu(exponent)`` computes the EU matrix for a matrix of exponents. The perceiver
    uses its own r for both sides: the receiver j (default) or the sender i.
    """
    if perceiver not in PERCEIVERS:
        raise ValueError(f"perceiver must be one of {PERCEIVERS}, got {perceiver!r}")
    rows = np.broadcast_to(r[:, None], (len(r), len(r)))  # rows[m, n] = r_m
    if perceiver == "receiver":
        return eu(rows.T), eu(rows).T  # a[i, j] with r_j; b[i, j] = EU_ji with r_j
    return eu(rows), eu(rows.T).T  # a[i, j] with r_i; b[i, j] = EU_ji with r_i


def offers(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """offer[i, j]: the position j is asked to take in the dyad with i (NaN: none). Step 6.

    ``a[i, j]`` = EU_ij and ``b[i, j]`` = EU_ji, as the dyad's perceiver sees them.
    """
    xi, xj = np.broadcast_to(x[:, None], a.shape), np.broadcast_to(x[None, :], a.shape)
    conflict = (a > 0) & (b > 0) & (a > b)
    compromise_ = (a > 0) & (b < 0) & (a > -b)
    capitulate = (a > 0) & (b < 0) & (a < -b)
    with np.errstate(invalid="ignore", divide="ignore"):
        compromise_pos = xj + (xi - xj) * np.abs(b / a)
    out = np.full_like(a, np.nan)
    out[conflict | capitulate] = xi[conflict | capitulate]
    out[compromise_] = compromise_pos[compromise_]
    out[xi == xj] = np.nan  # no contest between actors at the same position
    return out


def process_value(x: np.ndarray, weight: np.ndarray, span: float) -> float:
    """Expected utility of the process: the weighted mean of 1 - |x_i - mu| / span at the forecast mu."""
    mu = weighted_median(x, weight)
    return float(np.sum(weight * (1.0 - np.abs(x - mu) / span)) / weight.sum())


def accept_offers(x: np.ndarray, offered: np.ndarray) -> np.ndarray:
    """Each actor takes the offer that moves it least (step 7); actors without an offer stay."""
    move = np.where(np.isnan(offered), np.inf, np.abs(offered - x[None, :]))
    has_offer = np.isfinite(move).any(axis=0)
    best_sender = np.argmin(move, axis=0)
    return np.where(has_offer, offered[best_sender, np.arange(len(x))], x)


def expected_utility_model(position: np.ndarray, capability: np.ndarray, salience: np.ndarray,
                           rounds: int = DEFAULT_ROUNDS, q: float = 1.0, t: float = 1.0,
                           pooled: bool = False, perceiver: str = "receiver",
                           stop: str = "improve") -> EUResult:
    """Run the model on one issue; actors with NaN position are left out. Salience in [0, 1]."""
    if stop not in STOP_RULES:
        raise ValueError(f"stop must be one of {STOP_RULES}, got {stop!r}")
    position = np.asarray(position, dtype=float)
    keep = ~np.isnan(position)
    x = position[keep].copy()
    c = np.asarray(capability, dtype=float)[keep]
    s = np.asarray(salience, dtype=float)[keep]
    weight = c * s
    span = float(x.max() - x.min()) if len(x) else 0.0

    def record(pos: np.ndarray, r: np.ndarray) -> Round:
        return Round(pos.copy(), float(weighted_median(pos, weight)), float(compromise(pos, weight)), r,
                     process_value(pos, weight, span))

    if len(x) < 2 or span == 0 or weight.sum() == 0:
        return EUResult(float(weighted_median(x, weight)) if len(x) else float("nan"),
                        [Round(x.copy(), float(weighted_median(x, weight)) if len(x) else float("nan"),
                               float("nan"), np.ones_like(x), 1.0)], "no disagreement")
    path = [record(x, np.ones_like(x))]
    stopped = "round limit"
    for _ in range(rounds):
        mu = float(weighted_median(x, weight))
        prob = win_probability(x, weight, pooled)

        def eu(exponent: np.ndarray) -> np.ndarray:
            return challenge_utility(x, s, prob, span, mu, exponent, q, t)

        r = risk_exponent(eu(np.ones((len(x), len(x)))))
        new_x = accept_offers(x, offers(x, *perceived_utilities(eu, r, perceiver)))
        if np.allclose(new_x, x, rtol=0, atol=1e-9 * span):
            stopped = "no moves"
            break
        candidate = record(new_x, r)
        if stop == "improve" and candidate.value <= path[-1].value + 1e-12:
            stopped = "no improvement"
            break
        x = new_x
        path.append(candidate)
    return EUResult(path[-1].median, path, stopped)
