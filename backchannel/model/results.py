"""Run every model on a scenario and gather the results in one JSON-ready structure.

This is what ``backchannel model run``, the web app's chart and the exports read:
per issue, each model's forecast (and the expected-utility model's path, round by
round); per proposal, each actor's score; and the package search with and
without side-payments.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backchannel.model.compromise import compromise
from backchannel.model.expected_utility import DEFAULT_ROUNDS, EUResult, expected_utility_model
from backchannel.model.packages import PackageSearch, search_packages
from backchannel.model.scenario import Scenario
from backchannel.model.scoring import ProposalScore, score_proposals
from backchannel.model.weighted_median import weighted_median

MODELS = ("compromise", "weighted_median", "nash", "expected_utility")
MODEL_LABELS = {
    "compromise": "Compromise (weighted mean)",
    "weighted_median": "Weighted median",
    "nash": "Nash bargaining (status quo)",
    "expected_utility": "Expected utility (BDM/Scholz)",
}


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    forecasts: dict[str, dict[str, float]]  # model -> issue -> position
    eu_paths: dict[str, EUResult]
    proposals: list[ProposalScore]
    packages: PackageSearch
    packages_with_side_payments: PackageSearch

    def to_dict(self) -> dict:
        """Plain JSON types only: the web and export layers serialise this as is."""
        return {
            "scenario": self.scenario.to_dict(),
            "models": {m: MODEL_LABELS[m] for m in MODELS},
            "forecasts": self.forecasts,
            "expected_utility_path": {
                issue: [{"round": n, "median": r.median, "mean": r.mean,
                         "positions": dict(zip(_present(self.scenario, issue), map(float, r.positions)))}
                        for n, r in enumerate(result.path)]
                for issue, result in self.eu_paths.items()
            },
            "proposals": [p.to_dict() for p in self.proposals],
            "packages": self.packages.to_dict(),
            "packages_with_side_payments": self.packages_with_side_payments.to_dict(),
        }


def _present(scenario: Scenario, issue: str) -> list[str]:
    return [a for a in scenario.actor_ids if (a, issue) in scenario.stances]


def run_scenario(scenario: Scenario, rounds: int = DEFAULT_ROUNDS) -> ScenarioResult:
    """All four models, the proposal scores and the package search for one scenario."""
    arr = scenario.arrays()
    weight = arr.salience.T * arr.capability  # (K, A)
    issues = scenario.issue_ids
    eu = {issue: expected_utility_model(arr.position[:, k], arr.capability, arr.salience[:, k] / 100.0, rounds)
          for k, issue in enumerate(issues)}
    plain = search_packages(scenario, side_payments=False)
    forecasts = {
        "compromise": compromise(arr.position.T, weight),
        "weighted_median": weighted_median(arr.position.T, weight),
        "nash": plain.best.package,
        "expected_utility": np.array([eu[i].forecast for i in issues]),
    }
    return ScenarioResult(
        scenario=scenario,
        forecasts={m: {i: float(v) for i, v in zip(issues, values)} for m, values in forecasts.items()},
        eu_paths=eu,
        proposals=score_proposals(scenario),
        packages=plain,
        packages_with_side_payments=search_packages(scenario, side_payments=True),
    )
