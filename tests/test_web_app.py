"""The web app's pages and JSON API, driven over HTTP on a hand-made knowledge base."""
from __future__ import annotations

import re
import socket
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from backchannel.cli import cli
from backchannel.kb.model import Corpus
from backchannel.kb.store import KnowledgeBase
from backchannel.web import create_app
from test_web_data import make_corpus, make_kb

PAGES = ["/", "/timeline", "/network", "/actors", "/actor/dmitriev", "/deals", "/proposals", "/sources",
         "/documents", "/event/ev_kremlin", "/deal/deal_polar", "/proposal/plan_28", "/search?q=Witkoff", "/api"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_kb(tmp_path_factory.mktemp("web") / "kb.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def _text(html: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _doc_id(client: TestClient, source: str) -> str:
    return next(d["id"] for d in client.get("/documents.json").json()["documents"] if d["source"] == source)


# ---------------------------------------------------------------- every page and its twin


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_forbids_foreign_scripts(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    # nothing is loaded from another host: no absolute URL in any src or stylesheet link
    assert not re.search(r'(src|href)="(https?:)?//', r.text)


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/api"])
def test_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    base, _, query = path.partition("?")
    twin = ("/overview" if base == "/" else base) + ".json" + (f"?{query}" if query else "")
    r = client.get(twin)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert f'href="{twin.replace("&", "&amp;")}"' in client.get(path).text  # the page links to it


def test_openapi_describes_every_json_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/timeline.json", "/network.json", "/actor/{actor_id}.json", "/doc/{doc_id}.json", "/search.json",
            "/deals.json", "/proposals.json", "/sources.json", "/event/{item_id}.json"} <= paths
    assert not any(not p.endswith(".json") for p in paths)  # the HTML pages are not in the API
    params = {p["name"] for p in spec["paths"]["/timeline.json"]["get"]["parameters"]}
    assert {"actor", "type", "outlet", "page"} <= params
    assert "EventRow" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_unknown_ids_are_404_in_both_forms(client: TestClient) -> None:
    assert client.get("/actor/nobody").status_code == 404
    assert "no actor with that id" in client.get("/actor/nobody").text
    assert client.get("/actor/nobody.json").json() == {"detail": "no actor with that id in this knowledge base"}
    assert client.get("/event/deal_polar").status_code == 404  # a deal is not an event


# ---------------------------------------------------------------- overview


def test_overview_counts_match_the_knowledge_base(client: TestClient, db: Path) -> None:
    data = client.get("/overview.json").json()
    with KnowledgeBase(db) as kb:
        stats = kb.stats()
    for key in ("documents", "actors", "events", "deals", "proposals", "discrepancies"):
        assert data["counts"][key] == stats[key]
    assert {r["outlet"]: r["documents"] for r in data["by_outlet"]}["Harbor Wire"] == 2
    assert [m["month"] for m in data["by_month"]][:3] == ["2025-02", "2025-03", "2025-04"]
    assert len(data["by_month"]) == 11  # February to December, empty months included
    assert data["top_actors"][0]["id"] in {"witkoff", "dmitriev"}
    page = _text(client.get("/").text)
    assert "Most involved actors" in page and "1 actors on sanctions lists" in page


# ---------------------------------------------------------------- timeline


def test_timeline_is_in_date_order_with_undated_last(client: TestClient) -> None:
    events = client.get("/timeline.json").json()["events"]
    dates = [e["date"] for e in events]
    assert dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1])
    assert [e["id"] for e in events][-2:] == ["ev_kremlin", "ev_refusal"]
    html = client.get("/timeline").text
    headers = re.findall(r'<h2 id="m-([^"]+)">', html)
    assert headers == ["2025-02", "2025-03", "2025-04", "2025-12", "undated"]


def test_a_month_only_date_is_never_given_a_day(client: TestClient) -> None:
    call = next(e for e in client.get("/timeline.json").json()["events"] if e["id"] == "ev_call")
    assert (call["date"], call["date_precision"], call["date_label"]) == ("2025-02", "month", "February 2025")
    html = client.get("/timeline").text
    card = html[html.index('id="e-ev_call"'):html.index("</li>", html.index('id="e-ev_call"'))]
    assert "month only" in card and "Last month" in card
    assert not re.search(r'class="day"', card)
    refusal = html[html.index('id="e-ev_refusal"'):]
    assert "no date" in refusal[:400]


def test_timeline_filters_by_actor_type_and_outlet(client: TestClient) -> None:
    by_actor = client.get("/timeline.json?actor=kushner").json()
    assert [e["id"] for e in by_actor["events"]] == ["ev_kremlin"]
    assert by_actor["total"] == 1
    assert {e["type"] for e in client.get("/timeline.json?type=call").json()["events"]} == {"call"}
    assert [e["id"] for e in client.get("/timeline.json?outlet=Levant Daily").json()["events"]] == ["ev_kremlin"]
    both = client.get("/timeline.json?actor=dmitriev&type=meeting").json()["events"]
    assert [e["id"] for e in both] == ["ev_geneva", "ev_washington"]
    page = client.get("/timeline?actor=kushner").text
    assert '<option value="kushner" selected>' in page and "1 event" in _text(page)
    assert client.get("/timeline.json?actor=").json()["total"] == 6  # an empty filter is no filter


def test_timeline_shows_participants_place_duration_and_corroboration(client: TestClient) -> None:
    kremlin = next(e for e in client.get("/timeline.json").json()["events"] if e["id"] == "ev_kremlin")
    assert [p["id"] for p in kremlin["participants"]] == ["putin", "witkoff", "kushner"]
    assert (kremlin["place"], kremlin["duration_label"], kremlin["corroboration"]) == ("Kremlin", "5 h", 2)
    assert kremlin["outlets"] == ["Harbor Wire", "Levant Daily"]
    card = _text(client.get("/timeline").text)
    assert "2 outlets" in card and "5 h" in card and "disputed" in card


def test_timeline_pages(client: TestClient) -> None:
    first = client.get("/timeline.json?size=4").json()
    second = client.get("/timeline.json?size=4&page=2").json()
    assert (first["pages"], len(first["events"]), len(second["events"])) == (2, 4, 2)
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    assert 'rel="next"' in client.get("/timeline?size=4").text


# ---------------------------------------------------------------- event, evidence and the reader


def test_event_evidence_leads_to_the_reader_with_that_span_highlighted(client: TestClient) -> None:
    event = client.get("/event/ev_kremlin.json").json()
    assert len(event["evidence"]) == 3
    assert event["discrepancies"][0]["field"] == "duration"
    for ev in event["evidence"]:
        assert ev["href"] == f"/doc/{ev['doc']}?hl={ev['start']}-{ev['end']}#hl"
        page = client.get(ev["href"].split("#")[0]).text
        marked = re.findall(r'<(?:mark|a)[^>]*class="[^"]*\btarget\b[^"]*"[^>]*>(.*?)</(?:mark|a)>', page, re.S)
        assert unescape("".join(marked)) == ev["text"]
        assert page.count('id="hl"') == 1


def test_reader_gives_each_line_its_direction(client: TestClient) -> None:
    html = client.get(f"/doc/{_doc_id(client, 'kremlin.mixed.txt')}").text
    dirs = re.findall(r'<p dir="(\w+)" lang="(\w+)"', html)
    assert dirs == [("rtl", "ar"), ("ltr", "en"), ("ltr", "en")]
    arabic = client.get(f"/doc/{_doc_id(client, 'washington.ar.txt')}").text
    assert set(re.findall(r'<p dir="(\w+)"', arabic)) == {"rtl"}


def test_reader_links_every_recognised_span(client: TestClient) -> None:
    doc = _doc_id(client, "geneva.en.txt")
    html = client.get(f"/doc/{doc}").text
    links = dict((unescape(t), h) for h, t in re.findall(r'<a class="hl[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', html))
    assert links["Kirill Dmitriev"] == "/actor/dmitriev"
    assert links["12%"] == "/deal/deal_polar"  # an amount inside a deal's evidence opens the deal
    assert links["4 March 2025"] == "/event/ev_geneva"
    assert 'class="hl k-place' in html and 'class="hl k-trigger' in html
    data = client.get(f"/doc/{doc}.json").json()
    assert {m["kind"] for m in data["mentions"]} >= {"actor", "place", "date", "amount", "trigger"}
    assert all(data["text"][m["start"]:m["end"]] == m["text"] for m in data["mentions"])


def test_reader_ignores_a_span_outside_the_document(client: TestClient) -> None:
    doc = _doc_id(client, "geneva.en.txt")
    for hl in ("5-2", "0-999999", "abc", "-3-4"):
        r = client.get(f"/doc/{doc}?hl={hl}")
        assert r.status_code == 200 and 'id="hl"' not in r.text


def test_reader_opens_a_document_by_file_name_too(client: TestClient) -> None:
    assert client.get("/doc/geneva.en.txt").status_code == 200


# ---------------------------------------------------------------- actors and network


def test_actor_page_has_names_roles_ties_events_deals_and_mentions(client: TestClient) -> None:
    data = client.get("/actor/dmitriev.json").json()
    assert data["names"]["ar"] == ["كيريل دميترييف", "دميترييف"] and "Dmitriev" in data["names"]["en"]
    assert data["roles"] == ["head of the Russian Direct Investment Fund"]
    assert [e["id"] for e in data["events"]] == ["ev_call", "ev_geneva", "ev_washington"]
    assert {d["id"] for d in data["deals"]} == {"deal_polar", "deal_arctic"}
    assert data["associates"][0]["id"] == "witkoff" and data["associates"][0]["shared"] == 4
    assert data["sanctions"][0]["list"] == "us_ofac_sdn"
    mentions = data["mentions"]
    assert mentions["total"] == len(mentions["items"]) == 4
    for m in mentions["items"]:
        assert m["text"] in ("Kirill Dmitriev", "Dmitriev", "كيريل دميترييف", "دميترييف")
        assert "\n" not in m["before"] + m["after"]
    page = _text(client.get("/actor/dmitriev").text)
    assert "On a sanctions list" in page and "كيريل دميترييف" in page
    kushner = client.get("/actor/kushner.json").json()
    assert kushner["ties"][0]["kind"] == "son_in_law_of" and kushner["ties"][0]["other"]["id"] == "trump"
    assert "son-in-law of" in _text(client.get("/actor/kushner").text)


def test_actor_mentions_page(client: TestClient) -> None:
    first = client.get("/actor/witkoff.json").json()["mentions"]
    assert first["total"] > 1
    app = client.app
    web = app.state.web  # type: ignore[attr-defined]
    one = web.actor_mentions("witkoff", page=2, size=1)
    assert one and one[0]["text"] in ("Steve Witkoff", "Witkoff", "ستيف ويتكوف", "ويتكوف")


def test_actors_list_filters(client: TestClient) -> None:
    assert {a["id"] for a in client.get("/actors.json?side=Russia").json()["actors"]} == {"dmitriev", "putin"}
    assert [a["id"] for a in client.get("/actors.json?q=دميترييف").json()["actors"]] == ["dmitriev"]
    assert [a["id"] for a in client.get("/actors.json?q=ديميترييف").json()["actors"]] == ["dmitriev"]  # another spelling
    assert [a["id"] for a in client.get("/actors.json?q=Ushakov").json()["actors"]] == []
    assert [a["id"] for a in client.get("/actors.json?q=KUSHNER").json()["actors"]] == ["kushner"]


def test_network_has_every_actor_and_the_ties_between_them(client: TestClient) -> None:
    net = client.get("/network.json").json()
    nodes = {n["id"]: n for n in net["nodes"]}
    assert set(nodes) == {"witkoff", "dmitriev", "putin", "kushner", "trump", "zelensky", "evil"}
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("dmitriev", "witkoff")]["kinds"] == {"event": 3, "deal": 1}
    assert edges[("kushner", "trump")]["stated"]
    assert nodes["witkoff"]["r"] > nodes["trump"]["r"]  # sized by involvement
    assert nodes["dmitriev"]["flagged"] and not nodes["witkoff"]["flagged"]
    for n in net["nodes"]:
        assert 0 <= n["x"] <= net["width"] and 0 <= n["y"] <= net["height"]
    html = client.get("/network").text
    assert '<a class="node side-russia labelled" href="/actor/dmitriev"' in html
    assert len(client.get("/network.json?limit=3").json()["nodes"]) == 3
    assert {n["id"] for n in client.get("/network.json?side=US").json()["nodes"]} == {"witkoff", "kushner", "trump"}


def test_network_is_readable_at_a_hundred_actors(tmp_path: Path) -> None:
    from backchannel.kb.model import Actor, Event

    corpus = Corpus(actors=[Actor(id=f"a{i}", name=f"Actor {i}", side=["US", "Russia", None][i % 3]) for i in range(140)],
                    events=[Event(id=f"e{i}", type="meeting", participants=[f"a{i % 140}", f"a{(i * 7) % 140}"])
                            for i in range(300)])
    web = TestClient(create_app(KnowledgeBase.write(tmp_path / "big.db", corpus)))
    net = web.get("/network.json").json()
    assert len(net["nodes"]) == 100
    assert sum(n["labelled"] for n in net["nodes"]) <= 30  # the rest are named on hover
    positions = {(round(n["x"]), round(n["y"])) for n in net["nodes"]}
    assert len(positions) == 100  # no two actors drawn on the same spot
    html = web.get("/network").text
    assert html.count("<title>") >= 100  # every node and edge explains itself on hover


# ---------------------------------------------------------------- deals, proposals, sources


def test_deals_table_with_values_conditions_and_sanctions_flags(client: TestClient) -> None:
    deals = {d["id"]: d for d in client.get("/deals.json").json()["deals"]}
    polar = deals["deal_polar"]
    assert (polar["value_label"], polar["condition"], polar["status"]) == ("12 %", "if sanctions are lifted", "proposed")
    assert polar["sanctions_flag"] and "Kirill Dmitriev is on a sanctions list" in polar["sanctions_reason"]
    assert deals["deal_arctic"]["value_label"] == "10 bn USD"
    assert not deals["deal_evil"]["sanctions_flag"]
    assert [d["id"] for d in client.get("/deals.json?status=discussed").json()["deals"]] == ["deal_arctic"]
    row = client.get("/deals").text
    assert row.count('<tr class="flagged">') == 2


def test_deal_flags_from_screening_replace_the_app_s_own_reading(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db", sanctions=False)
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE deal_flags (deal TEXT, flag TEXT, actor TEXT, detail TEXT)")
        conn.execute("INSERT INTO deal_flags VALUES ('deal_arctic', 'sanctioned_party', 'dmitriev', 'party listed')")
    deals = {d["id"]: d for d in TestClient(create_app(db)).get("/deals.json").json()["deals"]}
    assert deals["deal_arctic"]["sanctions_reason"] == "party listed"
    assert not deals["deal_polar"]["sanctions_flag"]


def test_proposal_issue_matrix_and_stances(client: TestClient) -> None:
    data = client.get("/proposals.json").json()
    assert data["issues"] == ["territory: Donbas", "sanctions"]
    territory = data["matrix"][0]
    assert [c["positions"] for c in territory["cells"]] == [["Kyiv gives it up"], ["freeze the front line"]]
    assert [c["covered"] for c in data["matrix"][1]["cells"]] == [True, False]
    plan = data["proposals"][0]
    assert [a["id"] for a in plan["stances"]["rejects"]] == ["zelensky"]
    assert [a["id"] for a in plan["stances"]["backs"]] == ["putin"]
    assert plan["proposer"]["id"] == "witkoff"


def test_sources_show_who_reports_what_and_disagreements_side_by_side(client: TestClient) -> None:
    data = client.get("/sources.json").json()
    outlets = {o["outlet"]: o for o in data["outlets"]}
    assert (outlets["Harbor Wire"]["documents"], outlets["Harbor Wire"]["events"]) == (2, 3)
    kremlin = next(c for c in data["coverage"] if c["id"] == "ev_kremlin")
    assert kremlin["outlets"] == ["Harbor Wire", "Levant Daily"]
    assert data["coverage"][0]["id"] == "ev_kremlin"  # the most widely reported first
    readings = data["discrepancies"][0]["readings"]
    assert [r["value"] for r in readings] == ["5 hours", "3 hours"]
    assert [r["evidence"][0]["text"] for r in readings] == ["for five hours", "three hours"]
    html = client.get("/sources").text
    assert html.count('class="reading"') == 2
    only = client.get("/sources.json?outlet=Gulf Ledger").json()["coverage"]
    assert {c["id"] for c in only} == {"ev_washington", "ev_refusal", "deal_arctic"}


# ---------------------------------------------------------------- search


def test_search_finds_arabic_in_any_spelling_and_marks_the_words(client: TestClient) -> None:
    plain = client.get("/search.json?q=الكرملين").json()["hits"]
    assert plain and all("الكرملين" in h["text"] for h in plain)
    diacritics = client.get("/search.json?q=الكِرْمْلين").json()["hits"]
    assert [h["text"] for h in diacritics] == [h["text"] for h in plain]
    alef = client.get("/search.json?q=ابريل").json()["hits"]  # the text writes أبريل
    assert len(alef) == 1 and "أبريل" in alef[0]["text"]
    start, end = alef[0]["marks"][0]
    assert alef[0]["text"][start:end] == "أبريل"
    html = client.get("/search?q=ابريل").text
    assert "<mark>أبريل</mark>" in html
    assert [a["id"] for a in client.get("/search.json?q=witkoff").json()["actors"]] == ["witkoff"]
    assert client.get("/search.json?q=").json()["hits"] == []


# ---------------------------------------------------------------- the model page and the command


def test_model_page_shows_the_shipped_scenario(client: TestClient) -> None:
    page = client.get("/model")
    assert page.status_code == 200 and '<img class="chart" src="/model.svg"' in page.text
    svg = client.get("/model.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    data = client.get("/model.json").json()
    assert data["issues"] and all(set(i["forecasts"]) == {m for m, _ in data["models"]} for i in data["issues"])


def test_a_rebuilt_knowledge_base_is_picked_up_without_a_restart(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    web = TestClient(create_app(db))
    assert web.get("/overview.json").json()["counts"]["events"] == 6
    corpus, _ = make_corpus()
    corpus.events = corpus.events[:2]
    KnowledgeBase.write(db, corpus)
    assert web.get("/overview.json").json()["counts"]["events"] == 2
    assert web.get("/timeline.json").json()["total"] == 2


def test_serve_command_explains_itself_and_refuses_a_missing_file(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(cli, ["serve", "--help"]).output
    assert "http://127.0.0.1:8765/" in help_text and "--port" in help_text
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "build one first" in " ".join(result.output.split())


def test_serve_says_when_its_port_is_taken(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and f"port {port} on 127.0.0.1 is already in use" in said and "serving" not in said


def test_build_ends_by_saying_how_to_open_the_app(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Witkoff met Dmitriev in Geneva on 4 March 2025.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert said.endswith(f"backchannel serve --db {tmp_path / 'kb.db'} (then http://127.0.0.1:8765/)")
