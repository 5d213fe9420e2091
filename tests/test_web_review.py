"""Review in the web app (``serve --review``): the analyst's judgements made from the pages.

A knowledge base built from three small articles written here; the app over it through
FastAPI's TestClient (writing off, then on: token, origin and host checks, reject, confirm,
edit, the queue), and in headless Chromium: the review queue driven with the keyboard, and a
page served from another origin that tries to post a judgement. The browser tests save
screenshots of the queue and of an item page with its review controls to docs/img/.
"""
from __future__ import annotations

import http.server
import json
import re
import threading
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from backchannel.cli import cli
from backchannel.review.judgements import judgements_path
from backchannel.review.record import record
from backchannel.web import create_app
from test_web_data import browser_page, running

DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
BASE = "http://127.0.0.1:8765"  # what the TestClient calls itself: a loopback host, as a browser would
SAME = {"Origin": BASE}

ARTICLES = {
    "one.txt": """# outlet: Harbour Times
# date: 2025-06-10

Envoy Steve Witkoff met Russian President Vladimir Putin in Moscow on 6 June 2025 for three hours.

The Harbour Times spoke to officials in Washington, Moscow and Kyiv about the talks.

Kirill Dmitriev said on Monday that the two sides had made progress.

Ambassador Jan Novak said the meeting was useful.
""",
    "two.ar.txt": """# outlet: الوسيط
# date: 2025-06-12

التقى المبعوث الأمريكي ستيف ويتكوف الرئيس الروسي فلاديمير بوتين في موسكو يوم 6 يونيو 2025.

وقال كيريل دميترييف إن المحادثات كانت مثمرة.

وقال السفير يان نوفاك إن اللقاء كان مفيدا.
""",
    "three.txt": """# outlet: Gulf Ledger
# date: 2025-06-14

Marco Rubio spoke with Sergei Lavrov by phone on 13 June 2025 about a prisoner exchange.

Kirill Dmitriev proposed that ExxonMobil return to the Sakhalin-1 project if sanctions were lifted.

Ukraine rejected the 28-point peace plan put forward by Steve Witkoff.
""",
}
SOURCING = "The Harbour Times spoke to officials"  # the outlet describing itself: read as a call, low confidence
MEETING = "Envoy Steve Witkoff met"


@pytest.fixture
def db(build_kb: Callable[..., dict]) -> Path:
    return build_kb(ARTICLES)["_db"]


def reviewing(db: Path) -> tuple[TestClient, str]:
    """A TestClient over an app started with --review, and that app's token."""
    app = create_app(db, review=True)
    return TestClient(app, base_url=BASE), app.state.review.token


def event_with(client: TestClient, words: str) -> dict[str, Any] | None:
    events = client.get("/timeline.json").json()["events"]
    return next((e for e in events if e["evidence"] and words in e["evidence"]["text"]), None)


def lines(db: Path) -> list[dict[str, Any]]:
    path = judgements_path(db)
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.is_file() else []


# ---------------------------------------------------------------- writing off


def test_without_review_nothing_can_be_written_and_no_page_shows_controls(db: Path) -> None:
    client = TestClient(create_app(db))
    sourcing = event_with(client, SOURCING)
    assert sourcing
    for path in ("/judge.json", "/judge"):
        r = client.post(path, json={"item": sourcing["id"], "verdict": "reject"}, headers=SAME)
        assert r.status_code in (403, 404, 405), path
    assert client.get("/review").status_code == 404 and client.get("/review.json").status_code == 404
    for path in ("/timeline", "/actors", "/deals", "/proposals", sourcing["href"]):
        html = client.get(path).text
        assert 'class="judge' not in html and "bc-token" not in html and 'name="token"' not in html, path
    assert not {"/judge.json", "/review.json"} & set(client.get("/openapi.json").json()["paths"])
    assert lines(db) == []
    # a judgement made on the command line still shows, read-only
    record(db, sourcing["id"], "confirm", [], by="Test Reviewer")
    client = TestClient(create_app(db))
    card = _card(client.get("/timeline").text, sourcing["id"])
    assert "review-confirmed" in card and 'class="judge' not in card


def test_serve_review_refuses_a_network_address(db: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--review", "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "--review" in result.output and "this machine only" in result.output


# ---------------------------------------------------------------- the checks


def test_a_write_without_the_token_or_with_a_wrong_one_is_refused(db: Path) -> None:
    client, token = reviewing(db)
    item = event_with(client, SOURCING)["id"]  # type: ignore[index]
    body = {"item": item, "verdict": "reject"}
    assert client.post("/judge.json", json=body, headers=SAME).status_code == 403
    assert client.post("/judge.json", json=body, headers={**SAME, "X-Backchannel-Token": "guess"}).status_code == 403
    assert client.post("/judge", data=body, headers=SAME).status_code == 403
    assert client.post("/judge", data={**body, "token": token[:-1]}, headers=SAME).status_code == 403
    assert lines(db) == [] and event_with(client, SOURCING)


def test_a_write_from_another_origin_is_refused_even_with_the_token(db: Path) -> None:
    client, token = reviewing(db)
    item = event_with(client, SOURCING)["id"]  # type: ignore[index]
    body = {"item": item, "verdict": "reject"}
    with_token = {"X-Backchannel-Token": token}
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "http://127.0.0.1:9999"}, {"Origin": "null"},
                    {}, {"Referer": "http://evil.example/page"}, {**SAME, "Sec-Fetch-Site": "same-site"}):
        r = client.post("/judge.json", json=body, headers={**with_token, **headers})
        assert r.status_code == 403, headers
        r = client.post("/judge", data={**body, "token": token}, headers=headers)
        assert r.status_code == 403, headers
    # a page reached under another host name (DNS rebinding) is refused before it shows the token
    rebound = TestClient(client.app, base_url="http://evil.example:8765")
    r = rebound.get("/review")
    assert r.status_code == 403 and token not in r.text
    assert lines(db) == [] and event_with(client, SOURCING)


# ---------------------------------------------------------------- judgements


def test_a_reject_with_the_token_removes_the_event_and_is_written_down(db: Path) -> None:
    client, token = reviewing(db)
    sourcing = event_with(client, SOURCING)
    assert sourcing
    r = client.post("/judge.json", json={"item": sourcing["id"], "verdict": "reject", "why": "the outlet's own sourcing"},
                    headers={**SAME, "X-Backchannel-Token": token})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["removed"] and result["item"] is None
    assert [(j["status"], j["detail"]) for j in result["judgements"]] == [("applied", "removed")]
    assert event_with(client, SOURCING) is None  # the app reopened the rebuilt knowledge base
    assert client.get(sourcing["href"]).status_code == 404
    [line] = lines(db)
    assert (line["verdict"], line["kind"], line["item"]["id"], line["why"]) == (
        "reject", "events", sourcing["id"], "the outlet's own sourcing")
    assert SOURCING in line["item"]["spans"][0][3]


def test_a_confirm_from_the_form_marks_the_item_and_the_timeline_shows_it(db: Path) -> None:
    client, token = reviewing(db)
    meeting = event_with(client, MEETING)
    assert meeting and meeting["review"] is None
    assert "review-confirmed" not in _card(client.get("/timeline").text, meeting["id"])
    r = client.post("/judge", data={"token": token, "item": meeting["id"], "verdict": "confirm", "back": "/timeline"},
                    headers=SAME, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/timeline"
    assert event_with(client, MEETING)["review"]["status"] == "confirmed"  # type: ignore[index]
    card = _card(client.get("/timeline").text, meeting["id"])
    assert re.search(r'<span class="badge review review-confirmed"[^>]*>confirmed</span>', card)
    only = client.get("/timeline.json?confirmed=true").json()
    assert [e["id"] for e in only["events"]] == [meeting["id"]]
    assert meeting["id"] in client.get("/timeline?confirmed=true").text
    assert meeting["id"] not in {i["id"] for i in client.get("/review.json").json()["items"]}
    assert "review-confirmed" in client.get(meeting["href"]).text
    assert [x["verdict"] for x in lines(db)] == ["confirm"]


def test_the_edit_form_judges_only_the_fields_that_changed(db: Path) -> None:
    client, token = reviewing(db)
    meeting = event_with(client, MEETING)
    assert meeting
    page = client.get(meeting["href"]).text
    assert 'name="set_participants"' in page and 'name="set_summary"' in page
    form = {"token": token, "item": meeting["id"], "verdict": "set", "back": meeting["href"]}
    form.update(edit_form(page))  # what the browser sends: every field, as the page shows it
    form["set_place"] = "Geneva"
    r = client.post("/judge", data=form, headers={**SAME, "Accept": "application/json"})
    assert r.status_code == 200, r.text
    assert [(j["field"], j["status"]) for j in r.json()["judgements"]] == [("place", "applied")]
    assert r.json()["next"] == meeting["href"]
    now = client.get(meeting["href"] + ".json").json()
    assert now["place"] == "Geneva" and now["review"]["status"] == "corrected"
    assert now["review"]["fields"]["place"]["now"] == "Geneva"
    assert "review-corrected" in client.get(meeting["href"]).text
    unchanged = {**form, **edit_form(client.get(meeting["href"]).text)}  # the page as it is now: nothing to judge
    assert client.post("/judge", data=unchanged, headers={**SAME, "Accept": "application/json"}).status_code == 400
    assert [(x["verdict"], x["field"]) for x in lines(db)] == [("set", "place")]


def test_actors_merge_and_events_are_joined(db: Path) -> None:
    client, token = reviewing(db)
    actors = {a["name"]: a["id"] for a in client.get("/actors.json?size=1000").json()["actors"]}
    page = client.get(f"/actor/{actors['Jan Novak']}").text
    assert 'value="merge"' in page and 'value="split"' in page
    headers = {**SAME, "X-Backchannel-Token": token}
    r = client.post("/judge.json", json={"item": actors["Jan Novak"], "verdict": "merge", "other": "يان نوفاك"},
                    headers=headers)
    assert r.status_code == 200 and r.json()["judgements"][0]["status"] == "applied"
    names = {a["name"] for a in client.get("/actors.json?size=1000").json()["actors"]}
    assert "Jan Novak" in names and "يان نوفاك" not in names
    english, arabic = event_with(client, "Ambassador Jan Novak said"), event_with(client, "وقال السفير يان نوفاك")
    assert english and arabic and english["id"] != arabic["id"]  # one statement, told in two languages
    assert 'value="same"' in client.get(english["href"]).text
    r = client.post("/judge.json", json={"item": english["id"], "verdict": "same", "other": arabic["id"]}, headers=headers)
    assert r.status_code == 200 and r.json()["judgements"][0]["status"] == "applied"
    assert client.get(arabic["href"]).status_code == 404
    joined = client.get(english["href"] + ".json").json()
    texts = [ev["text"] for ev in joined["evidence"]]
    assert any("Ambassador Jan Novak said" in t for t in texts) and any("وقال السفير يان نوفاك" in t for t in texts)
    assert joined["review"]["status"] == "corrected"


def test_the_queue_lists_the_lowest_confidence_first(db: Path) -> None:
    client, _ = reviewing(db)
    queue = client.get("/review.json?size=500").json()
    items = queue["items"]
    assert queue["total"] == sum(queue["kinds"].values()) == len(items)
    events = [i for i in items if i["kind"] == "events"]
    confidences = [i["confidence"] for i in events if i["confidence"] is not None]
    assert confidences and confidences == sorted(confidences)
    assert items[0]["kind"] == "events" and SOURCING in items[0]["evidence"]["text"]
    assert items[0]["confidence"] == min(confidences)
    kinds = [i["kind"] for i in items]
    assert kinds[:len(events)] == ["events"] * len(events)  # events (with a confidence) before the rest
    assert {"deals", "proposals", "actors"} <= set(kinds)
    html = client.get("/review?size=500").text
    assert re.findall(r'<li class="queue-item" id="q-([^"]+)"', html) == [i["id"] for i in items]
    assert client.get("/review.json?kind=deals").json()["total"] == queue["kinds"]["deals"]


def test_every_view_has_controls_and_the_api_is_documented(db: Path) -> None:
    client, token = reviewing(db)
    for path in ("/timeline", "/deals", "/proposals", "/actors", "/review"):
        html = client.get(path).text
        assert f'name="bc-token" content="{token}"' in html, path
        assert 'value="confirm"' in html and 'value="reject"' in html, path
        assert 'name="confirmed"' in html or path == "/review", path
    deal = client.get("/deals.json").json()["deals"][0]
    assert 'name="set_asset"' in client.get(deal["href"]).text
    tie = client.get("/review.json?kind=ties").json()["items"][0]
    assert 'name="set_kind"' in client.get(tie["href"]).text
    spec = client.get("/openapi.json").json()
    assert "post" in spec["paths"]["/judge.json"] and "get" in spec["paths"]["/review.json"]
    assert {"JudgeRequest", "JudgeResult", "ReviewQueue"} <= set(spec["components"]["schemas"])
    assert not any(not p.endswith(".json") for p in spec["paths"])
    r = client.get("/timeline")
    assert r.headers["referrer-policy"] == "same-origin"  # so the app's own POSTs carry its Origin


def edit_form(html: str) -> dict[str, str]:
    """The fields of an item page's edit form with the values it shows."""
    start = html.index('class="judge judge-edit"')
    form = html[start:html.index("</form>", start)]
    values = dict(re.findall(r'<input type="text" name="(set_\w+)" value="([^"]*)"', form))
    values.update(re.findall(r'<textarea name="(set_\w+)"[^>]*>([^<]*)</textarea>', form))
    return {k: unescape(v) for k, v in values.items()}


def _card(html: str, event_id: str) -> str:
    start = html.index(f'id="e-{event_id}"')
    return html[start:html.index("</li>", start)]


# ---------------------------------------------------------------- in a browser


@contextmanager
def elsewhere(html: str) -> Iterator[str]:
    """Another site: a plain HTTP server on another port serving one page; yields its URL."""
    body = html.encode("utf-8")

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_the_review_queue_by_keyboard(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCHANNEL_REVIEWER", "Rana Haddad")
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    with running(db, review=True) as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "/review")
        first = page.get_attribute(".queue-item.current", "data-id")
        assert SOURCING in page.inner_text(".queue-item.current")  # the lowest confidence is selected
        count = int(page.inner_text("#queue-count"))
        page.screenshot(path=str(DOCS_IMG / "review-queue.png"))

        page.keyboard.press("j")
        page.keyboard.press("k")
        assert page.get_attribute(".queue-item.current", "data-id") == first
        page.keyboard.press("c")  # confirm: the next row is selected at once, the judged one leaves when saved
        second = page.get_attribute(".queue-item.current", "data-id")
        assert second and second != first
        page.wait_for_selector(f"#q-{first}", state="detached", timeout=30_000)
        page.keyboard.press("r")
        page.wait_for_selector(f"#q-{second}", state="detached", timeout=30_000)
        assert int(page.inner_text("#queue-count")) == count - 2
        assert "removed" in page.inner_text("#review-status")

        page.keyboard.press("e")  # edit opens the form of the row now selected, in its first field
        assert page.locator(".queue-item.current details.review-edit[open]").count() == 1
        assert page.evaluate("document.activeElement.name") == "set_" + page.eval_on_selector(
            ".queue-item.current form.judge-edit input[name^=set_], .queue-item.current form.judge-edit textarea",
            "el => el.name.slice(4)")
        page.keyboard.press("Escape")
        assert page.locator(".queue-item.current details[open]").count() == 0

        assert [(x["verdict"], x["item"]["id"], x["by"]) for x in lines(db)] == [
            ("confirm", first, "Rana Haddad"), ("reject", second, "Rana Haddad")]
        page.goto(base + "/timeline")
        assert page.locator(f"#e-{first} .badge.review-confirmed").inner_text() == "confirmed"
        assert page.locator(f"#e-{second}").count() == 0

        meeting = page.get_attribute(f"li.event:has-text('{MEETING}') a.type", "href")
        page.goto(base + meeting)
        page.click("#review details.review-edit summary")
        page.fill("#review input.why", "checked against the Reuters wire")
        page.screenshot(path=str(DOCS_IMG / "review-item.png"), full_page=True)
        with page.expect_navigation():
            page.click("#review form.judge-buttons button.confirm")
        assert page.locator("h1 .badge.review-confirmed").count() == 1
        assert lines(db)[-1]["why"] == "checked against the Reuters wire"
        assert errors == []


@pytest.mark.browser
def test_a_page_from_another_origin_cannot_post_a_judgement(db: Path) -> None:
    with running(db, review=True) as base:
        client = TestClient(create_app(db), base_url=BASE)
        target = event_with(client, SOURCING)
        assert target
        app_token = _token(base)  # even a leaked token does not help another origin
        attack = f"""<!doctype html><title>another site</title>
<form id="f" method="post" action="{base}/judge"><input name="token" value="{app_token}">
<input name="item" value="{target['id']}"><input name="verdict" value="reject"><input name="back" value="/timeline"></form>
<script>
window.results = {{}};
async function attempt(name, go) {{
  try {{ const r = await go(); window.results[name] = r.type === "opaque" ? "opaque" : r.status; }}
  catch (e) {{ window.results[name] = "blocked"; }}
}}
window.done = (async () => {{
  await attempt("json", () => fetch("{base}/judge.json", {{method: "POST", headers: {{"Content-Type": "application/json",
    "X-Backchannel-Token": "{app_token}"}}, body: JSON.stringify({{item: "{target['id']}", verdict: "reject"}})}}));
  await attempt("simple", () => fetch("{base}/judge", {{method: "POST", mode: "no-cors",
    body: new URLSearchParams({{token: "{app_token}", item: "{target['id']}", verdict: "reject"}})}}));
  await attempt("read", () => fetch("{base}/review"));
  return window.results;
}})();
</script>"""
        with elsewhere(attack) as url, browser_page() as page:
            page.goto(url)
            results = page.evaluate("window.done")
            # the JSON post never leaves the browser (its preflight is refused), the simple one is
            # refused by the app, and the app's pages (with their token) cannot be read from there
            assert results == {"json": "blocked", "simple": "opaque", "read": "blocked"}
            with page.expect_response(lambda r: r.url == f"{base}/judge") as answer:
                page.evaluate("document.getElementById('f').submit()")
            assert answer.value.status == 403
        assert lines(db) == []
        assert not judgements_path(db).exists()
        assert event_with(TestClient(create_app(db), base_url=BASE), SOURCING)


def _token(base: str) -> str:
    import urllib.request

    with urllib.request.urlopen(base + "/review") as r:
        return re.search(r'name="bc-token" content="([^"]+)"', r.read().decode("utf-8")).group(1)  # type: ignore[union-attr]
