"""Score every forecasting model against decisions whose outcome is known.

On DEU each model forecasts each scoreable issue; the error is the absolute
difference from the recorded outcome on the 0-100 scale. The table reports the
mean absolute error, its standard error (sd / sqrt(n)), and the exact-hit rate
(forecast within ``HIT_TOLERANCE`` points of the outcome). Models that need the
reference point (the Nash solution, the reference point itself) are scored on the
issues that have one, and the table says how many.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from backchannel.model.compromise import compromise
from backchannel.model.datasets import Case, IssueSet
from backchannel.model.expected_utility import DEFAULT_ROUNDS, EUResult, expected_utility_model
from backchannel.model.nash import nash_forecast
from backchannel.model.weighted_median import weighted_median

HIT_TOLERANCE = 0.5

# Published figures for the 1994 car-emissions case (Bueno de Mesquita & Stokman 1994;
# Scholz, Calbert & Smith 2011, Table 1): see ../shared/data/README.md.
BDM_PUBLISHED_FORECAST = 9.05
BDM_ACTUAL_OUTCOME = 8.83


@dataclass(frozen=True)
class ModelScore:
    model: str
    issues: int
    mae: float
    se: float
    exact_hits: float  # share of issues forecast within HIT_TOLERANCE

    def to_dict(self) -> dict:
        return asdict(self)


def score(name: str, forecast: np.ndarray, outcome: np.ndarray) -> ModelScore:
    """Error statistics over the issues where the model gives a forecast."""
    ok = ~np.isnan(forecast) & ~np.isnan(outcome)
    err = np.abs(forecast[ok] - outcome[ok])
    n = int(ok.sum())
    se = float(err.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return ModelScore(name, n, float(err.mean()) if n else float("nan"), se,
                      float((err <= HIT_TOLERANCE).mean()) if n else float("nan"))


def deu_forecasts(data: IssueSet, rounds: int = DEFAULT_ROUNDS) -> dict[str, np.ndarray]:
    """Every model's forecast for every issue of the set (NaN where a model cannot forecast)."""
    weight = np.where(np.isnan(data.position), 0.0, data.salience) * data.capability
    eu = np.array([
        expected_utility_model(pos, data.capability, np.nan_to_num(sal) / 100.0, rounds=rounds).forecast
        for pos, sal in zip(data.position, data.salience)
    ])
    return {
        "reference point": data.status_quo,
        "compromise (weighted mean)": compromise(data.position, weight),
        "weighted median": weighted_median(data.position, weight),
        "Nash bargaining (status quo)": nash_forecast(data.position, data.salience, data.capability,
                                                      data.status_quo),
        "expected utility (BDM/Scholz)": eu,
    }


def validate_deu(data: IssueSet, rounds: int = DEFAULT_ROUNDS) -> list[ModelScore]:
    """The validation table: one row per model."""
    return [score(name, f, data.outcome) for name, f in deu_forecasts(data, rounds).items()]


def validate_case(case: Case, rounds: int = DEFAULT_ROUNDS) -> dict:
    """The 1994 comparison: our models beside the published forecast and the actual outcome.

    Besides the default run it reports the paths of two readings the published
    descriptions leave open (win probabilities pooled over all pairs; the sender,
    not the receiver, judging each dyad), so a reader can see what they change.
    """
    weight = case.capability * case.salience

    def run(pooled: bool = False, perceiver: str = "receiver") -> EUResult:
        return expected_utility_model(case.position, case.capability, case.salience, rounds=rounds,
                                      pooled=pooled, perceiver=perceiver)

    eu, pooled, sender = run(), run(pooled=True), run(perceiver="sender")
    return {
        "compromise": float(compromise(case.position, weight)),
        "weighted_median": float(weighted_median(case.position, weight)),
        "expected_utility": eu.forecast,
        "expected_utility_stopped": eu.stopped,
        "expected_utility_path": [r.median for r in eu.path],
        "expected_utility_mean_path": [r.mean for r in eu.path],
        "expected_utility_value_path": [r.value for r in eu.path],
        "expected_utility_pooled_path": [r.median for r in pooled.path],
        "expected_utility_pooled_stopped": pooled.stopped,
        "expected_utility_sender_path": [r.median for r in sender.path],
        "expected_utility_sender_stopped": sender.stopped,
        "published_bdm": BDM_PUBLISHED_FORECAST,
        "actual": BDM_ACTUAL_OUTCOME,
    }
