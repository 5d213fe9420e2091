"""The briefing report: what it says (with sources), in md/html/pdf, read back by a PDF reader."""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from backchannel.analyse.screening import screen
from backchannel.cli import cli
from backchannel.export.report import write_report
from backchannel.export.report.briefing import format_date, gather
from backchannel.export.report.render import md_escape
from backchannel.kb.store import KnowledgeBase
from exports_corpus import make_corpus, make_kb, write_sanctions

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) not installed")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    db = make_kb(tmp_path / "kb.db")
    screen(db, [write_sanctions(tmp_path / "list.json")])
    return db


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return BIDI_MARKS.sub("", out.stdout.decode("utf-8"))


def test_briefing_content_cites_sources_in_order(kb: Path) -> None:
    b = gather(kb, "Envoys", charts=False)
    _, ar, en = make_corpus()
    numbers = {s["source"]: s["number"] for s in b.sources}
    assert numbers == {ar.source: 1, en.source: 2}  # sources numbered by date
    assert [g["side"] for g in b.cast] == ["US", "Russia"]
    assert [e["when"] for e in b.timeline] == ["24 Oct 2025", "2 Dec 2025"]
    miami = b.timeline[0]
    assert miami["sources"]["numbers"] == [1] and miami["sources"]["quotes"][0].rtl
    assert miami["participants"] == ["Steve Witkoff", "كيريل دميترييف"]
    lukoil = next(d for d in b.deals if d["id"] == "k_lukoil")
    assert {f["flag"] for f in lukoil["flags"]} == {"sanctioned_party", "sanctions_relief"}
    assert b.discrepancies[0]["readings"][0] == {"value": "Miami", "outlets": ["Gulf Ledger"], "numbers": [1]}
    participants = b.discrepancies[1]["readings"]  # actor ids read as names; outlets from the documents
    assert participants[0] == {"value": "Steve Witkoff, كيريل دميترييف", "outlets": ["Gulf Ledger"], "numbers": [1]}
    assert b.figures["sanctions flags"] == 3  # two listed actors, one flagged deal
    assert any("conditioned on sanctions relief (Lukoil foreign assets)" in p for p in b.key_points)
    assert "1 settlement proposal(s); the most cited: 20-point plan." in b.key_points


def test_unscreened_base_says_so(tmp_path: Path) -> None:
    b = gather(make_kb(tmp_path / "kb.db"), charts=False)
    assert not b.sanctions["screened"] and b.figures["sanctions flags"] is None  # unknown, not zero


def test_markdown_has_every_section_and_valid_chart_files(kb: Path, tmp_path: Path) -> None:
    files = write_report(kb, "md", tmp_path / "brief.md", "Envoys")
    text = files[0].read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["Key points", "1. The cast, by side", "2. Timeline", "3. Business deals",
                        "4. Settlement proposals and their issues", "5. Where outlets disagree",
                        "6. Sanctions screening", "7. Network", "Sources"]
    assert "| security guarantees | backed by the US |" in text
    assert "**Miami** (Gulf Ledger [1])" in text
    assert "1. Gulf Ledger, 25 Oct 2025" in text
    charts = {p.name for p in files[1:]}
    assert charts == {"timeline.svg", "network.svg"}
    for p in files[1:]:
        assert f"](brief_files/{p.name})" in text
        assert ET.parse(p).getroot().tag.endswith("svg")


def test_markdown_escapes_what_would_break_a_table() -> None:
    assert md_escape("a | b\nc *d*") == r"a \| b c \*d\*"


def test_html_is_escaped_and_self_contained(tmp_path: Path) -> None:
    corpus, _, _ = make_corpus()
    corpus.actors[1].roles = ["<script>alert(1)</script>"]
    db = KnowledgeBase.write(tmp_path / "kb.db", corpus)
    html = write_report(db, "html", tmp_path / "brief.html")[0].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('src="data:image/svg+xml;base64,') == 2
    assert '<blockquote dir="rtl" lang="ar">' in html


@needs_poppler
def test_pdf_reads_back_with_arabic_in_order(kb: Path, tmp_path: Path) -> None:
    pdf = write_report(kb, "pdf", tmp_path / "brief.pdf", "Envoys and the fund")[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Envoys and the fund" in text and "Sources" in text
    assert "كيريل دميترييف" in text  # shaped and in logical order, not reversed letters
    assert "UKRAINE-EO14024" in text


def test_cli_report_writes_the_default_file(kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", "--db", str(kb), "--format", "html", "--title", "Talks"])
    assert result.exit_code == 0, result.output
    assert "<h1>Talks</h1>" in (tmp_path / "briefing.html").read_text(encoding="utf-8")


def test_amounts_read_as_a_person_writes_them() -> None:
    from backchannel.export.report.briefing import _value

    assert [_value(v) for v in ({"amount": 3e11, "unit": "USD"}, {"amount": 9.9, "unit": "%"}, None)] == \
        ["300 bn USD", "9.9 %", None]


def test_format_date_keeps_precision() -> None:
    assert [format_date(d) for d in ("2025-10-24", "2025-04", "2025", None)] == \
        ["24 Oct 2025", "Apr 2025", "2025", "date not stated"]


@needs_poppler
def test_seeds_briefing_pdf_and_its_first_page(seeds_kb: Path, output_dir: Path) -> None:
    pdf = write_report(seeds_kb, "pdf", output_dir / "report-seeds.pdf", "The US–Russia backchannel")[0]
    text = _pdf_text(pdf)
    with KnowledgeBase(seeds_kb) as kb:
        outlets = {d["outlet"] for d in kb.documents() if d["outlet"]}
    assert outlets and all(o in text for o in outlets)
    png = output_dir / "report-seeds-page1.png"
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, timeout=120)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

