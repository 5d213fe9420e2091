"""One item per happening: reports from several outlets merge, with corroboration and disagreements."""
from __future__ import annotations

from backchannel.kb.store import KnowledgeBase


def article(outlet: str, body: str, date: str = "2025-12-03") -> str:
    return f"# outlet: {outlet}\n# date: {date}\n{body}\n"


THREE_REPORTS = {
    "gulf.txt": article("Gulf Ledger", "التقى المبعوث ستيف ويتكوف الرئيس فلاديمير بوتين في الكرملين يوم 2 ديسمبر 2025، "
                                        "في اجتماع استمر خمس ساعات."),
    "levant.txt": article("Levant Post", "وعقد ستيف ويتكوف وجاريد كوشنر اجتماعاً مع بوتين في موسكو في 2 ديسمبر 2025 "
                                         "دام ثلاث ساعات."),
    "wire.txt": article("Wire Daily", "Steve Witkoff met Vladimir Putin at the Kremlin on December 2, 2025 for talks "
                                      "on the peace plan."),
}


def meetings(data: dict) -> list[dict]:
    return [e for e in data["events"] if e["type"] == "meeting"]


def test_three_outlets_one_meeting(build_kb) -> None:
    data = build_kb(THREE_REPORTS)
    [meeting] = meetings(data)
    assert meeting["corroboration"] == 3
    assert sorted(meeting["outlets"]) == ["Gulf Ledger", "Levant Post", "Wire Daily"]
    assert len({e["doc"] for e in meeting["evidence"]}) == 3
    assert meeting["date"] == "2025-12-02"
    with KnowledgeBase(data["_db"]) as kb:
        rows = kb.conn.execute("SELECT * FROM judgements WHERE kind = 'event_merge' AND subject = ?",
                               (meeting["id"],)).fetchall()
    assert rows and "3 documents" in rows[0]["decision"]


def test_disagreements_are_stored_with_both_sources(build_kb) -> None:
    data = build_kb(THREE_REPORTS)
    [meeting] = meetings(data)
    found = {d["field"]: d for d in data["discrepancies"] if d["item_id"] == meeting["id"]}
    assert "duration_hours" in found
    readings = {r["value"]: r for r in found["duration_hours"]["readings"]}
    assert set(readings) == {5.0, 3.0}
    assert readings[5.0]["outlets"] == ["Gulf Ledger"] and readings[3.0]["outlets"] == ["Levant Post"]
    assert all(r["evidence"] for r in readings.values())
    assert "participants" in found  # one outlet adds Kushner


def test_different_months_stay_different_meetings(build_kb) -> None:
    data = build_kb({
        "a.txt": article("Gulf Ledger", "ودعا كيريل ديميترييف ستيف ويتكوف إلى موسكو في فبراير 2025، والتقى الاثنان "
                                        "الرئيس فلاديمير بوتين في الكرملين."),
        "b.txt": article("Levant Post", "والتقى ستيف ويتكوف وكيريل ديميترييف الرئيس فلاديمير بوتين في أبريل 2025 "
                                        "في سانت بطرسبرغ."),
    })
    dates = sorted(e["date"] for e in meetings(data))
    assert dates == ["2025-02", "2025-04"]


def test_an_undated_vague_report_does_not_chain_two_meetings(build_kb) -> None:
    data = build_kb({
        "a.txt": article("Gulf Ledger", "التقى ستيف ويتكوف وكيريل ديميترييف الرئيس فلاديمير بوتين في فبراير 2025."),
        "b.txt": article("Levant Post", "التقى ستيف ويتكوف وكيريل ديميترييف الرئيس فلاديمير بوتين في أغسطس 2025."),
        "c.txt": article("Wire Daily", "التقى ستيف ويتكوف وكيريل ديميترييف الرئيس فلاديمير بوتين لبحث الحرب."),
    })
    dated = [e for e in meetings(data) if e["date"]]
    assert sorted(e["date"] for e in dated) == ["2025-02", "2025-08"]
    assert all(e["corroboration"] <= 2 for e in dated)


def test_deals_about_one_asset_merge_and_disagree_on_value(build_kb) -> None:
    data = build_kb({
        "a.txt": article("Gulf Ledger", "ويتفاوض المستثمر جنتري بيتش للاستحواذ على 9.9% من مشروع Arctic LNG 2 مع نوفاتك."),
        "b.txt": article("Levant Post", "وكان جنتري بيتش في مفاوضات للاستحواذ على حصة 12% من Arctic LNG 2."),
    })
    [deal] = [d for d in data["deals"] if d["asset"] == "Arctic LNG 2"]
    assert deal["corroboration"] == 2 and deal["status"] == "negotiating"
    [value] = [d for d in data["discrepancies"] if d["item_id"] == deal["id"] and d["field"] == "value"]
    assert {r["value"] for r in value["readings"]} == {"9.9 %", "12 %"}


def test_named_plan_in_two_outlets_is_one_proposal(build_kb) -> None:
    data = build_kb({
        "a.txt": article("Gulf Ledger", "وتسربت مسودة أولية من 28 بنداً للاتفاق المقترح تتضمن الاعتراف بالقرم."),
        "b.txt": article("Levant Post", "The leaked 28-point plan includes security guarantees for Ukraine."),
    })
    [plan] = [p for p in data["proposals"] if p["name"] == "28-point plan"]
    assert plan["corroboration"] == 2
    assert {"recognition", "security guarantees"} <= {i["issue"] for i in plan["issues"]}
