"""The compromise model: the capability x salience weighted mean of positions.

    x* = sum_i c_i s_i x_i / sum_i c_i s_i

Van den Bos (1991); Achen (2006) in Thomson et al. (eds.), *The European Union
Decides*, ch. 4, derives it as the outcome of bargaining in which every actor
pulls the result towards its position in proportion to its power and interest.
It is the benchmark the other models have to beat on the DEU data.
"""
from __future__ import annotations

import numpy as np


def compromise(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mean per row; NaN positions (actors not involved) carry no weight.

    ``position`` and ``weight`` have shape (..., actors); ``weight`` is c*s.
    Rows whose weights sum to zero give NaN: no one cares, so there is no forecast.
    """
    position = np.asarray(position, dtype=float)
    weight = np.where(np.isnan(position), 0.0, np.asarray(weight, dtype=float))
    total = weight.sum(axis=-1)
    weighted = np.where(weight > 0, position, 0.0) * weight
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, weighted.sum(axis=-1) / total, np.nan)
