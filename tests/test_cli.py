"""The command line, as scripts and people call it: exact forms, JSON output, exit codes, help."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from backchannel.cli import cli

EN = "The US envoy Steve Witkoff met Kirill Dmitriev in Miami last month, officials said."


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("# outlet: Baltic Wire\n# date: 2025-12-02\n\n" + EN, encoding="utf-8")
    (folder / "b.txt").write_text("وصل المبعوث ستيف ويتكوف إلى موسكو يوم الثلاثاء.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\xff" * 50)
    return folder


def test_build_export_search_stats(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "kb.db")
    res = runner.invoke(cli, ["build", str(_articles(tmp_path)), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["documents"] == 2 and report["errors"][0]["code"] == "BC001"

    res = runner.invoke(cli, ["export", "--db", db, "--format", "json"])
    data = json.loads(res.stdout)
    assert {d["source"] for d in data["documents"]} == {"a.txt", "b.txt"}
    assert set(data) >= {"documents", "actors", "events", "deals", "proposals"}
    a = next(d for d in data["documents"] if d["source"] == "a.txt")
    assert (a["outlet"], a["date"], a["language"]) == ("Baltic Wire", "2025-12-02", "en")

    res = runner.invoke(cli, ["search", "ويتكوف", "--db", db, "--json"])
    assert [h["source"] for h in json.loads(res.stdout)] == ["b.txt"]

    res = runner.invoke(cli, ["stats", "--db", db, "--json"])
    assert json.loads(res.stdout)["documents"] == 2


def test_strict_build_exits_3_when_a_file_was_skipped(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["build", str(_articles(tmp_path)), "--db", str(tmp_path / "kb.db"), "--strict"])
    assert res.exit_code == 3
    assert "bad.txt" in res.output and "BC001" in res.output


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1
    assert "BC010" in res.output and "backchannel build" in res.output
    res = CliRunner().invoke(cli, ["build", str(_articles(tmp_path)), "--db", str(tmp_path / "k.db"), "--date", "yesterday"])
    assert res.exit_code == 1 and "YYYY-MM-DD" in res.output


def test_date_option_dates_every_article(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "kb.db")
    runner.invoke(cli, ["build", str(_articles(tmp_path)), "--db", db, "--date", "2025-12-05", "--outlet", "Wire"])
    data = json.loads(runner.invoke(cli, ["export", "--db", db]).stdout)
    assert {(d["date"], d["outlet"]) for d in data["documents"]} == {("2025-12-05", "Wire")}


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        res = runner.invoke(cli, [name, "--help"])
        assert res.exit_code == 0
        text = res.output
        if hasattr(command, "commands"):
            continue
        assert "Example" in text, f"`backchannel {name} --help` shows no example"


def test_console_script_runs() -> None:
    res = subprocess.run([sys.executable, "-m", "backchannel", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and "backchannel" in res.stdout


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"`{name}`" not in readme]
    assert not missing, f"README's command table lacks: {missing}"


def test_a_rebuild_says_what_came_from_the_cache_and_cache_shows_it(tmp_path: Path) -> None:
    runner = CliRunner()
    db, folder = str(tmp_path / "kb.db"), str(_articles(tmp_path))
    first = json.loads(runner.invoke(cli, ["build", folder, "--db", db, "--json"]).stdout)
    again = json.loads(runner.invoke(cli, ["build", folder, "--db", db, "--replace", "--json"]).stdout)
    fresh = json.loads(runner.invoke(cli, ["build", folder, "--db", db, "--replace", "--no-cache", "--json"]).stdout)
    assert (first["cached"], again["cached"], fresh["cached"]) == (0, 2, 0)
    assert again["counts"] == first["counts"] == fresh["counts"]
    res = runner.invoke(cli, ["build", folder, "--db", db, "--replace"])
    assert "2 analyses from the cache" in res.output
    info = json.loads(runner.invoke(cli, ["cache", "--json"]).stdout)
    assert info["entries"] == 2 and info["path"].endswith("analyses.sqlite")
    cleared = json.loads(runner.invoke(cli, ["cache", "--clear", "--json"]).stdout)
    assert (cleared["removed"], cleared["entries"]) == (2, 0)
