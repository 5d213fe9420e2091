"""The analyst's judgements (backchannel/review): recorded beside the knowledge base, applied by
every build, and still holding after a rebuild with a new article or ``--replace``.

The articles are the project's own; the last test reviews the seeds and scores the result."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from backchannel.cli import cli
from backchannel.export.json_export import export_kb
from backchannel.review.judgements import judgements_path

ONE = """# outlet: Harbour Times
# date: 2025-06-10

Envoy Steve Witkoff met Russian President Vladimir Putin in Moscow on 6 June 2025 for three hours.

The Harbour Times spoke to officials in Washington, Moscow and Kyiv about the talks.

Kirill Dmitriev said on Monday that the two sides had made progress.

Ambassador Jan Novak said the meeting was useful.
"""
TWO = """# outlet: الوسيط
# date: 2025-06-12

التقى المبعوث الأمريكي ستيف ويتكوف الرئيس الروسي فلاديمير بوتين في موسكو يوم 6 يونيو 2025.

وقال كيريل دميترييف إن المحادثات كانت مثمرة.

وقال السفير يان نوفاك إن اللقاء كان مفيدا.
"""
LATER = """# outlet: Gulf Ledger
# date: 2025-06-14

Marco Rubio spoke with Sergei Lavrov by phone on 13 June 2025 about a prisoner exchange.
"""


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def judge(db: Path, *args: str) -> dict:
    return json.loads(run("judge", *args, "--db", str(db), "--by", "Test Reviewer", "--json"))


def event_with(data: dict, words: str) -> dict | None:
    return next((e for e in data["events"] if any(words in ev["text"] for ev in e["evidence"])), None)


def names(data: dict, ids: list[str]) -> set[str]:
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    return {by_id[i] for i in ids}


def actor(data: dict, name: str) -> dict | None:
    return next((a for a in data["actors"] if a["name"] == name), None)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(ONE, encoding="utf-8")
    (folder / "two.ar.txt").write_text(TWO, encoding="utf-8")
    return folder


def test_judgements_hold_across_a_rebuild_with_a_new_article_and_a_replace(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "talks.db"
    run("build", str(articles), "--db", str(db))
    data = export_kb(db)
    sourcing = event_with(data, "The Harbour Times spoke to officials")
    monday = event_with(data, "Kirill Dmitriev said on Monday")
    meeting = event_with(data, "Envoy Steve Witkoff met")
    assert sourcing and monday and meeting
    assert actor(data, "Jan Novak") and actor(data, "يان نوفاك")  # the tool keeps the two spellings apart

    assert judge(db, sourcing["id"], "reject", "--why", "the outlet describing its own sourcing")["status"] == "applied"
    assert judge(db, monday["id"], "reject")["status"] == "applied"
    assert judge(db, meeting["id"], "set", "participants", "Steve Witkoff", "Vladimir Putin",
                 "Kirill Dmitriev")["status"] == "applied"
    assert judge(db, "Jan Novak", "merge", "يان نوفاك")["status"] == "applied"
    assert judge(db, "Kirill Dmitriev", "split", "--form", "كيريل دميترييف",
                 "--name", "Kirill Dmitriev (Arabic wire)")["status"] == "applied"
    assert len(judgements_path(db).read_text(encoding="utf-8").splitlines()) == 5

    later = tmp_path / "later"
    later.mkdir()
    (later / "three.txt").write_text(LATER, encoding="utf-8")
    run("build", str(later), "--db", str(db))  # one more article: everything is resolved again
    for step in ("added", "replaced"):
        data = export_kb(db)
        assert event_with(data, "Marco Rubio spoke with Sergei Lavrov"), step  # the new article is in
        assert event_with(data, "The Harbour Times spoke to officials") is None, step
        assert event_with(data, "Kirill Dmitriev said on Monday") is None, step
        met = event_with(data, "Envoy Steve Witkoff met")
        assert names(data, met["participants"]) == {"Steve Witkoff", "Vladimir Putin", "Kirill Dmitriev"}, step
        assert met["review"]["status"] == "corrected" and met["review"]["by"] == "Test Reviewer"
        assert "Dmitriev" in met["summary"]
        novak = actor(data, "Jan Novak")
        assert novak and actor(data, "يان نوفاك") is None and "يان نوفاك" in novak["aliases"], step
        assert names(data, event_with(data, "وقال السفير يان نوفاك")["participants"]) == {"Jan Novak"}
        wire = actor(data, "Kirill Dmitriev (Arabic wire)")
        assert wire and {m["text"] for m in wire["mentions"]} == {"كيريل دميترييف"}, step
        assert "Kirill Dmitriev (Arabic wire)" in names(data, event_with(data, "وقال كيريل دميترييف")["participants"])
        listed = json.loads(run("judgements", "--db", str(db), "--json"))["judgements"]
        assert [r["status"] for r in listed] == ["applied"] * 5, step
        run("build", str(articles), str(later), "--db", str(db), "--replace")


def test_a_judgement_whose_item_is_gone_is_reported_not_dropped(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "talks.db"
    run("build", str(articles), "--db", str(db))
    sourcing = event_with(export_kb(db), "The Harbour Times spoke to officials")
    judge(db, sourcing["id"], "reject")
    later = tmp_path / "later"
    later.mkdir()
    (later / "three.txt").write_text(LATER, encoding="utf-8")
    report = json.loads(run("build", str(later), "--db", str(db), "--replace", "--json"))
    assert any("not found" in n for n in report["notes"])
    listed = json.loads(run("judgements", "--db", str(db), "--json"))["judgements"]
    assert [r["status"] for r in listed] == ["not found"]
    assert len(judgements_path(db).read_text(encoding="utf-8").splitlines()) == 1  # kept in the file


def test_a_broken_line_in_the_judgements_file_costs_only_itself(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "talks.db"
    run("build", str(articles), "--db", str(db))
    judge(db, event_with(export_kb(db), "The Harbour Times spoke to officials")["id"], "reject", "--no-rebuild")
    with judgements_path(db).open("a", encoding="utf-8") as f:
        f.write("{this is not json\n")
    report = json.loads(run("build", str(articles), "--db", str(db), "--json"))
    assert any(re.search(r"talks\.judgements\.jsonl:2: not a judgement", n) for n in report["notes"])
    assert event_with(export_kb(db), "The Harbour Times spoke to officials") is None


def test_judge_explains_what_it_needs(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "talks.db"
    run("build", str(articles), "--db", str(db))
    meeting = event_with(export_kb(db), "Envoy Steve Witkoff met")["id"]
    for args, words in [(["nosuchid", "confirm"], "no item"), ([meeting, "set", "colour", "red"], "no field"),
                        ([meeting, "set", "participants", "Nobody Known"], "no item"),
                        ([meeting, "merge", "Jan Novak"], "merge joins two actors")]:
        result = CliRunner().invoke(cli, ["judge", *args, "--db", str(db)])
        assert result.exit_code == 1 and words in result.output, (args, result.output)
    assert not judgements_path(db).exists()  # nothing is written for a judgement that cannot be made


SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.json").is_file(), reason="needs ../shared (seeds, gold, scorer)")
def test_rejecting_invented_events_of_the_seeds_raises_whole_fact_precision(tmp_path: Path) -> None:
    seeds, gold, scorer = SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.json", SHARED / "eval" / "score.py"
    db = tmp_path / "seeds.db"
    run("build", str(seeds), "--db", str(db))

    import importlib.util
    spec = importlib.util.spec_from_file_location("score", scorer)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    truth, docs = json.loads(gold.read_text(encoding="utf-8")), score.Docs(seeds)

    def facts() -> tuple[int, int, list[str]]:
        """Wholly right events, events shown, and the events no gold event's sentences hold (invented)."""
        pred = export_kb(db)
        wf = score.score(truth, pred, docs)["events"]["whole_facts"]
        told = [score.evidence_spans(g, docs, True) for g in truth["events"]]
        invented = [e["id"] for e in score.by_source(pred)["events"]
                    if not any(score.sentence_overlap(score.evidence_spans(e, docs, False), t) for t in told)]
        return wf["exact"], wf["pred"], invented

    exact, shown, unmatched = facts()
    assert len(unmatched) >= 2
    for event_id in unmatched[:2]:
        judge(db, event_id, "reject", "--why", "no such happening in the text")
    exact2, shown2, _ = facts()
    assert shown2 == shown - 2 and exact2 == exact and exact2 / shown2 > exact / shown


def test_the_terminal_queue_takes_the_least_certain_first_and_keeps_what_was_answered(
        tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "talks.db"
    run("build", str(articles), "--db", str(db))
    events = sorted(export_kb(db)["events"], key=lambda e: (e["confidence"], e["id"]))
    first, second = events[0], events[1]
    result = CliRunner().invoke(cli, ["review", "--db", str(db), "--kind", "events", "--by", "Desk"],
                                input="r\nnot in the text\nc\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "2 judgements" in result.output
    data = export_kb(db)
    ids = {e["id"]: e for e in data["events"]}
    assert first["id"] not in ids and ids[second["id"]]["review"]["status"] == "confirmed"
    assert ids[second["id"]]["review"]["by"] == "Desk"
