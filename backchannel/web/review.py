"""Review from the web app (``backchannel serve --review``): the analyst's judgements made on the pages.

Writing is off unless the app was started with ``review=True``. When it is on, three checks
keep any other page open in the same browser from making a judgement:

* the app answers only requests addressed to a loopback host name (``127.0.0.1``,
  ``localhost``, ``[::1]``): a DNS-rebinding page reaches us under its own host name and is
  refused before it can read a page holding the token;
* a request that changes data must come from the app's own origin: its ``Origin`` (else its
  ``Referer``) must be this app's, and ``Sec-Fetch-Site``, when the browser sends it, must
  say ``same-origin``;
* it must carry the token made when the app started, in the ``X-Backchannel-Token`` header
  or the form's ``token`` field. Only the app's own pages hold it, and the same-origin policy
  keeps a page from another origin from reading them; a custom header also makes a
  cross-origin ``fetch`` ask first (a preflight), which the app never allows.

Every judgement goes through :func:`backchannel.review.record.record`, as ``backchannel
judge`` does; the knowledge base is then rebuilt once and reopened, so the next page shows it.
"""
from __future__ import annotations

import secrets
import threading
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.requests import Request

from backchannel.errors import BackchannelError
from backchannel.review.judgements import ACTOR_LISTS, ACTOR_ONE, FIELDS, VERDICTS, check_field, judgements_path
from backchannel.review.record import rebuild, record
from backchannel.web.queries import WebKB

TOKEN_HEADER = "X-Backchannel-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LIST_PAGE = {"events": "/timeline", "deals": "/deals", "proposals": "/proposals", "ties": "/actors", "actors": "/actors"}
# the suggestions (<datalist>) an edit form's field offers, by kind and field
FIELD_LISTS = {"events.type": "event_types", "actors.type": "actor_types", "actors.side": "sides",
               "deals.status": "statuses", "deals.sector": "sectors", "ties.kind": "tie_kinds", "proposals.proposer": "actors"}


def _loopback(host_header: str) -> bool:
    """Whether a Host header names this machine's loopback interface (any port)."""
    from backchannel.web.server import is_local  # the test `serve --host` uses; imported late (server imports the app)

    try:
        name = urlsplit("//" + host_header).hostname
    except ValueError:
        return False
    return bool(name) and is_local(name)  # type: ignore[arg-type]


def safe_back(back: str | None, default: str = "/review") -> str:
    """A page of this app to return to: a local path only, never another site (no open redirect)."""
    if back and back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back
    return default


def _href(kind: str, item_id: str) -> str:
    return f"/{'actor' if kind == 'actors' else kind[:-1]}/{quote(item_id, safe='')}"


def _set_args(name: str, value: Any) -> list[str]:
    """``record``'s arguments for one ``set``: actor fields take names or ids (a string is split
    at ';'), other fields one text."""
    if name in ACTOR_LISTS or name in ACTOR_ONE:
        refs = value if isinstance(value, list) else str(value or "").split(";")
        return [name, *[str(r).strip() for r in refs if str(r).strip()]]
    text = (" ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")).strip()
    return [name, text] if text else [name]


def _same(name: str, a: str, b: str) -> bool:
    """Whether two values of an edit form's field say the same (spacing, and for actor lists the
    separators, do not count)."""
    if name in ACTOR_LISTS or name in ACTOR_ONE:
        return _set_args(name, a) == _set_args(name, b)
    return " ".join(a.split()) == " ".join(b.split())


class Review:
    """The write side of the app: the request checks and the judgements, one at a time."""

    def __init__(self, web: WebKB) -> None:
        self.web = web
        self.token = secrets.token_urlsafe(32)  # per app start: a restart makes every old page's forms stale
        self._lock = threading.Lock()  # one judgement and its rebuild at a time: rebuilds share a temporary file

    @property
    def judgements_file(self) -> str:
        return str(judgements_path(self.web.path))

    # ---------------------------------------------------------- checks

    def refusal(self, request: Request) -> str | None:
        """Why this request may not go on (None when it may): a foreign host name for any
        request, a foreign origin for one that changes data."""
        host = request.headers.get("host", "")
        if not _loopback(host):
            return f"this app answers only at 127.0.0.1 or localhost, not {host!r}"
        if request.method not in UNSAFE_METHODS:
            return None
        own = f"{request.url.scheme}://{host}".lower()
        site = request.headers.get("sec-fetch-site")
        if site is not None and site != "same-origin":
            return f"a judgement must come from this app's own pages (the browser says {site})"
        origin = request.headers.get("origin")
        if origin is not None:
            return None if origin.lower() == own else f"a judgement must come from {own}, not {origin}"
        referer = (request.headers.get("referer") or "").lower()
        if referer == own or referer.startswith(own + "/"):
            return None
        return "a judgement must say where it comes from (the Origin header)"

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and secrets.compare_digest(str(given).encode(), self.token.encode())

    # ---------------------------------------------------------- judging

    def _kind(self, item: str) -> str | None:
        ix = self.web.ix
        return ix.kind_of.get(item) or ("actors" if item in ix.actors else None)

    def judge(self, item: str, verdict: str, *, changes: dict[str, Any] | None = None, other: str | None = None,
              forms: list[str] | None = None, new_name: str | None = None, why: str = "") -> dict[str, Any]:
        """Make one judgement (a ``set`` of several fields makes one per field), rebuild once, reopen,
        and say what became of each and where the item is now (``item`` is None once it is gone)."""
        if verdict not in VERDICTS:
            raise BackchannelError("BC040", f"no verdict {verdict!r}", f"one of: {', '.join(VERDICTS)}")
        kind = self._kind(item)
        if verdict == "set":
            if not changes:
                raise BackchannelError("BC040", "nothing to set", "change a field first")
            for name in changes:
                if kind:
                    check_field(kind, name)  # before anything is written: a bad field costs the others nothing
            calls = [_set_args(name, value) for name, value in changes.items()]
        elif verdict in ("merge", "same"):
            if not (other or "").strip():
                raise BackchannelError("BC040", f"{verdict} needs the other {'actor' if verdict == 'merge' else 'event'}",
                                       "give its id (or an actor's name)")
            calls = [[str(other).strip()]]
        else:
            calls = [[]]
        moves = [{"text": f} for f in forms or [] if f.strip()]
        made: list[dict[str, Any]] = []
        db = self.web.path
        with self._lock:
            try:
                for args in calls:
                    made.append(record(db, item, verdict, args, why=why.strip(), new_name=(new_name or "").strip() or None,
                                       moves=moves, rebuild_now=False))
            finally:
                if made:  # whatever was written is applied, even when a later field failed
                    rebuild(db)
                    self.web.reload()
            outcome = {r["id"]: r for r in self.web.kb.reviews() if r["id"]}
            ix = self.web.ix
        kind, was = made[0]["kind"], made[0]["item"]
        results = [{"judgement": m["judgement"], "verdict": verdict, "field": m["field"],
                    "status": outcome.get(m["judgement"], {}).get("status", "not applied"),
                    "detail": outcome.get(m["judgement"], {}).get("detail", "")} for m in made]
        now = outcome.get(made[-1]["judgement"], {}).get("item") or was
        exists = now in ix.actors if kind == "actors" else ix.kind_of.get(now) == kind
        return {"kind": kind, "was": was, "item": now if exists else None, "removed": not exists,
                "href": _href(kind, now) if exists else None, "judgements": results, "file": self.judgements_file}

    def from_form(self, form: dict[str, list[str]]) -> dict[str, Any]:
        """The arguments of :meth:`judge` from a posted form. The edit form sends every field; only
        those that differ from the item's present values become judgements."""
        def one(name: str) -> str:
            return (form.get(name) or [""])[0]

        item, verdict = one("item").strip(), one("verdict")
        call: dict[str, Any] = {"item": item, "verdict": verdict, "why": one("why")}
        if verdict == "set":
            kind = self._kind(item) or ""
            current = self.web.edit_values(kind, item) if kind else None
            if current is None:
                raise BackchannelError("BC041", f"no item {item!r} in this knowledge base", "reload the page")
            call["changes"] = {f: one(f"set_{f}") for f in FIELDS[kind]
                               if f"set_{f}" in form and not _same(f, one(f"set_{f}"), current[f])}
            if not call["changes"]:
                raise BackchannelError("BC040", "no field was changed", "edit a value, then save")
        elif verdict in ("merge", "same"):
            call["other"] = one("other")
        elif verdict == "split":
            call.update(forms=form.get("form") or [], new_name=one("new_name"))
        return call

    def next_page(self, back: str | None, result: dict[str, Any]) -> str:
        """Where to go after a judgement: back where it was made, unless that was the item's own page
        and the item is gone (then its list)."""
        back = safe_back(back)
        path = back.split("#")[0].split("?")[0]
        if path == _href(result["kind"], result["was"]) and result["removed"]:
            return LIST_PAGE[result["kind"]]
        return back
