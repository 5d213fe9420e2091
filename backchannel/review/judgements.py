"""Judgements as data: what one looks like, where it is kept, and how an item is named in it.

A knowledge base ``talks.db`` keeps its judgements in ``talks.judgements.jsonl``: one JSON
object per line, appended and flushed to disk before the command returns, readable in any
editor and diff-able in a team's git repository. A judgement names its item twice: by id,
and by what it was judged on (the evidence spans and their text, the name, type and date),
because a rebuild after a code change or a new article may renumber or re-extract items;
:mod:`backchannel.review.apply` finds the item again from whichever still holds.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import uuid
import dataclasses
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from backchannel.errors import BackchannelError

KINDS = ("actors", "events", "deals", "proposals", "ties")
VERDICTS = ("confirm", "reject", "set", "merge", "split", "same")
# what ``set`` may correct, by kind; the fields holding actor ids take actor names or ids
FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("name", "type", "side"),
    "events": ("type", "date", "place", "participants", "source", "target", "host", "summary"),
    "deals": ("asset", "sector", "status", "condition", "parties"),
    "proposals": ("name", "proposer"),
    "ties": ("kind", "label"),
}
ACTOR_LISTS = frozenset({"participants", "source", "target", "host", "parties"})
ACTOR_ONE = frozenset({"proposer"})
_MAX_SPANS = 30  # spans kept in a fingerprint: enough to find the item, small enough to read


@dataclass
class Judgement:
    """One human decision on one item (or two, for ``merge`` and ``same``)."""

    kind: str
    verdict: str
    item: dict[str, Any]
    by: str
    at: str
    why: str = ""
    field: str | None = None
    value: Any = None
    other: dict[str, Any] | None = None  # the second item of a merge or same
    moves: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # split: the mentions (or surface forms) that leave
    new_name: str | None = None  # split: the name of the actor they form
    id: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex[:12])

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v not in (None, [], "")}, ensure_ascii=False)


def judgements_path(db: Path | str) -> Path:
    """Where the judgements of the knowledge base ``db`` live: beside it, named after it."""
    db = Path(db)
    return db.with_name(f"{db.stem}.judgements.jsonl")


def reviewer_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "backchannel" / "reviewer"


def reviewer(given: str | None = None) -> str:
    """Who judges: ``--by``, else $BACKCHANNEL_REVIEWER, else the name set once with
    ``backchannel reviewer NAME``, else the login name."""
    if given:
        return given
    if os.environ.get("BACKCHANNEL_REVIEWER"):
        return os.environ["BACKCHANNEL_REVIEWER"]
    path = reviewer_file()
    if path.is_file() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def append(path: Path, judgement: Judgement) -> None:
    """Add one judgement at the end of the file, on disk before returning (a crash loses nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(judgement.to_json() + "\n")
        f.flush()
        os.fsync(f.fileno())


def read(path: Path) -> tuple[list[Judgement], list[str]]:
    """The judgements in ``path`` in the order they were made, and a message for each line
    that is not one (kept in the file, skipped here: one bad line never costs the others)."""
    if not path.is_file():
        return [], []
    out: list[Judgement] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                j = Judgement(**raw)
                if j.kind not in KINDS or j.verdict not in VERDICTS or not isinstance(j.item, dict):
                    raise ValueError(f"kind {j.kind!r} / verdict {j.verdict!r}")
            except (ValueError, TypeError) as exc:
                problems.append(f"{path}:{n}: not a judgement ({exc}); line skipped")
                continue
            out.append(j)
    return out, problems


def _spans(spans: list[Any]) -> list[list[Any]]:
    return [[s.doc, s.start, s.end, s.text] for s in spans[:_MAX_SPANS]]


def fingerprint(kind: str, item: Any, names: dict[str, str]) -> dict[str, Any]:
    """What a judgement remembers of ``item``: its id, its spans and the fields a reader saw
    (actor ids given with their names, so the item is still recognisable in the file)."""
    fp: dict[str, Any] = {"id": item.id}
    if kind == "actors":
        fp.update(name=item.name, type=item.type, aliases=item.aliases[:10], spans=_spans(item.mentions))
        return fp
    fp["spans"] = _spans(item.evidence)
    if kind == "events":
        fp.update(type=item.type, date=item.date, participants=[names.get(a, a) for a in item.participants])
    elif kind == "deals":
        fp.update(asset=item.asset, parties=[names.get(a, a) for a in item.parties])
    elif kind == "proposals":
        fp.update(name=item.name)
    elif kind == "ties":
        fp.update(kind=item.kind, source=names.get(item.source, item.source), target=names.get(item.target, item.target))
    return fp


def check_field(kind: str, name: str) -> None:
    """Fail with the fields that can be set when ``name`` is not one of them."""
    if name not in FIELDS.get(kind, ()):
        raise BackchannelError("BC040", f"{kind} have no field {name!r} a judgement can set",
                               f"one of: {', '.join(FIELDS.get(kind, ()))}")
