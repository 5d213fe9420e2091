"""The analysis cache: a rebuild analyses only what is new or changed, and gives the same
knowledge base as analysing everything."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backchannel import pipeline
from backchannel.export.json_export import export_kb
from backchannel.kb import cache
from backchannel.pipeline import BuildOptions, build

ARTICLES = {
    "a.txt": "# outlet: Gulf Ledger\n# date: 2025-12-03\n"
             "التقى المبعوث ستيف ويتكوف الرئيس فلاديمير بوتين في الكرملين يوم 2 ديسمبر 2025.\n",
    "b.txt": "# outlet: Wire Daily\n# date: 2025-12-02\n"
             "Steve Witkoff met Vladimir Putin at the Kremlin on December 2, 2025 for talks on the peace plan.\n",
    "c.txt": "# outlet: Harbour Times\n# date: 2025-11-30\n"
             "Jared Kushner and Witkoff met Rustem Umerov in Miami on November 30, 2025.\n",
}


def _same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "built_at"} == {k: v for k, v in b.items() if k != "built_at"}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    analysed: list[str] = []
    real = pipeline.analyse_document

    def counted(doc, options):
        analysed.append(doc.id)
        return real(doc, options)
    monkeypatch.setattr(pipeline, "analyse_document", counted)
    return analysed


def test_adding_articles_analyses_only_the_new_ones(write_articles, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles({k: v for k, v in ARTICLES.items() if k != "c.txt"})
    db = tmp_path / "kb.db"
    analysed = _counting(monkeypatch)
    first = build([folder], db, BuildOptions(), replace=True)
    assert sorted(analysed) == ["a", "b"] and first.cached == 0
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "c.txt").write_text(ARTICLES["c.txt"], encoding="utf-8")
    analysed.clear()
    second = build([extra], db, BuildOptions())
    assert analysed == ["c"], "the two articles already in the knowledge base come from the cache"
    assert second.cached == 2 and second.documents == 3
    cached = export_kb(db)
    fresh_db = tmp_path / "fresh.db"
    build([folder, extra], fresh_db, BuildOptions(cache=False), replace=True)
    assert _same(cached, export_kb(fresh_db)), "a cached build gives what analysing everything gives"


def test_a_changed_article_or_pipeline_is_analysed_again(write_articles, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(ARTICLES)
    db = tmp_path / "kb.db"
    analysed = _counting(monkeypatch)
    build([folder], db, BuildOptions(), replace=True)
    (folder / "b.txt").write_text(ARTICLES["b.txt"].replace("December 2", "December 1"), encoding="utf-8")
    analysed.clear()
    build([folder], db, BuildOptions(), replace=True)
    assert analysed == ["b"], "only the edited article"
    analysed.clear()
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the pipeline")
    build([folder], db, BuildOptions(), replace=True)
    assert sorted(analysed) == ["a", "b", "c"], "a new pipeline analyses everything"
    analysed.clear()
    kb = tmp_path / "mine.yaml"
    kb.write_text("- {id: harbour_times, name: Harbour Times, type: outlet}\n", encoding="utf-8")
    build([folder], db, BuildOptions(kb_files=[kb]), replace=True)
    assert sorted(analysed) == ["a", "b", "c"], "another actor knowledge base analyses everything"


def test_a_broken_cache_never_fails_a_build(write_articles, tmp_path: Path, analysis_cache: Path) -> None:
    folder = write_articles(ARTICLES)
    (analysis_cache / "analyses.sqlite").write_bytes(b"this is not a SQLite file" * 100)
    report = build([folder], tmp_path / "kb.db", BuildOptions(), replace=True)
    assert report.documents == 3 and report.counts["events"] >= 2
    assert any("analysis cache" in n for n in report.notes), report.notes


def test_a_damaged_entry_is_analysed_again(write_articles, tmp_path: Path, analysis_cache: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(ARTICLES)
    build([folder], tmp_path / "kb.db", BuildOptions(), replace=True)
    with sqlite3.connect(analysis_cache / "analyses.sqlite") as conn:
        conn.execute("UPDATE analyses SET data = ? WHERE doc = 'a'", (b"garbage",))
    analysed = _counting(monkeypatch)
    report = build([folder], tmp_path / "kb.db", BuildOptions(), replace=True)
    assert analysed == ["a"] and report.cached == 2


def test_an_analysis_is_kept_without_its_text_layer_and_rebuilds_it_on_use() -> None:
    """The text layer is most of an analysis: pickles (cache entries, workers' answers) leave
    it out, and the first use after that computes the same sentences and tokens again."""
    import pickle

    from backchannel.text.document import Document

    doc = Document(source="a.txt", text=ARTICLES["b.txt"].split("\n", 2)[2] * 20, date="2025-12-02")
    analysis = pipeline.analyse_document(doc, BuildOptions())
    sentences = [(s.start, s.end) for s in analysis.layer.sentences]
    tokens = [(t.start, t.norm) for t in analysis.layer.tokens]
    with_layer = len(pickle.dumps(analysis.layer))
    blob = pickle.dumps(analysis)
    assert len(blob) < with_layer, "the pickle holds less than the layer alone"
    again = pickle.loads(blob)
    assert again.mentions == analysis.mentions and again.events == analysis.events
    assert [(s.start, s.end) for s in again.layer.sentences] == sentences
    assert [(t.start, t.norm) for t in again.layer.tokens] == tokens
    again.release()
    assert [(t.start, t.norm) for t in again.layer.tokens] == tokens
