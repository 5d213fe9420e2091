"""Command-line groups for the bargaining model: ``backchannel model ...`` and ``backchannel scenario ...``.

Thin: each command parses its options, calls one library function and prints a
rich table (or JSON with ``--json``). The main CLI registers ``model_group`` and
``scenario_group``.
"""
from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click
import yaml
from rich.console import Console
from rich.table import Table

from backchannel.clitools import friendly_errors, print_json
from backchannel.errors import BackchannelError

SHIPPED = "data/scenarios"


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 140, highlight=False)


def _scenario_path(name: str) -> Path:
    """A file path, or the name of a scenario shipped with Backchannel (e.g. ``ukraine-2025``)."""
    path = Path(name)
    if path.is_file():
        return path
    shipped = resources.files("backchannel").joinpath(f"{SHIPPED}/{name}.yaml")
    if shipped.is_file():
        return Path(str(shipped))
    raise BackchannelError("BC030", f"scenario {name!r} not found",
                           "pass a YAML file or the name of a shipped scenario, e.g. ukraine-2025")


@click.group("model")
def model_group() -> None:
    """Forecast a negotiation and check the models against published data.

    \b
    backchannel model run ukraine-2025               forecasts, proposal scores, packages
    backchannel model validate ../shared/data/deu/deu3.tsv
    backchannel model validate-bdm ../shared/data/bdm/ec_emissions_1994.csv
    """


@model_group.command("run")
@click.argument("scenario")
@click.option("--rounds", default=10, show_default=True, help="Most rounds of the expected-utility model.")
@click.option("--svg", "svg_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the issue x actor chart to this SVG file.")
@click.option("--json", "as_json", is_flag=True, help="Print all results as JSON instead of tables.")
@friendly_errors
def run_command(scenario: str, rounds: int, svg_path: Path | None, as_json: bool) -> None:
    """Run every model on SCENARIO and score its proposals for every party.

    SCENARIO is a scenario YAML file or the name of a shipped one (ukraine-2025).
    Prints each model's forecast per issue, each proposal's gain for each actor
    against the status quo (and the issues that make it fail), and the package
    search: the range of packages every veto player prefers to the status quo and
    the one maximising the Nash product, without and with side-payments.

    \b
    Example:
      backchannel model run ukraine-2025
      backchannel model run my-scenario.yaml --json > results.json
      backchannel model run ukraine-2025 --svg chart.svg
    """
    from backchannel.model.results import run_scenario
    from backchannel.model.scenario import load_scenario

    result = run_scenario(load_scenario(_scenario_path(scenario)), rounds=rounds)
    if svg_path:
        from backchannel.model.chart import scenario_chart
        svg_path.write_text(scenario_chart(result), encoding="utf-8")
    if as_json:
        print_json(result.to_dict())
        return
    _print_run(result)


def _print_run(result: Any) -> None:
    from backchannel.model.results import MODEL_LABELS, MODELS

    console = _console()
    scenario = result.scenario
    console.print(f"[bold]{scenario.name}[/]")
    if scenario.disclaimer:
        console.print(f"[italic]{scenario.disclaimer}[/]")
    if scenario.review:
        console.print(f"[yellow]This scenario still has {len(scenario.review)} placeholders to review.[/]")

    table = Table(title="Forecast per issue (0-100)")
    table.add_column("issue")
    table.add_column("status quo", justify="right")
    for m in MODELS:
        table.add_column(MODEL_LABELS[m], justify="right")
    for issue in scenario.issues:
        table.add_row(issue.name, f"{issue.status_quo:.0f}",
                      *(f"{result.forecasts[m][issue.id]:.1f}" for m in MODELS))
    console.print(table)

    table = Table(title="Expected-utility model: forecast (weighted median) round by round")
    table.add_column("issue")
    table.add_column("path", overflow="fold")
    for issue in scenario.issues:
        table.add_row(issue.name, " -> ".join(f"{r.median:.0f}" for r in result.eu_paths[issue.id].path))
    console.print(table)

    table = Table(title="Proposals: gain over the status quo for each actor (utility 0-1)")
    table.add_column("proposal")
    for actor in scenario.actors:
        table.add_column(actor.id, justify="right")
    table.add_column("Nash product", justify="right")
    for p in result.proposals:
        cells = []
        for s in p.actors:
            mark = "yes" if s.accepts else "no"
            why = s.breached_issues or s.losing_issues[:2]
            cells.append(f"{s.gain:+.3f} {mark}" + (f"\n({', '.join(why)})" if why and not s.accepts else ""))
        table.add_row(p.name, *cells, f"{p.nash_product:.4f}")
    console.print(table)

    for search in (result.packages, result.packages_with_side_payments):
        title = "with side-payments" if search.side_payments else "without side-payments"
        if not search.agreement:
            console.print(f"Packages {title}: no package leaves every veto player "
                          f"({', '.join(search.bargainers)}) better off than the status quo.")
            continue
        table = Table(title=f"Packages every veto player prefers to the status quo, {title}")
        table.add_column("issue")
        table.add_column("acceptable range", justify="center")
        table.add_column("Nash-best package", justify="right")
        for issue in scenario.issues:
            lo, hi = search.ranges[issue.id]
            table.add_row(issue.name, f"{lo:.0f} - {hi:.0f}", f"{search.best_package[issue.id]:.1f}")
        console.print(table)
        gains = ", ".join(f"{a} {g:+.3f}" for a, g in zip(search.bargainers, search.best.gains))
        console.print(f"  gains: {gains}; Nash product {search.best.nash_product:.4f}")
        for t in search.transfers:
            console.print(f"  side-payment {t['payer']} -> {t['payee']}: {t['amount']:.3f} ({t['label']})")


@model_group.command("validate")
@click.argument("deu_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--capability", type=click.Choice(["equal", "gdp"]), default="equal", show_default=True,
              help="Actors' capabilities: all equal, or the GDP proxy row of the file.")
@click.option("--rounds", default=10, show_default=True, help="Most rounds of the expected-utility model.")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@friendly_errors
def validate_command(deu_file: Path, capability: str, rounds: int, as_json: bool) -> None:
    """Score every model on the DEU data set (EU legislative decisions with known outcomes).

    For each scoreable issue (a recorded outcome and at least 3 actors with a position
    and a salience) every model forecasts the outcome; the table gives the mean absolute
    error on the 0-100 scale, its standard error, and the share of exact hits (within
    0.5 points). The Nash model and the reference point need the issue's reference
    point, so they are scored on the issues that have one.

    \b
    Example:
      backchannel model validate ../shared/data/deu/deu3.tsv
      backchannel model validate ../shared/data/deu/deu3.tsv --capability gdp --json
    """
    from backchannel.model.datasets import load_deu
    from backchannel.model.validation import HIT_TOLERANCE, validate_deu

    rows = validate_deu(load_deu(deu_file, capability), rounds=rounds)
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    table = Table(title=f"DEU validation ({capability} capabilities)")
    table.add_column("model")
    for name in ("issues", "mean abs. error", "s.e.", f"exact hits (±{HIT_TOLERANCE})"):
        table.add_column(name, justify="right")
    for r in rows:
        table.add_row(r.model, str(r.issues), f"{r.mae:.1f}", f"{r.se:.1f}", f"{100 * r.exact_hits:.1f}%")
    _console().print(table)


@model_group.command("validate-bdm")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rounds", default=10, show_default=True, help="Most rounds of the expected-utility model.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@friendly_errors
def validate_bdm_command(csv_file: Path, rounds: int, as_json: bool) -> None:
    """Run the models on a one-issue case and compare with Bueno de Mesquita's published forecast.

    The CSV has columns Actor, Capability, Position, Salience (salience 0-1). The
    shipped comparison is the 1994 car-emissions case: actual outcome 8.83 years,
    Bueno de Mesquita's forecast 9.05. Prints our compromise, weighted median and
    expected-utility forecasts, and the expected-utility model's path round by round.

    \b
    Example:
      backchannel model validate-bdm ../shared/data/bdm/ec_emissions_1994.csv
    """
    from backchannel.model.datasets import load_bdm_case
    from backchannel.model.validation import validate_case

    report = validate_case(load_bdm_case(csv_file), rounds=rounds)
    if as_json:
        print_json(report)
        return
    table = Table(title="One-issue case: forecasts")
    table.add_column("forecast")
    table.add_column("value", justify="right")
    for label, key in (("compromise (capability x salience weighted mean)", "compromise"),
                       ("weighted median (initial)", "weighted_median"),
                       ("expected utility, this reconstruction", "expected_utility"),
                       ("Bueno de Mesquita, published", "published_bdm"),
                       ("actual outcome", "actual")):
        table.add_row(label, f"{report[key]:.2f}")
    console = _console()
    console.print(table)
    path = Table(title="Expected-utility model, round by round")
    columns = (("median (forecast)", "expected_utility_path"), ("mean", "expected_utility_mean_path"),
               ("EU of the process", "expected_utility_value_path"),
               ("median, pooled P", "expected_utility_pooled_path"),
               ("median, sender judges", "expected_utility_sender_path"))
    path.add_column("round", justify="right")
    for name, _ in columns:
        path.add_column(name, justify="right")
    longest = max(len(report[key]) for _, key in columns)
    for n in range(longest):
        path.add_row(str(n), *(f"{report[key][n]:.2f}" if n < len(report[key]) else "" for _, key in columns))
    console.print(path)
    console.print(f"stopped: {report['expected_utility_stopped']} (pooled P: {report['expected_utility_pooled_stopped']}; "
                  f"sender judges: {report['expected_utility_sender_stopped']})")


@click.group("scenario")
def scenario_group() -> None:
    """Scenarios: the negotiation as actors, issues, positions and proposals (YAML).

    \b
    backchannel scenario init --db talks.db -o draft.yaml   draft one from a knowledge base
    backchannel model run draft.yaml                        then run the models on it
    """


@scenario_group.command("init")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Knowledge-base file (SQLite) built by `backchannel build`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the draft here instead of printing it.")
@friendly_errors
def init_command(db: Path, output: Path | None) -> None:
    """Draft a scenario from a knowledge base, for an analyst to complete.

    Takes the bargaining sides (US, Russia, Ukraine, Europe) from the actors, one
    issue per family of issues the proposals cover, and each proposal as a point in
    issue space. Every number is a placeholder (listed under `review`) with the
    knowledge-base items it came from; edit them, then run `backchannel model run`.

    \b
    Example:
      backchannel scenario init --db talks.db -o draft.yaml
    """
    from backchannel.export.json_export import export_kb
    from backchannel.model.draft import draft_scenario

    if not db.is_file():
        raise BackchannelError("BC010", f"{db}: knowledge base not found", "build one with `backchannel build`")
    draft = draft_scenario(export_kb(db))
    if not draft["issues"]:
        raise BackchannelError("BC032", "the knowledge base holds no proposal with issues to draft from",
                               "build it from articles that report proposals, or write the scenario by hand")
    text = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {len(draft['actors'])} actors, {len(draft['issues'])} issues, "
                   f"{len(draft['proposals'])} proposals, {len(draft['review'])} placeholders to review", err=True)
    else:
        click.echo(text, nl=False)
