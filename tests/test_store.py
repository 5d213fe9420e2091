"""The store: a real SQLite file that keeps each article once and survives interrupted builds."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backchannel.errors import BackchannelError
from backchannel.kb.store import KnowledgeBase
from backchannel.pipeline import BuildOptions, build

AR = "وصل المبعوث ستيف ويتكوف إلى موسكو للقاء الرئيس فلاديمير بوتين وبحث خطة السلام بشأن أوكرانيا."
EN = "Kirill Dmitriev met Steve Witkoff in Miami to discuss the peace plan."


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for fname, text in files.items():
        (folder / fname).write_text(text, encoding="utf-8")
    return folder


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a", {"one.txt": AR, "copy.txt": AR, "two.txt": EN})
    db = tmp_path / "kb.db"
    report = build([folder], db, BuildOptions(), replace=True)
    assert report.documents == 2 and len(report.duplicates) == 1
    again = build([folder], db, BuildOptions())
    assert again.documents == 2 and again.new_documents == 0


def test_adding_a_folder_keeps_what_was_there(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    build([_folder(tmp_path, "a", {"one.txt": AR})], db, BuildOptions(), replace=True)
    build([_folder(tmp_path, "b", {"two.txt": EN})], db, BuildOptions())
    with KnowledgeBase(db) as kb:
        assert sorted(d["source"] for d in kb.documents()) == ["one.txt", "two.txt"]


def test_an_interrupted_build_leaves_the_previous_knowledge_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "kb.db"
    build([_folder(tmp_path, "a", {"one.txt": AR})], db, BuildOptions(), replace=True)
    before = db.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("backchannel.kb.store._write_items", crash)
    with pytest.raises(KeyboardInterrupt):
        build([_folder(tmp_path, "b", {"two.txt": EN})], db, BuildOptions())
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kb.db")] == []
    with KnowledgeBase(db) as kb:
        assert [d["source"] for d in kb.documents()] == ["one.txt"]


def test_search_ignores_spelling_variants_diacritics_and_clitics(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a", {
        "a.txt": "استقبل ديميترييف المبعوثَ الأمريكي في سانت بطرسبرغ.",
        "b.txt": "وقال وديمترييف إن الخطة جاهزة.",
        "c.txt": "زار الوفد اوكرانيا الأسبوع الماضي.",
        "d.txt": EN,
    })
    db = tmp_path / "kb.db"
    build([folder], db, BuildOptions(), replace=True)
    with KnowledgeBase(db) as kb:
        assert {h["source"] for h in kb.search("دميترييف")} == {"a.txt", "b.txt"}
        assert {h["source"] for h in kb.search("أوكرانيا")} == {"c.txt"}
        assert {h["source"] for h in kb.search("dmitriev")} == {"d.txt"}
        hit = kb.search("المبعوث")[0]
        doc = kb.document(hit["doc"])
        assert doc["text"][hit["start"]:hit["end"]] == hit["text"]


def test_the_file_is_plain_sqlite_with_readable_tables_and_views(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    build([_folder(tmp_path, "a", {"one.txt": AR})], db, BuildOptions(), replace=True)
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"documents", "sentences", "actors", "events", "deals", "proposals", "evidence", "mentions",
            "event_participants", "evidence_with_outlet"} <= names
    assert conn.execute("SELECT language FROM documents").fetchone()[0] == "ar"


def test_opening_something_else_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(BackchannelError) as err:
        KnowledgeBase(tmp_path / "missing.db")
    assert err.value.code == "BC010" and "backchannel build" in str(err.value)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    with pytest.raises(BackchannelError) as err:
        KnowledgeBase(junk)
    assert err.value.code == "BC011"


def test_document_ids_name_the_file_and_stay_apart_when_names_collide(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    (folder / "x").mkdir(parents=True)
    (folder / "story.txt").write_text(AR, encoding="utf-8")
    (folder / "x" / "story.md").write_text(EN, encoding="utf-8")
    db = tmp_path / "kb.db"
    build([folder], db, BuildOptions(), replace=True)
    with KnowledgeBase(db) as kb:
        ids = sorted(d["id"] for d in kb.documents())
    assert ids[0] == "story" and ids[1].startswith("story~") and len(ids) == 2


def test_a_stage_that_fails_on_one_document_is_noted_and_the_build_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backchannel import pipeline
    from backchannel.text.document import Document

    def broken(analysis: object, options: object) -> None:
        raise ValueError("odd input")

    monkeypatch.setattr("backchannel.recognise.places.recognise_places", broken)
    analysis = pipeline.analyse_document(Document(source="a.txt", text=EN), BuildOptions())
    assert "recognise_places skipped: ValueError: odd input" in analysis.notes
    assert any(m.kind == "actor" for m in analysis.mentions)  # the other stages still ran
