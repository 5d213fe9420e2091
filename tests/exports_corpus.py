"""A small hand-made knowledge base for the export, screening and report tests.

Two short articles written for these tests (one Arabic, one English) and actors, ties,
events, deals, proposals and a discrepancy pointing into them with exact offsets, so the
exports can be checked without depending on how well extraction does today.
"""
from __future__ import annotations

import json
from pathlib import Path

from backchannel.kb.model import Actor, Corpus, Deal, Discrepancy, Event, Mention, Proposal, Tie
from backchannel.kb.store import KnowledgeBase
from backchannel.pipeline import BuildOptions, analyse_document
from backchannel.text.document import Document

AR_TEXT = (
    "التقى المبعوث ستيف ويتكوف برئيس الصندوق السيادي كيريل دميترييف في ميامي في 24 أكتوبر 2025.\n"
    "وقال دميترييف إن شركة لوك أويل مستعدة لبيع أصولها الخارجية إذا رُفعت العقوبات الأمريكية.\n"
    "وحضر اللقاء جاريد كوشنر، صهر الرئيس الأمريكي.\n"
)
EN_TEXT = (
    "Steve Witkoff and Jared Kushner met Kirill Dmitriev in Moscow on 2 December 2025.\n"
    "The envoys presented a 20-point plan; Dmitriev said Moscow backs parts of it.\n"
    "An Arctic energy venture with a US partner is planned, subject to board approval.\n"
)


def span(doc: Document, needle: str, nth: int = 0):
    """The span of the ``nth`` occurrence of ``needle`` in ``doc`` (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return doc.span(start, start + len(needle))


def make_corpus() -> tuple[Corpus, Document, Document]:
    """The corpus, its Arabic document and its English document."""
    ar = Document(source="gulf-ledger-ar.txt", text=AR_TEXT, outlet="Gulf Ledger", date="2025-10-25", language="ar")
    en = Document(source="wire-en.txt", text=EN_TEXT, outlet="Harbour Wire", date="2025-12-03", language="en")
    options = BuildOptions()
    analyses = [analyse_document(ar, options), analyse_document(en, options)]
    actors = [
        Actor(id="a_dmitriev", name="كيريل دميترييف", type="person", side="Russia",
              aliases=["كيريل دميترييف", "دميترييف"], names={"ar": ["كيريل دميترييف"]},
              roles=["رئيس الصندوق السيادي"], source="discovered",
              mentions=[span(ar, "كيريل دميترييف"), span(ar, "دميترييف", 1)]),
        Actor(id="a_witkoff", name="Steve Witkoff", type="person", side="US",
              aliases=["ستيف ويتكوف", "Steve Witkoff"], names={"en": ["Steve Witkoff"], "ar": ["ستيف ويتكوف"]},
              roles=["US special envoy"], mentions=[span(ar, "ستيف ويتكوف"), span(en, "Steve Witkoff")]),
        Actor(id="a_kushner", name="Jared Kushner", type="person", side="US",
              aliases=["جاريد كوشنر", "Jared Kushner"], mentions=[span(ar, "جاريد كوشنر"), span(en, "Jared Kushner")]),
        Actor(id="a_trump", name="Donald Trump", type="person", side="US", aliases=["الرئيس الأمريكي"],
              mentions=[span(ar, "الرئيس الأمريكي")]),
        Actor(id="a_lukoil", name="لوك أويل", type="company", side="Russia", aliases=["لوك أويل"],
              mentions=[span(ar, "لوك أويل")]),
        Actor(id="a_fund", name="Russian sovereign fund", type="fund", side="Russia",
              aliases=["الصندوق السيادي"], mentions=[span(ar, "الصندوق السيادي")]),
    ]
    ties = [
        Tie(id="t1", source="a_kushner", target="a_trump", kind="son_in_law_of", label="son-in-law of",
            evidence=[span(ar, "جاريد كوشنر، صهر الرئيس الأمريكي")]),
        Tie(id="t2", source="a_dmitriev", target="a_fund", kind="heads",
            evidence=[span(ar, "برئيس الصندوق السيادي كيريل دميترييف")]),
        Tie(id="t3", source="a_witkoff", target="a_dmitriev", kind="met_with",
            evidence=[span(en, "Steve Witkoff and Jared Kushner met Kirill Dmitriev")]),
    ]
    events = [
        Event(id="e_miami", type="meeting", plover="CONSULT", date="2025-10-24", date_precision="day",
              place="Miami", participants=["a_witkoff", "a_dmitriev"], outlets=["Gulf Ledger"],
              evidence=[span(ar, "التقى المبعوث ستيف ويتكوف برئيس الصندوق السيادي كيريل دميترييف في ميامي في 24 أكتوبر 2025.")]),
        Event(id="e_moscow", type="meeting", plover="CONSULT", date="2025-12-02", date_precision="day",
              place="Moscow", participants=["a_witkoff", "a_kushner", "a_dmitriev"], outlets=["Harbour Wire"],
              evidence=[span(en, "Steve Witkoff and Jared Kushner met Kirill Dmitriev in Moscow on 2 December 2025.")]),
    ]
    deals = [
        Deal(id="k_lukoil", asset="Lukoil foreign assets", parties=["a_lukoil"], sector="energy",
             condition="إذا رُفعت العقوبات الأمريكية", status="proposed", outlets=["Gulf Ledger"],
             evidence=[span(ar, "شركة لوك أويل مستعدة لبيع أصولها الخارجية إذا رُفعت العقوبات الأمريكية")]),
        Deal(id="k_arctic", asset="Arctic energy venture", parties=["a_witkoff"], sector="energy",
             value={"amount": 2.5, "unit": "USD"}, condition="subject to board approval", status="proposed",
             outlets=["Harbour Wire"],
             evidence=[span(en, "An Arctic energy venture with a US partner is planned, subject to board approval.")]),
    ]
    proposals = [
        Proposal(id="p_20", name="20-point plan", proposer="a_witkoff",
                 issues=[{"issue": "security guarantees", "position": "backed by the US"}],
                 reactions=[{"actor": "a_dmitriev", "stance": "mixed"}], outlets=["Harbour Wire"],
                 evidence=[span(en, "The envoys presented a 20-point plan")]),
    ]
    discrepancies = [
        Discrepancy(id="x1", item_kind="events", item_id="e_moscow", field="place",
                    readings=[{"value": "Miami", "docs": [ar.id], "outlets": ["Gulf Ledger"]},
                              {"value": "Moscow", "docs": [en.id], "outlets": ["Harbour Wire"]}]),
        Discrepancy(id="x2", item_kind="events", item_id="e_moscow", field="participants",
                    readings=[{"value": ["a_witkoff", "a_dmitriev"], "docs": [ar.id]},
                              {"value": ["a_witkoff", "a_kushner", "a_dmitriev"], "docs": [en.id]}]),
    ]
    # The store keeps actor mentions as Mention rows whose local key resolves to the actor.
    by_doc = {a.doc.id: a for a in analyses}
    for actor in actors:
        actor.keys = [f"key:{actor.id}"]
        for s in actor.mentions:
            by_doc[s.doc].mentions.append(Mention(span=s, kind="actor", key=actor.keys[0]))
    corpus = Corpus(analyses=analyses, actors=actors, ties=ties, events=events, deals=deals,
                    proposals=proposals, discrepancies=discrepancies)
    return corpus, ar, en


def make_kb(path: Path) -> Path:
    """Write the hand-made corpus to a knowledge-base file at ``path``."""
    corpus, _, _ = make_corpus()
    return KnowledgeBase.write(path, corpus)


SANCTIONS = [
    # A listed person written in Latin script, with a patronymic, and his sanction.
    {"id": "os-dmitriev", "schema": "Person", "datasets": ["test_sanctions"], "target": True,
     "properties": {"name": ["Kirill Aleksandrovich DMITRIEV"], "alias": ["Kirill Dmitriev"],
                    "topics": ["sanction"]}},
    {"id": "os-dmitriev-sanction", "schema": "Sanction", "datasets": ["test_sanctions"],
     "properties": {"entity": ["os-dmitriev"], "program": ["UKRAINE-EO14024"], "authority": ["Test Treasury"]}},
    # Someone else who shares a surname with an actor: must not match Jared Kushner.
    {"id": "os-c-kushner", "schema": "Person", "datasets": ["test_sanctions"], "target": True,
     "properties": {"name": ["Charles Kushner"], "topics": ["sanction"]}},
    # A listed company, nested sanction (the "targets.nested" shape).
    {"id": "os-lukoil", "schema": "Company", "datasets": ["test_sanctions"], "target": True,
     "properties": {"name": ["Lukoil"], "alias": ["PJSC Lukoil"], "topics": ["sanction"],
                    "sanctions": [{"id": "s2", "schema": "Sanction", "datasets": ["test_sanctions"],
                                   "properties": {"program": ["RUSSIA-EO14071"]}}]}},
    # A politically exposed person, not sanctioned: not a sanctions match.
    {"id": "os-witkoff-pep", "schema": "Person", "datasets": ["test_peps"], "target": True,
     "properties": {"name": ["Steve Witkoff"], "topics": ["role.pep"]}},
    # An organisation that happens to carry a person's name: people only match people.
    {"id": "os-kushner-org", "schema": "Organization", "datasets": ["test_sanctions"], "target": True,
     "properties": {"name": ["Jared Kushner"], "topics": ["sanction"]}},
]


def write_sanctions(path: Path, entities: list[dict] | None = None, *, junk: bool = False) -> Path:
    """Write a sanctions list as FtM JSON lines (optionally with an unreadable line)."""
    lines = [json.dumps(e, ensure_ascii=False) for e in (SANCTIONS if entities is None else entities)]
    if junk:
        lines.insert(1, "{this is not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
