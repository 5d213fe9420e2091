"""The web app: every page is a server-rendered view of one query, and has a ``.json`` twin.

``/timeline`` and ``/timeline.json`` call the same function of :class:`WebKB`; the JSON
routes are the API that ``/openapi.json`` describes. Templates autoescape everything, the
reader escapes article text piece by piece, and a Content-Security-Policy allows scripts,
styles and fonts from this server only, so nothing from an article (or a CDN) can run.
Only ``create_app(..., review=True)`` (``serve --review``) adds the pages and endpoints that
write judgements (:mod:`backchannel.web.review` guards them).
"""
from __future__ import annotations

import functools
import inspect
import time
from pathlib import Path
from typing import Any, Callable, Literal
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from backchannel import __version__
from backchannel.errors import BackchannelError
from backchannel.review.judgements import ACTOR_LISTS, ACTOR_ONE, FIELDS, reviewer
from backchannel.web import schemas
from backchannel.web.highlight import Mark, mark_words, render_blocks
from backchannel.web.network import side_class
from backchannel.web.queries import QUEUE_KINDS, WebKB, month_title
from backchannel.web.review import FIELD_LISTS, TOKEN_HEADER, Review
from backchannel.web.scenario import ModelView

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
NAV = [("overview", "/", "Overview"), ("timeline", "/timeline", "Timeline"), ("network", "/network", "Network"),
       ("actors", "/actors", "Actors"), ("deals", "/deals", "Deals"), ("proposals", "/proposals", "Proposals"),
       ("sources", "/sources", "Sources"), ("documents", "/documents", "Documents")]
DESCRIPTION = """The JSON API of a Backchannel knowledge base. Every page of the web app has a
`.json` twin at the same address (`/timeline` → `/timeline.json`, `/actor/ID` → `/actor/ID.json`),
taking the same query parameters. Every item carries its evidence: document id, character
offsets into the document text, the text itself, and `href`, the reader with that span highlighted,
and `review`: null, or the analyst's judgement (status confirmed or corrected, by, at, why).

Started with `backchannel serve --review`, the app also takes judgements: `POST /judge.json`
with the header `X-Backchannel-Token` (the token is in every page of that app, in
`<meta name="bc-token">`) and an `Origin` of the app itself; `/review.json` is the queue of
items not yet reviewed, the least supported first."""
MAX_FORM = 1 << 20  # bytes: a judgement's form is a few hundred


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(month_title=month_title, side_class=side_class, mark_words=mark_words, options=_options)
    return env


def _options(items: list[Any], value: str | None = None, label: str | None = None) -> list[tuple[Any, Any]]:
    """(value, text) pairs for a <select>, from plain values or from dicts' ``value`` and ``label`` keys."""
    if value is None:
        return [(x, x) for x in items]
    return [(x[value], x[label or value]) for x in items if x]


def _blank(value: str | None) -> str | None:
    """A filter left empty in a form means no filter."""
    return value or None


def create_app(db: Path | str, scenario: Path | str | None = None, review: bool = False) -> FastAPI:
    """The app over the knowledge base at ``db`` (opened read-only; reloaded when rebuilt). With
    ``review``, the analyst can also confirm, reject and correct items from the pages."""
    web = WebKB(db)
    env = _templates()
    model = ModelView(scenario)
    app = FastAPI(title="Backchannel", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.web = web
    app.state.model = model
    writer = Review(web) if review else None
    app.state.review = writer
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    nav = NAV + ([("model", "/model", "Model")] if model.available else [])
    nav += [("review", "/review", "Review")] if writer else []

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[..., Any]) -> Response:
        t0 = time.perf_counter()
        refused = writer.refusal(request) if writer else None
        if refused:
            response: Response = JSONResponse({"detail": refused}, status_code=403)
        else:
            web.refresh()
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # A reviewing app's own POSTs must carry its Origin, which browsers send only under a
        # same-origin policy; to other sites it still sends nothing.
        response.headers["Referrer-Policy"] = "same-origin" if writer else "no-referrer"
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - t0) * 1000:.1f}"
        return response

    def render(request: Request, template: str, section: str, title: str, has_twin: bool = True,
               **context: Any) -> HTMLResponse:
        query = str(request.url.query)
        path = request.url.path.rstrip("/") or "/overview"
        json_href = (f"{path}.json" + (f"?{query}" if query else "")) if has_twin else None

        def url_with(**changes: Any) -> str:
            params = dict(request.query_params)
            params.update({k: v for k, v in changes.items()})
            params = {k: v for k, v in params.items() if v not in (None, "")}
            return request.url.path + ("?" + urlencode(params) if params else "")

        review_context: dict[str, Any] = {"review": writer is not None}
        if writer:
            review_context.update(token=writer.token, back=request.url.path + (f"?{query}" if query else ""),
                                  fields=FIELDS, actor_fields=ACTOR_LISTS | ACTOR_ONE, field_lists=FIELD_LISTS,
                                  edit_values=web.edit_values, same_candidates=web.same_candidates,
                                  actor_forms=web.actor_forms, review_lists=web.review_lists)
        html = env.get_template(template).render(
            request=request, nav=nav, section=section, title=title, json_href=json_href, url_with=url_with,
            kb_name=web.path.name, version=__version__, **review_context, **context)
        return HTMLResponse(html)

    def twin(path: str, template: str, section: str, model_cls: type, summary: str,
             title: Callable[[dict[str, Any]], str], tag: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register ``fn`` as ``PATH.json`` (documented) and as the HTML page at ``PATH``."""
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            sig = inspect.signature(fn)

            @functools.wraps(fn)
            async def as_json(**kwargs: Any) -> Any:
                return fn(**kwargs)

            json_path = "/overview.json" if path == "/" else f"{path}.json"
            app.get(json_path, response_model=model_cls, summary=summary, tags=[tag])(as_json)

            async def as_html(request: Request, **kwargs: Any) -> HTMLResponse:
                data = fn(**kwargs)
                return render(request, template, section, title(data), data=data)

            params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
            as_html.__signature__ = sig.replace(parameters=params + list(sig.parameters.values()))  # type: ignore[attr-defined]
            app.get(path, response_class=HTMLResponse, include_in_schema=False)(as_html)
            return fn
        return register

    def found(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
        if value is None:
            raise HTTPException(404, f"no {what} with that id in this knowledge base")
        return value

    # ------------------------------------------------------------------ pages

    @twin("/", "overview.html", "overview", schemas.Overview, "What the knowledge base holds",
          lambda d: "Overview", "corpus")
    def overview() -> dict[str, Any]:
        """Documents by outlet, language and month; counts of every kind of item; the most involved
        actors and the most corroborated events, as places to start."""
        return web.overview()

    @twin("/timeline", "timeline.html", "timeline", schemas.Timeline, "Events in date order",
          lambda d: "Timeline", "events")
    def timeline(actor: str | None = Query(None, description="actor id: only events it takes part in"),
                 type: str | None = Query(None, description="event type, e.g. meeting"),
                 outlet: str | None = Query(None, description="only events this outlet reports"),
                 page: int = Query(1, ge=1), size: int = Query(100, ge=1, le=500),
                 confirmed: bool = Query(False, description="only items the analyst confirmed or corrected")) -> dict[str, Any]:
        """Events in date order (undated last), each with type, participants, place, duration, the
        outlets that report it and its first evidence span. A date known only to the month or year
        keeps that precision (`date_precision`); `date_phrase` holds the words it was read from."""
        data = web.timeline(_blank(actor), _blank(type), _blank(outlet), page, size, confirmed)
        data["types"] = web.event_types()
        data["actors"] = web.event_actors()
        data["outlets"] = web.ix.outlets
        data["actor_ref"] = web.actor_ref(_blank(actor))
        return data

    for kind, label in (("event", "events"), ("deal", "deals"), ("proposal", "proposals"), ("tie", "ties")):
        def make(kind: str = kind, label: str = label) -> None:
            def item(item_id: str) -> dict[str, Any]:
                return found(web.item(label, item_id), kind)
            item.__doc__ = (f"One {kind}: every field, every evidence span with the text around it, and the "
                            "discrepancies between outlets about it.")
            item.__name__ = kind
            section = "actors" if label == "ties" else label
            twin(f"/{kind}/{{item_id}}", "item.html", section, schemas.ItemDetail, f"One {kind} with all its evidence",
                 lambda d: d.get("name") or d.get("asset") or (d.get("tie_kind") or d.get("type") or kind)
                 .replace("_", " ").capitalize(), section)(item)
        make()

    @twin("/network", "network.html", "network", schemas.Network, "The actor network, laid out",
          lambda d: "Network", "actors")
    def network(limit: int = Query(100, ge=2, le=400, description="how many of the most involved actors to show"),
                side: str | None = Query(None, description="only actors of this side")) -> dict[str, Any]:
        """Actors (the most involved first) with positions laid out on the server, and the edges
        between them from shared events, shared deals and stated ties."""
        return web.network(limit, _blank(side))

    @twin("/actors", "actors.html", "actors", schemas.Actors, "Every actor, most involved first",
          lambda d: "Actors", "actors")
    def actors(side: str | None = Query(None), type: str | None = Query(None),
               q: str | None = Query(None, description="part of a name, any script or spelling"),
               page: int = Query(1, ge=1), size: int = Query(200, ge=1, le=1000),
               confirmed: bool = Query(False, description="only items the analyst confirmed or corrected")) -> dict[str, Any]:
        """Actors with how many events, deals, documents and mentions involve them."""
        return web.actors(_blank(side), _blank(type), _blank(q), page, size, confirmed)

    @twin("/actor/{actor_id}", "actor.html", "actors", schemas.ActorDetail, "One actor",
          lambda d: d["name"], "actors")
    def actor(actor_id: str, page: int = Query(1, ge=1, description="page of mentions")) -> dict[str, Any]:
        """An actor's names in every script, roles, stated ties, the actors it shares events and deals
        with, its events, deals and proposals, and one page of its mentions in context."""
        return found(web.actor(actor_id, page), "actor")

    @twin("/deals", "deals.html", "deals", schemas.Deals, "Business deals", lambda d: "Deals", "deals")
    def deals(actor: str | None = Query(None), status: str | None = Query(None), sector: str | None = Query(None),
              page: int = Query(1, ge=1), size: int = Query(200, ge=1, le=1000),
              confirmed: bool = Query(False, description="only items the analyst confirmed or corrected")) -> dict[str, Any]:
        """Deals with parties, asset, sector, value, condition and status. `sanctions_flag` marks a deal
        with a party on a sanctions list or a condition about sanctions."""
        return web.deals(_blank(actor), _blank(status), _blank(sector), page, size, confirmed)

    @twin("/proposals", "proposals.html", "proposals", schemas.Proposals, "Settlement proposals",
          lambda d: "Proposals", "proposals")
    def proposals(confirmed: bool = Query(False, description="only items the analyst confirmed or corrected")) -> dict[str, Any]:
        """Each proposal with its proposer and who backs or rejects it, and the proposal × issue matrix
        of positions."""
        return web.proposals(confirmed)

    @twin("/sources", "sources.html", "sources", schemas.Sources, "Outlets and their disagreements",
          lambda d: "Sources", "sources")
    def sources(outlet: str | None = Query(None, description="only items this outlet reports"),
                page: int = Query(1, ge=1, description="page of items"),
                dpage: int = Query(1, ge=1, description="page of discrepancies")) -> dict[str, Any]:
        """Which outlet reports which items, and the discrepancies between outlets, each with every
        outlet's reading and its evidence."""
        return web.sources(_blank(outlet), page, dpage=dpage)

    @twin("/documents", "documents.html", "documents", schemas.Documents, "The articles",
          lambda d: "Documents", "documents")
    def documents(outlet: str | None = Query(None), language: str | None = Query(None),
                  page: int = Query(1, ge=1), size: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        """Documents, newest first, without their text."""
        return web.documents(_blank(outlet), _blank(language), page, size)

    @twin("/doc/{doc_id}", "doc.html", "documents", schemas.DocumentDetail, "One article with its spans",
          lambda d: d.get("title") or d["source"], "documents")
    def document(doc_id: str, hl: str | None = Query(None, description="START-END: the span to highlight")) -> dict[str, Any]:
        """The article text, its sentences (with language), every recognised mention and the evidence
        spans of items in it. In the page, `?hl=START-END` highlights that span and scrolls to it."""
        data = found(web.document(doc_id), "document")
        target = _span(hl, len(data["text"]))
        marks = [Mark(m["start"], m["end"], m["kind"], m.get("href"), m.get("title")) for m in data["mentions"]]
        marks += [Mark(e["start"], e["end"], "evidence", e["href"], f"evidence · {e['title']}") for e in data["evidence"]]
        sentences = [(s["start"], s["end"], s["language"]) for s in data["sentences"]]
        data["blocks"] = render_blocks(data["text"], sentences, marks, target)
        data["target"] = {"start": target[0], "end": target[1], "text": data["text"][target[0]:target[1]]} if target else None
        return data

    @twin("/search", "search.html", "search", schemas.Search, "Search the articles", lambda d: "Search", "search")
    def search(q: str = Query("", description="words to find; diacritics, alef forms and clitics do not matter"),
               page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Sentences holding every word of `q` in normalised or spelling-tolerant form, best first,
        and the actors whose names contain it."""
        return web.search(q, page)

    if model.available:
        @app.get("/model", response_class=HTMLResponse, include_in_schema=False)
        async def model_page(request: Request) -> HTMLResponse:
            return render(request, "model.html", "model", "Model", model=model.page())

        @app.get("/model.json", summary="The bargaining scenario's forecasts", tags=["model"])
        async def model_json() -> dict[str, Any]:
            """Each issue's status quo and every model's forecast (0-100 scale), and whether each party
            accepts each proposal, for the scenario the app was started with."""
            return model.page()

        @app.get("/model.svg", include_in_schema=False)
        async def model_svg() -> Response:
            # The chart is a separate image: its own inline styles are allowed, scripts are not.
            return Response(model.svg(), media_type="image/svg+xml",
                            headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    if writer:
        _review_routes(app, twin, writer)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    async def api_page(request: Request) -> HTMLResponse:
        spec = app.openapi()
        endpoints = [{"path": p, "summary": op.get("summary"), "description": op.get("description"),
                      "params": [prm["name"] for prm in op.get("parameters", [])]}
                     for p, ops in spec["paths"].items() for op in ops.values()]
        return render(request, "api.html", "api", "JSON API", has_twin=False, endpoints=endpoints)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        if (request.url.path.endswith(".json") or request.url.path.startswith("/static")
                or "application/json" in request.headers.get("accept", "")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        response = render(request, "error.html", "", f"{exc.status_code}", has_twin=False, status=exc.status_code,
                          detail=exc.detail)
        response.status_code = exc.status_code
        return response

    return app


def _review_routes(app: FastAPI, twin: Callable[..., Any], writer: Review) -> None:
    """The queue and the two ways to post a judgement: a form (redirects back, or answers JSON to
    app.js) and the JSON API. Both check the token here; host and origin the middleware checked."""
    web = writer.web

    @twin("/review", "review.html", "review", schemas.ReviewQueue, "Items not yet reviewed, weakest first",
          lambda d: "Review", "review")
    def review_queue(kind: Literal[QUEUE_KINDS] | None = Query(None, description="only items of this kind"),  # type: ignore[valid-type]
                     page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        """Every item nobody has confirmed or corrected yet: events by confidence, lowest first, then
        items by how many outlets report them and how much evidence they have, fewest first."""
        return {**web.review_queue(kind, page, size), "reviewer": reviewer(), "file": writer.judgements_file}

    def judged(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        try:
            return call()
        except BackchannelError as exc:
            raise HTTPException(400, exc.message + (f" ({exc.hint})" if exc.hint else "")) from exc

    @app.post("/judge.json", response_model=schemas.JudgeResult, summary="Make a judgement", tags=["review"],
              responses={400: {"description": "the judgement cannot be made (unknown item, field or actor)"},
                         403: {"description": "no or a wrong token, or not from this app's origin"}})
    def judge_json(body: schemas.JudgeRequest,
                   token: str | None = Header(None, alias=TOKEN_HEADER, description="the token of this app's pages")
                   ) -> dict[str, Any]:
        """Confirm, reject or correct one item, as `backchannel judge` does: the judgement is appended to
        the judgements file beside the knowledge base and the base is rebuilt (a few seconds); the
        answer says what became of it and where the item is now (`item` null once it is removed)."""
        if not writer.token_ok(token):
            raise HTTPException(403, f"a judgement needs this app's token in the {TOKEN_HEADER} header")
        return judged(lambda: writer.judge(body.item, body.verdict, changes=body.changes, other=body.other,
                                           forms=body.forms, new_name=body.new_name, why=body.why))

    @app.post("/judge", include_in_schema=False)
    async def judge_form(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            raise HTTPException(415, "post the form as application/x-www-form-urlencoded")
        raw = await request.body()
        if len(raw) > MAX_FORM:
            raise HTTPException(413, "that form is too large")
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        if not writer.token_ok((form.get("token") or [""])[0] or request.headers.get(TOKEN_HEADER)):
            raise HTTPException(403, "this form is stale or not from this app: reload the page")
        result = await run_in_threadpool(judged, lambda: writer.judge(**writer.from_form(form)))
        after = writer.next_page((form.get("back") or [""])[0], result)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({**result, "next": after})
        return RedirectResponse(after, status_code=303)


def _span(hl: str | None, length: int) -> tuple[int, int] | None:
    """``START-END`` from the URL, if it is a span inside the document."""
    if not hl:
        return None
    try:
        start, end = (int(x) for x in hl.split("-", 1))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None
