"""The review commands: ``judge`` (record one judgement), ``judgements`` (list them and what
became of each) and ``reviewer`` (say once who you are)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from backchannel.clitools import console, db_option, friendly_errors, json_option, out, print_json
from backchannel.errors import BackchannelError
from backchannel.review.judgements import judgements_path, read, reviewer, reviewer_file
from backchannel.review.record import queue, rebuild, record


@click.command()
@click.argument("item")
@click.argument("verdict", type=click.Choice(["confirm", "reject", "set", "merge", "split", "same"]))
@click.argument("args", nargs=-1)
@db_option()
@click.option("--why", default="", help="Why: the source checked, the reason for the change (kept with the judgement).")
@click.option("--by", "by", help="Who judges (default: the name set with `backchannel reviewer`, else your login).")
@click.option("--name", "new_name", help="split: the name of the actor the moved mentions form.")
@click.option("--mention", "mentions", multiple=True, metavar="DOC:START",
              help="split: a mention that leaves, as document id and start offset (repeatable).")
@click.option("--form", "forms", multiple=True, metavar="TEXT",
              help="split: every mention written this way leaves (repeatable).")
@click.option("--no-rebuild", is_flag=True, help="Only record the judgement; the next build applies it.")
@json_option
@friendly_errors
def judge(item: str, verdict: str, args: tuple[str, ...], db: Path, why: str, by: str | None, new_name: str | None,
          mentions: tuple[str, ...], forms: tuple[str, ...], no_rebuild: bool, as_json: bool) -> None:
    """Confirm, reject or correct one extracted item, and keep that decision across rebuilds.

    ITEM is an id (from `timeline`, `deals`, `proposals`, `actors --json` or the web app)
    or, for an actor, its name. The judgement is appended to the file beside the knowledge
    base (talks.db -> talks.judgements.jsonl), with who, when, why and the evidence it was
    made on, and the knowledge base is rebuilt from its stored articles so it shows at once.
    Every later build applies it again; one whose item has gone is reported, not dropped.

    \b
    Examples:
      backchannel judge e1a2b3c4d5 confirm --db talks.db --why "checked with the Reuters wire"
      backchannel judge e1a2b3c4d5 reject --db talks.db --why "the outlet describing its own sourcing"
      backchannel judge e1a2b3c4d5 set participants "Steve Witkoff" "Vladimir Putin" --db talks.db
      backchannel judge e1a2b3c4d5 set date 2025-08-06 --db talks.db
      backchannel judge "Steve Witkoff" merge "ستيفن ويتكوف" --db talks.db
      backchannel judge "Lukoil" split --form "لوك" --name "Luk Holding" --db talks.db
      backchannel judge e1a2b3c4d5 same e9f8e7d6c5 --db talks.db
    """
    result = record(db, item, verdict, list(args), by=by, why=why, new_name=new_name,
                    moves=[_mention(m) for m in mentions] + [{"text": f} for f in forms], rebuild_now=not no_rebuild)
    path, kind = result["file"], result["kind"]
    if as_json:
        print_json(result)
    else:
        console.print(f"[green]judged[/] {kind[:-1]} {result['item']}: {verdict}"
                      f"{' ' + str(result['field']) if result.get('field') else ''} -> {result.get('status', 'recorded')}"
                      f"{': ' + result['detail'] if result.get('detail') else ''}  (in {path})", highlight=False)


def _mention(text: str) -> dict[str, Any]:
    doc, _, start = text.rpartition(":")
    if not doc or not start.isdigit():
        raise BackchannelError("BC040", f"--mention {text!r} is not DOC:START", "e.g. --mention 003_ab12:417")
    return {"doc": doc, "start": int(start)}


@click.command()
@db_option()
@click.option("--status", help="Only judgements with this outcome (applied, not found, unreadable).")
@json_option
@friendly_errors
def judgements(db: Path, status: str | None, as_json: bool) -> None:
    """List the judgements made on a knowledge base and what the last build made of each.

    \b
    Examples:
      backchannel judgements --db talks.db
      backchannel judgements --db talks.db --status "not found" --json
    """
    from backchannel.kb.store import KnowledgeBase

    path = judgements_path(db)
    found, problems = read(path)
    with KnowledgeBase(db) as kb:
        outcome = {r["id"]: r for r in kb.reviews() if r["id"]}
    rows = [{"id": j.id, "at": j.at, "by": j.by, "kind": j.kind, "verdict": j.verdict, "field": j.field,
             "value": j.value, "why": j.why, "item": j.item.get("id"),
             "status": outcome.get(j.id, {}).get("status", "not yet built"),
             "detail": outcome.get(j.id, {}).get("detail", "")} for j in found]
    if status:
        rows = [r for r in rows if r["status"] == status]
    if as_json:
        print_json({"file": str(path), "judgements": rows, "problems": problems})
        return
    for p in problems:
        console.print(f"[yellow]note[/] {p}", highlight=False)
    if not rows:
        console.print(f"no judgements in {path} yet: see `backchannel judge --help`", highlight=False)
        return
    table = Table("when", "by", "item", "verdict", "why", "outcome")
    for r in rows:
        verdict = r["verdict"] + (f" {r['field']}" if r["field"] else "")
        table.add_row(r["at"][:16].replace("T", " "), r["by"], f"{r['kind'][:-1]} {r['item']}", verdict, r["why"],
                      r["status"] + (f": {r['detail']}" if r["detail"] and r["status"] != "applied" else ""))
    out.print(table)


@click.command("reviewer")
@click.argument("name", required=False)
@friendly_errors
def reviewer_command(name: str | None) -> None:
    """Set (or show) the name your judgements are signed with, once for all knowledge bases.

    $BACKCHANNEL_REVIEWER and `judge --by` take precedence; without any, your login name is used.

    \b
    Examples:
      backchannel reviewer "Rana Haddad"
      backchannel reviewer
    """
    path = reviewer_file()
    if name:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name.strip() + "\n", encoding="utf-8")
    console.print(f"judgements are signed [bold]{reviewer()}[/] ({path if path.is_file() else 'login name'})",
                  highlight=False)


def _describe(kind: str, item: Any, names: dict[str, str]) -> str:
    if kind == "events":
        head = f"{item.date or 'undated'} · {item.type} · {item.summary or ''}"
        who = ", ".join(names.get(a, a) for a in item.participants)
        return f"{head}\n  who: {who or '-'}   place: {item.place or '-'}   confidence: {item.confidence}"
    if kind == "deals":
        return f"deal · {item.asset or '?'} · {item.sector or ''} · {item.status or ''}\n  parties: " + \
            ", ".join(names.get(a, a) for a in item.parties)
    return f"proposal · {item.name}"


@click.command()
@db_option()
@click.option("--by", "by", help="Who judges (default: the name set with `backchannel reviewer`, else your login).")
@click.option("--limit", "-n", default=20, show_default=True, help="How many items to go through in this session.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["events", "deals", "proposals"]),
              help="Only items of this kind (repeatable; default all three).")
@friendly_errors
def review(db: Path, by: str | None, limit: int, kinds: tuple[str, ...]) -> None:
    """Go through the items not yet reviewed, the least certain first, in the terminal.

    Each item is shown with the sentences behind it; answer c (confirm), r (reject),
    s (set a field: you are asked which and the new value), n (next, no judgement) or
    q (quit). Judgements are written as you go; the knowledge base is rebuilt once at the end.

    \b
    Examples:
      backchannel review --db talks.db
      backchannel review --db talks.db --kind events -n 50
    """
    from backchannel.kb.store import KnowledgeBase

    with KnowledgeBase(db) as kb:
        todo = queue(kb, kinds or ("events", "deals", "proposals"))[:limit]
        names = {a.id: a.name for a in kb.items("actors")}
    made = 0
    for n, (kind, item) in enumerate(todo, 1):
        out.rule(f"{n}/{len(todo)}  {kind[:-1]} {item.id}")
        out.print(_describe(kind, item, names), highlight=False)
        for span in item.evidence[:3]:
            out.print(f"  [dim]{span.doc} {span.start}-{span.end}:[/] {span.text}", highlight=False)
        answer = click.prompt("c confirm · r reject · s set · n next · q quit", default="n",
                              type=click.Choice(["c", "r", "s", "n", "q"]), show_choices=False, err=True)
        if answer == "q":
            break
        if answer == "n":
            continue
        why = click.prompt("why (optional)", default="", show_default=False, err=True)
        args: list[str] = []
        if answer == "s":
            from backchannel.review.judgements import FIELDS
            name = click.prompt("field", type=click.Choice(list(FIELDS[kind])), err=True)
            args = [name, *click.prompt("new value (actors: names separated by ';')", err=True).split(";")]
            args = [args[0]] + [a.strip() for a in args[1:] if a.strip()]
        try:
            record(db, item.id, {"c": "confirm", "r": "reject", "s": "set"}[answer], args, by=by, why=why,
                   rebuild_now=False)
            made += 1
        except BackchannelError as exc:
            console.print(f"[yellow]not recorded[/] {exc}", highlight=False)
    if made:
        rebuild(db)
    console.print(f"[green]{made} judgements[/] recorded in {judgements_path(db)}", highlight=False)


COMMANDS = [judge, judgements, reviewer_command, review]
