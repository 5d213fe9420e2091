"""The `model` and `scenario` command groups, driven through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from backchannel.model.cli import model_group, scenario_group

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEU = DATA / "deu" / "deu3.tsv"
BDM = DATA / "bdm" / "ec_emissions_1994.csv"

HAND_KB = {
    "actors": [{"id": "a1", "name": "Witkoff", "side": "US"}, {"id": "a2", "name": "Putin", "side": "Russia"}],
    "proposals": [{"id": "p1", "name": "Offer", "proposer": "a2",
                   "issues": [{"issue": "territory: Donetsk", "position": "the rest of Donetsk"}],
                   "reactions": [{"actor": "a1", "stance": "backs"}]}],
}


def invoke(group, *args):
    return CliRunner().invoke(group, list(map(str, args)), catch_exceptions=False)


def test_help_texts_teach_with_examples():
    for group, command in ((model_group, "run"), (model_group, "validate"), (model_group, "validate-bdm"),
                           (scenario_group, "init")):
        out = invoke(group, command, "--help").output
        assert "Example" in out and "backchannel" in out


def test_run_prints_forecasts_proposals_and_packages():
    result = invoke(model_group, "run", "ukraine-2025")
    assert result.exit_code == 0
    for text in ("Territory: Donetsk", "Weighted median", "Nash bargaining", "28-point plan", "20-point plan",
                 "analyst", "side-payments"):
        assert text in result.output, text


def test_run_json_and_svg(tmp_path):
    svg = tmp_path / "chart.svg"
    result = invoke(model_group, "run", "ukraine-2025", "--json", "--svg", svg)
    data = json.loads(result.output)
    assert {"forecasts", "proposals", "packages", "packages_with_side_payments"} <= set(data)
    assert len(data["forecasts"]["expected_utility"]) == len(data["scenario"]["issues"])
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_run_unknown_scenario_is_a_coded_error():
    result = CliRunner().invoke(model_group, ["run", "no-such-scenario"])
    assert result.exit_code == 1 and "BC030" in result.output


def test_validate_prints_the_table():
    if not DEU.is_file():
        pytest.skip(f"DEU data not found at {DEU}")
    out = invoke(model_group, "validate", DEU).output
    for text in ("compromise (weighted mean)", "23.6", "weighted median", "28.3", "Nash", "expected utility",
                 "exact hits"):
        assert text in out, text
    rows = json.loads(invoke(model_group, "validate", DEU, "--json").output)
    assert [r["model"] for r in rows][1:3] == ["compromise (weighted mean)", "weighted median"]


def test_validate_bdm_prints_the_comparison():
    if not BDM.is_file():
        pytest.skip(f"1994 emissions case not found at {BDM}")
    out = invoke(model_group, "validate-bdm", BDM).output
    for text in ("7.39", "7.00", "9.05", "8.83", "round by round"):
        assert text in out, text


def test_scenario_init_from_a_knowledge_base(tmp_path, monkeypatch):
    json_export = pytest.importorskip("backchannel.export.json_export",
                                      reason="the JSON export (lead's module) is not there yet")
    db = tmp_path / "kb.db"
    db.write_bytes(b"")
    monkeypatch.setattr(json_export, "export_kb", lambda path: HAND_KB)
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(scenario_group, ["init", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert list(draft["actors"]) == ["us", "russia"] and list(draft["issues"]) == ["donetsk"]
    run = invoke(model_group, "run", out)
    assert "placeholders to review" in run.output


def test_scenario_init_without_proposals_says_what_to_do(tmp_path, monkeypatch):
    json_export = pytest.importorskip("backchannel.export.json_export",
                                      reason="the JSON export (lead's module) is not there yet")
    db = tmp_path / "kb.db"
    db.write_bytes(b"")
    monkeypatch.setattr(json_export, "export_kb", lambda path: {"actors": [], "proposals": []})
    result = CliRunner().invoke(scenario_group, ["init", "--db", str(db)])
    assert result.exit_code == 1 and "BC032" in result.output


def test_seed_knowledge_base_to_model_run(seeds_kb, tmp_path):
    """End to end: the seeds built into a knowledge base, drafted into a scenario, run."""
    from backchannel.export.json_export import export_kb

    kb = export_kb(seeds_kb)
    assert any(p.get("issues") for p in kb["proposals"]), "the seeds report proposals with their issues"
    draft = tmp_path / "draft.yaml"
    assert CliRunner().invoke(scenario_group, ["init", "--db", str(seeds_kb), "-o", str(draft)]).exit_code == 0
    data = json.loads(invoke(model_group, "run", draft, "--json").output)
    assert data["forecasts"]["compromise"] and data["proposals"]
