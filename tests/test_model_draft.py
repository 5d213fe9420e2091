"""Drafting a scenario from a knowledge base (hand-made exports), and the chart built from results."""
from __future__ import annotations

import json

import pytest

from backchannel.model.chart import scenario_chart
from backchannel.model.draft import draft_scenario
from backchannel.model.results import MODEL_LABELS, run_scenario
from backchannel.model.scenario import parse_scenario

KB = {
    "documents": [{"id": "d1", "source": "x.txt"}],
    "actors": [
        {"id": "a1", "name": "Steve Witkoff", "side": "US"},
        {"id": "a2", "name": "Vladimir Putin", "side": "Russia"},
        {"id": "a3", "name": "Kirill Dmitriev", "side": "Russia"},
        {"id": "a4", "name": "Volodymyr Zelensky", "side": "Ukraine"},
        {"id": "a5", "name": "Donald Tusk", "side": "Europe"},
        {"id": "a6", "name": "Wall Street Journal", "side": "other"},
    ],
    "proposals": [
        {"id": "p1", "name": "Putin's August offer", "proposer": "a2",
         "issues": [{"issue": "territory: Donetsk", "position": "hand over the rest of Donetsk"},
                    {"issue": "territory: Zaporizhzhia", "position": "drop claims"}],
         "reactions": [{"actor": "a1", "stance": "backs"}, {"actor": "a4", "stance": "rejects"}]},
        {"id": "p2", "name": "20-point plan", "proposer": None,
         "issues": [{"issue": "security guarantees", "position": "US and European guarantees"},
                    {"issue": "prisoner exchange", "position": "all for all"}],
         "reactions": [{"actor": "a2", "stance": "rejects"}]},
        {"id": "p3", "name": "Unattributed idea", "issues": [{"issue": "reconstruction", "position": "?"}]},
    ],
}


def test_draft_takes_one_actor_per_bargaining_side():
    draft = draft_scenario(KB)
    assert list(draft["actors"]) == ["us", "russia", "ukraine", "europe"]  # 'other' is not a bargaining side
    assert [e["kb"] for e in draft["actors"]["russia"]["evidence"]] == ["a2", "a3"]
    assert draft["actors"]["us"]["capability"] == 0.25  # equal shares of 4, a placeholder


def test_draft_maps_issue_labels_to_families_and_keeps_unknown_ones():
    draft = draft_scenario(KB)
    assert list(draft["issues"]) == ["donetsk", "south", "guarantees", "prisoner_exchange", "reconstruction"]
    assert draft["issues"]["donetsk"]["high"] == "all of Donetsk region ceded to Russia"
    assert draft["issues"]["prisoner_exchange"]["low"].startswith("TODO")


def test_draft_places_proposals_from_who_backs_them():
    draft = draft_scenario(KB)
    offer = draft["proposals"]["putin_s_august_offer"]
    # proposer Russia (anchor 100) and backer US (anchor 75): (100 + 75) / 2 = 87.5
    assert offer["positions"]["donetsk"]["value"] == 87.5
    assert offer["proposer"] == "russia"
    assert offer["positions"]["donetsk"]["evidence"] == [{"kb": "p1", "claim": "territory: Donetsk: hand over the rest of Donetsk"}]
    # no proposer, rejected by Russia (anchor 100): 100 - 100 = 0
    assert draft["proposals"]["20_point_plan"]["positions"]["guarantees"]["value"] == 0.0
    # nobody proposes or reacts: the middle of the scale
    assert draft["proposals"]["unattributed_idea"]["positions"]["reconstruction"]["value"] == 50.0


def test_draft_lists_every_placeholder_and_runs_as_is():
    draft = draft_scenario(KB)
    # 5 issues + 3 proposals + 4 actors
    assert len(draft["review"]) == 12
    scenario = parse_scenario(json.loads(json.dumps(draft)))
    assert scenario.review and len(scenario.issues) == 5
    result = run_scenario(scenario)
    assert set(result.forecasts["compromise"]) == set(draft["issues"])


def test_empty_knowledge_base_drafts_nothing():
    draft = draft_scenario({"actors": [], "proposals": []})
    assert draft["issues"] == {} and draft["actors"] == {} and draft["proposals"] == {}


def test_chart_is_an_svg_with_every_issue_model_and_proposal():
    result = run_scenario(parse_scenario(draft_scenario(KB)))
    svg = scenario_chart(result)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for text in ["Territory: Donetsk", "Security guarantees for Ukraine", *MODEL_LABELS.values(),
                 "putin_s_august_offer", "status quo"]:
        assert text in svg, text


@pytest.mark.parametrize("stance", ["backs", "mixed"])
def test_mixed_reactions_do_not_move_a_proposal(stance):
    kb = {"actors": [{"id": "u", "side": "Ukraine"}, {"id": "e", "side": "Europe"}],
          "proposals": [{"id": "p", "name": "p", "proposer": "u",
                         "issues": [{"issue": "sanctions", "position": ""}],
                         "reactions": [{"actor": "e", "stance": stance}]}]}
    value = draft_scenario(kb)["proposals"]["p"]["positions"]["sanctions"]["value"]
    # Ukraine anchor 0, Europe anchor 10: backing averages them (5); a mixed reaction leaves Ukraine's 0
    assert value == (5.0 if stance == "backs" else 0.0)
