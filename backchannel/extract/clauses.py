"""The pieces of text items are read from: paragraphs, sentences and clauses, and what they hold.

Extraction works clause by clause: an Arabic news sentence often reports a visit, a request,
a refusal and a call at once ("وصل زيلينسكي إلى واشنطن طالباً صواريخ، لكن ترامب رفض الطلب
بعد مكالمة مع بوتين"). :func:`split_at` cuts a sentence between the places where different
items are reported, at the first comma or break word ("لكن", "but") between them, so each
item keeps the words around its own trigger as evidence, with exact offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from backchannel.kb.model import DocAnalysis, Mention
from backchannel.text.normalise import match_key
from backchannel.recognise.triggers import modifier_lexicon
from backchannel.text.document import Span
from backchannel.text.layer import Sentence, TextLayer

_EDGE = " \t\n\u00a0،,;؛:.-–—"
CLAUSE_MARKS = re.compile(r"[،,;؛:]")  # punctuation that may end a clause inside a sentence


_END = re.compile(r"[.!?؟…:»\"”)\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*]\s|\d+[.)]\s)")
_HEADING_WORDS = 25


def headings(text: str) -> list[tuple[int, int]]:
    """Lines that are not the story's sentences: metadata ("# date: ..."), Markdown headings,
    bold or italic bylines, and titles and teasers (a short line that ends without a full stop).

    A title repeats, in fewer words and without its evidence, what the body tells; read as a
    sentence it would add a second, vaguer account of every happening ("لوك أويل تعرض أصولها
    للبيع وديميترييف يزور ميامي"). List items ("- ...") and photo captions (a sentence followed
    by its date and credit) are content, not headings.
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if not line:
            continue
        marked = line.startswith("#") or (line[:1] in "*_" and line.rstrip()[-1:] in "*_")
        caption = bool(re.search(r"[.!?؟]\s+\S", line))  # "... في ألاسكا. 15 أغسطس 2025 - Reuters"
        title = (not _BULLET.match(line) and not _END.search(line) and not caption
                 and len(line.split()) <= _HEADING_WORDS)
        if marked or title:
            out.append((m.start(), m.end()))
    return out


def metadata(text: str, heads: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The heading lines that are metadata a reader kept in the text ("# url: ...", "# date: ...")
    or bylines ("*By Baltic Wire staff*"): never the story."""
    out = []
    for s, e in heads:
        line = text[s:e].strip()
        if re.match(r"#\s*[\w-]+\s*:", line) or re.match(r"[*_]+.*[*_]+$", line) or _teaser(line):
            out.append((s, e))
    return out


def _teaser(line: str) -> bool:
    """A link to another story ("Read more: ...", "اقرأ أيضاً: ..."): its words are that story's."""
    key = match_key(line)
    return any(key.startswith(w + " ") or key.startswith(w + ":") for w in _teaser_words())


@lru_cache(maxsize=1)
def _teaser_words() -> tuple[str, ...]:
    return tuple(e[0] for e in modifier_lexicon("teasers").entries)


def within(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``ranges`` (sorted, not overlapping)."""
    import bisect
    i = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (blocks separated by line breaks) begin."""
    return [0] + [m.end() for m in re.finditer(r"\n+", text)]


def paragraph_of(starts: list[int], offset: int) -> int:
    """Index of the paragraph holding ``offset``."""
    import bisect
    return bisect.bisect_right(starts, offset) - 1


def trimmed(layer: TextLayer, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace and clause punctuation."""
    text = layer.text
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def span(analysis: DocAnalysis, start: int, end: int) -> Span:
    """An evidence span of the document, trimmed, with its exact text."""
    s, e = trimmed(analysis.layer, start, end)
    return analysis.doc.span(s, e)


def first_break(layer: TextLayer, lo: int, hi: int) -> int | None:
    """Where one clause ends and the next begins in ``[lo, hi)``.

    A break word ("لكن", "but") marks the turn most surely; failing that, a comma followed by
    a conjunction ("، وقدم رجال أعمال", ", and"), where Arabic starts a new clause; failing
    that, the last comma, since earlier ones often only set off a name or a title ("التقى
    نائب رئيس شركة إكسون موبيل، نيل تشابمان، مع إيجور سيتشين").
    """
    words = [h.start for h in modifier_lexicon("clause_breaks").finditer(layer, lo, hi)]
    if words:
        return min(words)
    marks = list(CLAUSE_MARKS.finditer(layer.text, lo, hi))
    for m in marks:
        if re.match(r"\s*(?:[وف][\u0600-\u06ff]|and\b|then\b)", layer.text[m.end():m.end() + 6]):
            return m.end()
    return marks[-1].end() if marks else None


def comma_clause(layer: TextLayer, sentence: Sentence, offset: int) -> tuple[int, int]:
    """The stretch between the punctuation marks around ``offset`` within its sentence."""
    text = layer.text
    start = sentence.start
    for mark in CLAUSE_MARKS.finditer(text, sentence.start, offset):
        start = mark.end()
    after = CLAUSE_MARKS.search(text, offset, sentence.end)
    return start, (after.start() if after else sentence.end)


@dataclass(frozen=True)
class Piece:
    """A part of a sentence and the labels of the cues it holds."""

    start: int
    end: int
    label: str
    cues: tuple[Mention, ...]


def split_at(layer: TextLayer, sentence: Sentence, cues: list[tuple[str, Mention]]) -> list[Piece]:
    """Cut ``sentence`` into pieces so that cues with different labels fall in different pieces.

    Consecutive cues with the same label share a piece; between two groups the cut falls at
    the first clause break between them, or else right before the later group's first cue (also
    when that cue is a verb joined by "و"/"and" and the only break is a bare comma: "زار ويتكوف
    وكوشنر، موسكو والتقيا بوتين" is cut before "والتقيا", not after "وكوشنر").
    """
    cues = sorted(cues, key=lambda c: c[1].span.start)
    groups: list[tuple[str, list[Mention]]] = []
    for label, m in cues:
        if groups and groups[-1][0] == label:
            groups[-1][1].append(m)
        else:
            groups.append((label, [m]))
    pieces: list[Piece] = []
    start = sentence.start
    for i, (label, ms) in enumerate(groups):
        if i + 1 < len(groups):
            nxt = groups[i + 1][1][0].span.start
            cut = first_break(layer, ms[-1].span.end, nxt)
            if cut is None or (_coordinated(layer.text, nxt) and not at_break(layer, cut)):
                cut = word_start(layer.text, nxt)  # "زار ...، موسكو والتقيا بوتين": the "و" of the next verb
            end = cut
        else:
            end = sentence.end
        pieces.append(Piece(start, end, label, tuple(ms)))
        start = end
    return pieces


def _coordinated(text: str, offset: int) -> bool:
    """Whether the word at ``offset`` is joined to what comes before by a conjunction ("والتقيا", "and met")."""
    start = word_start(text, offset)
    return (start < offset and text[start] in "وف") or text[max(0, start - 4):start].lower() == "and "


def at_break(layer: TextLayer, cut: int) -> bool:
    """Whether a cut falls at a break word or a comma before a conjunction (not a bare comma)."""
    text = layer.text
    if any(True for _ in modifier_lexicon("clause_breaks").finditer(layer, cut, cut + 12)):
        return True
    return bool(re.match(r"\s*(?:[وف][\u0600-\u06ff]|and\b|then\b)", text[cut:cut + 6]))


def word_start(text: str, offset: int) -> int:
    """The start of the word holding ``offset`` (a clitic attached before it included)."""
    while offset > 0 and (text[offset - 1].isalnum() or text[offset - 1] in "\u0640"):
        offset -= 1
    return offset


def inside(mentions: Iterable[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying within ``[start, end)``, in text order."""
    return sorted((m for m in mentions if start <= m.span.start and m.span.end <= end), key=lambda m: m.span.start)


def word_before(layer: TextLayer, offset: int) -> str:
    """The normalised word just before ``offset`` (with a clitic attached to the next word, that clitic;
    an English article passed over: "at the Kremlin" gives "at")."""
    import bisect
    n = bisect.bisect_left(layer.norm.starts, offset)
    before = layer.norm.text[max(0, n - 25):n]
    if before and not before[-1].isspace():
        m = re.search(r"(\w+)$", before)
        return m.group(1) if m else ""
    words = [w for w in re.findall(r"\w+", before) if w not in ("the", "a", "an")]
    return words[-1] if words else ""
