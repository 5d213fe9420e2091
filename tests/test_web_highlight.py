"""The reader's highlighted HTML: escaped piece by piece, overlaps handled, each line in its direction."""
from __future__ import annotations

import re
from html import unescape

from backchannel.text.layer import analyse
from backchannel.web.highlight import Mark, mark_words, render_blocks


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.language) for s in analyse(text).sentences]


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_text_comes_back_exactly_line_by_line() -> None:
    text = "First line here.\n\nسطر ثان هنا.\n  Third, indented.  "
    blocks = render_blocks(text, _sentences(text), [])
    assert [_plain(b.html) for b in blocks] == [text[b.start:b.end] for b in blocks]
    assert [text[b.start:b.end].strip() for b in blocks] == ["First line here.", "سطر ثان هنا.", "Third, indented."]


def test_markup_in_the_article_is_shown_not_run() -> None:
    text = 'He wrote <script>alert(1)</script> and <img src=x onerror="alert(2)"> & more.'
    marks = [Mark(0, 2, "actor", "/actor/a", 'name "<b>"')]
    html = "".join(b.html for b in render_blocks(text, _sentences(text), marks))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html and "&amp; more" in html
    assert 'title="name &#34;&lt;b&gt;&#34;"' in html
    assert _plain(html) == text


def test_overlapping_spans_each_keep_their_colour_and_the_shortest_wins_the_link() -> None:
    text = "Envoy Steve Witkoff met Putin."
    marks = [Mark(0, 19, "role", "/role", "role"), Mark(6, 19, "actor", "/actor/w", "actor"),
             Mark(0, 30, "evidence", "/event/e", "evidence")]
    html = render_blocks(text, _sentences(text), marks)[0].html
    pieces = re.findall(r'<(a|mark) class="([^"]+)"(?: href="([^"]*)")?[^>]*>([^<]*)</\1>', html)
    by_text = {p[3]: (p[1], p[2]) for p in pieces}
    assert by_text["Envoy "] == ("hl k-role ev", "/role")
    assert by_text["Steve Witkoff"] == ("hl k-actor k-role ev", "/actor/w")
    assert by_text[" met Putin."] == ("ev", "")
    assert _plain(html) == text


def test_the_target_span_is_marked_once_with_an_anchor() -> None:
    text = "One. Two words here. Three."
    start = text.index("Two")
    end = text.index(" Three")
    marks = [Mark(start + 4, start + 9, "trigger", "/event/x", "trigger")]
    html = "".join(b.html for b in render_blocks(text, _sentences(text), marks, (start, end)))
    assert html.count('id="hl"') == 1
    targeted = re.findall(r'<(?:a|mark)[^>]*\btarget\b[^>]*>([^<]*)<', html)
    assert "".join(targeted) == text[start:end]


def test_a_span_across_lines_is_highlighted_on_both() -> None:
    text = "Line one ends here\nand line two goes on."
    target = (text.index("ends"), text.index("two"))
    blocks = render_blocks(text, _sentences(text), [], target)
    assert len(blocks) == 2
    assert all("target" in b.html for b in blocks)
    assert sum(b.html.count('id="hl"') for b in blocks) == 1


def test_each_line_gets_its_direction_and_a_mixed_line_each_sentence() -> None:
    text = ("وصل المبعوث إلى موسكو.\nThe envoy arrived in Moscow.\n"
            "قال المبعوث إنه يوافق على الخطة كلها. He said yes to the whole plan today.")
    blocks = render_blocks(text, _sentences(text), [])
    assert [(b.dir, b.lang) for b in blocks[:2]] == [("rtl", "ar"), ("ltr", "en")]
    mixed = blocks[2].html
    assert re.findall(r'<span class="s" dir="(\w+)" lang="(\w+)">', mixed) == [("rtl", "ar"), ("ltr", "en")]


def test_a_short_dateline_follows_its_line() -> None:
    text = "التقى الرئيسان في العاصمة بعد محادثات طويلة. 15 أغسطس 2025 - Reuters"
    block = render_blocks(text, _sentences(text), [])[0]
    assert (block.dir, block.lang) == ("rtl", "ar")
    assert 'class="s"' not in block.html


def test_spans_outside_the_text_are_dropped() -> None:
    text = "Short text."
    blocks = render_blocks(text, _sentences(text), [Mark(5, 500, "actor"), Mark(-2, 3, "date")], (3, 900))
    assert "hl" not in blocks[0].html and "target" not in blocks[0].html


def test_search_words_are_marked_and_the_rest_escaped() -> None:
    html = mark_words("<b>Putin</b> met Witkoff", [(17, 24), (3, 8)])
    assert str(html) == "&lt;b&gt;<mark>Putin</mark>&lt;/b&gt; met <mark>Witkoff</mark>"
