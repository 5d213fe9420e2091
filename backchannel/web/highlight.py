"""The reader's article HTML: the text as written, each recognised span highlighted and linked.

Article text is never inserted raw. The text is cut at every boundary (line, sentence,
mention, evidence, the highlighted target) and each piece between two boundaries is escaped
on its own and wrapped in the markup of the spans that cover it, so overlapping spans are
fine and an article holding ``<script>`` shows that text. Each line is a block with its own
direction (Arabic right-to-left, English left-to-right); a line that mixes languages gives
each sentence its own direction.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from backchannel.text.layer import script_language
from backchannel.web.queries import text_dir

_LINE = re.compile(r"[^\n]+")
# In a line that mixes languages, sentences this long get their own direction; shorter ones
# (a dateline, a credit such as "15 August - Reuters") follow the line's.
ISOLATED_SENTENCE = 30
# Which mark wins the link when several cover one piece: the shortest; on a tie, this order.
_KIND_ORDER = {"actor": 0, "date": 1, "amount": 2, "trigger": 3, "place": 4, "role": 5, "evidence": 9}


@dataclass(frozen=True)
class Mark:
    """A span to highlight: ``kind`` gives its colour, ``href`` where clicking it leads."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Block:
    """One line of the article as HTML, with the direction and language of its text."""

    start: int
    end: int
    dir: str
    lang: str
    html: Markup


def _language_of(sentences: list[tuple[int, int, str]], start: int, end: int, text: str) -> tuple[str, set[str]]:
    """The line's main language (by characters) and the languages of its long sentences."""
    share: dict[str, int] = {}
    long_enough: set[str] = set()
    for s, e, lang in sentences:
        overlap = min(e, end) - max(s, start)
        if overlap > 0:
            share[lang] = share.get(lang, 0) + overlap
            if e - s >= ISOLATED_SENTENCE and lang != "und":
                long_enough.add(lang)
    if not share:
        lang = script_language(text[start:end])
        return lang, {lang}
    return max(share, key=lambda k: (k != "und", share[k])), long_enough


def _piece(text: str, cover: list[Mark], target: bool, anchor: bool) -> str:
    body = str(escape(text))
    marks = [m for m in cover if m.kind != "evidence"]
    classes: list[str] = []
    if target:
        classes.append("target")
    ident = ' id="hl"' if anchor else ""
    if not marks:
        if any(m.kind == "evidence" for m in cover):
            classes.append("ev")
        if not classes:
            return body
        return f'<mark class="{" ".join(classes)}"{ident}>{body}</mark>'
    main = min(marks, key=lambda m: (m.end - m.start, _KIND_ORDER.get(m.kind, 8)))
    kinds = [main.kind] + sorted({m.kind for m in marks if m.kind != main.kind}, key=lambda k: _KIND_ORDER.get(k, 8))
    classes = ["hl"] + [f"k-{escape(k)}" for k in kinds] + classes
    if any(m.kind == "evidence" for m in cover):
        classes.append("ev")
    titles = [m.title for m in sorted(marks, key=lambda m: m.end - m.start) if m.title]
    title = f' title="{escape(" · ".join(dict.fromkeys(titles)))}"' if titles else ""
    cls = " ".join(str(c) for c in classes)
    if main.href:
        return f'<a class="{cls}" href="{escape(main.href)}"{title}{ident}>{body}</a>'
    return f'<mark class="{cls}"{title}{ident}>{body}</mark>'


def render_blocks(text: str, sentences: list[tuple[int, int, str]], marks: list[Mark],
                  target: tuple[int, int] | None = None) -> list[Block]:
    """The article as blocks of safe HTML, one per line of text."""
    sentences = sorted(sentences)
    sent_starts = [s for s, _, _ in sentences]
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, m.end))
    if target and not (0 <= target[0] < target[1] <= len(text)):
        target = None
    anchored = False
    blocks: list[Block] = []
    mi = 0
    active: list[Mark] = []
    for line in _LINE.finditer(text):
        bs, be = line.span()
        if not text[bs:be].strip():
            continue
        lang, langs = _language_of(sentences, bs, be, text)
        mixed = len(langs) > 1
        cuts = {bs, be}
        for s, e, _ in sentences:
            if s < be and e > bs:
                cuts.update(x for x in (s, e) if bs < x < be)
        j = mi
        while j < len(marks) and marks[j].start < be:
            m = marks[j]
            cuts.update(x for x in (m.start, m.end) if bs < x < be)
            j += 1
        active = [m for m in active if m.end > bs]
        if target:
            cuts.update(x for x in target if bs < x < be)
        points = sorted(cuts)
        out: list[str] = []
        open_sentence: int | None = None
        for a, b in zip(points, points[1:]):
            while mi < len(marks) and marks[mi].start <= a:
                active.append(marks[mi])
                mi += 1
            active = [m for m in active if m.end > a]
            cover = [m for m in active if m.start <= a]
            if mixed:
                k = bisect.bisect_right(sent_starts, a) - 1
                inside = k if k >= 0 and sentences[k][1] > a and sentences[k][1] - sentences[k][0] >= ISOLATED_SENTENCE else None
                if inside != open_sentence:
                    if open_sentence is not None:
                        out.append("</span>")
                    if inside is not None:
                        slang = sentences[inside][2]
                        out.append(f'<span class="s" dir="{text_dir(slang)}" lang="{escape(slang)}">')
                    open_sentence = inside
            in_target = bool(target and target[0] <= a and b <= target[1])
            out.append(_piece(text[a:b], cover, in_target, in_target and not anchored))
            anchored = anchored or in_target
        if open_sentence is not None:
            out.append("</span>")
        blocks.append(Block(bs, be, text_dir(lang), lang, Markup("".join(out))))
    return blocks


def mark_words(text: str, marks: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with the ``[start, end)`` ranges in ``marks`` wrapped in ``<mark>`` (search hits)."""
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos or not 0 <= start < end <= len(text):
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
