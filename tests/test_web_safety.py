"""Hostile article HTML: an article holding <script> or <img onerror> shows that text and runs nothing."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest
from fastapi.testclient import TestClient

from backchannel.web import create_app
from test_web_data import HOSTILE_NAME, HOSTILE_OUTLET, HOSTILE_PLACE, browser_page, make_kb, running

# Markup that would run if any page inserted it raw.
LIVE = [r"<script>window\.__pwned", r"<img src=x onerror", r"<svg onload", r"<b onmouseover", r"<script>alert"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_kb(tmp_path_factory.mktemp("hostile") / "kb.db")


def _pages(client: TestClient) -> list[str]:
    hostile_doc = next(d["id"] for d in client.get("/documents.json").json()["documents"] if d["source"] == "hostile.en.txt")
    return ["/", "/timeline", "/network", "/actors", "/actor/evil", "/deals", "/deal/deal_evil", "/proposals",
            "/sources", "/documents", "/event/ev_riyadh", f"/doc/{hostile_doc}", f"/doc/{hostile_doc}?hl=15-55",
            "/search?q=script", "/search?q=<script>alert(1)</script>", "/actors?q=<img src=x onerror=alert(1)>",
            "/timeline?outlet=" + HOSTILE_OUTLET, "/sources?outlet=" + HOSTILE_OUTLET]


def test_no_page_inserts_article_markup_raw(db: Path) -> None:
    client = TestClient(create_app(db))
    for path in _pages(client):
        html = client.get(path).text
        for pattern in LIVE:
            assert not re.search(pattern, html), f"{path} holds live markup {pattern}"
    reader = client.get(_pages(client)[11]).text
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt;" in reader
    assert "&lt;img src=x onerror=&#34;window.__pwned=6&#34;&gt;" in reader
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt;Headline" in reader  # the title too


def test_json_carries_the_text_as_data(db: Path) -> None:
    client = TestClient(create_app(db))
    actor = client.get("/actor/evil.json").json()
    assert actor["name"] == HOSTILE_NAME
    event = client.get("/event/ev_riyadh.json").json()
    assert event["place"] == HOSTILE_PLACE and event["outlets"] == [HOSTILE_OUTLET]


def test_articles_read_from_files_are_escaped_too(build_kb: Callable[..., dict]) -> None:
    page = ("<html><head><title>Talks</title><script>window.__pwned=10</script></head><body><article>"
            "<h1>Envoys meet</h1><p>The envoy met the fund chief in Geneva on Monday, officials said today.</p>"
            "<p>The talks covered energy projects and a possible exchange of prisoners between the two sides.</p>"
            '<p>Photo: <img src="x" onerror="window.__pwned=11"> Reuters.</p></article></body></html>')
    text = ("Officials said the talks went well <script>window.__pwned=12</script> and that "
            '<img src=x onerror="window.__pwned=13"> more meetings would follow.\n')
    data = build_kb({"page.html": page, "plain.txt": text})
    client = TestClient(create_app(data["_db"]))
    for doc in data["documents"]:
        html = client.get(f"/doc/{doc['id']}").text
        for pattern in LIVE:
            assert not re.search(pattern, html)
    plain = next(d for d in data["documents"] if d["source"] == "plain.txt")
    assert "&lt;script&gt;window.__pwned=12&lt;/script&gt;" in client.get(f"/doc/{plain['id']}").text


@pytest.mark.browser
def test_hostile_pages_run_nothing_in_a_browser(db: Path, output_dir: Path) -> None:
    client = TestClient(create_app(db))
    paths = _pages(client)
    dialogs: list[str] = []
    with running(db) as base, browser_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("load")
            # an inline handler smuggled into any element would fire on these
            page.evaluate("for (const el of document.querySelectorAll('*')) for (const type of "
                          "['mouseover', 'mouseenter', 'focus', 'click']) if (type !== 'click' || el.tagName !== 'A') "
                          "el.dispatchEvent(new Event(type, {bubbles: true}))")
            assert page.evaluate("typeof window.__pwned") == "undefined", path
        page.goto(base + paths[11])
        body = page.inner_text("article.reader")
        assert "<script>window.__pwned=5</script>" in body
        assert '<img src=x onerror="window.__pwned=6">' in body
        shots = output_dir / "screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "hostile-reader.png"), full_page=True)
    assert dialogs == []
