"""Actors' utility over packages of issue positions.

Each actor values a package x (one position per issue) by its salience-weighted
distance from its own positions (linear loss, as in the spatial models of
Thomson et al. 2006):

    u_i(x) = 1 - sum_k w_ik |x_k - p_ik| / 100,   w_ik = s_ik / sum_k s_ik

so u_i runs from 0 (every issue at the far end of the scale) to 1 (everything
the actor wants). Normalising salience per actor makes one actor's gain
comparable with another's, which the Nash product and side-payments need.
Issues an actor takes no stance on carry no weight for it.
"""
from __future__ import annotations

import numpy as np

SCALE = 100.0


def issue_weights(salience: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Per-actor weights w_ik (rows sum to 1; all zero for an actor with no salient stance)."""
    sal = np.where(np.isnan(position), 0.0, np.asarray(salience, dtype=float))
    total = sal.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, sal / total, 0.0)


def utility(package: np.ndarray, position: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """u_i(x) for every actor i; ``package`` is (K,) or (N, K), the result (A,) or (N, A)."""
    x = np.asarray(package, dtype=float)
    ideal = np.where(np.isnan(position), 0.0, position)
    distance = np.abs(x[..., None, :] - ideal)  # (..., A, K)
    return 1.0 - (weights * distance).sum(axis=-1) / SCALE
