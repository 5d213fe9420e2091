"""The weighted median: the position no coalition holding a weighted majority wants to leave.

On one dimension with single-peaked preferences the position that beats every
other in pairwise votes weighted by capability x salience (the Condorcet winner,
Black 1948) is the weighted median: the smallest position at which the
cumulative weight of actors at or below it reaches half of the total.
Bueno de Mesquita's model uses it as the forecast of each round.
"""
from __future__ import annotations

import numpy as np

_HALF_TOLERANCE = 1e-12


def weighted_median(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Lower weighted median per row; NaN positions carry no weight.

    ``position`` and ``weight`` have shape (..., actors). Rows with no weight give NaN.
    """
    position = np.asarray(position, dtype=float)
    weight = np.where(np.isnan(position), 0.0, np.asarray(weight, dtype=float))
    order = np.argsort(np.where(np.isnan(position), np.inf, position), axis=-1, kind="stable")
    sorted_pos = np.take_along_axis(position, order, axis=-1)
    cumulative = np.cumsum(np.take_along_axis(weight, order, axis=-1), axis=-1)
    total = cumulative[..., -1:]
    reached = cumulative >= total * (0.5 - _HALF_TOLERANCE)
    first = np.argmax(reached & (total > 0), axis=-1)
    median = np.take_along_axis(sorted_pos, first[..., None], axis=-1)[..., 0]
    return np.where(total[..., 0] > 0, median, np.nan)
