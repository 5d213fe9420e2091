"""Scenario files, proposal scores and package search, on small scenarios computed by hand."""
from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import yaml

from backchannel.model.packages import search_packages
from backchannel.model.results import MODELS, run_scenario
from backchannel.model.scenario import ScenarioError, load_scenario, parse_scenario
from backchannel.model.scoring import score_proposals

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
UKRAINE = Path(str(resources.files("backchannel").joinpath("data/scenarios/ukraine-2025.yaml")))

# Two actors, two issues. A: positions (100, 50), saliences (60, 20) -> weights (0.75, 0.25).
# B: positions (0, 50), salience (40, 40) -> weights (0.5, 0.5), reservation 30 on issue x.
# Status quo (20, 50). Only B holds a veto, so only B is a bargainer.
SMALL = {
    "name": "small",
    "issues": {
        "x": {"name": "X", "low": "none", "high": "all", "status_quo": 20},
        "y": {"name": "Y", "low": "none", "high": "all",
              "status_quo": {"value": 50, "evidence": [{"source": "a.txt", "claim": "c"}]}},
    },
    "actors": {
        "a": {"capability": 3, "stances": {"x": {"position": 100, "salience": 60},
                                           "y": {"position": 50, "salience": 20}}},
        "b": {"capability": 1, "stances": {"x": {"position": 0, "salience": 40, "reservation": 30, "veto": True},
                                           "y": {"position": 50, "salience": 40}}},
    },
    "proposals": {
        "p1": {"name": "P1", "positions": {"x": 40}},
        "p2": {"name": "P2", "proposer": "b", "positions": {"x": 10, "y": 60}},
    },
}


def test_arrays_put_silent_proposal_issues_at_the_status_quo():
    arr = parse_scenario(SMALL).arrays()
    assert arr.proposals.tolist() == [[40.0, 50.0], [10.0, 60.0]]  # P1 says nothing on y -> 50
    assert arr.status_quo.tolist() == [20.0, 50.0]
    assert arr.veto.tolist() == [[False, False], [True, False]]
    assert np.isnan(arr.reservation[0, 0]) and arr.reservation[1, 0] == 30.0


@pytest.mark.parametrize("path, value, message", [
    (("actors", "a", "stances", "x", "position"), 120, "outside the 0-100 scale"),
    (("actors", "a", "stances", "x", "salience"), "high", "expected a number"),
    (("proposals", "p1", "positions"), {"z": 5}, "unknown issue"),
    (("issues", "x", "low"), "", "label the low end"),
    (("proposals", "p2", "proposer"), "nobody", "is not an actor"),
])
def test_bad_scenarios_are_refused_with_the_field_named(path, value, message):
    raw = copy.deepcopy(SMALL)
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ScenarioError) as err:
        parse_scenario(raw)
    assert message in str(err.value) and err.value.code == "BC030"


def test_proposal_scores_by_hand():
    # u_sq: A = 1 - (0.75*80 + 0)/100 = 0.40;  B = 1 - (0.5*20 + 0)/100 = 0.90
    # P1 (40, 50): A = 1 - 0.75*60/100 = 0.55 (gain +0.15); B = 1 - 0.5*40/100 = 0.80 (gain -0.10),
    #   and 40 is beyond B's reservation 30 -> B refuses, failing on x.
    # P2 (10, 60): A = 1 - (0.75*90 + 0.25*10)/100 = 0.30 (gain -0.10), losing on x (90 vs 80 away);
    #   B = 1 - (0.5*10 + 0.5*10)/100 = 0.90 (gain 0), so B does not prefer it either.
    p1, p2 = score_proposals(parse_scenario(SMALL))
    a1, b1 = p1.actors
    assert a1.gain == pytest.approx(0.15) and a1.accepts
    assert b1.gain == pytest.approx(-0.10) and not b1.accepts
    assert b1.breached_issues == ["x"] and not b1.clears_reservation
    assert p1.nash_product == 0.0 and not p1.accepted_by_all_bargainers
    a2, b2 = p2.actors
    assert a2.gain == pytest.approx(-0.10) and a2.losing_issues == ["x", "y"]
    assert b2.gain == pytest.approx(0.0, abs=1e-12) and not b2.accepts


def test_nash_product_across_bargainers_by_hand():
    # make both bargainers (A gets a veto on y); proposal (25, 50):
    # A: 1 - 0.75*75/100 = 0.4375, gain 0.0375; B: 1 - 0.5*25/100 = 0.875, gain -0.025 -> product 0
    # proposal (20, 50) is the status quo itself: gains 0 -> product 0
    raw = copy.deepcopy(SMALL)
    raw["actors"]["a"]["stances"]["y"]["veto"] = True
    raw["proposals"] = {"p": {"name": "P", "positions": {"x": 25}}}
    (p,) = score_proposals(parse_scenario(raw))
    assert [s.gain for s in p.actors] == pytest.approx([0.0375, -0.025])
    assert p.nash_product == 0.0


# Logroll: A wants (100, 0) with saliences (80, 20); B wants (0, 100) with (20, 80); both hold vetoes.
LOGROLL = {
    "issues": {k: {"low": "0", "high": "100", "status_quo": 0} for k in ("x", "y")},
    "actors": {
        "a": {"capability": 1, "stances": {"x": {"position": 100, "salience": 80, "veto": True},
                                           "y": {"position": 0, "salience": 20}}},
        "b": {"capability": 1, "stances": {"x": {"position": 0, "salience": 20},
                                           "y": {"position": 100, "salience": 80, "veto": True}}},
    },
}


def test_package_search_finds_the_logroll_and_its_ranges():
    # gain_A = (0.8x - 0.2y)/100 >= 0 and gain_B = (0.8y - 0.2x)/100 >= 0: y/4 <= x and x/4 <= y.
    # Over [0,100]^2 each issue still spans 0-100 (e.g. x = 0 needs y = 0). The Nash-best package is
    # (100, 100) with gains 0.6 each (see test_model_formulas).
    search = search_packages(parse_scenario(LOGROLL))
    assert search.agreement and search.bargainers == ["a", "b"]
    assert search.best_package == pytest.approx({"x": 100.0, "y": 100.0}, abs=1e-3)
    assert search.ranges["x"] == pytest.approx((0.0, 100.0), abs=1e-6)


def test_reservations_of_veto_players_bound_the_packages():
    # B (veto on x) accepts x only up to 40. Then gain_A >= 0 needs 0.8x >= 0.2y, i.e. y <= 4x <= 160,
    # always true; gain_B >= 0 needs y >= x/4. The range of x is 0-40.
    # Nash at x = 40: gA = (32 - 0.2y)/100, gB = (0.8y - 8)/100; d/dy of log gA + log gB = 0 gives
    # 0.8 gA = 0.2 gB, i.e. 0.8y - 8 = 4(32 - 0.2y), y = 85 (and at (40, 85) the x-slope
    # 0.8/0.15 - 0.2/0.6 > 0 confirms x sits at its bound).
    raw = copy.deepcopy(LOGROLL)
    raw["actors"]["b"]["stances"]["x"]["reservation"] = 40
    search = search_packages(parse_scenario(raw))
    assert search.ranges["x"] == pytest.approx((0.0, 40.0), abs=1e-6)
    assert search.best_package == pytest.approx({"x": 40.0, "y": 85.0}, abs=1e-3)


# One issue, status quo 50, A wants 100, B wants 0; A can pay B (worth 2 to B per unit, up to 0.4).
SIDE = {
    "issues": {"x": {"low": "0", "high": "100", "status_quo": 50}},
    "actors": {
        "a": {"stances": {"x": {"position": 100, "salience": 50, "veto": True}}},
        "b": {"stances": {"x": {"position": 0, "salience": 50, "veto": True}}},
    },
    "side_payments": [{"payer": "a", "payee": "b", "capacity": 0.4, "efficiency": 2, "label": "deal"}],
}


def test_side_payments_widen_the_acceptable_set():
    # Without transfers every move hurts someone: no package. With them (d = (x-50)/100, amount t):
    # gain_A = d - t >= 0 and gain_B = 2t - d >= 0 hold for any d in [0, 0.5] with t in [d/2, d];
    # below 50, A loses whatever it pays. So x ranges over 50-100; the Nash package is x = 100, t = 0.375.
    scenario = parse_scenario(SIDE)
    plain = search_packages(scenario)
    assert not plain.agreement and plain.ranges == {"x": None}
    paid = search_packages(scenario, side_payments=True)
    assert paid.agreement
    assert paid.ranges["x"] == pytest.approx((50.0, 100.0), abs=1e-6)
    assert paid.best_package["x"] == pytest.approx(100.0, abs=1e-3)
    assert paid.transfers[0]["amount"] == pytest.approx(0.375, abs=1e-4)


def test_results_are_json_ready_and_complete():
    result = run_scenario(parse_scenario(SMALL))
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data["forecasts"]) == set(MODELS)
    # compromise on x: (100*3*60 + 0*1*40)/(180 + 40) = 18000/220 = 81.8
    assert data["forecasts"]["compromise"]["x"] == pytest.approx(18000 / 220)
    assert data["expected_utility_path"]["x"][0]["positions"] == {"a": 100.0, "b": 0.0}
    assert [p["proposal"] for p in data["proposals"]] == ["p1", "p2"]
    assert data["scenario"]["issues"][1]["evidence"] == [{"source": "a.txt", "claim": "c"}]


def test_ukraine_example_loads_and_says_it_is_an_analysts_reading():
    scenario = load_scenario(UKRAINE)
    assert "analyst" in scenario.disclaimer.lower()
    assert {a.side for a in scenario.actors} == {"US", "Russia", "Ukraine", "Europe"}
    for needed in ("plan_28", "plan_20", "putin_august_offer"):
        assert needed in [p.id for p in scenario.proposals]
    issue_words = " ".join(i.name.lower() for i in scenario.issues)
    for word in ("donetsk", "nato", "guarantees", "sanctions", "frozen", "reconstruction", "business"):
        assert word in issue_words
    assert len(scenario.stances) == len(scenario.actors) * len(scenario.issues)
    assert all(i.evidence for i in scenario.issues), "every status quo cites its basis"


def test_ukraine_example_cites_seed_articles_that_exist():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    raw = yaml.safe_load(UKRAINE.read_text(encoding="utf-8"))
    sources = set()

    def walk(node):
        if isinstance(node, dict):
            if "source" in node:
                sources.add(node["source"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(raw)
    assert sources and sources <= {p.name for p in SEEDS.iterdir()}


def test_ukraine_example_runs_and_side_payments_do_not_shrink_the_set():
    result = run_scenario(load_scenario(UKRAINE))
    plain, paid = result.packages, result.packages_with_side_payments
    status_quo = {i.id: i.status_quo for i in result.scenario.issues}
    assert plain.agreement == (result.forecasts["nash"] != status_quo)  # no agreement: Nash stays put
    if plain.agreement:
        for issue, (lo, hi) in plain.ranges.items():
            lo2, hi2 = paid.ranges[issue]
            assert lo2 <= lo + 1e-6 and hi2 >= hi - 1e-6
        assert paid.best.min_gain >= plain.best.min_gain - 1e-9
