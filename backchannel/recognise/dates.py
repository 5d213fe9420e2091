"""Dates in Arabic and English text: absolute, partial and relative, each resolved honestly.

Every date becomes a ``Mention(kind="date")`` whose value keeps the ISO reading to the
precision the words support (``2025-04`` stays a month), the phrase it came from, and the
*basis* of the reading: written in full, year taken from the article's date, counted from
the article's date, counted from the previous date in the text, or year taken from the
latest year the text mentions (for undated articles). Where nothing supports a reading
the phrase is kept and the ISO date is ``None``: no date is invented.

The vocabulary (month names, Levantine and Maghrebi included; weekdays; relative phrases)
is data in ``lang/<lang>/months.yaml`` and ``relative_dates.yaml``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from backchannel import lang
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.recognise.phrases import Lexicon
from backchannel.text.document import Span
from backchannel.text.layer import TextLayer
from backchannel.text.normalise import match_key

LANGS = ("ar", "en")
_YEAR = r"(?:1[89]|20)\d\d"


def _alt(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@dataclass(frozen=True)
class _Vocab:
    month_of: dict[str, int]
    ambiguous: frozenset[str]
    weekday_of: dict[str, int]
    ambiguous_weekdays: frozenset[str]
    part_of: dict[str, str]
    ordinal_of: dict[str, int]
    time_preps: frozenset[str]
    qualifier_of: dict[str, str]
    absolute: re.Pattern[str]
    bare_year: re.Pattern[str]
    numeric: re.Pattern[str]
    weekday: re.Pattern[str]
    relative: Lexicon
    future: re.Pattern[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The compiled date vocabulary of every language (read once)."""
    month_of: dict[str, int] = {}
    ambiguous: set[str] = set()
    weekday_of: dict[str, int] = {}
    amb_wd: set[str] = set()
    part_of: dict[str, str] = {}
    ordinal_of: dict[str, int] = {}
    preps: set[str] = set()
    qualifier_of: dict[str, str] = {}
    year_cues: list[str] = []
    day_parts: list[str] = []
    future: list[str] = []
    relative: list[tuple[str, Any]] = []
    for code in LANGS:
        months = lang.load(code, "months")
        for num, names in months["months"].items():
            for n in names:
                month_of[match_key(n)] = int(num)
        ambiguous |= {match_key(n) for n in months.get("ambiguous", [])}
        for num, names in months["weekdays"].items():
            for n in names:
                weekday_of[match_key(n)] = int(num)
        amb_wd |= {match_key(n) for n in months.get("ambiguous_weekdays", [])}
        day_parts += [match_key(w) for w in months.get("day_parts", [])]
        for part, words in months.get("parts", {}).items():
            for w in words:
                part_of[match_key(w)] = part
        preps |= {match_key(p) for p in months.get("time_prepositions", [])}
        numbers = lang.load(code, "numbers")
        for num, words in numbers.get("ordinals", {}).items():
            for w in words:
                ordinal_of[match_key(w)] = int(num)
        rel = lang.load(code, "relative_dates")
        for kind, words in rel.get("month_qualifiers", {}).items():
            for w in words:
                qualifier_of[match_key(w)] = kind
        year_cues += [match_key(str(c)) for c in rel.get("year_cues", [])]
        future += [match_key(str(c)) for c in rel.get("future_cues", [])]
        for group in rel.get("relative", []):
            spec = {k: group[k] for k in ("anchor", "unit", "offset")}
            relative += [(p, spec) for p in group["phrases"]]
    months_alt = _alt(list(month_of))
    parts_alt = _alt(list(part_of))
    ord_alt = _alt([o for o in ordinal_of if not o.isdigit()])
    quals = [q for q, k in qualifier_of.items()]
    after_q = _alt([q for q in quals if re.match(r"[\u0600-\u06ff]", q)])
    before_q = _alt([q for q in quals if not re.match(r"[\u0600-\u06ff]", q)])
    absolute = re.compile(
        rf"(?<!\w)(?:[وفبل])?(?:(?P<part>{parts_alt})\s+)?"
        rf"(?:(?:the\s+)?(?P<day>\d{{1,2}}|{ord_alt})(?:st|nd|rd|th)?\s+(?:(?:من|of)\s+)?(?:شهر\s+)?)?"
        rf"(?:(?P<qb>{before_q})\s+)?"
        rf"(?P<month>{months_alt})(?:\s*[/(\-]\s*(?P<month2>{months_alt})\s*\)?)?"
        rf"(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d))?"
        rf"(?:\s*,?\s*(?:(?:عام|سنة)\s+)?(?P<year>{_YEAR}))?"
        rf"(?:\s+(?P<qa>{after_q}))?(?!\w)")
    cues = _alt(year_cues)
    bare_year = re.compile(rf"(?:(?<!\w)(?:[وفبل])?(?:{cues})|©)\s*(?P<year>{_YEAR})(?!\w|[.,]\d|\s*[%$])")
    numeric = re.compile(rf"(?<![\w/.-])(?:(?P<y>{_YEAR})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)|"
                         rf"(?P<d2>[0-3]?\d)[/.](?P<m2>[01]?\d)[/.](?P<y2>{_YEAR}))(?![\w/-])")
    wd_alt = _alt(list(weekday_of))
    weekday = re.compile(rf"(?<!\w)(?:[وفبل])?(?:(?P<cue>{_alt(day_parts)})\s+)?(?:(?P<qb>{before_q})\s+)?"
                         rf"(?P<wd>{wd_alt})(?:\s+(?P<qa>{after_q}))?(?!\w)")
    # a future verb or plan before a weekday: "من المقرر أن يلتقيا الخميس", "is due ... on Monday"
    future_rx = re.compile(rf"(?<!\w)(?:[وف])?(?:{_alt(future)})(?!\w)")
    return _Vocab(month_of, frozenset(ambiguous), weekday_of, frozenset(amb_wd), part_of, ordinal_of,
                  frozenset(preps), qualifier_of, absolute, bare_year, numeric, weekday,
                  Lexicon(relative), future_rx)


# ------------------------------------------------------------------ anchors


@dataclass(frozen=True)
class Anchor:
    """The article's date as far as it is known (``precision`` day, month or year)."""

    date: dt.date
    precision: str
    iso: str


def parse_iso(value: str | None) -> Anchor | None:
    """An :class:`Anchor` from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None`` otherwise."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(value))
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return Anchor(dt.date(y, int(mo), int(d)), "day", f"{y:04d}-{int(mo):02d}-{int(d):02d}")
        if mo:
            return Anchor(dt.date(y, int(mo), 1), "month", f"{y:04d}-{int(mo):02d}")
        return Anchor(dt.date(y, 1, 1), "year", f"{y:04d}")
    except ValueError:
        return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d and m:
            return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    if m:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def _shift_months(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _at(d: dt.date, precision: str) -> str:
    return {"day": d.isoformat(), "month": d.isoformat()[:7], "year": d.isoformat()[:4]}[precision]


_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}


# ------------------------------------------------------------------ recognition


@dataclass
class _Found:
    start: int  # original offsets
    end: int
    value: dict[str, Any]
    explicit_year: int | None = None
    pending: dict[str, Any] | None = None  # what still needs resolving, and how


def _span(layer: TextLayer, m: re.Match[str], group: int | str = 0) -> tuple[int, int]:
    s, e = m.span(group)
    return layer.norm.to_original(s, e)


def _trim_clitic(layer: TextLayer, m: re.Match[str]) -> tuple[int, int]:
    """Original span of a match, starting at its first named part (a leading clitic left out)."""
    s = min(m.start(g) for g in m.re.groupindex if m.start(g) >= 0)
    return layer.norm.to_original(s, m.end())


def _word_before(text: str, pos: int) -> str:
    words = re.findall(r"\w+", text[max(0, pos - 30):pos])
    return words[-1] if words else ""


def _absolute(layer: TextLayer, v: _Vocab) -> list[_Found]:
    text = layer.norm.text
    out: list[_Found] = []
    for m in v.absolute.finditer(text):
        month = v.month_of[m.group("month")]
        if m.group("month2") and v.month_of[m.group("month2")] != month:
            continue
        day_word = m.group("day") or m.group("day2")
        day = None
        if day_word:
            day = int(day_word) if day_word.isdigit() else v.ordinal_of.get(day_word)
            if not day or day > 31:
                day = None
        year = int(m.group("year")) if m.group("year") else None
        qual = v.qualifier_of.get(m.group("qa") or m.group("qb") or "")
        if m.group("month") in v.ambiguous and not (day or year or qual):
            if _word_before(text, m.start("month")) not in v.time_preps:
                continue
        s, e = _trim_clitic(layer, m)
        if re.match(r"[a-z]", m.group("month")) and not layer.text[layer.norm.to_original(*m.span("month"))[0]].isupper():
            continue  # "may", "march" written in lower case are not months
        phrase = layer.text[s:e]
        value: dict[str, Any] = {"phrase": phrase, "month": month}
        if m.group("part"):
            value["part"] = v.part_of[m.group("part")]
        if day and m.group("part"):
            day = None
        if year:
            value.update(iso=_iso(year, month, day), precision="day" if day else "month", basis="absolute")
            out.append(_Found(s, e, value, explicit_year=year))
        else:
            value.update(iso=None, precision="day" if day else "month")
            out.append(_Found(s, e, value, pending={"kind": "month", "month": month, "day": day, "qualifier": qual}))
    for m in v.numeric.finditer(text):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
        iso = _iso(int(y), int(mo), int(d)) if 1 <= int(mo) <= 12 else None
        if iso:
            s, e = _span(layer, m)
            out.append(_Found(s, e, {"phrase": layer.text[s:e], "iso": iso, "precision": "day", "basis": "absolute"},
                              explicit_year=int(y)))
    return out


def _bare_years(layer: TextLayer, v: _Vocab, taken: list[tuple[int, int]]) -> list[_Found]:
    out = []
    for m in v.bare_year.finditer(layer.norm.text):
        s, e = _span(layer, m, "year")
        if any(s < te and ts < e for ts, te in taken):
            continue
        ws, _ = _span(layer, m)
        cue_start = ws if layer.text[ws] != "©" else s
        y = int(m.group("year"))
        out.append(_Found(min(cue_start, s), e, {"phrase": layer.text[min(cue_start, s):e], "iso": f"{y:04d}",
                                                 "precision": "year", "basis": "absolute"}, explicit_year=y))
    return out


def _relatives(layer: TextLayer, v: _Vocab, taken: list[tuple[int, int]]) -> list[_Found]:
    out = []
    for hit in v.relative.finditer(layer):
        if any(hit.start < te and ts < hit.end for ts, te in taken):
            continue
        out.append(_Found(hit.start, hit.end, {"phrase": layer.text[hit.start:hit.end], "iso": None,
                                               "precision": None, "relative": True},
                          pending={"kind": "relative", **hit.payload}))
    for m in v.weekday.finditer(layer.norm.text):
        s, e = _trim_clitic(layer, m)
        if any(s < te and ts < e for ts, te in taken + [(f.start, f.end) for f in out]):
            continue
        wd_word = m.group("wd")
        qual = v.qualifier_of.get(m.group("qa") or m.group("qb") or "")
        if wd_word in v.ambiguous_weekdays and not (m.group("cue") or qual):
            continue  # "الأحد" alone may be "the one"; "يوم الأحد", "مساء الأحد", "الأحد الماضي" are days
        if re.match(r"[a-z]", wd_word) and not layer.text[layer.norm.to_original(*m.span("wd"))[0]].isupper():
            continue
        out.append(_Found(s, e, {"phrase": layer.text[s:e], "iso": None, "precision": None, "relative": True},
                          pending={"kind": "weekday", "weekday": v.weekday_of[wd_word], "qualifier": qual,
                                   "future": _future_before(layer.norm.text, m.start("wd"), v),
                                   "today": (m.group("cue") or "") in lang.words("months", "today_parts")}))
    return out


def _future_before(text: str, pos: int, v: _Vocab) -> bool:
    """Whether the clause before a weekday speaks of what is to come ("is due ... on Monday",
    "ومن المقرر أن يلتقيا الخميس"), so the weekday is the next one, not the last."""
    window = text[max(0, pos - 80):pos]
    window = re.split(r"[.!?؟\n]", window)[-1]
    return bool(v.future.search(window))


# ------------------------------------------------------------------ resolution


def reference_year(found: list[_Found], anchor: Anchor | None) -> int | None:
    """The year a month without one is read in: the article's, else the latest year the text gives."""
    if anchor:
        return anchor.date.year
    years = [f.explicit_year for f in found if f.explicit_year]
    return max(years) if years else None


def _resolve_month(f: _Found, anchor: Anchor | None, ref_year: int | None) -> None:
    p = f.pending or {}
    month, day, qual = p["month"], p.get("day"), p.get("qualifier")
    prec = "day" if day else "month"
    if anchor and anchor.precision in ("day", "month"):
        a = anchor.date
        key = (month, day or 0) if day else (month, 0)
        akey = (a.month, a.day) if day and anchor.precision == "day" else (a.month, 0)
        if qual == "past":
            year = a.year if key < akey else a.year - 1
            basis = f"the last such month before the article date {anchor.iso}"
        elif qual == "next":
            year = a.year if key > akey else a.year + 1
            basis = f"the next such month after the article date {anchor.iso}"
        else:
            year = _nearest_year(a, month, day)
            basis = {a.year: f"year of the article date {anchor.iso}",
                     a.year - 1: f"the year before the article date {anchor.iso} (that month of {a.year} is after it)",
                     a.year + 1: f"the year after the article date {anchor.iso} (a date due soon after it)"}[year]
            if year == a.year and key > akey:
                basis += " (a date due soon after it)"
    elif anchor:
        year, basis = anchor.date.year, f"year of the article date {anchor.iso}"
    elif ref_year:
        year = ref_year
        basis = f"article undated: year taken from the latest year the text mentions ({ref_year})"
    else:
        f.value.update(basis="no year in the text and the article is undated")
        return
    f.value.update(iso=_iso(year, month, day), precision=prec, basis=basis)


# How far after the article a day or month without a year may fall and still be read in the
# nearest year: news speaks of deadlines and meetings due in the coming weeks ("until 13
# December"); a month further away is one that has passed ("in December" in a March article).
_SOON = dt.timedelta(days=62)


def _nearest_year(article: dt.date, month: int, day: int | None) -> int:
    """The latest year in which ``month`` (and ``day``) falls no later than soon after ``article``."""
    for year in (article.year + 1, article.year, article.year - 1):
        try:
            start = dt.date(year, month, day or 1)
        except ValueError:  # 29 February in a common year
            start = dt.date(year, month, 28)
        if start <= article + _SOON:
            return year
    return article.year - 1


def _resolve_relative(f: _Found, anchor: Anchor | None, previous: _Found | None) -> None:
    p = f.pending or {}
    unit, offset = p["unit"], int(p["offset"])
    if unit == "recent":
        f.value.update(basis="recently: the text gives no date")
        return
    if p["anchor"] == "previous":
        if previous is None or not previous.value.get("iso"):
            f.value.update(basis="relative to an earlier date the text does not give")
            return
        base = parse_iso(previous.value["iso"])
        base_desc = f"the previous date in the text ({previous.value['iso']}, \"{previous.value['phrase']}\")"
    else:
        base = anchor
        if base is None:
            f.value.update(basis="relative to the article date, which is unknown")
            return
        base_desc = f"the article date {base.iso}"
    assert base is not None
    if _RANK[unit] > _RANK[base.precision] and unit != "week":
        # "the next day" after a date known only to the month: still that month, at most
        prec = base.precision
        d = base.date
    elif unit == "day":
        d, prec = base.date + dt.timedelta(days=offset), "day"
    elif unit == "week":
        if base.precision != "day":
            f.value.update(basis=f"relative to {base_desc}, known only to the {base.precision}")
            return
        monday = base.date - dt.timedelta(days=base.date.weekday()) + dt.timedelta(weeks=offset)
        sunday = monday + dt.timedelta(days=6)
        f.value["range"] = [monday.isoformat(), sunday.isoformat()]
        same_month = monday.month == sunday.month
        d, prec = monday, ("month" if same_month else "year") if monday.year == sunday.year else "year"
        if monday.year != sunday.year:
            f.value.update(basis=f"week {offset:+d} from {base_desc}")
            return
    elif unit == "month":
        d, prec = _shift_months(base.date, offset), "month"
    else:
        d, prec = dt.date(base.date.year + offset, 1, 1), "year"
    f.value.update(iso=_at(d, prec), precision=prec, basis=f"{unit} {offset:+d} from {base_desc}")


def _resolve_weekday(f: _Found, anchor: Anchor | None) -> None:
    p = f.pending or {}
    if anchor is None or anchor.precision != "day":
        f.value.update(basis="a weekday, and the article's day is unknown")
        return
    a = anchor.date
    if p.get("today") and a.weekday() == p["weekday"]:
        f.value.update(iso=a.isoformat(), precision="day",
                       basis=f"today, {calendar.day_name[p['weekday']]}, the article date {anchor.iso}")
        return
    if p.get("qualifier") == "next" or (p.get("future") and p.get("qualifier") != "past"):
        delta = (p["weekday"] - a.weekday()) % 7 or 7
        d, how = a + dt.timedelta(days=delta), "the next"
    else:
        delta = (a.weekday() - p["weekday"]) % 7
        if p.get("qualifier") == "past" and delta == 0:
            delta = 7
        d, how = a - dt.timedelta(days=delta), "the last"
    f.value.update(iso=d.isoformat(), precision="day",
                   basis=f"{how} {calendar.day_name[p['weekday']]} on or around the article date {anchor.iso}")


def _after(iso: str, anchor: Anchor | None) -> bool:
    """Whether an ISO date lies wholly after the article's date."""
    if anchor is None:
        return False
    n = min(len(iso), len(anchor.iso))
    return iso[:n] > anchor.iso[:n]


def find_dates(layer: TextLayer, doc_id: str, article_date: str | None = None) -> list[Mention]:
    """Every date in the text as a ``date`` mention, resolved against ``article_date`` if given."""
    v = vocab()
    found = _absolute(layer, v)
    found = _drop_overlaps(found)
    taken = [(f.start, f.end) for f in found]
    found += _bare_years(layer, v, taken)
    taken = [(f.start, f.end) for f in found]
    found += _relatives(layer, v, taken)
    found.sort(key=lambda f: f.start)
    anchor = parse_iso(article_date)
    ref_year = reference_year(found, anchor)
    previous: _Found | None = None
    for f in found:
        kind = (f.pending or {}).get("kind")
        if kind == "month":
            _resolve_month(f, anchor, ref_year)
        elif kind == "relative":
            _resolve_relative(f, anchor, previous)
        elif kind == "weekday":
            _resolve_weekday(f, anchor)
        if f.value.get("iso") and not _after(f.value["iso"], anchor):
            previous = f  # a date to come (a deadline) is not where the story's "a day earlier" counts from
    out = []
    for f in found:
        f.value.setdefault("basis", "absolute")
        out.append(Mention(span=_doc_span(layer, doc_id, f.start, f.end), kind="date", key=f.value.get("iso") or "",
                           value=f.value))
    return out


def _drop_overlaps(found: list[_Found]) -> list[_Found]:
    """Keep the longest of overlapping readings."""
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: -(f.end - f.start)):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return kept


def _doc_span(layer: TextLayer, doc_id: str, start: int, end: int) -> Span:
    return Span(doc_id, start, end, layer.text[start:end])


def mark_dateline(mentions: list[Mention], text: str, article_date: str | None) -> None:
    """Flag the article's own date written at its top ("date 2025-11-29", a "# date:" line):
    it dates the article, not anything the article tells."""
    if not article_date:
        return
    first_line_end = text.find("\n", text.find("\n") + 1) if text.startswith("#") else text.find("\n")
    head = max(first_line_end, 0) if first_line_end >= 0 else len(text)
    for m in mentions:
        if m.value.get("iso") == article_date and m.span.start <= min(head, 200):
            m.value["dateline"] = True


def recognise_dates(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add ``date`` mentions, resolved against the article's date."""
    found = find_dates(analysis.layer, analysis.doc.id, analysis.doc.date)
    mark_dateline(found, analysis.layer.text, analysis.doc.date)
    analysis.mentions.extend(found)
