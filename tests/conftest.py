"""Shared fixtures: articles the tests write themselves, built into real SQLite files."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import pytest

from backchannel.pipeline import BuildOptions, build
from backchannel.export.json_export import export_kb

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
OUTPUT = REPO / "test-output"
# Builds made by module- and session-wide fixtures cache here, never in the user's own cache.
os.environ["BACKCHANNEL_CACHE"] = tempfile.mkdtemp(prefix="backchannel-test-cache-")


@pytest.fixture(autouse=True)
def analysis_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own analysis cache: a test never reads what another test's build (or
    the user's own builds) cached, and never writes into the user's cache directory."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("BACKCHANNEL_CACHE", str(folder))
    return folder


@pytest.fixture
def write_articles(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write ``{filename: content}`` into a fresh folder and return it."""
    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "articles"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder
    return write


@pytest.fixture
def build_kb(tmp_path: Path, write_articles: Callable[[dict[str, str | bytes]], Path]) -> Callable[..., dict]:
    """Build a knowledge base from ``{filename: content}`` and return its JSON export (with ``_db``)."""
    def run(files: dict[str, str | bytes], **options: object) -> dict:
        folder = write_articles(files)
        db = tmp_path / "kb.db"
        build([folder], db, BuildOptions(**options), replace=True)
        data = export_kb(db)
        data["_db"] = db
        return data
    return run


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared is not beside the repository)")
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip(f"gold annotation not found at {GOLD}")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_kb(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    """The seeds built once per test session into a real knowledge-base file."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    build([seeds], db, BuildOptions(), replace=True)
    return db


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave files a person may want to look at (screenshots, reports)."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
