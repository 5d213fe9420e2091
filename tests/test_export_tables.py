"""CSV per table and view, and the knowledge base read by Datasette as it is (with and without metadata)."""
from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from datasette.app import Datasette

from backchannel.analyse.screening import screen
from backchannel.cli import cli
from backchannel.export.tables import datasette_metadata, write_csv
from exports_corpus import make_kb, write_sanctions


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_one_file_per_table_and_view_with_every_row(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    screen(db, [write_sanctions(tmp_path / "list.json")])
    files = {p.stem: p for p in write_csv(db, tmp_path / "csv")}
    assert {"documents", "actors", "events", "deals", "ties", "evidence", "mentions",
            "event_participants", "deal_parties", "sanctions_matches", "deal_flags", "actor_sanctions"} <= set(files)
    assert not any(name.startswith(("sentences_fts", "sqlite_")) for name in files)
    with sqlite3.connect(db) as conn:
        for name in ("actors", "evidence", "event_participants", "sanctions_matches"):
            assert len(_read_csv(files[name])) == conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
    actors = {r["id"]: r for r in _read_csv(files["actors"])}
    assert actors["a_dmitriev"]["name"] == "كيريل دميترييف"
    assert json.loads(actors["a_witkoff"]["aliases"]) == ["ستيف ويتكوف", "Steve Witkoff"]
    assert files["actors"].read_bytes().startswith(b"\xef\xbb\xbf")  # so Excel reads the Arabic as UTF-8


def test_cli_csv_needs_a_folder(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    no_dir = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "csv"])
    assert no_dir.exit_code == 2 and "--output DIR" in no_dir.output
    ok = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "out")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "out" / "deals.csv").is_file()


async def _get(ds: Datasette, path: str) -> object:
    response = await ds.client.get(path)
    assert response.status_code == 200, path
    return response.json() if ".json" in path else response.text


def _datasette(db: Path, metadata: dict | None = None) -> dict[str, object]:
    async def run() -> dict[str, object]:
        ds = Datasette(files=[str(db)], metadata=metadata)
        await ds.invoke_startup()
        name = db.stem
        return {"actors": await _get(ds, f"/{name}/actors.json?_shape=array"),
                "view": await _get(ds, f"/{name}/event_participants.json?_shape=array&event=e_moscow"),
                "page": await _get(ds, f"/{name}/actors")}
    return asyncio.run(run())


def test_datasette_reads_tables_and_views_unchanged(tmp_path: Path) -> None:
    got = _datasette(make_kb(tmp_path / "kb.db"))
    assert "Steve Witkoff" in {a["name"] for a in got["actors"]}
    assert sorted(r["actor_name"] for r in got["view"]) == ["Jared Kushner", "Steve Witkoff", "كيريل دميترييف"]


def test_datasette_metadata_describes_columns_from_the_data_model(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.db")
    meta = datasette_metadata(db)
    assert meta["databases"]["kb"]["tables"]["actors"]["columns"]["side"].startswith("whom it stands with in the story")
    got = _datasette(db, meta)
    assert "canonical name (English where known)" in got["page"]


def test_datasette_opens_the_seeds_knowledge_base(seeds_kb: Path) -> None:
    async def run() -> list[dict]:
        ds = Datasette(files=[str(seeds_kb)])
        await ds.invoke_startup()
        return await _get(ds, f"/{seeds_kb.stem}/documents.json?_shape=array&_col=source&_col=outlet")
    docs = asyncio.run(run())
    assert len(docs) == 5 and all(d["source"].endswith(".txt") for d in docs)
