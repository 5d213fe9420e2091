"""The web app in headless Chromium: what an analyst clicks through, with a screenshot of each page.

Screenshots go to test-output/screenshots/ so a person can look at them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.web.queries import WebKB
from test_web_data import browser_page, make_kb, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shots(output_dir: Path) -> Path:
    folder = output_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _in_view(page: object, selector: str) -> bool:
    return page.evaluate(  # type: ignore[attr-defined]
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }", selector)


def test_timeline_filter_event_evidence_reader_network_actor(tmp_path: Path, shots: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    with running(db) as base, browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        page.goto(base + "/")
        assert page.inner_text("h1") == "What this knowledge base holds"
        page.screenshot(path=str(shots / "overview.png"), full_page=True)

        page.goto(base + "/timeline")
        assert page.locator("li.event").count() == 6
        page.screenshot(path=str(shots / "timeline.png"), full_page=True)

        # filter by an actor: choosing it in the list applies it
        with page.expect_navigation():
            page.select_option("select[name=actor]", "dmitriev")
        assert "actor=dmitriev" in page.url
        assert page.locator("li.event").count() == 3
        assert all("Kirill Dmitriev" in t for t in page.locator("li.event .who").all_inner_texts())
        page.screenshot(path=str(shots / "timeline-dmitriev.png"), full_page=True)

        # open an event
        page.click("#e-ev_geneva a.type")
        page.wait_for_url("**/event/ev_geneva")
        assert page.locator("ol.evidence li").count() == 2
        page.screenshot(path=str(shots / "event.png"), full_page=True)

        # follow its evidence: the reader opens with that span highlighted and in view
        evidence = page.locator("ol.evidence a.context").first
        quoted = evidence.locator("mark").inner_text()
        evidence.click()
        page.wait_for_url("**/doc/**hl=**")
        page.wait_for_load_state("load")
        highlighted = "".join(page.locator("article.reader .target").all_inner_texts())
        assert highlighted == quoted
        page.wait_for_timeout(300)
        assert _in_view(page, "#hl")
        page.screenshot(path=str(shots / "reader.png"), full_page=False)

        # a highlighted actor in the reader opens the actor
        page.click("article.reader a.k-actor >> nth=0")
        page.wait_for_url("**/actor/**")

        # the network: clicking a node opens the actor page
        page.goto(base + "/network")
        assert page.locator("svg.network a.node").count() == 7
        page.screenshot(path=str(shots / "network.png"), full_page=True)
        ring = page.eval_on_selector("a.node[data-id=dmitriev] circle.flag-ring", "c => getComputedStyle(c).stroke")
        assert ring not in ("none", "rgb(255, 255, 255)")  # the sanctions ring is drawn
        colours = {page.eval_on_selector(f"a.node[data-id={a}] circle", "c => getComputedStyle(c).fill")
                   for a in ("witkoff", "dmitriev", "zelensky")}
        assert len(colours) == 3  # one colour per side
        page.click("svg.network a.node[data-id=dmitriev] circle >> nth=0")
        page.wait_for_url("**/actor/dmitriev")
        page.wait_for_load_state("load")
        assert "Kirill Dmitriev" in page.inner_text("h1")
        assert page.locator("ol.mentions li").count() == 4
        page.screenshot(path=str(shots / "actor.png"), full_page=True)

        for name in ("deals", "proposals", "sources", "search?q=الكرملين", "model"):
            page.goto(f"{base}/{name}")
            page.screenshot(path=str(shots / f"{name.split('?')[0]}.png"), full_page=True)
        assert errors == []


def test_deals_table_sorts_on_a_click(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    with running(db) as base, browser_page() as page:
        page.goto(base + "/deals")
        page.click("table.deals th:has-text('status')")
        statuses = page.locator("table.deals tbody td:nth-child(6)").all_inner_texts()
        assert statuses == sorted(statuses, key=str.lower)
        page.click("table.deals th:has-text('status')")
        assert page.locator("table.deals tbody td:nth-child(6)").all_inner_texts() == statuses[::-1]


def test_the_seeds_in_the_browser(seeds_kb: Path, shots: Path) -> None:
    """Every page works on the seed articles, whatever extraction found; Arabic reads right to left."""
    web = WebKB(seeds_kb)
    docs = web.documents()["documents"]
    arabic = next(d for d in docs if d["language"] == "ar")
    mixed = next((d for d in docs if "+" in (d["language"] or "")), None)
    actor = next(iter(web.ix.actors), None)
    with running(seeds_kb) as base, browser_page() as page:
        pages = {"overview": "/", "timeline": "/timeline", "network": "/network", "deals": "/deals",
                 "proposals": "/proposals", "sources": "/sources", "reader": f"/doc/{arabic['id']}",
                 "search": "/search?q=" + "ويتكوف"}
        if actor:
            pages["actor"] = f"/actor/{actor}"
        for name, path in pages.items():
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.screenshot(path=str(shots / f"seeds-{name}.png"), full_page=name not in ("reader",))
        page.goto(base + pages["reader"])
        dirs = page.eval_on_selector_all("article.reader p", "ps => ps.map(p => p.getAttribute('dir'))")
        assert dirs and dirs.count("rtl") > 0.8 * len(dirs)
        if mixed:  # an Arabic article with its English translation: both directions
            page.goto(f"{base}/doc/{mixed['id']}")
            dirs = page.eval_on_selector_all("article.reader p", "ps => ps.map(p => p.getAttribute('dir'))")
            assert {"rtl", "ltr"} <= set(dirs)
            page.screenshot(path=str(shots / "seeds-reader-mixed.png"))
