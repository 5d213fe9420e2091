"""Event confidence: from how each event was found (data/confidence.yaml), with its reasons."""
from __future__ import annotations

HEADER = "# outlet: Test Wire\n# date: 2025-11-29\n\n"


def test_a_verb_with_its_subject_and_date_in_its_clause_outranks_a_bare_noun(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "The US Treasury sanctioned Rosneft on 22 October 2025.\n\n"
                                       "Analysts expect more sanctions on Lukoil and Gazprom Neft.\n"})
    events = {e["type"]: e for e in data["events"]}
    verb = next(e for e in data["events"] if "Rosneft" in e["evidence"][0]["text"])
    assert verb["attrs"]["confidence_tier"] == "high"
    assert any("argument of its clause" in r for r in verb["attrs"]["confidence_from"])
    others = [e for e in data["events"] if e is not verb]
    assert all(e["confidence"] < verb["confidence"] for e in others), events


def test_corroboration_raises_confidence_and_says_so(build_kb) -> None:
    one = build_kb({"a.txt": HEADER + "Steve Witkoff met Vladimir Putin in Moscow on 2 December 2025.\n"})
    two = build_kb({"a.txt": HEADER + "Steve Witkoff met Vladimir Putin in Moscow on 2 December 2025.\n",
                    "b.txt": "# outlet: Other Wire\n# date: 2025-12-03\n\nوالتقى ستيف ويتكوف فلاديمير بوتين في "
                             "موسكو يوم 2 ديسمبر 2025.\n"})
    [a] = [e for e in one["events"] if e["type"] == "meeting"]
    [b] = [e for e in two["events"] if e["type"] == "meeting"]
    assert b["corroboration"] == 2 and b["confidence"] > a["confidence"]
    assert any("2 documents" in r for r in b["attrs"]["confidence_from"])
    assert 0 < a["confidence"] <= 1
