"""The page-load benchmark's synthetic knowledge base is sound, so its figures mean something."""
from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient

from backchannel.kb.store import KnowledgeBase
from backchannel.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_web import addresses, synthesise  # noqa: E402


def test_synthetic_base_has_true_spans_and_every_benchmarked_address_answers(tmp_path: Path) -> None:
    corpus = synthesise(150, n_actors=60)
    texts = {a.doc.id: a.doc.text for a in corpus.analyses}
    spans = [m.span for a in corpus.analyses for m in a.mentions] + [s for e in corpus.events for s in e.evidence]
    assert len(corpus.events) > 150 and len({a.doc.language for a in corpus.analyses}) == 2
    assert all(texts[s.doc][s.start:s.end] == s.text for s in spans)
    db = KnowledgeBase.write(tmp_path / "bench.db", corpus)
    client = TestClient(create_app(db))
    for path in addresses(db):
        assert client.get(path).status_code == 200, path
