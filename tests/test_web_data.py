"""A small hand-made knowledge base for the web-app tests, and checks that it is what it claims.

The articles are written here (Arabic, English, one mixed, one hostile); the items are
built by hand with spans found in those texts, so the web tests do not depend on how well
extraction does on the day. ``make_kb(path)`` writes it with ``KnowledgeBase.write``.
"""
from __future__ import annotations

import socket
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from backchannel.kb.model import Actor, Corpus, Deal, Discrepancy, DocAnalysis, Event, Mention, Proposal, Tie
from backchannel.kb.store import KnowledgeBase
from backchannel.text.document import Document, Span
from backchannel.text.layer import analyse

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Evil Actor'
HOSTILE_PLACE = "<script>window.__pwned=2</script>Riyadh"
HOSTILE_OUTLET = '<b onmouseover="window.__pwned=3">Bad</b> Outlet'

TEXTS = {
    "geneva.en.txt": (
        "Harbor Wire", "2025-03-10", "Envoy talks in Geneva",
        "US envoy Steve Witkoff met Kirill Dmitriev, head of Russia's sovereign wealth fund, in Geneva on 4 March 2025.\n"
        "The meeting lasted three hours, according to two officials.\n"
        "Last month the two men spoke by phone about prisoner releases.\n"
        "Dmitriev offered American companies a 12% stake in the Polar Gas project if sanctions are lifted.\n"
        "Witkoff later described a 28-point plan that would see Kyiv give up the Donbas and sanctions eased in phases."),
    "washington.ar.txt": (
        "Gulf Ledger", "2025-04-05", "لقاء في واشنطن",
        "التقى المبعوث الأمريكي ستيف ويتكوف مع كيريل دميترييف في واشنطن في الثاني من أبريل.\n"
        "وعرض دميترييف مشاريع مشتركة في القطب الشمالي بقيمة 10 مليارات دولار.\n"
        "ورفض الرئيس الأوكراني فولوديمير زيلينسكي أي تنازل عن الأراضي."),
    "kremlin.mixed.txt": (
        "Levant Daily", "2025-12-03", "الكرملين / The Kremlin",
        "استقبل الرئيس الروسي فلاديمير بوتين ويتكوف وكوشنر في الكرملين لمدة خمس ساعات.\n"
        "Putin received Witkoff and Jared Kushner, Trump's son-in-law, at the Kremlin for five hours.\n"
        "Zelensky answered with a 20-point plan that freezes the front line."),
    "kremlin2.en.txt": (
        "Harbor Wire", "2025-12-04", "Three hours in the Kremlin",
        "Witkoff and Kushner spent three hours with Putin in the Kremlin on Tuesday."),
    "hostile.en.txt": (
        HOSTILE_OUTLET, "2025-02-20", "<script>window.__pwned=4</script>Headline",
        "Officials said <script>window.__pwned=5</script> the envoys met in Riyadh in February 2025.\n"
        'A photo caption read <img src=x onerror="window.__pwned=6"> and nothing else.'),
}

ACTORS = {
    "witkoff": ("Steve Witkoff", "person", "US", {"en": ["Steve Witkoff", "Witkoff"], "ar": ["ستيف ويتكوف", "ويتكوف"]},
                ["US special envoy"]),
    "dmitriev": ("Kirill Dmitriev", "person", "Russia", {"en": ["Kirill Dmitriev", "Dmitriev"],
                                                         "ar": ["كيريل دميترييف", "دميترييف"]},
                 ["head of the Russian Direct Investment Fund"]),
    "putin": ("Vladimir Putin", "person", "Russia", {"en": ["Putin"], "ar": ["فلاديمير بوتين"]}, ["President of Russia"]),
    "kushner": ("Jared Kushner", "person", "US", {"en": ["Jared Kushner", "Kushner"], "ar": ["كوشنر"]}, []),
    "trump": ("Donald Trump", "person", "US", {"en": ["Trump"]}, ["President of the United States"]),
    "zelensky": ("Volodymyr Zelensky", "person", "Ukraine", {"en": ["Zelensky"], "ar": ["فولوديمير زيلينسكي"]},
                 ["President of Ukraine"]),
    "evil": (HOSTILE_NAME, "person", "other", {"en": ["Officials"]}, ['<script>window.__pwned=7</script>']),
}


def _find(doc: Document, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return doc.span(start, start + len(needle))


def _sentence(doc: Document, needle: str) -> Span:
    """The whole line holding ``needle`` (lines are sentences in these articles)."""
    at = doc.text.index(needle)
    start = doc.text.rfind("\n", 0, at) + 1
    end = doc.text.find("\n", at)
    return doc.span(start, len(doc.text) if end < 0 else end)


def make_corpus() -> tuple[Corpus, dict[str, Document]]:
    """The hand-made corpus and its documents by file name."""
    docs: dict[str, Document] = {}
    analyses: dict[str, DocAnalysis] = {}
    for name, (outlet, date, title, text) in TEXTS.items():
        doc = Document(source=name, text=text, outlet=outlet, date=date, title=title)
        layer = analyse(text)
        doc.languages = layer.languages
        doc.language = "+".join(doc.languages)
        docs[name] = doc
        analyses[name] = DocAnalysis(doc=doc, layer=layer)
    actors = []
    for key, (name, type_, side, names, roles) in ACTORS.items():
        aliases = [n for v in names.values() for n in v]
        actor = Actor(id=key, name=name, type=type_, side=side, aliases=aliases, names=names, roles=roles,
                      keys=[key], merge_reasons=[f"same name in the actor knowledge base ({name})"])
        for doc_name, doc in docs.items():
            for alias in sorted(aliases, key=len, reverse=True):
                at = 0
                while (at := doc.text.find(alias, at)) >= 0:
                    span = doc.span(at, at + len(alias))
                    taken = [m.span for m in analyses[doc_name].mentions if m.kind == "actor"]
                    if not any(span.overlaps(t) for t in taken):
                        analyses[doc_name].mentions.append(Mention(span, "actor", key))
                        actor.mentions.append(span)
                    at += len(alias)
        actors.append(actor)
    geneva, wash, krem, krem2, bad = (docs[n] for n in TEXTS)
    extra = [(geneva, "Geneva", "place", "Geneva", {}), (geneva, "4 March 2025", "date", "", {"iso": "2025-03-04"}),
             (geneva, "12%", "amount", "", {"amount": 12, "unit": "%"}), (geneva, "met", "trigger", "meeting", {}),
             (wash, "التقى", "trigger", "meeting", {}), (wash, "الثاني من أبريل", "date", "", {"iso": "2025-04-02"}),
             (wash, "10 مليارات دولار", "amount", "", {"amount": 10e9, "unit": "USD"}),
             (krem, "الكرملين", "place", "Kremlin", {}), (krem, "خمس ساعات", "amount", "", {"amount": 5, "unit": "hour"}),
             (krem, "الرئيس الروسي", "role", "President of Russia", {})]
    for doc, needle, kind, key, value in extra:
        analyses[doc.source].mentions.append(Mention(_find(doc, needle), kind, key, value))

    events = [
        Event(id="ev_geneva", type="meeting", date="2025-03-04", date_precision="day", date_phrase="4 March 2025",
              place="Geneva", participants=["witkoff", "dmitriev"], duration_hours=3.0, outlets=["Harbor Wire"],
              summary="Witkoff and Dmitriev meet in Geneva.",
              evidence=[_sentence(geneva, "in Geneva"), _sentence(geneva, "lasted three hours")]),
        Event(id="ev_call", type="call", date="2025-02", date_precision="month", date_phrase="Last month",
              participants=["witkoff", "dmitriev"], outlets=["Harbor Wire"], evidence=[_sentence(geneva, "by phone")]),
        Event(id="ev_washington", type="meeting", date="2025-04-02", date_precision="day",
              date_phrase="الثاني من أبريل", place="Washington", participants=["witkoff", "dmitriev"],
              outlets=["Gulf Ledger"], evidence=[_sentence(wash, "التقى")]),
        Event(id="ev_kremlin", type="meeting", date="2025-12-02", date_precision="day", date_phrase="Tuesday",
              place="Kremlin", participants=["putin", "witkoff", "kushner"], duration_hours=5.0,
              outlets=["Levant Daily", "Harbor Wire"], corroboration=2,
              evidence=[_sentence(krem, "استقبل"), _sentence(krem, "Putin received"), _sentence(krem2, "three hours")]),
        Event(id="ev_refusal", type="refusal", participants=["zelensky"], outlets=["Gulf Ledger"],
              evidence=[_sentence(wash, "ورفض")]),
        Event(id="ev_riyadh", type="meeting", date="2025-02", date_precision="month", date_phrase="February 2025",
              place=HOSTILE_PLACE, participants=["evil"], outlets=[HOSTILE_OUTLET],
              summary='<img src=x onerror="window.__pwned=8">', evidence=[_sentence(bad, "Riyadh")]),
    ]
    deals = [
        Deal(id="deal_polar", asset="Polar Gas project", parties=["dmitriev", "witkoff"], sector="energy",
             value={"amount": 12, "unit": "%"}, condition="if sanctions are lifted", status="proposed",
             outlets=["Harbor Wire"], evidence=[_sentence(geneva, "Polar Gas")]),
        Deal(id="deal_arctic", asset="Arctic joint projects", parties=["dmitriev"], sector="energy",
             value={"amount": 10e9, "unit": "USD"}, status="discussed", outlets=["Gulf Ledger"],
             evidence=[_sentence(wash, "القطب الشمالي")]),
        Deal(id="deal_evil", asset='<svg onload="window.__pwned=9">', parties=["evil"], status="proposed",
             evidence=[_sentence(bad, "caption")]),
    ]
    proposals = [
        Proposal(id="plan_28", name="28-point plan", proposer="witkoff",
                 issues=[{"issue": "territory: Donbas", "position": "Kyiv gives it up"},
                         {"issue": "sanctions", "position": "eased in phases"}],
                 reactions=[{"actor": "zelensky", "stance": "rejects"}, {"actor": "putin", "stance": "backs"}],
                 outlets=["Harbor Wire"], evidence=[_sentence(geneva, "28-point")]),
        Proposal(id="plan_20", name="20-point plan", proposer="zelensky",
                 issues=[{"issue": "territory: Donbas", "position": "freeze the front line"}],
                 reactions=[{"actor": "witkoff", "stance": "mixed"}],
                 outlets=["Levant Daily"], evidence=[_sentence(krem, "20-point")]),
    ]
    ties = [Tie(id="tie_kushner_trump", source="kushner", target="trump", kind="son_in_law_of",
                label="son-in-law of", evidence=[_find(krem, "Trump's son-in-law")])]
    discrepancies = [Discrepancy(id="disc_kremlin_hours", item_kind="events", item_id="ev_kremlin", field="duration",
                                 readings=[{"value": "5 hours", "outlets": ["Levant Daily"], "docs": [krem.id],
                                            "evidence": [_find(krem, "for five hours").to_dict()]},
                                           {"value": "3 hours", "outlets": ["Harbor Wire"], "docs": [krem2.id],
                                            "evidence": [_find(krem2, "three hours").to_dict()]}])]
    corpus = Corpus(analyses=list(analyses.values()), actors=actors, ties=ties, events=events, deals=deals,
                    proposals=proposals, discrepancies=discrepancies,
                    actor_of_key={a.id: a.id for a in actors})
    return corpus, docs


def make_kb(path: Path, *, sanctions: bool = True) -> Path:
    """Write the hand-made knowledge base to ``path`` (with a sanctions match for Dmitriev)."""
    corpus, _ = make_corpus()
    KnowledgeBase.write(path, corpus)
    if sanctions:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE sanctions_matches (actor TEXT, list TEXT, program TEXT, entity_id TEXT, "
                         "entity_name TEXT, matched_name TEXT, score REAL)")
            conn.execute("INSERT INTO sanctions_matches VALUES ('dmitriev', 'us_ofac_sdn', 'RUSSIA-EO14024', "
                         "'NK-test', 'DMITRIEV, Kirill', 'Kirill Dmitriev', 0.97)")
    return path


def test_every_span_is_the_text_at_its_offsets() -> None:
    corpus, _ = make_corpus()
    texts = {a.doc.id: a.doc.text for a in corpus.analyses}
    spans = [m.span for a in corpus.analyses for m in a.mentions]
    spans += [s for kind in ("events", "deals", "proposals", "ties") for item in corpus.items(kind) for s in item.evidence]
    assert len(spans) > 30
    for s in spans:
        assert texts[s.doc][s.start:s.end] == s.text


def test_the_hand_made_base_reads_back(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    with KnowledgeBase(db) as kb:
        stats = kb.stats()
        assert (stats["documents"], stats["events"], stats["deals"], stats["proposals"]) == (5, 6, 3, 2)
        assert {m["actor"] for m in kb.mentions(kind="actor")} >= {"witkoff", "dmitriev", "putin", "zelensky"}


# ---------------------------------------------------------------- running the app for browser tests

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def running(db: Path, *, review: bool = False) -> Iterator[str]:
    """The app over ``db`` (reviewing, with ``review``) served by uvicorn in a thread on a free
    local port; yields its base URL."""
    import uvicorn

    from backchannel.web import create_app
    from backchannel.web.server import warm

    app = create_app(db, review=review)
    warm(app)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser_page() -> Iterator[Any]:
    """A Playwright page in Debian's headless Chromium (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1360, "height": 900})
        finally:
            browser.close()
