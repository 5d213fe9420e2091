"""Sanctions screening: cross-script matches, no surname-only flags, deal flags, storage, CLI."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from backchannel.analyse.screening import _name, name_score, screen, speaks_of_sanctions_relief
from backchannel.cli import cli
from backchannel.export.json_export import export_kb
from backchannel.pipeline import BuildOptions, build
from backchannel.text.layer import script_language
from exports_corpus import SANCTIONS, make_kb, write_sanctions


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return make_kb(tmp_path / "kb.db")


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_arabic_only_actor_found_on_latin_list_with_programme(kb: Path, tmp_path: Path) -> None:
    listed = write_sanctions(tmp_path / "list.json")
    screen(kb, [listed])
    rows = _rows(kb, "SELECT actor, list, program, entity_id, entity_name, matched_name, score "
                     "FROM sanctions_matches WHERE actor = 'a_dmitriev'")
    assert rows == [("a_dmitriev", "test_sanctions", "UKRAINE-EO14024", "os-dmitriev",
                     "Kirill Aleksandrovich DMITRIEV", rows[0][5], rows[0][6])]
    assert rows[0][5] in ("كيريل دميترييف", "دميترييف") and rows[0][6] >= 0.85


def test_patronymic_in_the_listed_name_still_matches(kb: Path, tmp_path: Path) -> None:
    only_full = [{**SANCTIONS[0], "properties": {"name": ["Kirill Aleksandrovich DMITRIEV"], "topics": ["sanction"]}}]
    screen(kb, [write_sanctions(tmp_path / "list.json", only_full)])
    [(actor, score)] = _rows(kb, "SELECT actor, score FROM sanctions_matches")
    assert actor == "a_dmitriev" and 0.85 <= score < 1.0


def test_shared_surname_pep_and_wrong_schema_are_not_flagged(kb: Path, tmp_path: Path) -> None:
    screen(kb, [write_sanctions(tmp_path / "list.json")])
    flagged = {a for (a,) in _rows(kb, "SELECT actor FROM sanctions_matches")}
    assert "a_kushner" not in flagged  # Charles Kushner shares the surname; the org shares the name
    assert "a_witkoff" not in flagged  # listed as a politically exposed person, not sanctioned
    assert flagged == {"a_dmitriev", "a_lukoil"}


def test_surname_alone_never_matches() -> None:
    assert name_score(_name("دميترييف"), _name("Kirill Dmitriev"), person=True) == 0.0
    assert name_score(_name("Ivan Dmitriev"), _name("Kirill Dmitriev"), person=True) == 0.0
    assert name_score(_name("جاريد كوشنر"), _name("Jared Kushner"), person=True) == 1.0
    assert name_score(_name("Kushner"), _name("Kushner"), person=True) == 0.0


def test_arabic_company_name_matches_latin_listing() -> None:
    assert name_score(_name("لوك أويل"), _name("Lukoil"), person=False) == 1.0
    assert name_score(_name("روسنفت"), _name("Gazprom"), person=False) == 0.0


def test_deals_with_listed_party_or_relief_condition_are_flagged(kb: Path, tmp_path: Path) -> None:
    screen(kb, [write_sanctions(tmp_path / "list.json")])
    flags = set(_rows(kb, "SELECT deal, flag FROM deal_flags"))
    assert flags == {("k_lukoil", "sanctioned_party"), ("k_lukoil", "sanctions_relief")}


@pytest.mark.parametrize("text, expected", [
    ("إذا رُفعت العقوبات الأمريكية", True),
    ("بشرط تخفيف العقوبات المفروضة على موسكو", True),
    ("if Western sanctions are lifted", True),
    ("once the US eases sanctions on the fund", True),
    ("despite the sanctions imposed last year", False),
    ("subject to board approval", False),
    ("بعد موافقة مجلس الإدارة", False),
])
def test_sanctions_relief_wording(text: str, expected: bool) -> None:
    assert speaks_of_sanctions_relief(text) is expected


def test_relief_in_evidence_needs_the_words_close_together() -> None:
    assert speaks_of_sanctions_relief("the sale could go ahead once sanctions are lifted", window=5)
    far = "he got a special exemption from the treasury to visit, despite the sanctions imposed on him in 2022"
    assert speaks_of_sanctions_relief(far) and not speaks_of_sanctions_relief(far, window=5)
    assert speaks_of_sanctions_relief("شريطة رفع العقوبات عن الشركة", window=5)


def test_rescreening_a_file_replaces_its_results_and_keeps_others(kb: Path, tmp_path: Path) -> None:
    first = write_sanctions(tmp_path / "a.json")
    other = write_sanctions(tmp_path / "b.json", [
        {"id": "w1", "schema": "Person", "datasets": ["other_list"], "properties": {"name": ["Steve C. Witkoff"]}}])
    screen(kb, [first, other])
    screen(kb, [first])
    rows = _rows(kb, "SELECT actor, list FROM sanctions_matches ORDER BY actor, list")
    assert rows == [("a_dmitriev", "test_sanctions"), ("a_lukoil", "test_sanctions"), ("a_witkoff", "other_list")]
    # The first list no longer names Lukoil: its match goes, and the deal loses that flag;
    # Witkoff, still on the other list, flags the deal he is a party to.
    screen(kb, [write_sanctions(tmp_path / "a.json", SANCTIONS[:2])])
    assert {a for (a,) in _rows(kb, "SELECT actor FROM sanctions_matches")} == {"a_dmitriev", "a_witkoff"}
    assert set(_rows(kb, "SELECT deal, flag FROM deal_flags")) == {("k_lukoil", "sanctions_relief"),
                                                                  ("k_arctic", "sanctioned_party")}
    assert len(_rows(kb, "SELECT * FROM sanctions_screenings")) == 2


def test_missing_list_leaves_the_knowledge_base_untouched(kb: Path, tmp_path: Path) -> None:
    from backchannel.errors import BackchannelError

    with pytest.raises(BackchannelError):
        screen(kb, [write_sanctions(tmp_path / "ok.json"), tmp_path / "absent.json"])
    assert not _rows(kb, "SELECT name FROM sqlite_master WHERE name = 'sanctions_matches'")


def test_json_export_carries_flags_only_once_screened(kb: Path, tmp_path: Path) -> None:
    before = export_kb(kb)
    assert "sanctions" not in before["actors"][0] and "sanctions_screenings" not in before
    screen(kb, [write_sanctions(tmp_path / "list.json", junk=True)])
    after = export_kb(kb)
    by_id = {a["id"]: a for a in after["actors"]}
    assert by_id["a_dmitriev"]["sanctions"][0]["program"] == "UKRAINE-EO14024"
    assert by_id["a_kushner"]["sanctions"] == []
    deals = {d["id"]: d for d in after["deals"]}
    assert {f["flag"] for f in deals["k_lukoil"]["flags"]} == {"sanctioned_party", "sanctions_relief"}
    assert deals["k_arctic"]["flags"] == []
    assert after["sanctions_screenings"][0]["bad_lines"] == 1


def test_cli_screen_prints_json_for_scripts(kb: Path, tmp_path: Path) -> None:
    listed = write_sanctions(tmp_path / "list.json")
    result = CliRunner().invoke(cli, ["screen", "--db", str(kb), "--sanctions", str(listed), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {m["actor"] for m in data["matches"]} == {"a_dmitriev", "a_lukoil"}
    missing = CliRunner().invoke(cli, ["screen", "--db", str(kb), "--sanctions", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "no sanctions list" in missing.output


def test_built_arabic_article_actor_is_found_on_latin_list(build_kb, tmp_path: Path) -> None:
    """End to end: an actor discovered from an Arabic-only article (no actor knowledge base)."""
    data = build_kb({"ar.txt": "قال كيريل دميترييف، رئيس صندوق الاستثمار، إن المحادثات مستمرة.\n"
                               "وأضاف كيريل دميترييف أن موسكو ترحب بالمقترح، فيما التقى جاريد كوشنر "
                               "بالمسؤولين في الرياض. وقال جاريد كوشنر إن الاتفاق قريب."}, use_kb=False)
    listed = write_sanctions(tmp_path / "list.json")
    result = screen(data["_db"], [listed])
    assert {m.entity_id for m in result.matches} == {"os-dmitriev"}  # not Charles Kushner, not the org
    dmitriev = next(a for a in data["actors"] if a["id"] == result.matches[0].actor)
    assert all(script_language(n) == "ar" for n in [dmitriev["name"], *dmitriev["aliases"]])


def test_a_rebuild_screens_again_against_the_same_lists(build_kb, write_articles, tmp_path: Path) -> None:
    """Adding articles must not silently drop sanctions flags."""
    data = build_kb({"ar.txt": "قال كيريل دميترييف، رئيس صندوق الاستثمار، إن المحادثات مستمرة."}, use_kb=False)
    db = data["_db"]
    screen(db, [write_sanctions(tmp_path / "list.json")])
    more = tmp_path / "more"
    more.mkdir()
    (more / "en.txt").write_text("Kirill Dmitriev said the talks would go on.", encoding="utf-8")
    report = build([more], db, BuildOptions(use_kb=False))
    assert report.rescreened == [str((tmp_path / "list.json").resolve())]
    flagged = [a for a in export_kb(db)["actors"] if a.get("sanctions")]
    assert [m["entity_id"] for a in flagged for m in a["sanctions"]] == ["os-dmitriev"]
