"""Wire copies (corpus/copies.py, resolve/copies.py): one dispatch run by several outlets is one
report carried by all of them, analysed once and never counted as corroboration."""
from __future__ import annotations

from backchannel.corpus.copies import wire_copies
from backchannel.text.document import Document

DISPATCH = ("Envoy Steve Witkoff met Russian President Vladimir Putin in Moscow on 6 June 2025 for three hours, "
            "the Kremlin said, in talks on a ceasefire plan that Washington has pressed on both sides for weeks. "
            "Yuri Ushakov, a Kremlin aide, told reporters the meeting was useful and constructive, and that the "
            "two sides had agreed to keep talking through their envoys. He gave no date for another round, and "
            "said a summit of the two presidents was not yet on the agenda while the positions remained far apart.")
OTHER = ("Marco Rubio spoke with Sergei Lavrov by phone on 13 June 2025 about a prisoner exchange and the "
         "return of diplomats to both embassies, the State Department said. The two ministers agreed that "
         "their deputies would meet in Istanbul later in the month to settle the list of names, and Lavrov "
         "said Moscow was ready for a wider exchange if Kyiv agreed to it in the coming weeks of talks.")


def article(outlet: str, date: str, body: str) -> str:
    return f"# outlet: {outlet}\n# date: {date}\n\n{body}\n"


def test_a_reprinted_dispatch_is_a_copy_of_the_earliest_and_a_different_story_is_not() -> None:
    docs = [Document(source="b.txt", text=article("Gulf Ledger", "2025-06-07", DISPATCH + " Copyright Gulf Ledger.")),
            Document(source="a.txt", text=article("Harbour Times", "2025-06-06", DISPATCH)),
            Document(source="c.txt", text=article("Harbour Times", "2025-06-14", OTHER))]
    for d in docs:
        d.id = d.source
    assert wire_copies(docs) == {"b.txt": "a.txt"}


def test_copies_are_stored_and_credited_but_not_counted_as_sources(build_kb) -> None:
    data = build_kb({"a.txt": article("Harbour Times", "2025-06-06", DISPATCH),
                     "b.txt": article("Gulf Ledger", "2025-06-07", DISPATCH),
                     "c.txt": article("Baltic Wire", "2025-06-07", DISPATCH.replace("for weeks", "for a month")),
                     "d.txt": article("Harbour Times", "2025-06-14", OTHER)})
    assert len(data["documents"]) == 4  # every copy is kept, and searchable
    met = [e for e in data["events"] if e["type"] == "meeting" and e["date"] == "2025-06-06"]
    assert len(met) == 1
    assert set(met[0]["outlets"]) == {"Harbour Times", "Gulf Ledger", "Baltic Wire"}
    assert met[0]["corroboration"] == 1  # one report, however many outlets ran it
    assert {c["outlet"] for c in met[0]["attrs"]["copies"]} == {"Gulf Ledger", "Baltic Wire"}
    assert {ev["doc"] for ev in met[0]["evidence"]} == {"a"}  # its evidence is in the original
    call = [e for e in data["events"] if e["type"] == "call"]
    assert len(call) == 1 and "copies" not in call[0]["attrs"]
