"""Blocking: the corpus stages score only the pairs that can ever link, and the groups stay
exactly those that scoring every pair gives."""
from __future__ import annotations

from itertools import combinations

import pytest

from backchannel.resolve import events, items
from backchannel.resolve.clusters import Report, all_pairs, date_pairs, iso_compatible


def article(outlet: str, date: str, body: str) -> str:
    return f"# outlet: {outlet}\n# date: {date}\n{body}\n"


# Several outlets, two languages, dated and undated meetings, calls, statements and deals:
# reports that must merge and reports that must stay apart.
ARTICLES = {
    "a.txt": article("Gulf Ledger", "2025-12-03",
                     "التقى المبعوث ستيف ويتكوف الرئيس فلاديمير بوتين في الكرملين يوم 2 ديسمبر 2025، في اجتماع "
                     "استمر خمس ساعات. وكان ويتكوف قد التقى بوتين في أغسطس 2025 في موسكو. وقال بوتين إن المحادثات "
                     "كانت مفيدة. وبحث الطرفان صفقة للتعاون في مشروع سخالين للطاقة."),
    "b.txt": article("Levant Post", "2025-12-04",
                     "وعقد ستيف ويتكوف وجاريد كوشنر اجتماعاً مع بوتين في موسكو في 2 ديسمبر 2025 دام ثلاث ساعات. "
                     "وأجرى الرئيس دونالد ترامب اتصالاً هاتفياً مع بوتين في 16 أكتوبر 2025."),
    "c.txt": article("Wire Daily", "2025-12-02",
                     "Steve Witkoff met Vladimir Putin at the Kremlin on December 2, 2025 for talks on the peace plan. "
                     "Donald Trump spoke with Putin by phone on October 16, 2025. Kirill Dmitriev said the talks "
                     "were constructive. Dmitriev proposed a joint Arctic energy deal worth $12 billion."),
    "d.txt": article("Harbour Times", "2025-08-07",
                     "Witkoff met Putin in Moscow in August 2025. Kushner and Witkoff later met Rustem Umerov in "
                     "Miami on November 30, 2025. Umerov said the meeting was productive."),
    "e.txt": article("Sahel News", "2025-11-30",
                     "والتقى رستم عمروف المبعوثين ويتكوف وكوشنر في ميامي يوم 30 نوفمبر 2025. وقال عمروف إن "
                     "اللقاء كان مثمراً. واقترح كيريل ديمترييف صفقة طاقة مشتركة في القطب الشمالي بقيمة 12 مليار دولار."),
}


def _without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("built_at", "_db")}


def test_blocking_gives_the_groups_of_all_pairs(build_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = build_kb(ARTICLES)
    assert any(e["corroboration"] >= 2 for e in blocked["events"]), "the corpus must hold reports that merge"
    monkeypatch.setattr(events, "candidates", all_pairs)
    monkeypatch.setattr(items, "deal_candidates", all_pairs)
    monkeypatch.setattr(items, "proposal_candidates", all_pairs)
    everything = build_kb(ARTICLES)
    assert _without_time(blocked) == _without_time(everything)


def test_event_candidates_hold_every_pair_that_links(build_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = events.candidates
    seen: list[list[Report]] = []
    linked: list[tuple[Report, Report]] = []
    link = events.link

    def every_pair(reports: list[Report]):
        seen.append(reports)
        return all_pairs(reports)

    def record(a: Report, b: Report):
        scored = link(a, b)
        if scored is not None:
            linked.append((a, b))
        return scored
    monkeypatch.setattr(events, "candidates", every_pair)
    monkeypatch.setattr(events, "link", record)
    build_kb(ARTICLES)
    [reports] = seen
    across = [(a, b) for a, b in linked if a.doc != b.doc]
    assert across, "the corpus must hold reports from different articles that link"
    proposed = {frozenset((a.order, b.order)) for a, b in blocks(reports)}
    assert all(frozenset((a.order, b.order)) in proposed for a, b in linked)
    assert len(proposed) < len(reports) * (len(reports) - 1) // 2, "blocking leaves pairs out"


def _report(order: int, date: str | None) -> Report:
    return Report(item=None, doc=f"d{order}", outlet=None, language="en", order=order, memo={"date": date})


DATES = [None, "", "2025", "2025-08", "2025-08-15", "2025-08-16", "2025-09", "2024", "2024-08-15", "2025-08-1",
         "2025-08", None]


@pytest.mark.parametrize("undated", [True, False])
def test_date_pairs_are_exactly_the_compatible_pairs(undated: bool) -> None:
    reports = [_report(i, d) for i, d in enumerate(DATES)]
    got = [frozenset((a.order, b.order)) for a, b in date_pairs(reports, lambda r: r.memo["date"], undated)]
    assert len(got) == len(set(got)), "no pair is proposed twice"
    want = {frozenset((a.order, b.order)) for a, b in combinations(reports, 2)
            if iso_compatible(a.memo["date"], b.memo["date"])
            and (undated or (a.memo["date"] and b.memo["date"]))}
    assert set(got) == want


def test_a_large_block_is_paired_by_neighbours_in_time_not_all_against_all() -> None:
    """Past WINDOW reports a block grows linearly: each report meets the WINDOW nearest in
    time (an undated one by its article's date), and never one whose date cannot agree."""
    from backchannel.resolve.clusters import WINDOW, neighbours
    n = 5 * WINDOW
    days = [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]
    reports = [Report(item=None, doc=f"d{i}", outlet=None, language="en", order=i, memo={"date": d},
                      published=d) for i, d in enumerate(days)]
    undated = Report(item=None, doc="u", outlet=None, language="en", order=n, memo={"date": None},
                     published=days[100])
    pairs = list(date_pairs(reports + [undated], lambda r: r.memo["date"]))
    assert len(pairs) <= (n + 1) * WINDOW
    assert all(iso_compatible(a.memo["date"], b.memo["date"]) for a, b in pairs)
    partners = {b.memo["date"] for a, b in pairs if a is undated} | {a.memo["date"] for a, b in pairs if b is undated}
    assert days[100] in partners, "an undated report meets the reports of its article's days"
    assert len(list(neighbours(reports[:10], lambda r: r.memo["date"]))) == 9 * 10 // 2 - sum(
        1 for a, b in combinations(reports[:10], 2) if not iso_compatible(a.memo["date"], b.memo["date"]))


def test_many_outlets_telling_one_meeting_give_one_event(build_kb) -> None:
    """Three times WINDOW articles on one meeting (and on a call a month later) still merge
    into one event each, with every article as corroboration, when the block is paired by
    neighbours instead of all pairs."""
    from backchannel.resolve.clusters import WINDOW
    files = {}
    for i in range(3 * WINDOW):
        files[f"m{i:03d}.txt"] = article(f"Outlet {i}", "2025-12-03",
                                         "Steve Witkoff met Vladimir Putin at the Kremlin on December 2, 2025.")
        files[f"c{i:03d}.txt"] = article(f"Outlet {i}", "2026-01-06",
                                         "Donald Trump spoke with Vladimir Putin by phone on January 5, 2026.")
    data = build_kb(files)
    meetings = [e for e in data["events"] if e["type"] == "meeting"]
    calls = [e for e in data["events"] if e["type"] == "call"]
    assert [e["corroboration"] for e in meetings] == [3 * WINDOW]
    assert [e["corroboration"] for e in calls] == [3 * WINDOW]
    assert meetings[0]["date"] == "2025-12-02" and calls[0]["date"] == "2026-01-05"
