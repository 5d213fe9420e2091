"""What every command of the command line shares: the ``--db`` and ``--json`` options, one-line
errors with their code, JSON printing and the two consoles (results on stdout, messages on stderr)."""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console

from backchannel.errors import BackchannelError

console = Console(stderr=True)
out = Console(soft_wrap=True)
DEFAULT_DB = "backchannel.db"


def db_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--db PATH`` option every command shares."""
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                        show_default=True, envvar="BACKCHANNEL_DB",
                        help="Knowledge-base file (SQLite). Also read from $BACKCHANNEL_DB.")


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of a table.")(func)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`BackchannelError` into its one-line message and exit code 1."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BackchannelError as exc:
            console.print(f"[bold red]error[/] {exc}", highlight=False)
            sys.exit(1)
    return wrapper


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
