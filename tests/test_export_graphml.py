"""GraphML export: read back by networkx with node and edge attributes, sanctions on nodes."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from backchannel.analyse.screening import screen
from backchannel.cli import cli
from exports_corpus import make_kb, write_sanctions


def _export(db: Path, path: Path) -> nx.MultiDiGraph:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "graphml", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return nx.read_graphml(path, force_multigraph=True)


def test_graph_has_actors_items_ties_and_roles(tmp_path: Path) -> None:
    g = _export(make_kb(tmp_path / "kb.db"), tmp_path / "kb.graphml")
    kinds = nx.get_node_attributes(g, "kind")
    assert sorted(n for n, k in kinds.items() if k == "actor") == \
        ["a_dmitriev", "a_fund", "a_kushner", "a_lukoil", "a_trump", "a_witkoff"]
    assert {kinds["e_moscow"], kinds["k_lukoil"], kinds["p_20"]} == {"event", "deal", "proposal"}
    assert g.nodes["a_witkoff"]["side"] == "US" and "ستيف ويتكوف" in g.nodes["a_witkoff"]["aliases"]
    assert g.nodes["a_witkoff"]["mentions"] == 2 and g.nodes["a_witkoff"]["documents"] == 2
    ties = [d for _, _, d in g.edges("a_kushner", data=True) if d["kind"] == "son_in_law_of"]
    assert len(ties) == 1 and "صهر" in ties[0]["quote"] and ties[0]["outlets"] == "Gulf Ledger"
    assert set(g.predecessors("e_moscow")) == {"a_witkoff", "a_kushner", "a_dmitriev"}
    assert {d["kind"] for _, _, d in g.in_edges("p_20", data=True)} == {"proposer", "mixed"}


def test_sanctions_show_on_nodes_after_screening(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    before = _export(db, tmp_path / "before.graphml")
    assert not any(before.nodes[n]["sanctioned"] for n in before if before.nodes[n]["kind"] == "actor")
    screen(db, [write_sanctions(tmp_path / "list.json")])
    g = _export(db, tmp_path / "after.graphml")
    assert g.nodes["a_dmitriev"]["sanctioned"] is True
    assert "UKRAINE-EO14024" in g.nodes["a_dmitriev"]["sanctions"]
    assert g.nodes["a_kushner"]["sanctioned"] is False
    assert set(g.nodes["k_lukoil"]["flags"].split(" | ")) == {"sanctioned_party", "sanctions_relief"}


def test_seeds_graph_opens_in_networkx(seeds_kb: Path, tmp_path: Path) -> None:
    g = _export(seeds_kb, tmp_path / "seeds.graphml")
    stats = json.loads(CliRunner().invoke(cli, ["stats", "--db", str(seeds_kb), "--json"]).output)
    assert g.number_of_nodes() == stats["actors"] + stats["events"] + stats["deals"] + stats["proposals"]
