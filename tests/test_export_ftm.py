"""FollowTheMoney export: schemata, links, provenance, validation by the library and the ftm CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from followthemoney import model

from backchannel.analyse.screening import screen
from backchannel.cli import cli
from backchannel.export.ftm import RECORD_NOTE, ftm_entities, tie_schema, write_ftm
from exports_corpus import make_corpus, make_kb, write_sanctions

FTM = Path(sys.executable).with_name("ftm")


def _export(db: Path, path: Path) -> list[dict]:
    with path.open("w", encoding="utf-8") as fh:
        write_ftm(db, fh)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def entities(tmp_path: Path) -> list[dict]:
    db = make_kb(tmp_path / "kb.db")
    screen(db, [write_sanctions(tmp_path / "list.json")])
    return _export(db, tmp_path / "kb.ftm.json")


def _kb_id(entity: dict) -> str | None:
    """The knowledge-base id an entity carries (recordId, or the note where the schema has none)."""
    props = entity["properties"]
    if "recordId" in props:
        return props["recordId"][0]
    return next((n[len(RECORD_NOTE):] for n in props.get("notes", []) if n.startswith(RECORD_NOTE)), None)


def _by_record(entities: list[dict], schema: str) -> dict[str, dict]:
    return {_kb_id(e): e for e in entities if e["schema"] == schema}


def test_every_line_is_a_valid_entity(entities: list[dict]) -> None:
    for data in entities:
        proxy = model.get_proxy(data)
        proxy.schema.validate(data)  # raises on a missing required property or bad value
        assert proxy.id == data["id"]


def test_actors_get_the_schema_of_their_type_with_all_names(entities: list[dict]) -> None:
    schemata = {_kb_id(e): e["schema"] for e in entities
                if e["schema"] in ("Person", "Organization", "Company", "PublicBody")}
    assert schemata == {"a_dmitriev": "Person", "a_witkoff": "Person", "a_kushner": "Person", "a_trump": "Person",
                        "a_lukoil": "Company", "a_fund": "Organization"}
    witkoff = _by_record(entities, "Person")["a_witkoff"]["properties"]
    assert witkoff["name"] == ["Steve Witkoff"] and "ستيف ويتكوف" in witkoff["alias"]
    assert witkoff["country"] == ["us"] and witkoff["position"] == ["US special envoy"]


def test_events_involve_their_participants_with_date_and_place(entities: list[dict]) -> None:
    persons = {e["id"]: _kb_id(e) for e in entities if e["schema"] == "Person"}
    moscow = _by_record(entities, "Event")["e_moscow"]["properties"]
    assert sorted(persons[i] for i in moscow["involved"]) == ["a_dmitriev", "a_kushner", "a_witkoff"]
    assert moscow["date"] == ["2025-12-02"] and moscow["location"] == ["Moscow"]


def test_ties_become_the_matching_interval_schema(entities: list[dict]) -> None:
    ids = {e["id"]: _kb_id(e) for e in entities}
    family = [e for e in entities if e["schema"] == "Family"]
    assert len(family) == 1
    assert ids[family[0]["properties"]["person"][0]] == "a_kushner"
    assert ids[family[0]["properties"]["relative"][0]] == "a_trump"
    assert "صهر" in family[0]["properties"]["summary"][0]
    directorship = _by_record(entities, "Directorship")["t2"]["properties"]
    assert ids[directorship["director"][0]] == "a_dmitriev" and ids[directorship["organization"][0]] == "a_fund"
    unknown = _by_record(entities, "UnknownLink")["t3"]["properties"]
    assert unknown["role"] == ["met with"] and unknown["proof"]


def test_tie_kind_mapping_falls_back_when_ends_do_not_fit() -> None:
    assert tie_schema("son_in_law_of") == "Family"
    assert tie_schema("friend_of") == "Associate"
    assert tie_schema("envoy_of") == "Representation"
    assert tie_schema("rank_2_oil_producer_in") == "UnknownLink"


def test_articles_document_what_they_mention_with_offsets(tmp_path: Path, entities: list[dict]) -> None:
    _, ar, _ = make_corpus()
    article = _by_record(entities, "Article")[ar.id]
    assert article["properties"]["publisher"] == ["Gulf Ledger"] and article["properties"]["language"] == ["ara"]
    actor_id = _by_record(entities, "Person")["a_dmitriev"]["id"]
    docs = [e for e in entities if e["schema"] == "Documentation" and e["properties"]["entity"] == [actor_id]]
    assert [d["properties"]["document"] for d in docs] == [[article["id"]]]
    start = ar.text.index("كيريل دميترييف")
    assert f"characters {start}-{start + len('كيريل دميترييف')}: كيريل دميترييف" in docs[0]["properties"]["description"][0]


def test_deals_and_plans_are_projects_with_participants_and_sanction_flags(entities: list[dict]) -> None:
    projects = _by_record(entities, "Project")
    lukoil = projects["k_lukoil"]["properties"]
    assert "sanctions relief" in lukoil["keywords"] and "sanctioned party" in lukoil["keywords"]
    assert projects["k_arctic"]["properties"]["currency"] == ["USD"]
    roles = {e["properties"]["role"][0] for e in entities if e["schema"] == "ProjectParticipant"
             and e["properties"]["project"] == [projects["p_20"]["id"]]}
    assert roles == {"proposer", "mixed"}


def test_screening_matches_become_sanctions(entities: list[dict]) -> None:
    person = _by_record(entities, "Person")["a_dmitriev"]
    assert person["properties"]["topics"] == ["sanction"]
    [sanction] = [e for e in entities if e["schema"] == "Sanction" and e["properties"]["entity"] == [person["id"]]]
    assert sanction["properties"]["program"] == ["UKRAINE-EO14024"]
    assert "topics" not in _by_record(entities, "Person")["a_kushner"]["properties"]


def test_ids_are_stable_across_exports(tmp_path: Path) -> None:
    first, _ = ftm_entities(make_kb(tmp_path / "a.db"))
    second, _ = ftm_entities(make_kb(tmp_path / "b.db"))
    assert [e.id for e in first] == [e.id for e in second]


def _ftm_cli(*args: str, infile: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"ftm-{args[0]}.json"
    subprocess.run([str(FTM), *args, "-i", str(infile), "-o", str(out)], check=True, capture_output=True, timeout=120)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.skipif(not FTM.exists() and not shutil.which("ftm"), reason="ftm command not installed")
def test_ftm_command_line_reads_the_export(entities: list[dict], tmp_path: Path) -> None:
    infile = tmp_path / "kb.ftm.json"
    validated = _ftm_cli("validate", infile=infile, tmp_path=tmp_path)
    assert {e["id"] for e in validated} == {e["id"] for e in entities}
    aggregated = _ftm_cli("aggregate", infile=infile, tmp_path=tmp_path)
    assert len(aggregated) == len(entities)


def test_seeds_export_validates_with_the_ftm_tools(seeds_kb: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(seeds_kb), "--format", "ftm", "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "s.json").read_text(encoding="utf-8").splitlines()
    assert sum(json.loads(line)["schema"] == "Article" for line in lines) == 5
    validated = _ftm_cli("validate", infile=tmp_path / "s.json", tmp_path=tmp_path)
    assert len(validated) == len(lines)
