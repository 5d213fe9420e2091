"""The demo corpus against its hand annotation (demo/expected.yaml): what a user would check.

The demo articles tell the same happenings in several outlets, languages and formats. These
tests build them once and check the things a reader of the timeline relies on: one event
per happening with its corroboration and the outlets' disagreement, relative dates resolved
against each article's own date, deals that keep their condition, plans with their issues
and reactions. They also measure, per document, how many annotated events, deals and
proposals come out (recall) and how many of what comes out is annotated (precision); the
figures are written to test-output/demo_events.json and must not fall below a floor.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from backchannel.export.json_export import export_kb
from backchannel.pipeline import BuildOptions, build
from backchannel.recognise.triggers import family
from backchannel.text.normalise import match_key

DEMO = Path(__file__).resolve().parents[1] / "demo"
SLACK = 20  # characters an evidence span may miss a quote by and still be the same account


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    """The demo corpus built into a knowledge base, exported, with the annotation beside it."""
    if not (DEMO / "articles").is_dir():
        pytest.skip("demo/articles is missing")
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        build([DEMO / "articles"], db, BuildOptions(), replace=True)
        data = export_kb(db)
    data["expected"] = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
    return data


def doc_id(entry: dict[str, Any]) -> str:
    """The document id the reader gives an annotated file (a JSON Lines row is ``stem#line``)."""
    stem = Path(entry["file"]).stem
    return f"{stem}#{entry['line']}" if entry.get("line") else stem


def texts(data: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["text"] for d in data["documents"]}


def actor_ids(data: dict[str, Any]) -> dict[str, set[str]]:
    """Annotation actor key -> ids of the built actors with that name (any alias)."""
    out: dict[str, set[str]] = {}
    for key, spec in data["expected"]["actors"].items():
        want = match_key(spec["name"])
        out[key] = {a["id"] for a in data["actors"]
                    if want in {match_key(n) for n in [a["name"], *a.get("aliases", [])]}}
    return out


def located(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def touches(item: dict[str, Any], doc: str, where: tuple[int, int]) -> bool:
    return any(ev["doc"] == doc and ev["start"] < where[1] + SLACK and where[0] - SLACK < ev["end"]
               for ev in item["evidence"])


def in_doc(items: list[dict[str, Any]], doc: str) -> list[dict[str, Any]]:
    return [x for x in items if any(ev["doc"] == doc for ev in x["evidence"])]


def match(data: dict[str, Any], kind: str, entry: dict[str, Any], any_type: bool = False
          ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Annotated items of one document paired one-to-one with built items whose evidence covers
    their quote (events also of the same type family, unless ``any_type``), best first: the same
    type, then the same date, then the most words of the quote covered."""
    doc = doc_id(entry)
    text = texts(data)[doc]
    built = in_doc(data[kind], doc)
    candidates = []
    for g in entry.get(kind) or []:
        where = located(text, g["quote"])
        assert where, f"quote not in {doc}: {g['quote']}"
        for p in built:
            if not touches(p, doc, where):
                continue
            if kind == "events" and not any_type and family(p["type"]) != family(g["type"]):
                continue
            overlap = max(min(ev["end"], where[1]) - max(ev["start"], where[0]) for ev in p["evidence"] if ev["doc"] == doc)
            same_date = bool(g.get("date")) and (p.get("date") or "").startswith(str(g.get("date")))
            candidates.append(((g.get("type") != p.get("type"), not same_date, -overlap), g["id"], p["id"], g, p))
    pairs, used_g, used_p = [], set(), set()
    for _, gid, pid, g, p in sorted(candidates, key=lambda c: c[0]):
        if gid in used_g or pid in used_p:
            continue
        used_g.add(gid)
        used_p.add(pid)
        pairs.append((g, p))
    return pairs


def measure(data: dict[str, Any]) -> dict[str, Any]:
    """Per document and in total: annotated, built and matched items; for events also type,
    date and participants of the matched ones."""
    ids = actor_ids(data)
    report: dict[str, Any] = {"documents": {}}
    totals = {k: {"gold": 0, "built": 0, "matched": 0} for k in ("events", "deals", "proposals")}
    checks = {"type": [0, 0], "date": [0, 0], "participants_tp": 0, "participants_pred": 0, "participants_gold": 0}
    for entry in data["expected"]["documents"]:
        doc = doc_id(entry)
        row: dict[str, Any] = {}
        for kind in totals:
            pairs = match(data, kind, entry)
            counts = {"gold": len(entry.get(kind) or []), "built": len(in_doc(data[kind], doc)), "matched": len(pairs)}
            row[kind] = counts
            for k in counts:
                totals[kind][k] += counts[k]
            if kind != "events":
                continue
            for g, p in pairs:
                checks["type"][0] += g["type"] == p["type"]
                checks["type"][1] += 1
                if g.get("date"):
                    checks["date"][0] += bool(p["date"]) and p["date"][:len(g["date"])] == g["date"]
                    checks["date"][1] += 1
                want = set(g.get("participants") or [])
                got = set(p["participants"])
                checks["participants_tp"] += sum(1 for w in want if ids.get(w, set()) & got)
                checks["participants_pred"] += len(got)
                checks["participants_gold"] += len(want)
        report["documents"][doc] = row
    for kind, t in totals.items():
        t["recall"] = round(t["matched"] / max(1, t["gold"]), 3)
        # a built item may be told in several documents: precision counts it per document
        t["precision"] = round(t["matched"] / max(1, t["built"]), 3)
    report["totals"] = totals
    report["events"] = {
        "type_accuracy": round(checks["type"][0] / max(1, checks["type"][1]), 3),
        "date_accuracy": round(checks["date"][0] / max(1, checks["date"][1]), 3),
        "participants_precision": round(checks["participants_tp"] / max(1, checks["participants_pred"]), 3),
        "participants_recall": round(checks["participants_tp"] / max(1, checks["participants_gold"]), 3),
    }
    return report


def entry_of(data: dict[str, Any], file: str, line: int | None = None) -> dict[str, Any]:
    return next(e for e in data["expected"]["documents"] if e["file"] == file and e.get("line") == line)


def built_for(data: dict[str, Any], kind: str, file: str, item_id: str, line: int | None = None,
              any_type: bool = False) -> dict[str, Any]:
    """The built item matched to an annotated one (fails, naming it, when there is none)."""
    entry = entry_of(data, file, line)
    for g, p in match(data, kind, entry, any_type):
        if g["id"] == item_id:
            return p
    raise AssertionError(f"{item_id} not found in {file}")


def test_the_kremlin_meeting_told_by_three_outlets_is_one_event(demo) -> None:
    reports = [("2025-12-03_kremlin-five-hours.ar-en.txt", None), ("2025-12-04_kremlin-talks.en.html", None),
               ("2025-12_wire-roundup.jsonl", 1)]
    found = [built_for(demo, "events", f, "ev_kremlin_meeting_dec2", line) for f, line in reports]
    assert len({e["id"] for e in found}) == 1, "three reports of one meeting must be one event"
    meeting = found[0]
    assert meeting["corroboration"] == 3 and len(meeting["outlets"]) == 3
    assert (meeting["type"], meeting["date"], meeting["place"]) == ("meeting", "2025-12-02", "Kremlin")
    ids = actor_ids(demo)
    for who in ("putin", "witkoff", "kushner"):
        assert ids[who] & set(meeting["participants"]), who
    [duration] = [d for d in demo["discrepancies"] if d["item_id"] == meeting["id"] and d["field"] == "duration_hours"]
    readings = {r["value"]: set(r["docs"]) for r in duration["readings"]}
    assert readings == {5.0: {"2025-12-03_kremlin-five-hours.ar-en", "2025-12-04_kremlin-talks.en"},
                        4.0: {"2025-12_wire-roundup#1"}}
    for r in duration["readings"]:
        assert r["outlets"] and r["evidence"], "each reading names its outlets and quotes them"


@pytest.mark.parametrize("file, line, item, date", [
    ("2025-08-16_alaska-summit.ar.txt", None, "ev_alaska_summit", "2025-08-15"),             # أمس الجمعة
    ("2025-08-16_alaska-summit.ar.txt", None, "ev_peskov_no_documents", "2025-08-14"),       # قد قال الخميس
    ("2025-08-17_anchorage-summit.en.md", None, "ev_zelensky_statement_aug16", "2025-08-16"),  # on Saturday
    ("2025-08-17_anchorage-summit.en.md", None, "ev_zelensky_white_house_aug18", "2025-08-18"),  # due ... on Monday
    ("2025-10-27_lukoil-sanctions-dmitriev.ar.md", None, "ev_us_sanctions_rosneft_lukoil", "2025-10-22"),
    ("2025-10-27_lukoil-sanctions-dmitriev.ar.md", None, "ev_zelensky_white_house_oct17", "2025-10-17"),  # اليوم التالي
    ("2025-11-21_28-point-plan.en.txt", None, "ev_driscoll_presents_plan_kyiv", "2025-11-20"),  # on Thursday
    ("2025-11-21_28-point-plan.en.txt", None, "ev_peskov_no_consultations", "2025-11-20"),   # a day earlier
    ("2025-12-03_kremlin-five-hours.ar-en.txt", None, "ev_peskov_statement_dec3", "2025-12-03"),  # اليوم الأربعاء
    ("2025-12-03_kremlin-five-hours.ar-en.txt", None, "ev_miami_talks_dec4", "2025-12-04"),  # من المقرر ... الخميس
    ("2025-12-04_kremlin-talks.en.html", None, "ev_florida_talks_nov30", "2025-11-30"),      # on Sunday
    ("2025-12_wire-roundup.jsonl", 1, "ev_florida_talks_nov30", "2025-11-30"),               # الأحد الماضي
    ("2025-12_wire-roundup.jsonl", 2, "ev_eu_assets_immobilised", "2025-12-12"),             # On Friday
])
def test_relative_dates_resolve_against_each_articles_date(demo, file: str, line: int | None, item: str,
                                                           date: str) -> None:
    event = built_for(demo, "events", file, item, line, any_type=True)  # the date is what is checked here
    assert event["date"] == date, (event["date"], event["date_phrase"], event["attrs"].get("date_from"))


def test_a_future_deadline_without_a_year_is_not_put_a_year_back(demo) -> None:
    deadline = [e for e in in_doc(demo["events"], "2025-12-04_kremlin-talks.en") if e["date_phrase"] == "13 December"]
    assert deadline and all(e["date"] == "2025-12-13" for e in deadline), [(e["type"], e["date"]) for e in deadline]


def test_a_deal_with_a_condition_keeps_it(demo) -> None:
    sakhalin = built_for(demo, "deals", "2025-08-16_alaska-summit.ar.txt", "deal_sakhalin1_return")
    assert sakhalin["condition"] and "رفع العقوبات" in sakhalin["condition"]
    arctic = built_for(demo, "deals", "2025-12-04_kremlin-talks.en.html", "deal_us_russia_arctic_rare_earths")
    assert arctic["condition"] == "if a settlement is reached"


def test_the_named_plans_have_their_issues_and_reactions(demo) -> None:
    names = {a["id"]: a["name"] for a in demo["actors"]}
    plan = built_for(demo, "proposals", "2025-11-21_28-point-plan.en.txt", "prop_28_point_plan")
    assert plan["name"] == "28-point plan"
    issues = {i["issue"] for i in plan["issues"]}
    assert {"territory: Donetsk", "territory: Crimea", "territory: Kherson", "frozen assets"} <= issues
    assert all(i.get("position") for i in plan["issues"])
    reacting = {names.get(r["actor"]) for r in plan["reactions"]}
    assert {"Vladimir Putin", "Volodymyr Zelensky"} & reacting, plan["reactions"]
    assert plan["corroboration"] >= 2, "the same plan is reported by several outlets"
    offer = built_for(demo, "proposals", "2025-08-17_anchorage-summit.en.md", "prop_putin_alaska_offer")
    assert names.get(offer["proposer"]) == "Vladimir Putin"
    assert {"territory: Donetsk"} <= {i["issue"] for i in offer["issues"]}
    assert any(r["stance"] == "rejects" for r in offer["reactions"])


def test_demo_recall_and_precision_per_document(demo, output_dir: Path) -> None:
    report = measure(demo)
    (output_dir / "demo_events.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    t = report["totals"]
    # floors a little under what the build reaches (events R 0.74 P 0.72, proposals R 0.77 P 0.63,
    # deals R 0.67, dates 0.88, participants R 0.85): a change that loses ground fails here
    assert t["events"]["recall"] >= 0.7 and t["events"]["precision"] >= 0.68, t["events"]
    assert t["proposals"]["recall"] >= 0.7 and t["proposals"]["precision"] >= 0.55, t["proposals"]
    assert t["deals"]["recall"] >= 0.6, t["deals"]
    assert report["events"]["date_accuracy"] >= 0.85, report["events"]
    assert report["events"]["participants_recall"] >= 0.8, report["events"]
