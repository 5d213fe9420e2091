"""Reading: every format, encoding and kind of bad input a folder of news files holds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from backchannel.corpus import ReadOptions, read_file
from backchannel.errors import ReadError
from backchannel.pipeline import BuildOptions, build
from backchannel.export.json_export import export_kb

AR = "التقى المبعوث الأمريكي ستيف ويتكوف بالرئيس الروسي فلاديمير بوتين في موسكو يوم الثلاثاء."
EN = "The US envoy Steve Witkoff met President Vladimir Putin in Moscow on Tuesday."


def test_plain_text_keeps_the_text_exactly_and_reads_header_lines(tmp_path: Path) -> None:
    text = "# outlet: Gulf Ledger\n# date: 2025-12-03\n# url: https://example.org/a\n\n" + AR + "\n"
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    [doc] = read_file(p)
    assert doc.text == text
    assert (doc.outlet, doc.date, doc.url) == ("Gulf Ledger", "2025-12-03", "https://example.org/a")


def test_date_written_near_the_top_is_found(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(" date 2025-11-29 " + AR, encoding="utf-8")
    assert read_file(p)[0].date == "2025-11-29"


def test_a_date_inside_the_story_is_not_the_article_date(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Envoys meet\n" + EN + " The first round was on 2025-04-02 in Washington.", encoding="utf-8")
    assert read_file(p)[0].date is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256", "iso-8859-6"])
def test_arabic_in_any_common_encoding_is_detected(tmp_path: Path, encoding: str) -> None:
    body = (AR + "\n") * 6
    p = tmp_path / "a.txt"
    p.write_bytes(body.encode(encoding))
    [doc] = read_file(p)
    assert AR in doc.text


def test_windows_line_endings_read_as_python_reads_them(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes((EN + "\r\n" + EN + "\r\n").encode())
    assert read_file(p)[0].text == EN + "\n" + EN + "\n"


def test_markdown_and_sidecar_metadata(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_text("# Envoys in Moscow\n\n" + EN, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps({"outlet": "Baltic Wire", "date": "2025-12-02"}))
    [doc] = read_file(p)
    assert (doc.outlet, doc.date, doc.format) == ("Baltic Wire", "2025-12-02", "md")


def test_html_page_loses_its_menus_and_scripts_but_keeps_the_article(tmp_path: Path) -> None:
    html = f"""<html><head><title>Envoys meet</title>
    <meta property="og:site_name" content="Gulf Ledger">
    <meta property="article:published_time" content="2025-12-04T09:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article><h1>Envoys meet</h1><p>{EN} The talks lasted five hours, officials said.</p>
    <script>document.title='pwned'</script>
    <p>Both sides described the meeting as useful and agreed to meet again next month.</p></article>
    <footer>Contact us | Privacy</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    [doc] = read_file(p)
    assert EN in doc.text
    assert "pwned" not in doc.text and "Privacy" not in doc.text and "Sport" not in doc.text
    assert (doc.outlet, doc.date) == ("Gulf Ledger", "2025-12-04")


def test_broken_html_still_gives_its_text(tmp_path: Path) -> None:
    p = tmp_path / "broken.htm"
    p.write_text(f"<html><body><div><p>{EN}<p>{EN} <b>unclosed <i>tags", encoding="utf-8")
    [doc] = read_file(p)
    assert "Witkoff" in doc.text


def test_html_with_no_text_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>alert(1)</script></head><body></body></html>", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_file(p)
    assert err.value.code == "BC005"


def test_jsonl_gives_one_document_per_line_with_its_metadata(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [{"text": EN, "title": "One", "outlet": "Baltic Wire", "date": "2025-12-02", "language": "en"},
             {"text": AR, "outlet": "الرصد اليومي", "date": "2025-12-03"}]
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    docs = read_file(p)
    assert [d.source for d in docs] == ["feed.jsonl#1", "feed.jsonl#2"]
    assert [d.outlet for d in docs] == ["Baltic Wire", "الرصد اليومي"]
    assert docs[1].text == AR


def test_json_list_and_bad_json(tmp_path: Path) -> None:
    good = tmp_path / "two.json"
    good.write_text(json.dumps([{"text": EN}, {"text": AR}]), encoding="utf-8")
    assert len(read_file(good)) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "unterminated', encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_file(bad)
    assert err.value.code == "BC006"


@pytest.mark.parametrize("name,content,code", [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "BC001"),
    ("empty.txt", b"", "BC002"),
    ("blank.txt", b"   \n\n  ", "BC002"),
    ("slides.pdf", b"%PDF-1.4", "BC007"),
])
def test_bad_files_get_a_code_and_a_reason(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_file(p)
    assert err.value.code == code
    assert name in str(err.value)


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    with pytest.raises(ReadError) as err:
        read_file(p, ReadOptions())
    assert err.value.code == "BC003" and "--max-size" in str(err.value)


def test_one_bad_file_never_spoils_a_build(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(EN, encoding="utf-8")
    (folder / "arabic.txt").write_bytes((AR * 3).encode("cp1256"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "empty.md").write_bytes(b"")
    (folder / "hostile.html").write_text(
        f"<html><body><article><p>{EN}</p><p>&lt;script&gt;alert(1)&lt;/script&gt; and "
        f"<img src=x onerror=alert(2)> appear in the page.</p></article></body></html>", encoding="utf-8")
    db = tmp_path / "kb.db"
    report = build([folder], db, BuildOptions(), replace=True)
    assert report.documents == 3
    assert sorted(Path(e.path).name for e in report.errors) == ["binary.txt", "empty.md"]
    data = export_kb(db)
    assert {d["source"] for d in data["documents"]} == {"good.txt", "arabic.txt", "hostile.html"}
    assert {e["code"] for e in data["read_errors"]} == {"BC001", "BC002"}
    hostile = next(d for d in data["documents"] if d["source"] == "hostile.html")
    assert "<script>alert(1)</script>" in hostile["text"]  # kept as text, for the web app to escape


def test_declared_language_wins_over_detection(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("# language: ar+en\n\n" + AR + "\n" + EN, encoding="utf-8")
    [doc] = read_file(p)
    assert (doc.language, doc.languages) == ("ar+en", ["ar", "en"])


@pytest.mark.parametrize("text,outlet", [
    ("القاهرة - الجزيرة\n\n" + AR, "Al Jazeera"),
    (AR + "\n\nجميع الحقوق محفوظة © 2025 سكاي نيوز عربية", "Sky News Arabia"),
    ("Reuters\n\n" + EN, "Reuters"),
    (EN + "\nAccording to the Wall Street Journal, talks went on.", None),  # a cited outlet is not the publisher
])
def test_outlet_from_dateline_copyright_or_masthead(tmp_path: Path, text: str, outlet: str | None) -> None:
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    assert read_file(p)[0].outlet == outlet
