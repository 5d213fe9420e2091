"""The ``backchannel`` command line: a thin layer that parses options and calls the library.

Every command reads like a page of the manual: ``backchannel COMMAND --help``.
Exit codes: 0 done; 1 the command could not do its job (the message says why and what to
do); 2 the command line itself was wrong; 3 with ``build --strict``, some files were skipped.
"""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.table import Table

from backchannel import __version__
from backchannel.clitools import console, db_option, friendly_errors, json_option, out, print_json
from backchannel.errors import BackchannelError

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="backchannel")
def cli() -> None:
    """Backchannel maps a negotiation from the news that covers it.

    Give it a folder of articles (Arabic or English; .txt, .md, .html, .json, .jsonl) and it
    builds a knowledge base of who is involved, what happened when and where, which business
    deals and settlement terms were on the table, and which outlets say so, every item
    linked to the exact sentences behind it.

    \b
    A first session:
      backchannel build articles/ --db talks.db     read, extract, resolve, store
      backchannel stats --db talks.db               what the knowledge base holds
      backchannel search "ديميترييف" --db talks.db   find sentences, any spelling
      backchannel export --db talks.db --format json > talks.json
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option()
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An extra actor knowledge base (YAML), added to the one shipped. Repeatable.")
@click.option("--no-kb", is_flag=True, help="Switch off the actor knowledge bases: find people and bodies from the "
              "text alone (the world's states, data/states.yaml, are still known).")
@click.option("--outlet", help="Outlet of every article read (when the files do not say).")
@click.option("--date", "date", help="Publication date (YYYY-MM-DD) of every article read, to resolve 'last week'.")
@click.option("--language", help="Language of every article read (ar, en), if detection should be overridden.")
@click.option("--replace", is_flag=True, help="Start a new knowledge base instead of adding to the one at --db.")
@click.option("--max-size", default=20.0, show_default=True, help="Skip files larger than this many MB.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for per-article work (0 = one per core).")
@click.option("--strict", is_flag=True, help="Exit with code 3 if any file was skipped.")
@click.option("--sides", "sides_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The sides of your story (YAML like backchannel/data/sides.yaml): who stands with whom, for "
              "the network, the briefing and the drafted scenario. Default: the shipped story's sides, then each "
              "actor's country.")
@click.option("--no-cache", is_flag=True, help="Analyse every article again, even those the analysis cache "
              "holds from an earlier build (see `backchannel cache`).")
@json_option
@friendly_errors
def build(sources: tuple[Path, ...], db: Path, kb_files: tuple[Path, ...], no_kb: bool, outlet: str | None,
          date: str | None, language: str | None, replace: bool, max_size: float, jobs: int, strict: bool,
          sides_file: Path | None, no_cache: bool, as_json: bool) -> None:
    """Build a knowledge base from the articles in SOURCES (folders or files).

    Every file is read (encoding detected; HTML pages stripped of their menus and
    scripts), split into sentences, searched for actors, dates, amounts and events,
    and the results are resolved across articles (one actor however spelled, one event
    however many outlets report it) and stored in the SQLite file at --db.

    If --db already exists its articles are kept and the new ones added; the same
    article read twice is stored once. The file is replaced only when the build
    succeeds, so an interrupted build leaves the old knowledge base as it was.
    A file that cannot be read is reported and skipped; the rest still builds.

    Each article's analysis is cached by its content and the pipeline's code and data,
    so a rebuild analyses only new or changed articles (then resolves the whole corpus
    again); a change to Backchannel or to a --kb file analyses everything anew.

    \b
    Examples:
      backchannel build articles/ --db talks.db
      backchannel build more/ extra.html --db talks.db --outlet "Gulf Ledger"
      backchannel build articles/ --db talks.db --no-kb     (text alone, no known actors)
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from backchannel.corpus import ReadOptions
    from backchannel.pipeline import BuildOptions, build as run_build

    if date:
        from backchannel.corpus.metadata import iso_date
        if not iso_date(date):
            raise BackchannelError("BC012", f"--date {date!r} is not a date", "write it as YYYY-MM-DD")
    if sides_file:  # a broken sides file is reported before any article is read
        from backchannel.resolve.sides import load_sides
        load_sides(sides_file)
    overrides = {k: v for k, v in {"outlet": outlet, "date": date, "language": language}.items() if v}
    options = BuildOptions(use_kb=not no_kb, kb_files=list(kb_files), jobs=jobs, cache=not no_cache, sides_file=sides_file,
                           read=ReadOptions(overrides=overrides, max_bytes=int(max_size * 1024 * 1024)))
    with Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=as_json) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        report = run_build(list(sources), db, options, replace=replace, progress=progress)
    for err in report.errors:
        console.print(f"[yellow]skipped[/] {err}", highlight=False)
    for path in report.rescreened:
        console.print(f"[green]screened again[/] against {path}", highlight=False)
    for note in report.notes:
        console.print(f"[yellow]note[/] {note}", highlight=False)
    if as_json:
        print_json(report.to_dict())
    else:
        c = report.counts
        console.print(f"[green]built[/] {db}: {report.documents} documents ({report.new_documents} new"
                      f"{', %d analyses from the cache' % report.cached if report.cached else ''}"
                      f"{', %d duplicate' % len(report.duplicates) if report.duplicates else ''}"
                      f"{', %d skipped' % len(report.errors) if report.errors else ''}), "
                      f"{c.get('actors', 0)} actors, {c.get('events', 0)} events, {c.get('deals', 0)} deals, "
                      f"{c.get('proposals', 0)} proposals in {report.seconds['total']:.1f}s", highlight=False)
        console.print(f"open it in your browser: [bold]backchannel serve --db {db}[/]  (then http://127.0.0.1:8765/)",
                      highlight=False)
    if strict and report.errors:
        sys.exit(3)


@cli.command()
@db_option()
@click.option("--format", "fmt", type=click.Choice(["json", "ftm", "graphml", "csv", "datasette"]), default="json",
              show_default=True, help="Output format (see above).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write to this file (a folder for csv) instead of standard output.")
@click.option("--no-text", is_flag=True, help="Leave the article texts out of the JSON and FtM exports.")
@friendly_errors
def export(db: Path, fmt: str, output: Path | None, no_text: bool) -> None:
    """Export the knowledge base for other tools.

    \b
    json       every document, actor, event, deal, proposal, tie and discrepancy, each
               item with its evidence spans (document id, character offsets, text); the
               shape ../shared/eval/score.py and CONTRACT.md describe.
    ftm        FollowTheMoney entities, one JSON object per line, for Aleph, yente and
               the ftm tools: actors as Person/Organization/Company/PublicBody, events,
               ties as Family/Directorship/Membership/Associate/..., deals and plans as
               Project, articles as Article linked to what they mention.
    graphml    a graph of actors, events, deals and proposals for Gephi or networkx.
    csv        one CSV file per table and view, into the folder given by --output.
    datasette  a metadata file that describes every table and column, for
               datasette talks.db --metadata metadata.json

    Sanctions flags (backchannel screen) appear in every format once screened.

    \b
    Examples:
      backchannel export --db talks.db --format json > talks.json
      backchannel export --db talks.db --format ftm -o talks.ftm.json
      ftm validate -i talks.ftm.json
      backchannel export --db talks.db --format graphml -o talks.graphml
      backchannel export --db talks.db --format csv -o talks-csv/
    """
    if fmt == "csv":
        if output is None:
            raise click.UsageError("--format csv writes a folder of files: give it with --output DIR")
        from backchannel.export.tables import write_csv

        files = write_csv(db, output)
        console.print(f"[green]wrote[/] {len(files)} CSV files to {output}")
        return
    if output is not None and output.is_dir():
        raise click.UsageError(f"--output {output} is a folder; --format {fmt} writes one file")
    if fmt == "graphml":
        from backchannel.export.graphml import write_graphml

        g = write_graphml(db, output or sys.stdout.buffer)
        if output:
            console.print(f"[green]wrote[/] {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
        return
    if fmt == "ftm":
        from backchannel.export.ftm import write_ftm

        with (output.open("w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout)) as fh:
            skipped = write_ftm(db, fh, with_text=not no_text)
        for note in skipped:
            console.print(f"[yellow]skipped[/] {note}", highlight=False)
        if output:
            console.print(f"[green]wrote[/] {output}")
        return
    if fmt == "datasette":
        from backchannel.export.tables import datasette_metadata

        text = json.dumps(datasette_metadata(db), ensure_ascii=False, indent=1)
    else:
        from backchannel.export.json_export import export_kb

        text = json.dumps(export_kb(db, with_text=not no_text), ensure_ascii=False, indent=1)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"[green]wrote[/] {output}")
    else:
        click.echo(text)


@cli.command()
@click.argument("query")
@db_option()
@click.option("--limit", "-n", default=20, show_default=True, help="How many sentences to show.")
@json_option
@friendly_errors
def search(query: str, db: Path, limit: int, as_json: bool) -> None:
    """Find the sentences that contain every word of QUERY.

    Matching ignores Arabic diacritics, tatweel, the form of alef, ya and ta marbuta,
    attached clitics (و ب ل ال) and the long vowels transliterations add or drop, so
    "دميترييف" finds "ديميترييف" and "أوكرانيا" finds "اوكرانيا". Latin text is matched
    case-insensitively.

    \b
    Example:
      backchannel search "سخالين" --db talks.db
    """
    from backchannel.kb.store import KnowledgeBase

    with KnowledgeBase(db) as kb:
        hits = kb.search(query, limit=limit)
    if as_json:
        print_json(hits)
        return
    if not hits:
        console.print(f"no sentence matches {query!r}")
        sys.exit(1)
    table = Table("source", "sentence", "offsets", show_lines=True)
    for h in hits:
        table.add_row(f"{h['source']}\n{h['outlet'] or ''}", h["text"], f"{h['start']}–{h['end']}")
    out.print(table)


@cli.command()
@db_option()
@json_option
@friendly_errors
def stats(db: Path, as_json: bool) -> None:
    """Show what a knowledge base holds: documents by language and outlet, items by kind.

    \b
    Example:
      backchannel stats --db talks.db --json
    """
    from backchannel.kb.store import KnowledgeBase

    with KnowledgeBase(db) as kb:
        s = kb.stats()
    if as_json:
        print_json(s)
        return
    table = Table("what", "count", title=f"{db}")
    for key in ("documents", "sentences", "actors", "mentions", "events", "deals", "proposals", "ties",
                "discrepancies", "read_errors"):
        table.add_row(key.replace("_", " "), str(s[key]))
    for lang, n in s["by_language"].items():
        table.add_row(f"  language {lang}", str(n))
    for outlet, n in s["by_outlet"].items():
        table.add_row(f"  outlet {outlet}", str(n))
    table.add_row("dates", f"{s['dates']['first'] or '?'} … {s['dates']['last'] or '?'}")
    out.print(table)


@cli.command()
@click.option("--clear", is_flag=True, help="Remove every cached analysis (the next build analyses all anew).")
@json_option
@friendly_errors
def cache(clear: bool, as_json: bool) -> None:
    """Show (or clear) the analysis cache that makes rebuilds cheap.

    Every build keeps each article's analysis under a hash of the article and of
    Backchannel's code and data, in a SQLite file in your cache directory
    ($BACKCHANNEL_CACHE, else $XDG_CACHE_HOME/backchannel or ~/.cache/backchannel).
    Entries unused for 90 days are dropped by the next build. `build --no-cache`
    ignores it for one build.

    \b
    Examples:
      backchannel cache
      backchannel cache --clear
    """
    from backchannel.kb.cache import AnalysisCache

    notes: list[str] = []
    store = AnalysisCache.open(notes)
    if store is None:
        raise BackchannelError("BC014", notes[0], "set BACKCHANNEL_CACHE to a folder you can write")
    try:
        removed = store.clear() if clear else None
        info = store.stats()
    finally:
        store.close()
    if removed is not None:
        info["removed"] = removed
    if as_json:
        print_json(info)
        return
    if removed is not None:
        console.print(f"[green]cleared[/] {removed} cached analyses", highlight=False)
    console.print(f"{info['path']}: {info['entries']} analyses, {info['megabytes']} MB", highlight=False)


@cli.command()
@db_option()
@click.option("--sanctions", "lists", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A sanctions list as FollowTheMoney JSON lines (OpenSanctions format). Repeatable.")
@click.option("--threshold", default=0.85, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Lowest name score (0-1) that counts as a match.")
@json_option
@friendly_errors
def screen(db: Path, lists: tuple[Path, ...], threshold: float, as_json: bool) -> None:
    """Screen the actors against sanctions lists, and flag the deals that depend on sanctions.

    Each list is a file of FollowTheMoney entities, one JSON object per line, as
    OpenSanctions publishes them (download it yourself, e.g. the "Sanctioned entities"
    collection as entities.ftm.json). Names are compared by script-independent keys,
    so an actor named only in Arabic is found on a list written in Latin script. A match
    needs the whole name, first name included: a shared surname is never enough.
    People match listed people; organisations listed organisations.

    Deals are flagged when a party matches a list, or when the deal is conditioned on
    lifting or easing sanctions. Results are stored in the knowledge base (tables
    sanctions_matches and deal_flags) and shown by export, report and the web app.
    Screening a file again replaces its earlier results. A new build starts a fresh
    knowledge base: run screen again after each build.

    \b
    Examples:
      backchannel screen --db talks.db --sanctions entities.ftm.json
      backchannel screen --db talks.db --sanctions ofac.json --sanctions eu.json --json
    """
    from backchannel.analyse.screening import iter_matches, screen as run_screen

    result = run_screen(db, list(lists), threshold=threshold)
    if as_json:
        print_json(result.to_dict())
        return
    for info in result.files:
        console.print(f"[green]screened[/] {info['file']}: {info['entities']} entities"
                      f"{', %d unreadable lines skipped' % info['bad_lines'] if info['bad_lines'] else ''}",
                      highlight=False)
    if not lists:
        console.print("no list given (--sanctions FILE): only deals conditioned on sanctions relief were flagged")
    table = Table("actor", "listed as", "list", "programme", "score", title="sanctions matches")
    for m in iter_matches(result):
        table.add_row(f"{m.matched_name}\n{m.actor}", f"{m.entity_name}\n{m.entity_id}", m.list, m.program,
                      f"{m.score:.2f}")
    out.print(table if result.matches else "no actor matches a listed entity")
    if result.deal_flags:
        flags = Table("deal", "flag", "why", title="flagged deals")
        for f in result.deal_flags:
            flags.add_row(f["deal"], f["flag"].replace("_", " "), f["detail"])
        out.print(flags)


def _register_groups() -> None:
    """Command groups that live beside the code they drive."""
    from backchannel.model.cli import model_group, scenario_group
    from backchannel.review.cli import COMMANDS as review_commands

    cli.add_command(model_group)
    cli.add_command(scenario_group)
    for command in review_commands:
        cli.add_command(command)


_register_groups()


@cli.command()
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default lets only this machine connect.")
@click.option("--port", default=8765, show_default=True, help="Port to listen on.")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bargaining scenario (YAML) for the Model page; default: the shipped example.")
@click.option("--open", "open_browser", is_flag=True, help="Also open the app in your web browser.")
@click.option("--review", is_flag=True,
              help="Let the analyst confirm, reject and correct items from the pages (a review queue at /review). "
                   "Only on this machine's loopback address.")
@friendly_errors
def serve(db: Path, host: str, port: int, scenario: Path | None, open_browser: bool, review: bool) -> None:
    """Open a built knowledge base in a local web app (stop it with Ctrl-C).

    Pages: an overview of the corpus; the timeline of events (filter by actor, type,
    outlet); the actor network; a page per actor with every mention in context; deals;
    proposals with their positions issue by issue; sources and where outlets disagree;
    search in any spelling; and the reader, where every piece of evidence opens the
    article with that passage highlighted. Every page has a JSON twin (add .json to
    its address), described at /openapi.json.

    Nothing is loaded from the internet, and the app answers only this machine unless
    --host says otherwise. Rebuilding the knowledge base while it is served is fine: the
    next page shows the new one.

    With --review every item gets confirm / reject buttons and an edit form, actors merge
    and split, events "same as", and /review lists what nobody has reviewed yet, the
    least supported first (keys j/k, c, r, e). Each judgement is appended to the file
    beside the knowledge base, as `backchannel judge` does, and the base is rebuilt. Only
    the app's own pages can post one (a token made at start-up, and their origin).

    \b
    Examples:
      backchannel serve --db talks.db                 then open http://127.0.0.1:8765/
      backchannel serve --db talks.db --port 9000 --open
      backchannel serve --db talks.db --review        then open http://127.0.0.1:8765/review
    """
    from backchannel.web.server import is_local, port_free, serve as run_server

    if not db.is_file():
        raise BackchannelError("BC010", f"no knowledge base at {db}", f"build one first: backchannel build FOLDER --db {db}")
    if review and not is_local(host):
        raise BackchannelError("BC012", f"--review writes judgements, so it listens on this machine only, not {host}",
                               "drop --host, or give 127.0.0.1")
    if not port_free(host, port):
        raise BackchannelError("BC012", f"port {port} on {host} is already in use",
                               f"pass another one: backchannel serve --port {port + 1}")
    if not is_local(host):
        console.print(f"[yellow]warning[/] listening on {host}: other machines on the network can read this "
                      "knowledge base", highlight=False)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    console.print(f"[green]serving[/] {db} at [bold]{url}[/]  (Ctrl-C stops it)", highlight=False)
    if review:
        from backchannel.review.judgements import judgements_path

        console.print(f"[green]review[/] on: the queue is at {url}review; judgements go to {judgements_path(db)}",
                      highlight=False)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (url,)).start()
    run_server(db, host=host, port=port, scenario=scenario, review=review)


@cli.command()
@db_option()
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="pdf", show_default=True,
              help="md (with its charts in NAME_files/), html (one self-contained page) or pdf (A4, print-ready).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: briefing.<format> in the current folder.")
@click.option("--title", help='Title on the first page, e.g. "The US-Russia backchannel".')
@friendly_errors
def report(db: Path, fmt: str, output: Path | None, title: str | None) -> None:
    """Write a briefing a person can read and print.

    The briefing opens with the key figures and key points, then the cast by side, a
    timeline (with a chart), the business deals, the settlement proposals and their
    issues, where outlets disagree, the sanctions flags (after backchannel screen) and a
    network picture. Every line cites the numbered articles it comes from, with short
    quotes in their own language; the sources are listed at the end.

    \b
    Examples:
      backchannel report --db talks.db --format pdf -o briefing.pdf --title "The backchannel"
      backchannel report --db talks.db --format md -o briefing.md     (charts in briefing_files/)
      backchannel report --db talks.db --format html -o briefing.html
    """
    from backchannel.export.report import write_report

    files = write_report(db, fmt, output or Path(f"briefing.{fmt}"), title)
    console.print(f"[green]wrote[/] {', '.join(str(f) for f in files)}", highlight=False)


def _actor_counts(kb: Any) -> dict[str, dict[str, int]]:
    """Mentions per actor per document (by the start of its file name), from the ``mentions`` table."""
    sources = {d["id"]: d["source"] for d in kb.documents()}
    counts: dict[str, dict[str, int]] = {}
    for row in kb.conn.execute("SELECT actor, doc, COUNT(*) FROM mentions WHERE actor IS NOT NULL GROUP BY actor, doc"):
        counts.setdefault(row[0], {})[Path(sources.get(row[1], row[1])).stem[:12]] = row[2]
    return counts


@cli.command()
@db_option()
@click.option("--type", "kind", help="Only actors of this type (person, company, government_body, state, media, ...).")
@click.option("--side", help="Only actors of this side (US, Russia, Ukraine, Europe, other).")
@click.option("--source", type=click.Choice(["kb", "discovered"]),
              help="Only actors from the knowledge base, or only those discovered in the text.")
@click.option("--limit", "-n", default=0, help="Show at most this many (most mentioned first; 0 = all).")
@json_option
@friendly_errors
def actors(db: Path, kind: str | None, side: str | None, source: str | None, limit: int, as_json: bool) -> None:
    """List the actors: who is in this story, and in which articles.

    One row per real person, company, agency, fund, outlet or state, however the articles
    spell it, with its mentions counted per document. "discovered" actors were found in
    the text (by title, role or head noun), not in the knowledge base.

    \b
    Examples:
      backchannel actors --db talks.db
      backchannel actors --db talks.db --type person --side Russia
      backchannel actors --db talks.db --source discovered --json
    """
    from backchannel.kb.store import KnowledgeBase

    with KnowledgeBase(db) as kb:
        items = kb.items("actors")
        counts = _actor_counts(kb)
    items = [a for a in items if (not kind or a.type == kind) and (not side or (a.side or "").lower() == side.lower())
             and (not source or a.source == source)]
    items.sort(key=lambda a: (-sum(counts.get(a.id, {}).values()), a.name))
    if limit:
        items = items[:limit]
    if as_json:
        print_json([{"id": a.id, "name": a.name, "type": a.type, "side": a.side, "source": a.source,
                     "mentions": sum(counts.get(a.id, {}).values()), "by_document": counts.get(a.id, {})}
                    for a in items])
        return
    if not items:
        console.print("no actor matches")
        sys.exit(1)
    table = Table("actor", "type", "side", "source", "mentions", "per document", title=f"{len(items)} actors")
    for a in items:
        per = counts.get(a.id, {})
        table.add_row(a.name, a.type, a.side or "", a.source, str(sum(per.values())),
                      ", ".join(f"{src} {n}" for src, n in sorted(per.items())))
    out.print(table)


@cli.command()
@click.argument("name")
@db_option()
@click.option("--context", default=60, show_default=True, help="Characters of text shown either side of a mention.")
@click.option("--limit", "-n", default=50, show_default=True, help="Show at most this many mentions.")
@json_option
@friendly_errors
def actor(name: str, db: Path, context: int, limit: int, as_json: bool) -> None:
    """Show one actor: names by language, roles, ties, and every mention in context.

    NAME may be written in any script or spelling ("Dmitriev", "ديميترييف", "دميترييف"),
    or be an actor id from `backchannel actors --json`.

    \b
    Examples:
      backchannel actor "Kirill Dmitriev" --db talks.db
      backchannel actor ويتكوف --db talks.db --context 100
    """
    from backchannel.kb.store import KnowledgeBase
    from backchannel.resolve.actors import lookup

    with KnowledgeBase(db) as kb:
        everyone = kb.items("actors")
        found = lookup(everyone, name)
        if not found:
            raise BackchannelError("BC012", f"no actor called {name!r}", "list them with: backchannel actors --db " + str(db))
        if len(found) > 1:
            raise BackchannelError("BC012", f"{name!r} could be {', '.join(a.name for a in found[:6])}",
                                   "give the full name or the actor id")
        a = found[0]
        names = {x.id: x.name for x in everyone}
        texts = {d["id"]: (d["source"], kb.document(d["id"])["text"]) for d in kb.documents()}
        ties = [t for t in kb.items("ties") if a.id in (t.source, t.target)]
    mentions = []
    for span in a.mentions[:limit]:
        source, text = texts.get(span.doc, (span.doc, ""))
        mentions.append({"source": source, "start": span.start, "end": span.end, "text": span.text,
                         "before": text[max(0, span.start - context):span.start].replace("\n", " "),
                         "after": text[span.end:span.end + context].replace("\n", " ")})
    tie_rows = [{"kind": t.kind, "source": names.get(t.source, t.source), "target": names.get(t.target, t.target),
                 "label": t.label, "evidence": [e.text for e in t.evidence]} for t in ties]
    if as_json:
        print_json({"id": a.id, "name": a.name, "type": a.type, "side": a.side, "source": a.source,
                    "wikidata": a.wikidata, "names": a.names, "aliases": a.aliases, "roles": a.roles,
                    "merge_reasons": a.merge_reasons, "ties": tie_rows, "mentions": mentions,
                    "mention_count": len(a.mentions)})
        return
    out.print(f"[bold]{a.name}[/]  {a.type}, {a.side or 'side unknown'}, {a.source}"
              f"{', wikidata ' + a.wikidata if a.wikidata else ''}  ({a.id})", highlight=False)
    for lang_code, ns in sorted(a.names.items()):
        out.print(f"  names ({lang_code}): {' · '.join(ns)}", highlight=False)
    for role in a.roles:
        out.print(f"  role: {role}", highlight=False)
    for reason in a.merge_reasons:
        out.print(f"  merged: {reason}", highlight=False)
    for t in tie_rows:
        out.print(f"  tie: {t['source']} —{t['kind']}→ {t['target']}  «{t['evidence'][0] if t['evidence'] else ''}»",
                  highlight=False)
    table = Table("source", "offsets", "in context", title=f"{len(a.mentions)} mentions", show_lines=False)
    for m in mentions:
        table.add_row(m["source"], f"{m['start']}–{m['end']}", f"…{m['before']}[bold]{m['text']}[/]{m['after']}…")
    out.print(table)


def _value_text(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    amount, unit = value.get("amount"), value.get("unit") or ""
    if amount is None:
        return value.get("phrase") or ""
    if unit == "%":
        text = f"{amount:g}%"
    elif isinstance(amount, (int, float)) and amount >= 1e9:
        text = f"{amount / 1e9:g} bn {unit}"
    elif isinstance(amount, (int, float)) and amount >= 1e6:
        text = f"{amount / 1e6:g} m {unit}"
    else:
        text = f"{amount:,} {unit}".strip()
    if value.get("bound") == "upper":
        text = "up to " + text
    return ("~" if value.get("approx") else "") + text


def _sources_cell(row: dict[str, Any]) -> str:
    outlets = ", ".join(row.get("outlets") or [])
    flag = " [yellow]⚠ sources disagree[/]" if row.get("discrepancies") else ""
    return f"{row['corroboration']} doc{'s' if row['corroboration'] != 1 else ''}{' · ' + outlets if outlets else ''}{flag}"


def _listing(db: Path, fetch: Callable[[Any], list[dict[str, Any]]], noun: str, as_json: bool
             ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, str]] | None:
    """Rows for a listing command, with the documents and actor names printing them needs.

    Prints the rows as JSON (and returns None) with ``--json``; exits 1 when nothing matches.
    """
    from backchannel.analyse.timeline import sources_of
    from backchannel.kb.store import KnowledgeBase

    with KnowledgeBase(db) as kb:
        rows = fetch(kb)
        docs = sources_of(kb)
        names = {a.id: a.name for a in kb.items("actors")}
    if as_json:
        print_json(rows)
        return None
    if not rows:
        console.print(f"no {noun} matches; try fewer filters")
        sys.exit(1)
    return rows, docs, names


def _print_disagreements(rows: list[dict[str, Any]], docs: dict[str, dict[str, Any]], names: dict[str, str]) -> None:
    """Each disagreement between sources on one line, actors by name, readings with their articles."""
    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(names.get(v, str(v)) for v in value)
        return names.get(value, str(value)) if isinstance(value, str) else str(value)

    for row in rows:
        for d in row.get("discrepancies") or []:
            readings = "; ".join(
                f"{shown(r['value'])} ({', '.join(docs.get(x, {}).get('source') or x for x in r['docs'])})"
                for r in d["readings"])
            out.print(f"[yellow]⚠[/] {row.get('summary') or row.get('name') or row.get('asset')}: "
                      f"sources disagree on {d['field']}: {readings}", highlight=False)


@cli.command()
@db_option()
@click.option("--actor", help="Only events this actor took part in (name in any spelling, alias or id).")
@click.option("--from", "since", help="Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "until", help="Only events on or before this date.")
@click.option("--type", "types", multiple=True,
              help="Only events of this type (meeting, call, visit, summit, video_conference, sanction, waiver, "
                   "leak, offer, request, refusal, statement, departure, other). Repeatable.")
@click.option("--min-sources", default=1, show_default=True, help="Only events reported by at least this many documents.")
@click.option("--undated/--no-undated", default=True, show_default=True, help="List events with no date, after the dated ones.")
@click.option("--evidence", is_flag=True, help="Print the sentences behind each event under it.")
@json_option
@friendly_errors
def timeline(db: Path, actor: str | None, since: str | None, until: str | None, types: tuple[str, ...],
             min_sources: int, undated: bool, evidence: bool, as_json: bool) -> None:
    """The story in date order: every event, where and with whom, and how many sources report it.

    A date keeps the precision the articles give (2025-04 stays a month) and the words it
    was read from; events no article dates come last. The same meeting told by several
    outlets is one row with its number of documents; where they disagree (on the date,
    the duration, who was there, the place) the row is flagged and the readings listed.

    \b
    Examples:
      backchannel timeline --db talks.db
      backchannel timeline --db talks.db --actor "ويتكوف" --from 2025-04 --to 2025-08
      backchannel timeline --db talks.db --type meeting --type call --min-sources 2 --json
    """
    from backchannel.analyse.timeline import timeline as chronology

    found = _listing(db, lambda kb: chronology(kb, actor=actor, since=since, until=until, types=types,
                                               min_sources=min_sources, undated=undated), "event", as_json)
    if found is None:
        return
    rows, docs, names = found
    table = Table("date", "type", "what", "sources", "id", show_lines=evidence)
    for r in rows:
        date = r["date"] or (f"[dim]({r['date_phrase']})[/]" if r.get("date_phrase") else "[dim]undated[/]")
        what = r["summary"] or r["type"]  # the summary says how long it lasted
        if evidence:
            what += "".join(f"\n[dim]{e['source']} {e['start']}–{e['end']}:[/] {e['text']}" for e in r["evidence"])
        table.add_row(date, r["type"], what, _sources_cell(r), f"[dim]{r['id']}[/]")  # the id `judge` takes
    out.print(table)
    _print_disagreements(rows, docs, names)


@cli.command()
@db_option()
@click.option("--actor", help="Only deals this actor is a party to (name in any spelling, alias or id).")
@click.option("--sector", help="Only deals in this sector (energy, mining, finance, space, tech, ...).")
@click.option("--status", help="Only deals at this stage (proposed, discussed, explored, negotiating, seeking, agreed).")
@click.option("--evidence", is_flag=True, help="Print the sentences behind each deal under it.")
@json_option
@friendly_errors
def deals(db: Path, actor: str | None, sector: str | None, status: str | None, evidence: bool, as_json: bool) -> None:
    """The business deals and economic offers on the table: asset, parties, value, condition, status.

    Deals about the same asset (Sakhalin, Nord Stream 2, Lukoil's foreign assets) are one row
    however many outlets report them; the value keeps its unit and whether it is
    approximate ("~300 bn USD") and the condition keeps the article's words ("إذا رفعت
    الولايات المتحدة ... العقوبات").

    \b
    Examples:
      backchannel deals --db talks.db
      backchannel deals --db talks.db --sector energy --actor "Exxon"
    """
    from backchannel.analyse.items import deals as deal_rows

    found = _listing(db, lambda kb: deal_rows(kb, actor=actor, sector=sector, status=status), "deal", as_json)
    if found is None:
        return
    rows, docs, names = found
    table = Table("asset", "sector", "parties", "value", "status", "condition", "sources", show_lines=True)
    for r in rows:
        asset = r["asset"] or ""
        if evidence:
            asset += "".join(f"\n[dim]{e['source']}:[/] {e['text']}" for e in r["evidence"])
        table.add_row(asset, r["sector"] or "", ", ".join(r["party_names"]), _value_text(r["value"]), r["status"] or "",
                      r["condition"] or "", _sources_cell(r))
    out.print(table)
    _print_disagreements(rows, docs, names)


@cli.command()
@db_option()
@click.option("--actor", help="Only proposals this actor put forward or reacted to.")
@click.option("--issue", help='Only proposals covering this issue ("territory", "Donetsk", "security guarantees", ...).')
@click.option("--evidence", is_flag=True, help="Print the sentences behind each proposal under it.")
@json_option
@friendly_errors
def proposals(db: Path, actor: str | None, issue: str | None, evidence: bool, as_json: bool) -> None:
    """The settlement proposals: named plans and offers, the issues each covers, who stands where.

    A plan counted in points ("خطة من 28 نقطة", "the 20-point plan") is named by its count; an
    exchange by what is given for what ("Putin's offer: Donetsk for Kherson and Zaporizhzhia");
    other plans, offers and demands by whose and on what ("Dmitriev's frozen-assets plan").
    Each issue (from data/issues.yaml: territory by region, NATO or foreign troops, security
    guarantees, sanctions relief, frozen assets, ...) shows the text's words on it; reactions
    are backs, rejects or mixed, by the actor who reacted.

    \b
    Examples:
      backchannel proposals --db talks.db
      backchannel proposals --db talks.db --issue Donetsk --json
    """
    from backchannel.analyse.items import proposals as proposal_rows

    found = _listing(db, lambda kb: proposal_rows(kb, actor=actor, issue=issue), "proposal", as_json)
    if found is None:
        return
    rows, docs, names = found
    table = Table("proposal", "proposer", "issues", "reactions", "sources", show_lines=True)
    for r in rows:
        name = r["name"]
        if evidence:
            name += "".join(f"\n[dim]{e['source']}:[/] {e['text']}" for e in r["evidence"])
        issues = "\n".join(f"{i['issue']}: [dim]{_short(i.get('position') or '', 90)}[/]" for i in r["issues"])
        reactions = "\n".join(f"{x['actor_name']}: {x['stance']}" for x in r["reactions"])
        table.add_row(name, r["proposer_name"] or "", issues, reactions, _sources_cell(r))
    out.print(table)
    _print_disagreements(rows, docs, names)


def _short(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters at a word, with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + "…"


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
